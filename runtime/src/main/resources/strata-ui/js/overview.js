/* Overview: the cluster's resources over the last hour, its agents, tasks by state, groups against
 * their quotas and the recent warnings and failures. Every number comes from the API. */
(function () {
    'use strict';
    const S = window.Strata;
    const h = S.h;

    const STATE_ORDER = ['RUNNING', 'STAGING', 'STARTING', 'PENDING', 'KILLING', 'FINISHED', 'FAILED', 'KILLED', 'LOST'];
    const STATE_COLOURS = {RUNNING: '#16a34a', STAGING: '#0891b2', STARTING: '#0891b2', PENDING: '#d97706',
        KILLING: '#0e7490', FINISHED: '#6366f1', FAILED: '#dc2626', KILLED: '#94a3b8', LOST: '#b91c1c'};
    const FEED_SIZE = 30;

    function sum(agents, part, field) {
        return agents.reduce((acc, a) => acc + (Number(a[part] && a[part][field]) || 0), 0);
    }

    function stat(label, valueEl, hint, test) {
        return h('div', {class: 'panel stat', 'data-test': test},
            h('div', {class: 'label'}, label), h('div', {class: 'value'}, valueEl), h('div', {class: 'hint'}, hint));
    }

    function agentBars(agents) {
        return S.table([
            {label: 'Agent', value: a => h('div', null, h('a', {href: S.link('agents', a.id), class: 'mono'}, a.id),
                    h('div', {class: 'muted small'}, a.host)), text: a => a.id + ' ' + a.host},
            {label: '', value: a => S.badge(a.active ? 'ACTIVE' : 'INACTIVE')},
            {label: 'CPUs (used · offered · total)', value: a => S.bar({used: a.used.cpus, offered: a.offered.cpus,
                    total: a.total.cpus, unit: 'cpus', format: S.fmt.cpus})},
            {label: 'Memory (used · offered · total)', value: a => S.bar({used: a.used.memMb, offered: a.offered.memMb,
                    total: a.total.memMb, format: S.fmt.mem})},
            {label: 'Tasks', cls: 'num', value: a => String(a.tasks)}
        ], agents, {
            empty: S.empty('No agents have registered.', h('span', null, 'Start one with ', h('code', null, 'strata agent --master <address>'), '.')),
            rowAttrs: a => ({
                'data-test': 'agent-row', 'data-agent': a.id, class: 'clickable',
                'data-cpus-total': a.total.cpus, 'data-cpus-used': a.used.cpus,
                'data-mem-total': a.total.memMb, 'data-mem-used': a.used.memMb,
                onClick: e => {
                    if (e.target.tagName !== 'A') S.go('agents', a.id);
                }
            })
        });
    }

    function tasksByState(tasks) {
        const counts = {};
        tasks.forEach(t => (counts[t.state] = (counts[t.state] || 0) + 1));
        const states = Object.keys(counts).sort((a, b) => {
            const ia = STATE_ORDER.indexOf(a) < 0 ? 99 : STATE_ORDER.indexOf(a);
            const ib = STATE_ORDER.indexOf(b) < 0 ? 99 : STATE_ORDER.indexOf(b);
            return ia - ib;
        });
        if (tasks.length === 0) {
            return S.empty('No tasks yet.', h('span', null, 'Run one: ', h('code', null, 'strata task run --cpus 0.5 --mem 128 -- sleep 60')));
        }
        return h('div', {'data-test': 'tasks-by-state'},
            h('div', {class: 'statebar'}, states.map(st => h('div', {
                style: {width: (counts[st] / tasks.length * 100) + '%', background: STATE_COLOURS[st] || '#94a3b8'},
                title: st + ': ' + counts[st]
            }))),
            h('div', {class: 'statelist'}, states.map(st => h('a', {class: 'item', href: '#/tasks', 'data-test': 'state-count',
                    'data-state': st, onClick: () => sessionStorage.setItem('strata.tasks.state', st)},
                h('span', null, h('span', {class: 'dot', style: {background: STATE_COLOURS[st] || '#94a3b8'}}), S.badge(st)),
                h('span', {class: 'n'}, String(counts[st]))))));
    }

    function groupsView(groups) {
        if (!groups) return h('div', {class: 'muted'}, 'Loading groups…');
        if (groups.error) return S.error(groups.error);
        if (groups.length === 0) {
            return S.empty('No groups with quotas.', h('span', null, 'Tasks run in the default group. Make one with ',
                h('code', null, 'strata group create')));
        }
        return h('div', {class: 'stack', style: {gap: '12px'}}, groups.map(g => {
            const lim = g.limit || {};
            const used = g.used || {};
            return h('div', {'data-test': 'group-row', 'data-group': g.name},
                h('div', {class: 'row', style: {justifyContent: 'space-between'}}, h('strong', null, g.name),
                    h('span', {class: 'muted small'}, 'weight ' + S.fmt.num(g.weight) + (g.limit ? '' : ' · no limit'))),
                h('div', {class: 'grid cols-2', style: {gap: '12px', marginTop: '4px'}},
                    quotaBar(used.cpus, lim.cpus, 'cpus', S.fmt.cpus),
                    quotaBar(used.memMb, lim.memMb, '', S.fmt.mem)));
        }));
    }

    function quotaBar(used, limit, unit, f) {
        if (limit === undefined || limit === null || limit <= 0) {
            return h('div', {class: 'small'}, f(used || 0) + (unit ? ' ' + unit : '') + ' used', h('span', {class: 'muted'}, ' · no limit'));
        }
        const b = S.bar({used: used || 0, total: limit, unit: unit, format: f});
        if ((used || 0) >= limit) b.classList.add('full');
        else if ((used || 0) >= 0.8 * limit) b.classList.add('hot');
        return b;
    }

    function feedItem(e) {
        return h('li', {'data-test': 'event', 'data-seq': e.seq, 'data-severity': e.severity},
            h('div', {class: 'when', title: e.at}, S.fmt.time(e.at)),
            h('div', null, h('span', {class: 'sev sev-' + e.severity}),
                e.task ? h('a', {href: S.link('tasks', e.task)}, e.text) : e.text,
                h('div', {class: 'kind'}, e.kind + (e.agent ? ' · ' + e.agent : '') + (e.group ? ' · group ' + e.group : ''))));
    }

    S.page('overview', {
        title: 'Overview', nav: true,
        render(main) {
            const subs = [];
            const charts = [];
            let groups = null;
            let events = [];
            let seen = new Set();

            const statRow = h('div', {class: 'grid cols-5'});
            const cpuEl = h('div');
            const memEl = h('div');
            const diskEl = h('div');
            const agentsHolder = h('div');
            const statesHolder = h('div');
            const groupsHolder = h('div');
            const feed = h('ul', {class: 'feed', 'data-test': 'events-feed'});
            const feedEmpty = S.empty('No warnings or failures.', 'Failed and lost tasks, lost agents and master failovers show up here as they happen.');
            const agentsTable = agentBars([]);
            agentsHolder.appendChild(agentsTable);

            main.appendChild(h('div', {class: 'page-head'},
                h('div', null, h('h1', null, 'Cluster overview'), h('div', {class: 'sub', 'data-test': 'master'}, 'Connecting…')),
                h('div', {class: 'legend'}, h('span', null, h('span', {class: 'sw', style: {background: '#2563eb'}}), 'used'),
                    h('span', null, h('span', {class: 'sw', style: {background: '#93c5fd'}}), 'offered to a framework'),
                    h('span', null, h('span', {class: 'sw', style: {background: '#e8edf4'}}), 'free'))));
            main.appendChild(h('div', {class: 'stack'},
                statRow,
                h('div', {class: 'grid cols-3'},
                    h('div', {class: 'panel'}, cpuEl), h('div', {class: 'panel'}, memEl), h('div', {class: 'panel'}, diskEl)),
                h('div', {class: 'grid side'},
                    h('div', {class: 'panel'}, h('h2', null, 'Agents', h('a', {href: '#/agents', class: 'muted small'}, 'all agents →')), agentsHolder),
                    h('div', {class: 'panel'}, h('h2', null, 'Recent warnings and failures', h('span', {class: 'muted small'}, 'live')),
                        feedEmpty, feed)),
                h('div', {class: 'grid cols-2'},
                    h('div', {class: 'panel'}, h('h2', null, 'Tasks by state', h('a', {href: '#/tasks', class: 'muted small'}, 'all tasks →')), statesHolder),
                    h('div', {class: 'panel'}, h('h2', null, 'Groups and quotas'), groupsHolder))));

            const cpu = S.chart(cpuEl, {title: 'CPUs', series: [{label: 'used', color: '#2563eb', fill: 'rgba(37,99,235,.12)'},
                {label: 'total', color: '#94a3b8', dash: [5, 4]}], format: S.fmt.cpus, height: 150});
            const mem = S.chart(memEl, {title: 'Memory', series: [{label: 'used', color: '#7c3aed', fill: 'rgba(124,58,237,.12)'},
                {label: 'total', color: '#94a3b8', dash: [5, 4]}], format: S.fmt.mem, height: 150});
            const disk = S.chart(diskEl, {title: 'Disk', series: [{label: 'used', color: '#0891b2', fill: 'rgba(8,145,178,.12)'},
                {label: 'total', color: '#94a3b8', dash: [5, 4]}], format: S.fmt.mem, height: 150});
            charts.push(cpu, mem, disk);
            cpuEl.dataset.chart = 'cpus';
            memEl.dataset.chart = 'mem';
            diskEl.dataset.chart = 'disk';

            function pushPoint(p) {
                const t = p.t / 1000;
                cpu.push(t, [p.cpus_used, p.cpus_total]);
                mem.push(t, [p.mem_used_mb, p.mem_total_mb]);
                disk.push(t, [p.disk_used_mb, p.disk_total_mb]);
            }

            S.api('/api/v1/history?minutes=60').then(hist => {
                const pts = (hist && hist.points) || [];
                cpu.set(pts.map(p => [p.t / 1000, p.cpus_used, p.cpus_total]));
                mem.set(pts.map(p => [p.t / 1000, p.mem_used_mb, p.mem_total_mb]));
                disk.set(pts.map(p => [p.t / 1000, p.disk_used_mb, p.disk_total_mb]));
                subs.push(S.onHistory(pushPoint));
            }).catch(err => {
                subs.push(S.onHistory(pushPoint));
                if (err.status !== 401) cpuEl.appendChild(h('div', {class: 'muted small'}, 'History: ' + err.message));
            });

            function addEvents(list, live) {
                for (const e of list) {
                    if (seen.has(e.seq)) continue;
                    seen.add(e.seq);
                    if (e.severity !== 'warning' && e.severity !== 'error') continue;
                    events.unshift(e);
                }
                events.sort((a, b) => b.seq - a.seq);
                events = events.slice(0, FEED_SIZE);
                S.clear(feed);
                events.forEach(e => feed.appendChild(feedItem(e)));
                feedEmpty.style.display = events.length ? 'none' : '';
                if (live && events.length) feed.scrollTop = 0;
            }

            S.api('/api/v1/events?limit=500').then(r => addEvents((r && r.events) || [], false))
                .catch(err => {
                    if (err.status !== 401) feed.appendChild(h('li', null, S.error(err)));
                });
            subs.push(S.onEvent(e => addEvents([e], true)));

            function loadGroups() {
                S.api('/api/v1/groups').then(g => {
                    groups = g || [];
                    S.clear(groupsHolder).appendChild(groupsView(groups));
                }).catch(err => {
                    if (err.status === 403) {
                        S.clear(groupsHolder).appendChild(h('div', {class: 'muted'}, 'This token may not list groups.'));
                    } else if (err.status !== 401) {
                        S.clear(groupsHolder).appendChild(S.error(err));
                    }
                });
            }
            S.clear(groupsHolder).appendChild(groupsView(null));
            loadGroups();
            const groupTimer = setInterval(loadGroups, 5000);

            let lastState = null;

            function renderState(st) {
                const sig = JSON.stringify(st);
                if (sig === lastState) return;
                lastState = sig;
                const agents = st.agents || [];
                const tasks = st.tasks || [];
                const active = agents.filter(a => a.active).length;
                const cpusUsed = sum(agents, 'used', 'cpus');
                const cpusTotal = sum(agents, 'total', 'cpus');
                const memUsed = sum(agents, 'used', 'memMb');
                const memTotal = sum(agents, 'total', 'memMb');
                const running = tasks.filter(t => t.state === 'RUNNING').length;
                const pending = tasks.filter(t => t.state === 'PENDING').length;
                const failed = tasks.filter(t => t.state === 'FAILED' || t.state === 'LOST').length;
                S.clear(statRow);
                statRow.appendChild(stat('Agents', [String(active), h('small', null, ' / ' + agents.length + ' active')],
                    agents.length === active ? 'all active' : (agents.length - active) + ' inactive', 'stat-agents'));
                statRow.appendChild(stat('CPUs used', [S.fmt.cpus(cpusUsed), h('small', null, ' / ' + S.fmt.cpus(cpusTotal))],
                    cpusTotal > 0 ? Math.round(cpusUsed / cpusTotal * 100) + '% of the cluster' : 'no agents', 'stat-cpus'));
                statRow.appendChild(stat('Memory used', [S.fmt.mem(memUsed), h('small', null, ' / ' + S.fmt.mem(memTotal))],
                    memTotal > 0 ? Math.round(memUsed / memTotal * 100) + '% of the cluster' : 'no agents', 'stat-mem'));
                statRow.appendChild(stat('Tasks running', String(running), pending ? pending + ' waiting for resources' : 'none waiting', 'stat-running'));
                statRow.appendChild(stat('Failed or lost', String(failed), (st.frameworks || []).length + ((st.frameworks || []).length === 1 ? ' framework' : ' frameworks') + ' registered', 'stat-failed'));
                agentsTable.update(agents);
                S.clear(statesHolder).appendChild(tasksByState(tasks));
                const m = st.master || {};
                const head = main.querySelector('[data-test="master"]');
                if (head) {
                    head.textContent = 'Master ' + (m.address || '?') + ' · epoch ' + (m.epoch === undefined ? '?' : m.epoch)
                        + ' · leader since ' + S.fmt.time(m.leaderSince) + ' · ' + (st.offers || 0) + ' outstanding offers';
                }
            }

            subs.push(S.onState(renderState));
            if (!S.state) {
                S.api('/api/v1/state').then(st => {
                    if (!S.state) renderState(st);
                }).catch(() => {});
            }

            return () => {
                subs.forEach(u => u());
                clearInterval(groupTimer);
                charts.forEach(c => c.destroy());
            };
        }
    });
})();
