// Pipelines: the list, and one pipeline as a graph (sources → Kafka topics → Spark jobs →
// Cassandra tables) with live throughput and lag charts, its checks, its parts and its actions.
// Pipelines are not in the SSE state: each state tick re-reads the pipeline through the API.
(function () {
  'use strict';
  const S = window.Strata;
  const h = S.h;

  /** Re-reads at most this often however fast the state ticks come. */
  const REFRESH_MS = 2000;
  const LAYERS = [
    {kind: 'source', title: 'Sources'},
    {kind: 'topic', title: 'Kafka topics'},
    {kind: 'job', title: 'Spark jobs'},
    {kind: 'table', title: 'Cassandra tables'},
  ];

  const enc = encodeURIComponent;
  const num = v => v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US');
  const rate = v => v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US', {maximumFractionDigits: 1}) + '/s';
  const ended = state => state === 'STOPPED' || state === 'FAILED';

  /** The colour family of a state, shared by the graph's nodes and the badges' looks. */
  function tone(state) {
    switch (state) {
      case 'RUNNING': case 'READY': case 'DRAINED': case 'FINISHED': return 'ok';
      case 'FAILED': case 'LOST': case 'KILLED': case 'DEGRADED': case 'ERROR': return 'bad';
      case 'STOPPED': case 'DELETED': case 'UNKNOWN': case undefined: case null: case '': return 'off';
      default: return 'busy';
    }
  }

  /**
   * Calls {@code load} now and then on state ticks, never two at once nor more often than
   * REFRESH_MS; returns the unsubscribe.
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
      Promise.resolve(load()).catch(() => undefined).finally(() => { busy = false; });
    };
    run();
    return S.onState(run);
  }

  function errorText(e) {
    return (e && e.message) || String(e);
  }

  // ---- the list -------------------------------------------------------------------------------

  function renderList(main) {
    const body = h('div', {class: 'pp-list'});
    main.append(
      h('div', {class: 'pp-head'},
        h('h1', {}, 'Pipelines'),
        h('p', {class: 'pp-sub'}, 'Sources → Kafka → Spark → Cassandra, each element with its state and why.')),
      body);
    return poll(() => S.api('/api/v1/pipelines').then(list => {
      body.replaceChildren(list.length === 0 ? emptyList() : listTable(list));
    }, e => body.replaceChildren(h('p', {class: 'pp-error'}, 'Cannot read the pipelines: ' + errorText(e)))));
  }

  function emptyList() {
    return h('div', {class: 'pp-empty', 'data-test': 'empty'},
      h('h2', {}, 'No pipelines yet'),
      h('p', {}, 'Start one from the CLI and it appears here with its graph and live charts:'),
      h('pre', {}, 'strata pipeline start samples/iot-sensors/pipeline.yaml\n# or run it, check it and leave it up:\nstrata run --keep-running samples/iot-sensors/pipeline.yaml'));
  }

  function listTable(list) {
    const rows = list.map(p => h('tr', {'data-test': 'pipeline-row', 'data-pipeline': p.name, 'data-state': p.state},
      h('td', {}, h('a', {href: '#/pipelines/' + enc(p.name), class: 'pp-name'}, p.name)),
      h('td', {}, p.group || 'default'),
      h('td', {}, S.badge(p.state)),
      h('td', {class: 'pp-reason'}, p.reason || ''),
      h('td', {class: 'num'}, num(p.events_produced)),
      h('td', {class: 'num'}, num(p.events_processed)),
      h('td', {class: 'num'}, num(p.events_written)),
      h('td', {class: 'num'}, num(p.lag))));
    return h('table', {class: 'pp-table', 'data-test': 'pipelines-table'},
      h('thead', {}, h('tr', {},
        ...['Name', 'Group', 'State', 'Reason', 'Produced', 'Processed', 'Written', 'Lag'].map((c, i) =>
          h('th', {class: i >= 4 ? 'num' : ''}, c)))),
      h('tbody', {}, ...rows));
  }

  // ---- one pipeline ---------------------------------------------------------------------------

  function renderPipeline(main, name) {
    const title = h('div', {class: 'pp-title'});
    const actions = h('div', {class: 'pp-actions'});
    const notice = h('div', {class: 'pp-notice', 'data-test': 'action-result'});
    const graph = h('div', {class: 'pp-graph card', 'data-test': 'pipeline-graph'});
    const throughputEl = h('div', {class: 'pp-chart', 'data-chart': 'throughput'});
    const lagEl = h('div', {class: 'pp-chart', 'data-chart': 'lag'});
    const checks = h('div', {class: 'card'});
    const parts = h('div', {class: 'pp-parts'});
    main.append(
      h('p', {class: 'pp-crumb'}, h('a', {href: '#/pipelines'}, 'Pipelines'), ' / ', name),
      h('div', {class: 'pp-head'}, title, actions),
      notice, graph,
      h('div', {class: 'pp-charts'}, h('div', {class: 'card'}, throughputEl), h('div', {class: 'card'}, lagEl)),
      checks, parts);

    const throughput = S.chart(throughputEl, {title: 'Events per second', yLabel: 'events/s', series: [
      {label: 'produced', color: '#4f7cff'}, {label: 'processed', color: '#16a36b'}, {label: 'written', color: '#d98a00'}]});
    const lag = S.chart(lagEl, {title: 'Lag (events not yet processed)', yLabel: 'events', series: [
      {label: 'lag', color: '#c2410c'}]});
    const view = {name, lastT: 0, history: true, previous: null, verify: null, actionsKey: ''};

    return poll(() => S.api('/api/v1/pipelines/' + enc(name)).then(p => {
      title.replaceChildren(
        h('h1', {}, p.name, ' ', S.badge(p.state)),
        h('p', {class: 'pp-sub', 'data-test': 'pipeline-reason'}, p.reason || ''),
        h('p', {class: 'pp-counts'},
          count('produced', p.events_produced), count('processed', p.events_processed),
          count('written', p.events_written), count('lag', p.lag), count('group', p.group || 'default')));
      renderActions(actions, notice, p, view);
      drawGraph(graph, p.graph || graphOf(p));
      renderChecks(checks, p, view);
      renderParts(parts, p);
      return fillCharts(view, p, throughput, lag);
    }, e => {
      title.replaceChildren(h('h1', {}, name));
      graph.replaceChildren(h('p', {class: 'pp-error'}, 'Cannot read pipeline ' + name + ': ' + errorText(e)));
    }));
  }

  function count(label, value) {
    return h('span', {class: 'pp-count'}, h('b', {}, typeof value === 'string' ? value : num(value)), ' ' + label);
  }

  /** New history points since the last one pushed; without a history route, rates from the counters. */
  function fillCharts(view, p, throughput, lag) {
    const fromCounters = () => {
      const now = Date.now();
      const prev = view.previous;
      view.previous = {t: now, p};
      if (prev) {
        const dt = (now - prev.t) / 1000;
        const per = f => p[f] === null || prev.p[f] === null ? null : Math.max(0, (p[f] - prev.p[f]) / dt);
        throughput.push(now / 1000, [per('events_produced'), per('events_processed'), per('events_written')]);
        lag.push(now / 1000, [p.lag]);
      }
    };
    if (!view.history) {
      fromCounters();
      return undefined;
    }
    return S.api('/api/v1/pipelines/' + enc(view.name) + '/history').then(hist => {
      for (const pt of hist.points || []) {
        if (pt.t > view.lastT) {
          view.lastT = pt.t;
          throughput.push(pt.t / 1000, [pt.produced_per_s, pt.processed_per_s, pt.written === null ? null : pt.written_per_s]);
          lag.push(pt.t / 1000, [pt.lag]);
        }
      }
    }, e => {
      if (e && e.status === 404 && !/no pipeline/.test(errorText(e))) {
        view.history = false;
        fromCounters();
      }
    });
  }

  // ---- actions --------------------------------------------------------------------------------

  function renderActions(box, notice, p, view) {
    const canStart = ended(p.state) && p.spec && p.jars;
    const key = p.state + '|' + canStart;
    if (key === view.actionsKey) {
      return;
    }
    view.actionsKey = key;
    const act = (test, label, cls, enabled, why, question, call) => h('button', {
      class: 'btn ' + cls, 'data-test': test, disabled: enabled ? null : 'disabled', title: enabled ? '' : why,
      onclick: () => S.confirm(question).then(ok => {
        if (!ok) {
          return;
        }
        notice.replaceChildren(h('span', {class: 'pp-working'}, label + '…'));
        call().then(r => notice.replaceChildren(h('span', {class: 'pp-ok'},
          label + ': pipeline ' + p.name + ' is ' + ((r && r.state) || 'accepted') + '.')),
        e => notice.replaceChildren(h('span', {class: 'pp-error'}, label + ' failed: ' + errorText(e))));
      }),
    }, label);
    const path = '/api/v1/pipelines/' + enc(p.name);
    const running = !ended(p.state) && p.state !== 'STOPPING';
    box.replaceChildren(
      act('action-start', 'Start', 'btn-primary', canStart,
        ended(p.state) ? 'The API keeps no spec to start this pipeline again: run strata pipeline start FILE'
          : 'The pipeline is ' + p.state,
        'Start pipeline ' + p.name + ' again from its last spec?',
        () => S.api('/api/v1/pipelines', {method: 'POST', body: {spec: p.spec, jars: p.jars}})),
      act('action-stop', 'Stop', 'btn-danger', running, 'The pipeline is ' + p.state,
        'Stop pipeline ' + p.name + '? Its sources, jobs and the services it created are stopped and their data '
          + '(topics, tables, checkpoints) is deleted.',
        () => S.api(path + '/stop', {method: 'POST', body: {keepData: false}})),
      act('action-stop-keep', 'Stop, keep data', 'btn', running, 'The pipeline is ' + p.state,
        'Stop pipeline ' + p.name + ' but keep its data? Its services stop; their volumes and the jobs\' '
          + 'checkpoints stay, so starting it again resumes where it left off.',
        () => S.api(path + '/stop', {method: 'POST', body: {keepData: true}})),
      act('action-forget', 'Remove', 'btn', p.state === 'STOPPED', 'Only a stopped pipeline can be removed',
        'Remove stopped pipeline ' + p.name + ' from the list?',
        () => S.api(path, {method: 'DELETE'}).then(r => {
          location.hash = '#/pipelines';
          return r;
        })));
  }

  // ---- checks ---------------------------------------------------------------------------------

  function renderChecks(box, p, view) {
    if (view.verifying) {
      return;
    }
    const results = view.verify ? view.verify.checks : p.checks;
    const run = h('button', {class: 'btn', 'data-test': 'action-verify',
      disabled: ended(p.state) || p.state === 'STOPPING' ? 'disabled' : null,
      title: 'Runs the spec\'s checks against the pipeline\'s Cassandra now',
      onclick: () => {
        view.verifying = true;
        run.disabled = true;
        run.textContent = 'Running checks…';
        S.api('/api/v1/pipelines/' + enc(p.name) + '/verify', {method: 'POST'}).then(r => { view.verify = r; },
          e => { view.verify = {checks: [], error: errorText(e)}; })
          .finally(() => { view.verifying = false; renderChecks(box, p, view); });
      }}, 'Run checks');
    const head = h('div', {class: 'card-head'}, h('h2', {}, 'Checks'), run);
    if (view.verify && view.verify.error) {
      box.replaceChildren(head, h('p', {class: 'pp-error'}, view.verify.error));
      return;
    }
    if (!results || results.length === 0) {
      box.replaceChildren(head, h('p', {class: 'pp-muted'}, p.checks === undefined && !view.verify
        ? 'Results appear here once the checks have run; "Run checks" runs them now.'
        : 'This pipeline has no checks. Add a checks: section to its file (a CQL query and what each row must satisfy).'));
      return;
    }
    box.replaceChildren(head, h('table', {class: 'pp-table', 'data-test': 'checks'},
      h('thead', {}, h('tr', {}, h('th', {}, 'Check'), h('th', {}, 'Result'), h('th', {}, 'Detail'))),
      h('tbody', {}, ...results.map(c => h('tr', {'data-test': 'check-row'},
        h('td', {}, c.name),
        h('td', {}, S.badge(c.passed === true ? 'PASSED' : c.passed === false ? 'FAILED' : 'NOT RUN')),
        h('td', {class: 'pp-reason'}, c.detail || c.problem || (c.expect ? 'expect ' + c.expect : '')))))));
  }

  // ---- services, jobs and sources -------------------------------------------------------------

  function renderParts(box, p) {
    const section = (title, columns, rows, empty) => h('div', {class: 'card'}, h('h2', {}, title),
      rows.length === 0 ? h('p', {class: 'pp-muted'}, empty) : h('table', {class: 'pp-table'},
        h('thead', {}, h('tr', {}, ...columns.map(c => h('th', {}, c)))),
        h('tbody', {}, ...rows)));
    box.replaceChildren(
      section('Services', ['Service', 'Type', 'State', 'Reason', 'Endpoints'], (p.services || []).map(s => h('tr', {},
        h('td', {}, h('a', {href: '#/services'}, s.name), s.existing ? h('span', {class: 'pp-tag'}, 'existing') : ''),
        h('td', {}, s.type), h('td', {}, S.badge(s.state)), h('td', {class: 'pp-reason'}, s.reason || ''),
        h('td', {class: 'mono'}, Object.entries(s.endpoints || {}).map(([k, v]) => k + ' ' + v).join('  '))) ),
        'This pipeline names no services.'),
      section('Spark jobs', ['Job', 'Kind', 'State', 'Reason', 'Executors', 'Input', 'Processed', 'Lag'],
        (p.jobs || []).map(j => h('tr', {},
          h('td', {}, h('a', {href: '#/spark'}, j.name), h('div', {class: 'pp-muted mono'}, j.class || '')),
          h('td', {}, j.kind), h('td', {}, S.badge(j.state)), h('td', {class: 'pp-reason'}, j.reason || ''),
          h('td', {class: 'num'}, num(j.executors)), h('td', {class: 'mono'}, j.input || '—'),
          h('td', {class: 'num'}, num(j.processed)), h('td', {class: 'num'}, num(j.lag)))),
        'This pipeline has no jobs.'),
      section('Sources', ['Source', 'Type', 'Topic', 'State', 'Reason', 'Task'], (p.sources || []).map(s => h('tr', {},
        h('td', {}, s.name), h('td', {}, s.type), h('td', {class: 'mono'}, s.topic), h('td', {}, S.badge(s.state)),
        h('td', {class: 'pp-reason'}, s.reason || ''),
        h('td', {class: 'mono'}, s.task ? h('a', {href: '#/tasks/' + enc(s.task)}, s.task) : '—'))),
        'This pipeline has no sources.'));
  }

  // ---- the graph ------------------------------------------------------------------------------

  /** The graph from the parts when the status carries none: sources → topics → jobs → Cassandra services. */
  function graphOf(p) {
    const nodes = [];
    const edges = [];
    const topics = new Map();
    const topic = id => {
      if (!topics.has(id)) {
        topics.set(id, true);
        nodes.push({id: 'topic:' + id, kind: 'topic', label: id, state: null, reason: ''});
      }
      return 'topic:' + id;
    };
    for (const s of p.sources || []) {
      nodes.push({id: 'source:' + s.name, kind: 'source', label: s.name, state: s.state, reason: s.reason});
      edges.push({from: 'source:' + s.name, to: topic(s.topic)});
    }
    const tables = (p.services || []).filter(s => s.type === 'cassandra');
    tables.forEach(s => nodes.push({id: 'table:' + s.key, kind: 'table', label: s.name, state: s.state, reason: s.reason}));
    for (const j of p.jobs || []) {
      nodes.push({id: 'job:' + j.name, kind: 'job', label: j.name, state: j.state, reason: j.reason});
      if (j.input) {
        edges.push({from: topic(j.input), to: 'job:' + j.name});
      }
      tables.forEach(s => edges.push({from: 'job:' + j.name, to: 'table:' + s.key}));
    }
    return {nodes, edges};
  }

  const NS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(NS, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => v !== null && v !== undefined && el.setAttribute(k, v));
    children.forEach(c => el.append(typeof c === 'string' ? document.createTextNode(c) : c));
    return el;
  }

  /** Column of each node: its kind's layer; an unknown kind one right of the furthest node before it. */
  function layerOf(graph) {
    const layer = new Map();
    graph.nodes.forEach(n => layer.set(n.id, LAYERS.findIndex(l => l.kind === n.kind)));
    for (let pass = 0; pass < graph.nodes.length; pass++) {
      let changed = false;
      for (const e of graph.edges) {
        const from = layer.get(e.from);
        if (from === undefined || layer.get(e.to) === undefined) {
          continue;
        }
        const to = graph.nodes.find(n => n.id === e.to);
        if (LAYERS.findIndex(l => l.kind === to.kind) < 0 && layer.get(e.to) <= from) {
          layer.set(e.to, from + 1);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    graph.nodes.forEach(n => layer.set(n.id, Math.max(0, layer.get(n.id))));
    return layer;
  }

  /** Orders each column by the mean position of its nodes' neighbours in the column before (fewer crossings). */
  function orderColumns(graph, layer) {
    const columns = [];
    graph.nodes.forEach(n => (columns[layer.get(n.id)] = columns[layer.get(n.id)] || []).push(n));
    const pos = new Map();
    columns.forEach(col => col && col.forEach((n, i) => pos.set(n.id, i)));
    for (let c = 1; c < columns.length; c++) {
      if (!columns[c]) {
        continue;
      }
      const weight = n => {
        const ins = graph.edges.filter(e => e.to === n.id && pos.has(e.from) && layer.get(e.from) < c).map(e => pos.get(e.from));
        return ins.length ? ins.reduce((a, b) => a + b, 0) / ins.length : pos.get(n.id);
      };
      columns[c].sort((a, b) => weight(a) - weight(b));
      columns[c].forEach((n, i) => pos.set(n.id, i));
    }
    return columns;
  }

  function drawGraph(box, graph) {
    if (!graph.nodes || graph.nodes.length === 0) {
      box.replaceChildren(h('p', {class: 'pp-muted'}, 'This pipeline has no elements to draw yet.'));
      return;
    }
    const layer = layerOf(graph);
    const columns = orderColumns(graph, layer);
    const ncol = Math.max(columns.length, LAYERS.length);
    const W = Math.max(box.clientWidth || 1200, 800) - 32;
    const nodeW = Math.min(230, (W - 40) / ncol - 40);
    const nodeH = 64;
    const gapY = 22;
    const top = 34;
    const rows = Math.max(...columns.map(c => (c ? c.length : 0)));
    const H = top + rows * (nodeH + gapY) + 6;
    const colX = c => 20 + c * ((W - 40 - nodeW) / Math.max(1, ncol - 1));
    const at = new Map();
    columns.forEach((col, c) => col && col.forEach((n, i) => {
      const offset = (H - top - col.length * (nodeH + gapY)) / 2;
      at.set(n.id, {x: colX(c), y: top + offset + i * (nodeH + gapY) + gapY / 2});
    }));

    const root = svg('svg', {width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, class: 'pp-svg', role: 'img',
      'aria-label': 'pipeline graph'},
    svg('defs', {}, svg('marker', {id: 'pp-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: 'auto-start-reverse'}, svg('path', {d: 'M0,0 L10,5 L0,10 z', class: 'pp-arrowhead'}))));
    for (let c = 0; c < ncol; c++) {
      const title = c < LAYERS.length ? LAYERS[c].title : '';
      root.append(svg('text', {x: colX(c) + nodeW / 2, y: 16, class: 'pp-col', 'text-anchor': 'middle'}, title));
    }
    for (const e of graph.edges) {
      const a = at.get(e.from);
      const b = at.get(e.to);
      if (!a || !b) {
        continue;
      }
      const x1 = a.x + nodeW;
      const y1 = a.y + nodeH / 2;
      const x2 = b.x;
      const y2 = b.y + nodeH / 2;
      const mid = (x1 + x2) / 2;
      const target = graph.nodes.find(n => n.id === e.to);
      root.append(svg('path', {d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 2},${y2}`,
        class: 'pp-edge pp-' + tone(target && target.state), 'marker-end': 'url(#pp-arrow)',
        'data-test': 'graph-edge', 'data-from': e.from, 'data-to': e.to}));
    }
    for (const n of graph.nodes) {
      const p = at.get(n.id);
      const state = n.state || '';
      const reason = n.reason || '';
      const g = svg('g', {class: 'pp-node pp-' + tone(n.state), transform: `translate(${p.x},${p.y})`,
        'data-test': 'graph-node', 'data-node': n.id, 'data-kind': n.kind, 'data-state': state},
      svg('title', {}, n.label + (state ? ' — ' + state : '') + (reason ? '\n' + reason : '')),
      svg('rect', {width: nodeW, height: nodeH, rx: 8, class: 'pp-box'}),
      svg('rect', {width: 6, height: nodeH, rx: 3, class: 'pp-stripe'}),
      svg('text', {x: 16, y: 20, class: 'pp-kind'}, kindLabel(n.kind)),
      svg('text', {x: 16, y: 38, class: 'pp-label'}, clip(n.label, nodeW - 24, 7.6)),
      svg('text', {x: 16, y: 55, class: 'pp-state'}, clip(state ? state + (reason ? ' · ' + reason : '') : reason,
        nodeW - 24, 6.2)));
      root.append(g);
    }
    box.replaceChildren(root);
  }

  function kindLabel(kind) {
    return {source: 'SOURCE', topic: 'KAFKA TOPIC', job: 'SPARK JOB', table: 'CASSANDRA TABLE'}[kind] || String(kind).toUpperCase();
  }

  /** Shortens {@code text} to what fits {@code width} pixels at about {@code perChar} pixels a character. */
  function clip(text, width, perChar) {
    const max = Math.max(4, Math.floor(width / perChar));
    return !text || text.length <= max ? (text || '') : text.slice(0, max - 1) + '…';
  }

  S.page('pipelines', {
    title: 'Pipelines',
    nav: true,
    render(main, params) {
      main.classList.add('pp-page');
      return params && params.length > 0 && params[0] ? renderPipeline(main, decodeURIComponent(params[0])) : renderList(main);
    },
  });

  // The services and Spark pages share these.
  S.pageKit = {tone, poll, num, rate, errorText};
})();
