// Pipelines: the list, and one pipeline as a graph (sources → Kafka topics → Spark jobs →
// Cassandra tables) with live throughput and lag charts, its checks, its parts and its actions.
// Pipelines are not in the SSE state: on each state tick the page re-reads the pipeline.
(function () {
  'use strict';
  const S = window.Strata;
  const h = S.h;

  /** Re-reads at most this often however fast the state ticks come. */
  const REFRESH_MS = 2000;
  const enc = encodeURIComponent;
  const num = v => v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US');
  /** Only a STOPPED pipeline is over: a FAILED one still holds what it started until it is stopped. */
  const ended = state => state === 'STOPPED';

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

  /**
   * Calls {@code load} now and on state ticks, never two at once nor more often than REFRESH_MS;
   * returns the unsubscribe.
   */
  function poll(load) {
    let busy = false;
    let last = 0;
    const run = () => {
      if (busy || Date.now() - last < REFRESH_MS) {
        return;
      }
      busy = true;
      last = Date.now();
      Promise.resolve().then(load).catch(e => console.error(e)).finally(() => { busy = false; });
    };
    run();
    return S.onState(run);
  }

  /** Replaces {@code el}'s children, leaving out null, undefined and false as Strata.h does. */
  function put(el, ...children) {
    el.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
  }

  /** A result line under the actions: working…, done or why it failed. */
  function notice(el, kind, text) {
    put(el, text ? h('div', {class: kind === 'error' ? 'error-block' : 'notice', 'data-test': 'action-result',
      'data-kind': kind}, text) : '');
  }

  /** Asks, then runs {@code call} and says how it went in {@code out}. */
  function confirmed(out, label, question, call, danger) {
    return S.confirm(question, {ok: label, danger: danger !== false}).then(ok => {
      if (!ok) {
        return undefined;
      }
      notice(out, 'working', label + '…');
      return Promise.resolve().then(call).then(() => notice(out, 'done', label + ': accepted; the states below follow it.'),
        e => notice(out, 'error', label + ' failed: ' + e.message));
    });
  }

  // ---- the list -------------------------------------------------------------------------------

  function renderList(main) {
    const error = h('div', {});
    const table = S.table([
      {label: 'Name', value: p => h('a', {href: S.link('pipelines', p.name)}, h('b', {}, p.name)), text: p => p.name},
      {label: 'Group', value: p => p.group || 'default'},
      {label: 'State', value: p => S.badge(p.state), text: p => p.state},
      {label: 'Reason', value: p => p.reason || '', cls: 'reason'},
      {label: 'Produced', value: p => num(p.events_produced), cls: 'num'},
      {label: 'Processed', value: p => num(p.events_processed), cls: 'num'},
      {label: 'Written', value: p => num(p.events_written), cls: 'num'},
      {label: 'Lag', value: p => num(p.lag), cls: 'num'},
    ], [], {filter: true, placeholder: 'Filter by name, group, state or reason…',
      rowAttrs: p => ({'data-test': 'pipeline-row', 'data-pipeline': p.name, 'data-state': p.state}),
      empty: S.empty('No pipelines yet.', h('span', {}, 'Start one and it appears here with its graph and live charts: ',
        h('code', {}, 'strata pipeline start samples/iot-sensors/pipeline.yaml'), ' (or ',
        h('code', {}, 'strata run --keep-running …'), ' to run its checks too).'))});
    main.append(
      h('div', {class: 'page-head'}, h('div', {},
        h('h1', {}, 'Pipelines'),
        h('div', {class: 'sub'}, 'Sources → Kafka → Spark → Cassandra: every element with its state and why.'))),
      error,
      h('div', {class: 'panel'}, table));
    return poll(() => S.api('/api/v1/pipelines').then(list => {
      put(error);
      table.update(list);
    }, e => put(error, S.error(e))));
  }

  // ---- one pipeline ---------------------------------------------------------------------------

  function renderPipeline(main, name) {
    const head = h('div', {});
    const actions = h('div', {class: 'actions'});
    const out = h('div', {});
    const stats = h('div', {class: 'grid cols-5'});
    const graph = h('div', {'data-test': 'pipeline-graph', style: {overflowX: 'auto'}});
    const throughputEl = h('div', {'data-chart': 'throughput'});
    const lagEl = h('div', {'data-chart': 'lag'});
    const checks = h('div', {class: 'panel'});
    const parts = partTables();
    main.append(
      h('div', {class: 'crumbs'}, h('a', {href: '#/pipelines'}, 'Pipelines'), ' / ', name),
      h('div', {class: 'page-head'}, head, actions),
      h('div', {class: 'stack'},
        out, stats,
        h('div', {class: 'panel'}, h('h2', {}, 'Graph', h('span', {class: 'muted small'},
          'hover an element for its reason')), graph),
        h('div', {class: 'grid cols-2'}, h('div', {class: 'panel'}, throughputEl), h('div', {class: 'panel'}, lagEl)),
        checks, parts.el));

    const throughput = S.chart(throughputEl, {title: 'Events per second (10 s average)', yLabel: 'events/s',
      format: v => num(Math.round(v)), series: [
      {label: 'produced', color: '#2563eb'}, {label: 'processed', color: '#16a34a'}, {label: 'written', color: '#d97706'}]});
    const lag = S.chart(lagEl, {title: 'Lag: events produced, not yet processed', yLabel: 'events',
      format: v => num(Math.round(v)), series: [{label: 'lag', color: '#dc2626', fill: 'rgba(220, 38, 38, .08)'}]});
    const view = {name, lastT: 0, recent: [], graphKey: '', actionsKey: '', verifying: false, verifyError: null};

    const load = () => S.api('/api/v1/pipelines/' + enc(name)).then(p => {
      view.p = p;
      put(head,
        h('h1', {}, p.name, ' ', S.badge(p.state)),
        h('div', {class: 'sub', 'data-test': 'pipeline-reason'}, p.reason || ''));
      renderActions(actions, out, p, view, load);
      put(stats,
        stat('Produced', num(p.events_produced), 'events the sources wrote to Kafka'),
        stat('Processed', num(p.events_processed), 'events the jobs read'),
        stat('Written', num(p.events_written), p.events_written === null ? 'this pipeline has no written query' : 'events landed in Cassandra'),
        stat('Lag', num(p.lag), 'events not processed yet'),
        stat('Group', p.group || 'default', 'runs within this group\'s quota'));
      drawGraph(graph, p.graph, view);
      renderChecks(checks, p, view, load);
      parts.update(p);
      return fillCharts(view, throughput, lag);
    }, e => {
      put(head, h('h1', {}, name));
      notice(out, 'error', e.status === 404 ? 'There is no pipeline ' + name + ' (any more). See the list of pipelines.'
        : 'Cannot read pipeline ' + name + ': ' + e.message);
    });
    const unsubscribe = poll(load);
    return () => {
      unsubscribe();
      throughput.destroy();
      lag.destroy();
    };
  }

  function stat(label, value, hint) {
    return h('div', {class: 'panel stat', 'data-test': 'stat-' + label.toLowerCase()},
      h('div', {class: 'label'}, label), h('div', {class: 'value'}, value), h('div', {class: 'hint'}, hint));
  }

  /** Rates are averaged over this long: the counters move in steps (Spark's micro-batches), not smoothly. */
  const RATE_WINDOW_MS = 10000;

  /** Pushes the history points newer than the last one pushed, rates averaged over RATE_WINDOW_MS. */
  function fillCharts(view, throughput, lag) {
    return S.api('/api/v1/pipelines/' + enc(view.name) + '/history').then(hist => {
      for (const pt of hist.points || []) {
        if (pt.t <= view.lastT) {
          continue;
        }
        view.lastT = pt.t;
        view.recent.push(pt);
        while (view.recent.length > 2 && view.recent[1].t <= pt.t - RATE_WINDOW_MS) {
          view.recent.shift();
        }
        const from = view.recent[0];
        const seconds = (pt.t - from.t) / 1000;
        const rate = f => pt[f] === null || from[f] === null ? null
          : seconds > 0 ? Math.max(0, pt[f] - from[f]) / seconds : 0;
        throughput.push(pt.t / 1000, [rate('produced'), rate('processed'), rate('written')]);
        lag.push(pt.t / 1000, [pt.lag]);
      }
    });
  }

  // ---- actions --------------------------------------------------------------------------------

  function renderActions(box, out, p, view, reload) {
    const restartable = ended(p.state) && p.spec && p.jars;
    const key = p.state + '|' + !!restartable;
    if (key === view.actionsKey) {
      return;
    }
    view.actionsKey = key;
    const path = '/api/v1/pipelines/' + enc(p.name);
    const live = !ended(p.state) && p.state !== 'STOPPING';
    const button = (test, label, cls, enabled, why, onclick) => h('button', {class: 'btn ' + cls, 'data-test': test,
      disabled: !enabled, title: enabled ? null : why, onClick: onclick}, label);
    const then = call => () => call().then(reload);
    put(box,
      ended(p.state) ? button('action-start', 'Start', 'primary', restartable,
        'This cluster keeps no spec to start it from here: run strata pipeline start FILE',
        () => confirmed(out, 'Start', 'Start pipeline ' + p.name + ' again from the spec it last ran?',
          then(() => S.api('/api/v1/pipelines', {method: 'POST', body: {spec: p.spec, jars: p.jars}})), false)) : null,
      button('action-stop-keep', 'Stop, keep data', '', live, 'The pipeline is ' + p.state,
        () => confirmed(out, 'Stop, keep data', 'Stop the sources and jobs of pipeline ' + p.name + ' and keep its Kafka '
          + 'and Cassandra services running with their data, for experiments against them?',
          then(() => S.api(path + '/stop', {method: 'POST', body: {keepData: true}})))),
      button('action-stop', 'Stop', 'danger', live, 'The pipeline is ' + p.state,
        () => confirmed(out, 'Stop', 'Stop pipeline ' + p.name + '? Its sources and jobs stop, then the services it created '
          + 'are deleted with their data. Every resource goes back to the cluster.',
          then(() => S.api(path + '/stop', {method: 'POST', body: {keepData: false}})))),
      p.state === 'STOPPED' ? button('action-forget', 'Remove', '', true, '',
        () => confirmed(out, 'Remove', 'Remove stopped pipeline ' + p.name + ' from the list?',
          () => S.api(path, {method: 'DELETE'}).then(() => S.go('pipelines')))) : null);
    if (ended(p.state)) {
      box.append(h('span', {class: 'muted small', 'data-test': 'start-hint'}, [
        restartable ? null : 'To run it again: strata pipeline start FILE.',
        p.keep_data ? h('span', {}, ' Its services still run with their data: see ', h('a', {href: '#/services'}, 'Services'), '.')
          : null].filter(Boolean)));
    }
  }

  // ---- checks ---------------------------------------------------------------------------------

  function renderChecks(box, p, view, reload) {
    const results = p.checks || [];
    const canRun = results.length > 0 && !ended(p.state) && p.state !== 'STOPPING';
    const run = h('button', {class: 'btn small', 'data-test': 'action-verify', disabled: !canRun || view.verifying,
      title: canRun ? 'Runs the checks against the pipeline\'s Cassandra now' : 'Checks run against a running pipeline',
      onClick: () => {
        view.verifying = true;
        view.verifyError = null;
        renderChecks(box, p, view, reload);
        S.api('/api/v1/pipelines/' + enc(p.name) + '/verify', {method: 'POST'})
          .catch(e => { view.verifyError = e.message; })
          .finally(() => { view.verifying = false; reload(); });
      }}, view.verifying ? 'Running checks…' : 'Run checks');
    const tally = [['passed', c => c.passed === true], ['failed', c => c.passed === false], ['not run yet', c => c.passed === null]]
      .map(([word, test]) => [results.filter(test).length, word]).filter(([n]) => n > 0).map(([n, word]) => n + ' ' + word);
    put(box,
      h('h2', {}, h('span', {}, 'Checks ', h('span', {class: 'muted'}, tally.join(' · '))), run),
      view.verifyError ? S.error({message: 'The checks did not run: ' + view.verifyError}) : null,
      results.length === 0 ? S.empty('This pipeline has no checks.', 'Add a checks: section to its file: a CQL query '
        + 'and what every row must satisfy, e.g. total == ${events.produced}.')
        : h('table', {class: 'data', 'data-test': 'checks'},
          h('thead', {}, h('tr', {}, h('th', {}, 'Check'), h('th', {}, 'Result'), h('th', {}, 'Detail'))),
          h('tbody', {}, results.map(c => h('tr', {'data-test': 'check-row', 'data-passed': String(c.passed)},
            h('td', {}, c.name),
            h('td', {}, S.badge(c.passed === true ? 'PASSED' : c.passed === false ? 'FAILED' : 'NOT RUN')),
            h('td', {class: 'reason'}, c.detail || ''))))));
  }

  // ---- services, jobs and sources -------------------------------------------------------------

  function partTables() {
    const services = S.table([
      {label: 'Service', value: s => h('span', {}, h('a', {href: '#/services'}, s.name),
        s.existing ? h('span', {class: 'muted small'}, ' (existing)') : null), text: s => s.name},
      {label: 'Type', value: s => s.type},
      {label: 'State', value: s => S.badge(s.state), text: s => s.state},
      {label: 'Reason', value: s => s.reason || '', cls: 'reason'},
      {label: 'Endpoints', value: s => h('span', {class: 'mono small'},
        Object.entries(s.endpoints || {}).map(([k, v]) => k + ' ' + v).join('  '))},
    ], [], {empty: 'This pipeline names no services.', rowAttrs: s => ({'data-test': 'service-row', 'data-state': s.state})});
    const jobs = S.table([
      {label: 'Job', value: j => h('span', {}, h('a', {href: '#/spark'}, j.name), h('div', {class: 'muted small mono'}, j.class || '')),
        text: j => j.name},
      {label: 'Kind', value: j => j.kind},
      {label: 'State', value: j => S.badge(j.state), text: j => j.state},
      {label: 'Reason', value: j => j.reason || '', cls: 'reason'},
      {label: 'Executors', value: j => num(j.executors), cls: 'num'},
      {label: 'Input', value: j => h('span', {class: 'mono small'}, j.input || '–')},
      {label: 'Processed', value: j => num(j.processed), cls: 'num'},
      {label: 'Lag', value: j => num(j.lag), cls: 'num'},
    ], [], {empty: 'This pipeline has no jobs.', rowAttrs: j => ({'data-test': 'job-row', 'data-state': j.state})});
    const sources = S.table([
      {label: 'Source', value: s => s.name},
      {label: 'Type', value: s => s.type},
      {label: 'Topic', value: s => h('span', {class: 'mono small'}, s.topic)},
      {label: 'State', value: s => S.badge(s.state), text: s => s.state},
      {label: 'Reason', value: s => s.reason || '', cls: 'reason'},
      {label: 'Task', value: s => s.task ? h('a', {href: S.link('tasks', s.task), class: 'mono small'}, s.task) : '–'},
    ], [], {empty: 'This pipeline has no sources.', rowAttrs: s => ({'data-test': 'source-row', 'data-state': s.state})});
    return {
      el: h('div', {class: 'stack'},
        h('div', {class: 'panel'}, h('h2', {}, 'Services'), services),
        h('div', {class: 'panel'}, h('h2', {}, 'Spark jobs'), jobs),
        h('div', {class: 'panel'}, h('h2', {}, 'Sources'), sources)),
      update(p) {
        services.update(p.services || []);
        jobs.update(p.jobs || []);
        sources.update(p.sources || []);
      },
    };
  }

  // ---- the graph ------------------------------------------------------------------------------

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

  S.page('pipelines', {
    title: 'Pipelines',
    nav: true,
    render(main, params) {
      return params[0] ? renderPipeline(main, params[0]) : renderList(main);
    },
  });

  /** For the services and Spark pages (loaded after this one). */
  S.pageKit = {poll, confirmed, notice, num, put};
})();
