// Pipelines: the list, and one pipeline as a graph (sources → Kafka topics → Spark jobs →
// Cassandra tables) with live throughput and lag charts, its checks, its parts and its actions.
// Pipelines are not in the SSE state: on each state tick the page re-reads the pipeline. The graph
// is drawn by pipeline-graph.js; poll, confirmed and the like come from pagekit.js.
(function () {
  'use strict';
  const S = window.Strata;
  const h = S.h;
  const {poll, confirmed, notice, num, put} = S.pageKit;
  const drawGraph = S.pipelineGraph.draw;
  const enc = encodeURIComponent;

  /** Only a STOPPED pipeline is over: a FAILED one still holds what it started until it is stopped. */
  const ended = state => state === 'STOPPED';

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

  S.page('pipelines', {
    title: 'Pipelines',
    nav: true,
    render(main, params) {
      return params[0] ? renderPipeline(main, params[0]) : renderList(main);
    },
  });
})();
