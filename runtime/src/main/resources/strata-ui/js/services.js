// Services: every Kafka and Cassandra service with its pods (agent, address, state, reason,
// restarts and their history), rolling restart, per-pod replace and scale, and for a waiting
// pod the offer analysis of why it waits.
(function () {
  'use strict';
  const S = window.Strata;
  const h = S.h;
  const K = S.pageKit;
  const enc = encodeURIComponent;

  /** How the two service types differ on the page. */
  const TYPES = [
    {type: 'kafka', title: 'Kafka', podWord: 'broker', count: 'brokers',
      pods: s => [...(s.brokers || []), ...(s.controllers || [])],
      address: p => p.host ? p.host + (p.port ? ':' + p.port : '') : '',
      endpoint: s => s.bootstrap ? 'bootstrap ' + s.bootstrap : ''},
    {type: 'cassandra', title: 'Cassandra', podWord: 'node', count: 'nodes',
      pods: s => s.nodes || [],
      address: p => p.address ? p.address + (p.cqlPort ? ':' + p.cqlPort : '') : '',
      endpoint: s => (s.contactPoints || []).length ? 'contact points ' + s.contactPoints.join(', ') : ''},
  ];
  const WHY_REFRESH_MS = 10000;

  function render(main) {
    main.classList.add('pp-page');
    const list = h('div', {class: 'sv-list'});
    const empty = h('div', {class: 'pp-empty', 'data-test': 'empty', hidden: 'hidden'},
      h('h2', {}, 'No Kafka or Cassandra services'),
      h('p', {}, 'Create one from the CLI, or start a pipeline that names them:'),
      h('pre', {}, 'strata kafka create events --brokers 3\nstrata cassandra create store --nodes 3\n'
        + 'strata pipeline start samples/iot-sensors/pipeline.yaml'));
    const failure = h('p', {class: 'pp-error'});
    main.append(h('div', {class: 'pp-head'}, h('div', {},
      h('h1', {}, 'Services'),
      h('p', {class: 'pp-sub'}, 'Kafka brokers and Cassandra nodes: where each runs, its state and why, and its restarts.'))),
    failure, empty, list);

    const cards = new Map();
    return K.poll(() => Promise.all(TYPES.map(t => S.api('/api/v1/' + t.type).then(all => all.map(s => ({t, s}))))).then(
      byType => {
        failure.textContent = '';
        const services = byType.flat();
        empty.hidden = services.length > 0;
        const seen = new Set();
        for (const {t, s} of services) {
          const key = t.type + '/' + s.name;
          seen.add(key);
          if (!cards.has(key)) {
            cards.set(key, card(t, s));
          }
          const c = cards.get(key);
          c.update(s);
          list.append(c.el);
        }
        for (const [key, c] of cards) {
          if (!seen.has(key)) {
            c.el.remove();
            cards.delete(key);
          }
        }
      }, e => { failure.textContent = 'Cannot read the services: ' + K.errorText(e); }));
  }

  /** One service's card; its actions are made once so a half-typed scale count survives the refreshes. */
  function card(t, first) {
    const path = '/api/v1/' + t.type + '/' + enc(first.name);
    const head = h('div', {class: 'card-head'});
    const notice = h('div', {class: 'pp-notice'});
    const pods = h('div', {});
    // What the user opened stays open across refreshes: "why it waits" panels and restart histories.
    const ui = {why: new Map(), open: new Set(), rerender: () => pods.replaceChildren(podTable(t, current, path, run, ui))};
    const count = h('input', {type: 'number', min: 1, class: 'sv-count', 'data-test': 'scale-count',
      'aria-label': 'new number of ' + t.count});
    let current = first;
    const run = (label, question, call) => S.confirm(question).then(ok => {
      if (!ok) {
        return;
      }
      notice.replaceChildren(h('span', {class: 'pp-working'}, label + '…'));
      call().then(() => notice.replaceChildren(h('span', {class: 'pp-ok'}, label + ' accepted; the states below follow it.')),
        e => notice.replaceChildren(h('span', {class: 'pp-error'}, label + ' failed: ' + K.errorText(e))));
    });
    const actions = h('div', {class: 'pp-actions'},
      h('button', {class: 'btn', 'data-test': 'action-restart', onclick: () => run('Restart',
        'Restart ' + t.title + ' ' + current.name + '? Its ' + t.count + ' restart one at a time, each waiting for '
          + 'the one before to be ready again.', () => S.api(path + '/restart', {method: 'POST', body: {}}))}, 'Rolling restart'),
      h('span', {class: 'sv-scale'}, count,
        h('button', {class: 'btn', 'data-test': 'action-scale', onclick: () => {
          const n = Number(count.value);
          if (!Number.isInteger(n) || n < 1) {
            notice.replaceChildren(h('span', {class: 'pp-error'}, 'Give the new number of ' + t.count + ', a whole number from 1.'));
            return;
          }
          run('Scale', 'Scale ' + t.title + ' ' + current.name + ' from ' + podCount(t, current) + ' to ' + n + ' '
            + t.count + '?', () => S.api(path + '/scale', {method: 'POST', body: {[t.count]: n}}));
        }}, 'Scale')));
    const el = h('section', {class: 'card sv-card', 'data-test': 'service', 'data-service': first.name,
      'data-type': t.type}, head, actions, notice, pods);
    count.value = podCount(t, first);

    const update = s => {
      current = s;
      const endpoint = t.endpoint(s);
      head.replaceChildren(
        h('div', {},
          h('h2', {}, h('span', {class: 'pp-tag'}, t.title), ' ', s.name, ' ', S.badge(s.state)),
          h('p', {class: 'pp-sub'}, s.reason || ''),
          h('p', {class: 'pp-muted'}, [podCount(t, s) + ' ' + t.count, 'group ' + (s.group || 'default'),
            s.operation ? 'operation ' + s.operation : '', endpoint].filter(Boolean).join(' · '))));
      ui.rerender();
    };
    return {el, update};
  }

  function podCount(t, s) {
    const configured = s.config && Number(s.config[t.count]);
    return configured || (t.type === 'kafka' ? (s.brokers || []).length : (s.nodes || []).length);
  }

  function agentHost(agentId) {
    const agents = (S.state && S.state.agents) || [];
    const a = agents.find(x => x.id === agentId);
    return a ? a.host : '';
  }

  const waiting = p => p.state === 'WAITING' || (p.demand && p.state !== 'READY' && p.state !== 'RUNNING');

  function podTable(t, s, path, run, ui) {
    const why = ui.why;
    const pods = t.pods(s);
    if (pods.length === 0) {
      return h('p', {class: 'pp-muted'}, 'No ' + t.podWord + ' placed yet.');
    }
    const rows = [];
    for (const p of pods) {
      const key = s.name + '/' + p.pod;
      rows.push(h('tr', {'data-test': 'pod-row', 'data-pod': p.pod, 'data-state': p.state},
        h('td', {}, h('b', {}, p.pod), h('div', {class: 'pp-muted'}, t.podWord + ' ' + p.id)),
        h('td', {class: 'mono'}, p.agentId ? h('a', {href: '#/agents/' + enc(p.agentId)}, p.agentId) : '—',
          p.agentId ? h('div', {class: 'pp-muted'}, agentHost(p.agentId)) : ''),
        h('td', {class: 'mono'}, t.address(p) || '—'),
        h('td', {}, S.badge(p.state), p.ready ? h('div', {class: 'pp-muted'}, 'ready') : ''),
        h('td', {class: 'pp-reason'}, p.reason || ''),
        h('td', {}, restarts(p, key, ui.open)),
        h('td', {class: 'sv-pod-actions'},
          waiting(p) && p.demand ? h('button', {class: 'btn btn-small', 'data-test': 'action-why',
            onclick: () => toggleWhy(ui, key)}, why.has(key) ? 'Hide why' : 'Why it waits') : '',
          h('button', {class: 'btn btn-small', 'data-test': 'action-replace', onclick: () => run('Replace',
            'Replace ' + t.podWord + ' ' + p.id + ' (' + p.pod + ') of ' + s.name + '? It is stopped, its data on '
              + (p.agentId || 'its agent') + ' is dropped and it starts afresh wherever it fits.',
            () => S.api(path + '/replace/' + enc(String(p.id)), {method: 'POST', body: {}}))}, 'Replace'))));
      const panel = why.get(key);
      if (panel) {
        if (!waiting(p)) {
          why.delete(key);
        } else {
          refreshWhy(panel, p);
          rows.push(h('tr', {class: 'sv-why-row'}, h('td', {colspan: 7}, panel.el)));
        }
      }
    }
    return h('table', {class: 'pp-table', 'data-test': 'pods'},
      h('thead', {}, h('tr', {}, ...['Pod', 'Agent', 'Address', 'State', 'Reason', 'Restarts', ''].map(c => h('th', {}, c)))),
      h('tbody', {}, ...rows));
  }

  function toggleWhy(ui, key) {
    if (ui.why.has(key)) {
      ui.why.delete(key);
    } else {
      ui.why.set(key, {el: h('div', {class: 'sv-why'}), at: 0});
    }
    ui.rerender();
  }

  function refreshWhy(panel, pod) {
    if (Date.now() - panel.at < WHY_REFRESH_MS) {
      return;
    }
    panel.at = Date.now();
    S.whyWaits(panel.el, pod.demand);
  }

  /** The count, and the last restarts (when, why, which task) on demand. */
  function restarts(p, key, open) {
    const history = p.restart_history || p.restartHistory || [];
    if (!p.restarts && history.length === 0) {
      return h('span', {class: 'pp-muted'}, '0');
    }
    if (history.length === 0) {
      return h('span', {}, String(p.restarts));
    }
    const details = h('details', {class: 'sv-history', 'data-test': 'restart-history', open: open.has(key) ? 'open' : null},
      h('summary', {}, String(p.restarts || history.length)),
      h('ol', {}, ...history.slice().reverse().map(r => h('li', {},
        h('span', {class: 'mono'}, new Date(r.at).toLocaleString()), ' ', r.reason || '',
        r.task ? h('span', {class: 'pp-muted mono'}, ' ' + r.task) : ''))));
    details.addEventListener('toggle', () => (details.open ? open.add(key) : open.delete(key)));
    return details;
  }

  S.page('services', {title: 'Services', nav: true, render});
})();
