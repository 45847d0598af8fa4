// Spark: every application with its driver, its executors (and their count over time) and a link
// to its Spark UI; every submitted driver; for a queued driver or a pending executor, why it waits.
(function () {
  'use strict';
  const S = window.Strata;
  const h = S.h;
  const K = S.pageKit;
  const put = K.put;
  const enc = encodeURIComponent;

  function render(main) {
    const error = h('div', {});
    const empty = h('div', {class: 'panel', hidden: true}, S.empty('No Spark applications.', h('span', {},
      'Submit a driver with ', h('code', {}, 'strata spark submit --class com.example.Etl --jar etl.jar --executors 1:4'),
      ', or start a pipeline with jobs; its executors appear here as they start.')));
    const apps = h('div', {class: 'stack'});
    const drivers = h('section', {class: 'panel'});
    main.append(h('div', {class: 'page-head'}, h('div', {},
      h('h1', {}, 'Spark'),
      h('div', {class: 'sub'}, 'Applications with their drivers and executors, and why anything waits.'))),
    h('div', {class: 'stack'}, error, empty, apps, drivers));

    const cards = new Map();
    const why = new Map();
    const unsubscribe = K.poll(() => Promise.all([S.api('/api/v1/spark/apps'), S.api('/api/v1/spark/submissions')])
      .then(([all, subs]) => {
        put(error);
        empty.hidden = all.length > 0 || subs.length > 0;
        const seen = new Set();
        for (const app of all) {
          seen.add(app.appId);
          if (!cards.has(app.appId)) {
            cards.set(app.appId, appCard(app, why));
          }
          cards.get(app.appId).update(app, subs.find(s => s.appId === app.appId || s.id === app.submissionId));
          apps.append(cards.get(app.appId).el);
        }
        for (const [id, c] of cards) {
          if (!seen.has(id)) {
            c.close();
            c.el.remove();
            cards.delete(id);
          }
        }
        put(drivers, h('h2', {}, 'Drivers', h('span', {class: 'muted small'},
          'submitted with strata spark submit or by a pipeline')), driverTable(subs, why));
      }, e => put(error, S.error(e))));
    return () => {
      unsubscribe();
      cards.forEach(c => c.close());
      why.forEach(w => w.stop());
    };
  }

  /** One application's panel; its chart lives as long as the panel and only gains new points. */
  function appCard(first, why) {
    const head = h('div', {});
    const link = h('div', {class: 'actions'});
    const driver = h('div', {});
    const chartEl = h('div', {'data-chart': 'executors'});
    const executors = h('div', {});
    const el = h('section', {class: 'panel', 'data-test': 'spark-app', 'data-app': first.appId},
      h('div', {class: 'page-head', style: {marginBottom: '8px'}}, head, link), driver,
      h('div', {class: 'grid', style: {gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 3fr)', marginTop: '12px'}},
        chartEl, executors));
    const chart = S.chart(chartEl, {title: 'Executors over time', yLabel: 'executors', height: 170,
      format: v => Number.isInteger(v) ? String(v) : '', series: [{label: 'running', color: '#16a34a', fill: 'rgba(22, 163, 74, .08)'},
        {label: 'wanted', color: '#2563eb', dash: [5, 4]}]});
    let lastT = 0;

    /** The points of the app's executors_history newer than the last one drawn. */
    const fill = app => (app.executors_history || []).forEach(pt => {
      if (pt.t > lastT) {
        lastT = pt.t;
        chart.push(pt.t / 1000, [pt.running, pt.target]);
      }
    });

    return {
      el,
      update(app, sub) {
        const ui = sub && sub.ui_url;
        el.setAttribute('data-state', app.state);
        put(head,
          h('h2', {style: {margin: 0, fontSize: '18px'}}, app.name || app.appId, ' ', S.badge(app.state)),
          app.reason ? h('div', {class: 'sub'}, app.reason) : null,
          h('div', {class: 'muted small'}, [app.appId, 'group ' + (app.group || 'default'),
            app.startedAtMillis ? 'started ' + S.fmt.ago(app.startedAtMillis) : '',
            running(app) + ' of ' + app.target + ' executors running'].filter(Boolean).join(' · ')));
        put(link, ui ? h('a', {class: 'btn', href: ui, target: '_blank', rel: 'noopener', 'data-test': 'spark-ui'},
          'Spark UI ↗') : h('span', {class: 'muted small', title: 'The driver has not said where its Spark UI is'}, 'no Spark UI'));
        put(driver, sub ? driverLine(sub) : h('div', {class: 'reason-box'},
          'Client mode: the driver runs outside the cluster, where it was started.'));
        const redraw = () => put(executors, executorTable(app, why, redraw));
        redraw();
        fill(app);
      },
      close() {
        chart.destroy();
      },
    };
  }

  const running = app => (app.executors || []).filter(e => e.state === 'RUNNING').length;

  function driverLine(sub) {
    return h('div', {class: 'reason-box state-' + String(sub.state).toLowerCase(), 'data-test': 'driver', 'data-state': sub.state},
      h('b', {}, 'Driver '), S.badge(sub.state), ' ', sub.reason || '', ' ',
      h('span', {class: 'muted small'}, [sub.id, sub.agentId ? 'on ' + sub.agentId : '',
        sub.restarts ? 'restarted ' + sub.restarts + '×' : ''].filter(Boolean).join(' · ')), ' ',
      sub.driverTaskId ? h('a', {href: S.link('tasks', sub.driverTaskId), class: 'small'}, 'driver task and log') : null);
  }

  /** A queued or restarting driver carries what it asks of an agent (the offer analysis' body). */
  const waits = x => !!x.demand;

  /** A "why it waits" toggle; the open panels (live offer analyses) are kept across refreshes. */
  function whyButton(why, key, demand, rerender) {
    return h('button', {class: 'btn small', 'data-test': 'action-why', onClick: () => {
      const open = why.get(key);
      if (open) {
        open.stop();
        why.delete(key);
      } else {
        const el = h('div', {});
        why.set(key, {el, stop: S.whyWaits(el, demand)});
      }
      rerender();
    }}, why.has(key) ? 'Hide why' : 'Why it waits');
  }

  function whyRow(why, key, waiting, colspan) {
    const open = why.get(key);
    if (open && !waiting) {
      open.stop();
      why.delete(key);
      return null;
    }
    return open ? h('tr', {}, h('td', {colspan}, open.el)) : null;
  }

  function executorTable(app, why, rerender) {
    const list = app.executors || [];
    const pending = app.pending_executors || 0;
    if (list.length === 0 && pending === 0) {
      return S.empty('No executors.', 'The application asks for none now (with dynamic allocation Spark asks for them '
        + 'as work arrives).');
    }
    const rows = list.map(e => h('tr', {'data-test': 'executor-row', 'data-state': e.state},
      h('td', {class: 'id'}, e.id),
      h('td', {}, S.badge(e.state)),
      h('td', {}, e.agentId ? h('a', {href: S.link('agents', e.agentId), class: 'mono small'}, e.agentId) : '–'),
      h('td', {class: 'reason'}, e.reason || ''),
      h('td', {class: 'nowrap'}, e.taskId ? h('a', {href: S.link('tasks', e.taskId), class: 'small'}, 'task') : null)));
    if (pending > 0) {
      const key = app.appId + '/pending';
      rows.push(h('tr', {'data-test': 'pending-executors', 'data-count': pending},
        h('td', {class: 'id'}, '+' + pending),
        h('td', {}, S.badge('PENDING')),
        h('td', {}, '–'),
        h('td', {class: 'reason'}, (pending === 1 ? '1 more executor' : pending + ' more executors')
          + ' wanted, waiting for resources'),
        h('td', {class: 'nowrap'}, app.demand ? whyButton(why, key, app.demand, rerender) : null)));
      const w = whyRow(why, key, !!app.demand, 5);
      if (w) {
        rows.push(w);
      }
    }
    return h('div', {class: 'table-scroll'}, h('table', {class: 'data', 'data-test': 'executors'},
      h('thead', {}, h('tr', {}, ['Executor', 'State', 'Agent', 'Reason', ''].map(c => h('th', {}, c)))),
      h('tbody', {}, rows)));
  }

  function driverTable(subs, why) {
    if (subs.length === 0) {
      return S.empty('No drivers submitted to the cluster.', h('span', {}, h('code', {}, 'strata spark submit'),
        ' runs one here, as does a pipeline\'s job.'));
    }
    const box = h('div', {class: 'table-scroll'});
    const draw = () => {
      const rows = [];
      for (const s of subs) {
        rows.push(h('tr', {'data-test': 'driver-row', 'data-submission': s.id, 'data-state': s.state},
          h('td', {}, h('b', {}, s.name), h('div', {class: 'muted small mono'}, s.id)),
          h('td', {class: 'mono small'}, s.mainClass),
          h('td', {}, S.badge(s.state)),
          h('td', {class: 'reason'}, s.reason || ''),
          h('td', {}, s.agentId ? h('a', {href: S.link('agents', s.agentId), class: 'mono small'}, s.agentId) : '–'),
          h('td', {class: 'num'}, String(s.restarts || 0)),
          h('td', {class: 'nowrap'}, s.ui_url ? h('a', {href: s.ui_url, target: '_blank', rel: 'noopener', class: 'small'},
            'Spark UI ↗') : null, ' ', waits(s) ? whyButton(why, s.id, s.demand, draw) : null)));
        const w = whyRow(why, s.id, waits(s), 7);
        if (w) {
          rows.push(w);
        }
      }
      put(box, h('table', {class: 'data', 'data-test': 'drivers'},
        h('thead', {}, h('tr', {}, ['Submission', 'Main class', 'State', 'Reason', 'Agent', 'Restarts', ''].map(c =>
          h('th', {class: c === 'Restarts' ? 'num' : null}, c)))),
        h('tbody', {}, rows)));
    };
    draw();
    return box;
  }

  S.page('spark', {title: 'Spark', nav: true, render});
})();
