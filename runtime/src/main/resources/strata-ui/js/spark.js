// Spark: every application with its driver, its executors (and their count over time) and a link
// to its Spark UI; every submitted driver, and for what is queued or pending why it waits.
(function () {
  'use strict';
  const S = window.Strata;
  const h = S.h;
  const K = S.pageKit;
  const enc = encodeURIComponent;
  const WHY_REFRESH_MS = 10000;

  function render(main) {
    main.classList.add('pp-page');
    const failure = h('p', {class: 'pp-error'});
    const empty = h('div', {class: 'pp-empty', 'data-test': 'empty', hidden: 'hidden'},
      h('h2', {}, 'No Spark applications'),
      h('p', {}, 'Submit a driver to the cluster, or start a pipeline with jobs; its executors appear here as they start:'),
      h('pre', {}, 'strata spark submit --class com.example.Etl --jar etl.jar --executors 1:4\n'
        + 'strata pipeline start samples/iot-sensors/pipeline.yaml'));
    const apps = h('div', {class: 'sp-apps'});
    const drivers = h('section', {class: 'card'});
    main.append(h('div', {class: 'pp-head'}, h('div', {},
      h('h1', {}, 'Spark'),
      h('p', {class: 'pp-sub'}, 'Applications, their drivers and executors, and why anything waits.'))),
    failure, empty, apps, drivers);

    const cards = new Map();
    const why = new Map();
    return K.poll(() => Promise.all([S.api('/api/v1/spark/apps'), S.api('/api/v1/spark/submissions')]).then(([all, subs]) => {
      failure.textContent = '';
      empty.hidden = all.length > 0 || subs.length > 0;
      const seen = new Set();
      for (const app of all) {
        seen.add(app.appId);
        if (!cards.has(app.appId)) {
          cards.set(app.appId, appCard(app, why));
        }
        const c = cards.get(app.appId);
        c.update(app, subs.find(s => s.id === app.submissionId || s.appId === app.appId));
        apps.append(c.el);
      }
      for (const [id, c] of cards) {
        if (!seen.has(id)) {
          c.el.remove();
          cards.delete(id);
        }
      }
      drivers.replaceChildren(h('h2', {}, 'Drivers'), driverTable(subs, why));
    }, e => { failure.textContent = 'Cannot read Spark: ' + K.errorText(e); }));
  }

  /** One application's card; its chart lives as long as the card and only gains new points. */
  function appCard(first, why) {
    const head = h('div', {class: 'card-head'});
    const driver = h('div', {class: 'sp-driver'});
    const chartEl = h('div', {class: 'pp-chart sp-chart', 'data-chart': 'executors'});
    const executors = h('div', {});
    const el = h('section', {class: 'card sp-app', 'data-test': 'spark-app', 'data-app': first.appId},
      head, driver, h('div', {class: 'sp-body'}, h('div', {class: 'sp-chart-box'}, chartEl), executors));
    const chart = S.chart(chartEl, {title: 'Executors', yLabel: 'executors', series: [
      {label: 'running', color: '#16a36b'}, {label: 'target', color: '#4f7cff'}]});
    let lastT = 0;
    let routeHistory = true;
    let loading = false;

    /** Points from the app's own history, else its history route, else the counts as they are seen now. */
    const fill = app => {
      const push = points => {
        for (const pt of points) {
          const t = pt.t !== undefined ? pt.t : pt.at;
          if (t > lastT) {
            lastT = t;
            chart.push(t / 1000, [pick(pt, 'executors', 'running'), pick(pt, 'target')]);
          }
        }
      };
      if (Array.isArray(app.history)) {
        push(app.history);
      } else if (routeHistory && !loading) {
        loading = true;
        S.api('/api/v1/spark/apps/' + enc(app.appId) + '/history').then(r => push(r.points || []),
          () => { routeHistory = false; }).finally(() => { loading = false; });
      } else if (!routeHistory) {
        push([{t: Date.now(), executors: running(app), target: app.target}]);
      }
    };

    const update = (app, sub) => {
      const ui = app.ui_url || (sub && sub.ui_url);
      head.replaceChildren(h('div', {},
        h('h2', {}, app.name || app.appId, ' ', S.badge(app.state)),
        h('p', {class: 'pp-sub'}, app.reason || ''),
        h('p', {class: 'pp-muted'}, [app.appId, 'group ' + (app.group || 'default'),
          app.startedAtMillis ? 'started ' + new Date(app.startedAtMillis).toLocaleString() : '',
          running(app) + ' of ' + app.target + ' executors running'].filter(Boolean).join(' · '))),
      ui ? h('a', {class: 'btn', href: ui, target: '_blank', rel: 'noopener', 'data-test': 'spark-ui'}, 'Spark UI ↗')
        : h('span', {class: 'pp-muted', title: 'The driver serves no Spark UI, or has not said where yet'}, 'no Spark UI'));
      driver.replaceChildren(sub ? driverLine(sub) : h('span', {class: 'pp-muted'},
        'Client mode: the driver runs outside the cluster.'));
      executors.replaceChildren(executorTable(app, why));
      fill(app);
    };
    return {el, update};
  }

  function pick(pt, ...names) {
    for (const n of names) {
      if (pt[n] !== undefined) {
        return pt[n];
      }
    }
    return null;
  }

  const running = app => (app.executors || []).filter(e => e.state === 'RUNNING').length;

  function driverLine(sub) {
    return h('div', {class: 'sp-driver-line', 'data-test': 'driver', 'data-state': sub.state},
      h('b', {}, 'Driver '), S.badge(sub.state), ' ',
      h('span', {class: 'pp-reason'}, sub.reason || ''), ' ',
      h('span', {class: 'pp-muted'}, [sub.id, sub.agentId ? 'on ' + sub.agentId : '',
        sub.restarts ? sub.restarts + ' restarts' : ''].filter(Boolean).join(' · ')), ' ',
      sub.driverTaskId ? h('a', {href: '#/tasks/' + enc(sub.driverTaskId)}, 'driver log') : '');
  }

  const waits = x => ['QUEUED', 'PENDING', 'WAITING'].includes(x.state) && x.demand;

  /** A "why it waits" toggle for a queued driver or pending executor, its panel kept across refreshes. */
  function whyButton(why, key, demand, rerender) {
    return h('button', {class: 'btn btn-small', 'data-test': 'action-why', onclick: () => {
      if (why.has(key)) {
        why.delete(key);
      } else {
        why.set(key, {el: h('div', {class: 'sv-why'}), at: 0});
      }
      rerender();
    }}, why.has(key) ? 'Hide why' : 'Why it waits');
  }

  function whyRow(why, key, demand, colspan) {
    const panel = why.get(key);
    if (!panel) {
      return null;
    }
    if (Date.now() - panel.at >= WHY_REFRESH_MS) {
      panel.at = Date.now();
      S.whyWaits(panel.el, demand);
    }
    return h('tr', {class: 'sv-why-row'}, h('td', {colspan}, panel.el));
  }

  function executorTable(app, why) {
    const list = app.executors || [];
    if (list.length === 0) {
      return h('p', {class: 'pp-muted'}, app.target > 0 ? 'Asked for ' + app.target + ' executors; none started yet.'
        : 'No executors: the application asks for none now.');
    }
    const box = h('div', {});
    const draw = () => {
      const rows = [];
      for (const e of list) {
        const key = app.appId + '/' + e.id;
        rows.push(h('tr', {'data-test': 'executor-row', 'data-state': e.state},
          h('td', {class: 'mono'}, e.id),
          h('td', {}, S.badge(e.state)),
          h('td', {class: 'mono'}, e.agentId ? h('a', {href: '#/agents/' + enc(e.agentId)}, e.agentId) : '—'),
          h('td', {class: 'pp-reason'}, e.reason || ''),
          h('td', {class: 'mono'}, e.taskId ? h('a', {href: '#/tasks/' + enc(e.taskId)}, e.taskId) : '—'),
          h('td', {}, waits(e) ? whyButton(why, key, e.demand, draw) : '')));
        if (waits(e)) {
          const w = whyRow(why, key, e.demand, 6);
          if (w) {
            rows.push(w);
          }
        }
      }
      box.replaceChildren(h('table', {class: 'pp-table', 'data-test': 'executors'},
        h('thead', {}, h('tr', {}, ...['Executor', 'State', 'Agent', 'Reason', 'Task', ''].map(c => h('th', {}, c)))),
        h('tbody', {}, ...rows)));
    };
    draw();
    return box;
  }

  function driverTable(subs, why) {
    if (subs.length === 0) {
      return h('p', {class: 'pp-muted'}, 'No drivers submitted to the cluster. strata spark submit runs one here.');
    }
    const box = h('div', {});
    const draw = () => {
      const rows = [];
      for (const s of subs) {
        rows.push(h('tr', {'data-test': 'driver-row', 'data-submission': s.id, 'data-state': s.state},
          h('td', {}, h('b', {}, s.name), h('div', {class: 'pp-muted mono'}, s.id)),
          h('td', {class: 'mono'}, s.mainClass),
          h('td', {}, S.badge(s.state)),
          h('td', {class: 'pp-reason'}, s.reason || ''),
          h('td', {class: 'mono'}, s.agentId ? h('a', {href: '#/agents/' + enc(s.agentId)}, s.agentId) : '—'),
          h('td', {class: 'num'}, String(s.restarts || 0)),
          h('td', {}, s.ui_url ? h('a', {href: s.ui_url, target: '_blank', rel: 'noopener'}, 'Spark UI ↗') : '',
            waits(s) ? whyButton(why, s.id, s.demand, draw) : '')));
        if (waits(s)) {
          const w = whyRow(why, s.id, s.demand, 7);
          if (w) {
            rows.push(w);
          }
        }
      }
      box.replaceChildren(h('table', {class: 'pp-table', 'data-test': 'drivers'},
        h('thead', {}, h('tr', {}, ...['Submission', 'Main class', 'State', 'Reason', 'Agent', 'Restarts', ''].map(c =>
          h('th', {class: c === 'Restarts' ? 'num' : ''}, c)))),
        h('tbody', {}, ...rows)));
    };
    draw();
    return box;
  }

  S.page('spark', {title: 'Spark', nav: true, render});
})();
