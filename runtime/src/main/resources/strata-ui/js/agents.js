/* Agents: every agent with its resources (used, offered, total), attributes and whether it is active;
 * an agent's page with its tasks. */
(function () {
    'use strict';
    const S = window.Strata;
    const h = S.h;

    function attrs(a) {
        const keys = Object.keys(a.attributes || {});
        if (keys.length === 0) return h('span', {class: 'muted'}, 'none');
        return h('div', {class: 'attrs'}, keys.sort().map(k => h('span', {class: 'attr'}, k + '=' + a.attributes[k])));
    }

    function resourceBars(a) {
        return {
            cpus: S.bar({used: a.used.cpus, offered: a.offered.cpus, total: a.total.cpus, unit: 'cpus', format: S.fmt.cpus}),
            mem: S.bar({used: a.used.memMb, offered: a.offered.memMb, total: a.total.memMb, format: S.fmt.mem}),
            disk: S.bar({used: a.used.diskMb, offered: a.offered.diskMb, total: a.total.diskMb, format: S.fmt.mem})
        };
    }

    S.page('agents', {
        title: 'Agents', nav: true,
        render(main, params) {
            if (params[0]) return renderAgent(main, params[0]);
            const table = S.table([
                {label: 'Agent', value: a => h('div', null, h('a', {href: S.link('agents', a.id), class: 'mono'}, a.id),
                        h('div', {class: 'muted small'}, a.host)), text: a => a.id + ' ' + a.host},
                {label: 'State', value: a => S.badge(a.active ? 'ACTIVE' : 'INACTIVE')},
                {label: 'CPUs', value: a => resourceBars(a).cpus},
                {label: 'Memory', value: a => resourceBars(a).mem},
                {label: 'Disk', value: a => resourceBars(a).disk},
                {label: 'Ports', cls: 'small mono', value: a => a.total.ports || '[]'},
                {label: 'Attributes', value: attrs, text: a => Object.keys(a.attributes || {}).map(k => k + '=' + a.attributes[k]).join(' ')},
                {label: 'Tasks', cls: 'num', value: a => String(a.tasks)}
            ], [], {
                filter: true, placeholder: 'Filter by id, host or attribute…',
                empty: S.empty('No agents have registered.', h('span', null, 'Start one with ', h('code', null, 'strata agent --master <address>'),
                    ', or a local cluster with ', h('code', null, 'strata up'), '.')),
                rowAttrs: a => ({'data-test': 'agent-row', 'data-agent': a.id, class: 'clickable',
                    'data-cpus-total': a.total.cpus, 'data-cpus-used': a.used.cpus,
                    'data-mem-total': a.total.memMb, 'data-mem-used': a.used.memMb,
                    onClick: e => {
                        if (e.target.tagName !== 'A') S.go('agents', a.id);
                    }})
            });
            const sub = h('div', {class: 'sub'}, 'Loading…');
            main.appendChild(h('div', {class: 'page-head'}, h('div', null, h('h1', null, 'Agents'), sub),
                h('div', {class: 'legend'}, h('span', null, h('span', {class: 'sw', style: {background: '#2563eb'}}), 'used'),
                    h('span', null, h('span', {class: 'sw', style: {background: '#93c5fd'}}), 'offered to a framework'))));
            main.appendChild(h('div', {class: 'panel'}, table));

            function onState(st) {
                const agents = st.agents || [];
                const active = agents.filter(a => a.active).length;
                sub.textContent = agents.length + (agents.length === 1 ? ' agent' : ' agents') + ', ' + active + ' active';
                table.update(agents);
            }
            const unsub = S.onState(onState);
            if (!S.state) S.api('/api/v1/agents').then(as => {
                if (!S.state) onState({agents: as});
            }).catch(() => {});
            return unsub;
        }
    });

    function renderAgent(main, id) {
        const head = h('div', {class: 'page-head'});
        const detail = h('div', {class: 'panel'});
        const tasks = S.table([
            {label: 'Task', value: t => h('div', null, h('a', {href: S.link('tasks', t.id), class: 'mono'}, t.id),
                    h('div', {class: 'small'}, t.name)), text: t => t.id + ' ' + t.name},
            {label: 'Framework', value: t => t.framework},
            {label: 'Group', value: t => t.group},
            {label: 'State', value: t => S.badge(t.state), text: t => t.state},
            {label: 'Resources', cls: 'nowrap', value: t => S.fmt.cpus((t.resources || {}).cpus) + ' cpus · ' + S.fmt.mem((t.resources || {}).memMb)},
            {label: 'Reason', cls: 'reason', value: t => t.reason || ''}
        ], [], {
            filter: true,
            empty: S.empty('No tasks on this agent.', 'Tasks placed here show up as soon as they are launched.'),
            rowAttrs: t => ({'data-test': 'task-row', 'data-task': t.id, class: 'clickable',
                onClick: e => {
                    if (e.target.tagName !== 'A') S.go('tasks', t.id);
                }})
        });
        main.appendChild(h('div', {class: 'crumbs'}, h('a', {href: '#/agents'}, 'Agents'), ' / ', id));
        main.appendChild(head);
        main.appendChild(h('div', {class: 'stack'}, detail,
            h('div', {class: 'panel'}, h('h2', null, 'Tasks on this agent'), tasks)));

        let last = null;

        function onState(st) {
            const a = (st.agents || []).find(x => x.id === id);
            const sig = JSON.stringify([a, (st.tasks || []).filter(t => t.agentId === id)]);
            if (sig === last) return;
            last = sig;
            S.clear(head);
            S.clear(detail);
            if (!a) {
                head.appendChild(h('h1', null, 'Agent ' + id));
                detail.appendChild(S.empty('No agent with id ' + id + '.', 'It may have been removed; see all agents.'));
                tasks.update([]);
                return;
            }
            head.appendChild(h('div', null, h('h1', null, a.id, ' ', S.badge(a.active ? 'ACTIVE' : 'INACTIVE')),
                h('div', {class: 'sub'}, a.host)));
            const bars = resourceBars(a);
            detail.setAttribute('data-test', 'agent-detail');
            detail.setAttribute('data-agent', a.id);
            detail.appendChild(h('div', {class: 'grid cols-3'},
                h('div', null, h('div', {class: 'panel-title'}, 'CPUs'), bars.cpus),
                h('div', null, h('div', {class: 'panel-title'}, 'Memory'), bars.mem),
                h('div', null, h('div', {class: 'panel-title'}, 'Disk'), bars.disk)));
            detail.appendChild(h('div', {style: {height: '14px'}}));
            detail.appendChild(h('dl', {class: 'kv'},
                h('dt', null, 'Host'), h('dd', null, a.host),
                h('dt', null, 'Ports'), h('dd', {class: 'mono'}, a.total.ports || '[]'),
                h('dt', null, 'Attributes'), h('dd', null, attrs(a)),
                h('dt', null, 'Offered now'), h('dd', null, S.fmt.cpus(a.offered.cpus) + ' cpus · ' + S.fmt.mem(a.offered.memMb)
                    + ' (held by a framework deciding whether to use them)'),
                h('dt', null, 'Tasks'), h('dd', null, String(a.tasks))));
            tasks.update((st.tasks || []).filter(t => t.agentId === id));
        }
        const unsub = S.onState(onState);
        if (!S.state) S.api('/api/v1/state').then(st => {
            if (!S.state) onState(st);
        }).catch(() => {});
        return unsub;
    }
})();
