// The pipelines page's graph (loads before pipelines.js): one pipeline's elements (sources → Kafka
// topics → Spark jobs → Cassandra tables) drawn as SVG, one column per kind, each node coloured by its
// state with its reason, edges coloured by the state of the element they feed.
//   Strata.pipelineGraph.draw(box, graph, view) draws {nodes: [{id, kind, label, state, reason}],
//   edges: [{from, to}]} into box; it redraws only when the graph or box's width changed since
//   view.graphKey. Test hooks: data-test="graph-node" (data-node, data-kind, data-state),
//   "graph-node-state", "graph-edge" (data-from, data-to).
(function () {
  'use strict';
  const S = window.Strata;
  const put = S.pageKit.put;

  /** The colour family of a state: the graph's nodes and edges use it. */
  function tone(state) {
    switch (state) {
      case 'RUNNING': case 'READY': case 'DRAINED': case 'FINISHED': return 'ok';
      case 'FAILED': case 'LOST': case 'KILLED': case 'GONE': return 'bad';
      case 'STOPPED': case 'DELETED': case 'UNKNOWN': case undefined: case null: case '': return 'off';
      case 'STOPPING': case 'DELETING': return 'info';
      default: return 'busy';
    }
  }
  const TONES = {
    ok: {stroke: '#16a34a', fill: '#f0fdf4', ink: '#15803d'},
    busy: {stroke: '#d97706', fill: '#fffbeb', ink: '#b45309'},
    bad: {stroke: '#dc2626', fill: '#fef2f2', ink: '#b91c1c'},
    info: {stroke: '#0891b2', fill: '#ecfeff', ink: '#0e7490'},
    off: {stroke: '#94a3b8', fill: '#f8fafc', ink: '#64748b'},
  };

  const LAYERS = [
    {kind: 'source', title: 'Sources', tag: 'SOURCE'},
    {kind: 'topic', title: 'Kafka topics', tag: 'KAFKA TOPIC'},
    {kind: 'job', title: 'Spark jobs', tag: 'SPARK JOB'},
    {kind: 'table', title: 'Cassandra tables', tag: 'CASSANDRA TABLE'},
  ];
  const NS = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(NS, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => v !== null && v !== undefined && el.setAttribute(k, String(v)));
    children.forEach(c => el.append(c));
    return el;
  }

  /** The column of each node: its kind's; a kind this page does not know goes right of what feeds it. */
  function columnsOf(graph) {
    const layer = new Map();
    graph.nodes.forEach(n => layer.set(n.id, LAYERS.findIndex(l => l.kind === n.kind)));
    const unknown = new Set(graph.nodes.filter(n => layer.get(n.id) < 0).map(n => n.id));
    unknown.forEach(id => layer.set(id, 0));
    for (let pass = 0; pass < graph.nodes.length && unknown.size; pass++) {
      graph.edges.forEach(e => {
        if (unknown.has(e.to) && layer.has(e.from) && layer.get(e.to) <= layer.get(e.from)) {
          layer.set(e.to, layer.get(e.from) + 1);
        }
      });
    }
    const columns = [];
    graph.nodes.forEach(n => (columns[layer.get(n.id)] = columns[layer.get(n.id)] || []).push(n));
    for (let c = 0; c < columns.length; c++) {
      columns[c] = columns[c] || [];
    }
    // Each column ordered by where what feeds it sits in the column before: fewer crossing edges.
    const pos = new Map();
    columns.forEach(col => col.forEach((n, i) => pos.set(n.id, i)));
    for (let c = 1; c < columns.length; c++) {
      const weight = n => {
        const from = graph.edges.filter(e => e.to === n.id && layer.get(e.from) < c).map(e => pos.get(e.from));
        return from.length ? from.reduce((a, b) => a + b, 0) / from.length : pos.get(n.id);
      };
      columns[c].sort((a, b) => weight(a) - weight(b));
      columns[c].forEach((n, i) => pos.set(n.id, i));
    }
    return columns;
  }

  function drawGraph(box, graph, view) {
    const width = Math.max(760, box.clientWidth || 1200);
    const key = width + JSON.stringify(graph || {});
    if (key === view.graphKey) {
      return;
    }
    view.graphKey = key;
    if (!graph || !graph.nodes || graph.nodes.length === 0) {
      put(box, S.empty('Nothing to draw.', 'This pipeline has no sources, topics, jobs or tables.'));
      return;
    }
    const columns = columnsOf(graph);
    const ncol = Math.max(columns.length, LAYERS.length);
    const nodeW = Math.min(250, Math.floor((width - 40) / ncol) - 44);
    const nodeH = 80;
    const gap = 18;
    const top = 30;
    const tallest = Math.max(...columns.map(c => c.length));
    const height = top + tallest * (nodeH + gap);
    const colX = c => 4 + c * ((width - 8 - nodeW) / Math.max(1, ncol - 1));
    const at = new Map();
    columns.forEach((col, c) => col.forEach((n, i) => {
      const offset = (tallest - col.length) * (nodeH + gap) / 2;
      at.set(n.id, {x: colX(c), y: top + offset + i * (nodeH + gap)});
    }));
    const byId = new Map(graph.nodes.map(n => [n.id, n]));

    const root = svg('svg', {width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'the pipeline as a graph', style: 'display:block;font-family:inherit'});
    const defs = svg('defs', {});
    Object.entries(TONES).forEach(([name, t]) => defs.append(svg('marker', {id: 'pp-arrow-' + name, viewBox: '0 0 10 10',
      refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto'}, svg('path', {d: 'M0,0 L10,5 L0,10 z', fill: t.stroke}))));
    root.append(defs);
    for (let c = 0; c < ncol; c++) {
      root.append(svg('text', {x: colX(c) + nodeW / 2, y: 14, 'text-anchor': 'middle', fill: '#64748b', 'font-size': 11.5,
        'font-weight': 650, 'letter-spacing': '.5'}, (LAYERS[c] ? LAYERS[c].title : '').toUpperCase()));
    }
    for (const e of graph.edges) {
      const a = at.get(e.from);
      const b = at.get(e.to);
      if (!a || !b) {
        continue;
      }
      const x1 = a.x + nodeW;
      const y1 = a.y + nodeH / 2;
      const x2 = b.x - 1;
      const y2 = b.y + nodeH / 2;
      const mid = (x1 + x2) / 2;
      const t = tone(byId.get(e.to).state);
      root.append(svg('path', {d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, fill: 'none',
        stroke: TONES[t].stroke, 'stroke-width': 1.8, 'stroke-opacity': 0.7, 'marker-end': 'url(#pp-arrow-' + t + ')',
        'data-test': 'graph-edge', 'data-from': e.from, 'data-to': e.to}));
    }
    for (const n of graph.nodes) {
      const p = at.get(n.id);
      const t = TONES[tone(n.state)];
      const layer = LAYERS.find(l => l.kind === n.kind);
      const reason = wrap(n.reason || '', nodeW - 24, 6.3, 2);
      root.append(svg('g', {transform: `translate(${p.x},${p.y})`, 'data-test': 'graph-node', 'data-node': n.id,
        'data-kind': n.kind, 'data-state': n.state || '', style: 'cursor:default'},
      svg('title', {}, n.label + '\n' + (n.state || 'no state') + (n.reason ? ': ' + n.reason : '')),
      svg('rect', {width: nodeW, height: nodeH, rx: 8, fill: t.fill, stroke: t.stroke, 'stroke-width': 1.4}),
      svg('rect', {width: 5, height: nodeH - 2, x: 1, y: 1, rx: 2.5, fill: t.stroke}),
      svg('text', {x: 16, y: 18, fill: '#64748b', 'font-size': 10.5, 'font-weight': 650, 'letter-spacing': '.4'},
        layer ? layer.tag : String(n.kind).toUpperCase()),
      svg('text', {x: nodeW - 10, y: 18, fill: t.ink, 'font-size': 10.5, 'font-weight': 700, 'text-anchor': 'end',
        'data-test': 'graph-node-state'}, n.state || ''),
      svg('text', {x: 16, y: 37, fill: '#0f172a', 'font-size': 14, 'font-weight': 600}, clip(n.label, nodeW - 24, 8)),
      ...reason.map((line, i) => svg('text', {x: 16, y: 55 + i * 15, fill: '#475569', 'font-size': 12}, line))));
    }
    put(box, root);
  }

  /** {@code text} in at most {@code lines} lines of about {@code width} pixels, the last one clipped. */
  function wrap(text, width, perChar, lines) {
    const max = Math.max(4, Math.floor(width / perChar));
    const out = [];
    let rest = text.trim();
    while (rest && out.length < lines) {
      if (rest.length <= max || out.length === lines - 1) {
        out.push(clip(rest, width, perChar));
        break;
      }
      const cut = rest.lastIndexOf(' ', max);
      const at = cut > max / 2 ? cut : max;
      out.push(rest.slice(0, at));
      rest = rest.slice(at).trim();
    }
    return out;
  }

  /** Shortens {@code text} to about what fits {@code width} pixels at {@code perChar} pixels a character. */
  function clip(text, width, perChar) {
    const max = Math.max(4, Math.floor(width / perChar));
    return !text || text.length <= max ? (text || '') : text.slice(0, max - 1) + '…';
  }

  S.pipelineGraph = {draw: drawGraph};
})();
