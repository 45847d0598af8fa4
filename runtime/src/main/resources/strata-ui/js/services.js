// Services: every Kafka and Cassandra service with its pods (agent, address, state, reason,
// restarts and their history); rolling restart, per-pod replace and scale, each after a
// confirmation (the calls 'strata kafka|cassandra restart|replace|scale' make); for a waiting pod
// the offer analysis of why it waits.
(function () {
  'use strict';
  const S = window.Strata;
  const h = S.h;
  const K = S.pageKit;
  const put = K.put;
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

  function render(main) {
    const error = h('div', {});
    const empty = h('div', {class: 'panel', hidden: true}, S.empty('No Kafka or Cassandra services.',
      h('span', {}, 'Create one with ', h('code', {}, 'strata kafka create events --brokers 3'), ' or ',
        h('code', {}, 'strata cassandra create store --nodes 3'), ', or start a pipeline that names them.')));
    const list = h('div', {class: 'stack'});
    main.append(h('div', {class: 'page-head'}, h('div', {},
      h('h1', {}, 'Services'),
      h('div', {class: 'sub'}, 'Kafka brokers and Cassandra nodes: where each runs, its state and why, and its restarts.'))),
    h('div', {class: 'stack'}, error, empty, list));

    const cards = new Map();
    const unsubscribe = K.poll(() => Promise.all(TYPES.map(t => S.api('/api/v1/' + t.type).then(all => all.map(s => ({t, s})))))
      .then(byType => {
        put(error);
        const services = byType.flat();
        empty.hidden = services.length > 0;
        const seen = new Set();
        for (const {t, s} of services) {
          const key = t.type + '/' + s.name;
          seen.add(key);
          if (!cards.has(key)) {
            cards.set(key, card(t, s));
          }
          cards.get(key).update(s);
          list.append(cards.get(key).el);
        }
        for (const [key, c] of cards) {
          if (!seen.has(key)) {
            c.close();
            c.el.remove();
            cards.delete(key);
          }
        }
      }, e => put(error, S.error(e))));
    return () => {
      unsubscribe();
      cards.forEach(c => c.close());
    };
  }

  /** One service's panel; its actions are made once so a half-typed scale count survives the refreshes. */
  function card(t, first) {
    const path = '/api/v1/' + t.type + '/' + enc(first.name);
    const head = h('div', {});
    const out = h('div', {});
    const pods = h('div', {});
    let current = first;
    // What the user opened stays open across refreshes: "why it waits" panels and restart histories.
    const ui = {why: new Map(), open: new Set(), rerender: () => put(pods, podTable(t, current, path, out, ui))};
    const count = h('input', {type: 'number', min: 1, max: 1000, 'data-test': 'scale-count', style: {width: '70px',
      font: 'inherit', padding: '6px 8px', border: '1px solid #cbd5e1', borderRadius: '6px'},
      'aria-label': 'new number of ' + t.count, value: podCount(t, first)});
    const actions = h('div', {class: 'actions'},
      h('button', {class: 'btn', 'data-test': 'action-restart', onClick: () => K.confirmed(out, 'Rolling restart',
        'Restart ' + t.title + ' ' + current.name + '? Its ' + t.count + ' restart one at a time, each after the one '
          + 'before is ready again.', () => S.api(path + '/restart', {method: 'POST', body: {}}))}, 'Rolling restart'),
      h('span', {class: 'row'}, count, h('span', {class: 'muted small'}, t.count), h('button', {class: 'btn',
        'data-test': 'action-scale', onClick: () => {
        const n = Number(count.value);
        if (!Number.isInteger(n) || n < 1) {
          K.notice(out, 'error', 'Give the new number of ' + t.count + ': a whole number from 1.');
          return;
        }
        K.confirmed(out, 'Scale', 'Scale ' + t.title + ' ' + current.name + ' from ' + podCount(t, current) + ' to ' + n
          + ' ' + t.count + '?', () => S.api(path + '/scale', {method: 'POST', body: {[t.count]: n}}));
      }}, 'Scale')));
    const el = h('section', {class: 'panel', 'data-test': 'service', 'data-service': first.name, 'data-type': t.type},
      h('div', {class: 'page-head', style: {marginBottom: '8px'}}, head, actions), out, pods);

    return {
      el,
      update(s) {
        current = s;
        el.setAttribute('data-state', s.state);
        put(head,
          h('h2', {style: {margin: 0, fontSize: '18px'}}, h('span', {class: 'muted'}, t.title + ' '), s.name, ' ',
            S.badge(s.state)),
          s.reason ? h('div', {class: 'sub'}, s.reason) : null,
          h('div', {class: 'muted small'}, [podCount(t, s) + ' ' + (podCount(t, s) === 1 ? t.podWord : t.count),
            'group ' + (s.group || 'default'),
            s.operation ? 'operation: ' + s.operation : '', t.endpoint(s)].filter(Boolean).join(' · ')));
        ui.rerender();
      },
      close() {
        ui.why.forEach(w => w.stop());
      },
    };
  }

  function podCount(t, s) {
    const configured = s.config && Number(s.config[t.count]);
    return configured || (t.type === 'kafka' ? (s.brokers || []).length : (s.nodes || []).length);
  }

  function agentHost(agentId) {
    const a = ((S.state && S.state.agents) || []).find(x => x.id === agentId);
    return a ? a.host : '';
  }

  /** A pod waiting for an offer carries what it asks of an agent (the offer analysis' body). */
  const waiting = p => !!p.demand;

  function podTable(t, s, path, out, ui) {
    const pods = t.pods(s);
    if (pods.length === 0) {
      return S.empty('No ' + t.podWord + ' placed yet.', 'They appear here as the service deploys.');
    }
    const rows = [];
    for (const p of pods) {
      const key = p.pod;
      rows.push(h('tr', {'data-test': 'pod-row', 'data-pod': p.pod, 'data-state': p.state},
        h('td', {}, h('b', {}, p.pod), h('div', {class: 'muted small'}, (p.pod.startsWith('controller') ? 'controller ' : t.podWord + ' ') + p.id)),
        h('td', {}, p.agentId ? h('a', {href: S.link('agents', p.agentId), class: 'mono small'}, p.agentId) : '–',
          p.agentId ? h('div', {class: 'muted small'}, agentHost(p.agentId)) : null),
        h('td', {class: 'mono small'}, t.address(p) || '–'),
        h('td', {}, S.badge(p.state), p.taskId ? h('div', {}, h('a', {href: S.link('tasks', p.taskId), class: 'small'}, 'task')) : null),
        h('td', {class: 'reason'}, p.reason || ''),
        h('td', {}, restarts(p, key, ui.open)),
        h('td', {class: 'nowrap'},
          waiting(p) ? h('button', {class: 'btn small', 'data-test': 'action-why', onClick: () => toggleWhy(ui, key, p.demand)},
            ui.why.has(key) ? 'Hide why' : 'Why it waits') : null, ' ',
          h('button', {class: 'btn small', 'data-test': 'action-replace', onClick: () => K.confirmed(out, 'Replace',
            'Replace ' + t.podWord + ' ' + p.id + ' (' + p.pod + ') of ' + t.title + ' ' + s.name + '? It is stopped, its '
              + 'data on ' + (p.agentId || 'its agent') + ' is dropped and it starts afresh wherever it fits.',
            () => S.api(path + '/replace/' + enc(String(p.id)), {method: 'POST', body: {}}))}, 'Replace'))));
      const panel = ui.why.get(key);
      if (panel && !waiting(p)) {
        panel.stop();
        ui.why.delete(key);
      } else if (panel) {
        rows.push(h('tr', {}, h('td', {colspan: 7}, panel.el)));
      }
    }
    return h('div', {class: 'table-scroll'}, h('table', {class: 'data', 'data-test': 'pods'},
      h('thead', {}, h('tr', {}, ['Pod', 'Agent', 'Address', 'State', 'Reason', 'Restarts', ''].map(c => h('th', {}, c)))),
      h('tbody', {}, rows)));
  }

  /** Opens (the server's offer analysis for the pod's demand, live) or closes a "why it waits" panel. */
  function toggleWhy(ui, key, demand) {
    const panel = ui.why.get(key);
    if (panel) {
      panel.stop();
      ui.why.delete(key);
    } else {
      const el = h('div', {});
      ui.why.set(key, {el, stop: S.whyWaits(el, demand)});
    }
    ui.rerender();
  }

  /** The count, and the last restarts (when, why, which task; oldest first in the API) on demand. */
  function restarts(p, key, open) {
    const history = p.restartHistory || [];
    if (history.length === 0) {
      return h('span', {class: p.restarts ? '' : 'muted'}, String(p.restarts || 0));
    }
    const details = h('details', {'data-test': 'restart-history', open: open.has(key)},
      h('summary', {style: {cursor: 'pointer'}}, String(p.restarts || history.length),
        h('span', {class: 'muted small'}, ' last ' + S.fmt.ago(history[history.length - 1].at))),
      h('ul', {class: 'small', style: {margin: '6px 0 0', paddingLeft: '18px'}}, history.slice().reverse().map(r => h('li', {},
        h('span', {class: 'muted'}, S.fmt.time(r.at)), ' ', r.reason || '',
        r.task ? h('span', {class: 'muted mono'}, ' ' + r.task) : null))));
    details.addEventListener('toggle', () => (details.open ? open.add(key) : open.delete(key)));
    return details;
  }

  S.page('services', {title: 'Services', nav: true, render});
})();
