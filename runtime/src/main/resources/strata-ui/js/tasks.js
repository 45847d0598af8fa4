/* Tasks: the filterable table of every task (waiting ad-hoc tasks included) and a task's page with
 * its details, reason history, live stdout/stderr tail, why it waits, and a kill button. */
(function () {
    'use strict';
    const S = window.Strata;
    const h = S.h;
    const TERMINAL = ['FINISHED', 'FAILED', 'KILLED', 'LOST'];
    const FILTERS = [
        {key: 'all', label: 'All', test: () => true},
        {key: 'active', label: 'Active', test: t => TERMINAL.indexOf(t.state) < 0},
        {key: 'RUNNING', label: 'Running', test: t => t.state === 'RUNNING'},
        {key: 'PENDING', label: 'Waiting', test: t => t.state === 'PENDING' || t.state === 'STAGING' || t.state === 'STARTING'},
        {key: 'FAILED', label: 'Failed or lost', test: t => t.state === 'FAILED' || t.state === 'LOST'},
        {key: 'done', label: 'Ended', test: t => TERMINAL.indexOf(t.state) >= 0}
    ];
    const LOG_LINES = 2000;

    function isTerminal(state) {
        return TERMINAL.indexOf(state) >= 0;
    }

    function where(t) {
        if (!t.agentId) return h('span', {class: 'muted'}, t.state === 'PENDING' ? 'not placed yet' : '–');
        return h('div', null, h('a', {href: S.link('agents', t.agentId), class: 'mono'}, t.agentId),
            t.host ? h('div', {class: 'muted small'}, t.host) : null);
    }

    function res(t) {
        const r = t.resources || {};
        return S.fmt.cpus(r.cpus) + ' cpus · ' + S.fmt.mem(r.memMb);
    }

    function sortTasks(tasks) {
        const rank = t => (t.state === 'PENDING' ? 0 : isTerminal(t.state) ? 2 : 1);
        return tasks.slice().sort((a, b) => rank(a) - rank(b) || String(b.updatedAt).localeCompare(String(a.updatedAt)));
    }

    S.page('tasks', {
        title: 'Tasks', nav: true,
        render(main, params) {
            if (params[0]) return renderTask(main, params[0]);
            let filter = sessionStorage.getItem('strata.tasks.state') || 'all';
            sessionStorage.removeItem('strata.tasks.state');
            if (!FILTERS.some(f => f.key === filter)) {
                filter = filter === 'LOST' ? 'FAILED' : (filter === 'STAGING' || filter === 'STARTING') ? 'PENDING' : 'all';
            }
            let all = [];
            const chips = h('div', {class: 'chips'});
            const table = S.table([
                {label: 'Task', value: t => h('div', null, h('a', {href: S.link('tasks', t.id), class: 'mono'}, t.id),
                        h('div', {class: 'small'}, t.name)), text: t => t.id + ' ' + t.name},
                {label: 'Framework', value: t => t.framework},
                {label: 'Group', value: t => t.group},
                {label: 'State', value: t => S.badge(t.state), text: t => t.state},
                {label: 'Agent', value: where, text: t => (t.agentId || '') + ' ' + (t.host || '')},
                {label: 'Resources', cls: 'nowrap', value: res},
                {label: 'Reason', cls: 'reason', value: t => t.reason || ''}
            ], [], {
                filter: true, placeholder: 'Filter by id, name, framework, group, state, agent or reason…',
                empty: S.empty('No tasks.', h('span', null, 'Run one with ', h('code', null, 'strata task run --cpus 0.5 --mem 128 -- sleep 60'),
                    ' or deploy a service.')),
                rowAttrs: t => ({'data-test': 'task-row', 'data-task': t.id, 'data-state': t.state, class: 'clickable',
                    onClick: e => {
                        if (e.target.tagName !== 'A') S.go('tasks', t.id);
                    }})
            });

            function renderChips() {
                S.clear(chips);
                FILTERS.forEach(f => chips.appendChild(h('button', {class: 'chip' + (f.key === filter ? ' active' : ''),
                        'data-test': 'state-filter', 'data-filter': f.key, onClick: () => {
                        filter = f.key;
                        renderChips();
                        update();
                    }}, f.label, h('span', {class: 'count'}, String(all.filter(f.test).length)))));
            }

            function update() {
                const f = FILTERS.find(x => x.key === filter) || FILTERS[0];
                table.update(sortTasks(all.filter(f.test)));
            }

            main.appendChild(h('div', {class: 'page-head'},
                h('div', null, h('h1', null, 'Tasks'), h('div', {class: 'sub'}, 'Every task of every framework, and ad-hoc tasks still waiting for resources.')),
                chips));
            main.appendChild(h('div', {class: 'panel'}, table));
            renderChips();

            function onState(st) {
                all = st.tasks || [];
                renderChips();
                update();
            }
            const unsub = S.onState(onState);
            if (!S.state) S.api('/api/v1/tasks').then(ts => {
                if (!S.state) onState({tasks: ts});
            }).catch(() => {});
            return unsub;
        }
    });

    function logTail(id, stream) {
        const pre = h('pre', {class: 'log-tail ' + stream, 'data-test': 'log-tail', 'data-stream': stream});
        const status = h('span', {class: 'muted', 'data-test': 'log-status'}, 'connecting…');
        const box = h('div', null, h('div', {class: 'log-head'}, h('strong', null, stream), status), pre);
        let lines = 0;
        let conn = null;
        let started = false;
        let ended = false;

        function note(text) {
            pre.appendChild(h('span', {class: 'log-note'}, text + '\n'));
        }

        function addText(text) {
            const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 30;
            pre.appendChild(document.createTextNode(text));
            lines += (text.match(/\n/g) || []).length;
            while (lines > LOG_LINES && pre.firstChild) {
                const first = pre.firstChild;
                lines -= ((first.textContent || '').match(/\n/g) || []).length;
                pre.removeChild(first);
            }
            if (atBottom) pre.scrollTop = pre.scrollHeight;
        }

        function start() {
            if (conn || ended) return;
            let opened = false;
            conn = S.stream(() => '/api/v1/tasks/' + encodeURIComponent(id) + '/logs/stream?stream=' + stream
                    + '&from=' + (opened ? 'end' : 'start'), {
                onOpen() {
                    if (opened) note('— reconnected; lines written while disconnected may be missing —');
                    opened = true;
                    status.textContent = 'live';
                },
                onDrop() {
                    status.textContent = 'reconnecting…';
                },
                onError(code, message) {
                    status.textContent = code === 404 ? 'no log yet' : 'unavailable';
                    if (code === 404) {
                        conn = null;
                        if (!started) {
                            S.clear(pre);
                            note(message);
                        }
                    }
                },
                onMessage(type, data) {
                    if (type === 'log') {
                        if (!started) S.clear(pre);
                        started = true;
                        addText(typeof data === 'string' ? data : data.text || '');
                    } else if (type === 'end') {
                        ended = true;
                        status.textContent = 'task ended';
                        note('— end of ' + stream + ' —');
                        conn.close();
                    }
                }
            });
        }

        return {
            el: box,
            start: start,
            waiting() {
                S.clear(pre);
                note('The task waits for resources: it has no ' + stream + ' yet.');
                status.textContent = 'waiting';
            },
            close() {
                if (conn) conn.close();
                conn = null;
            }
        };
    }

    function renderTask(main, id) {
        const subs = [];
        let task = null;
        let why = null;
        let logsStarted = false;
        const head = h('div', {class: 'page-head'});
        const details = h('dl', {class: 'kv', 'data-test': 'task-details'});
        const reasonBox = h('div', {class: 'reason-box', 'data-test': 'task-reason'});
        const whyPanel = h('div', {class: 'panel', style: {display: 'none'}},
            h('h2', null, 'Why it waits', h('span', {class: 'muted small'}, 'offer analysis, live')));
        const whyEl = h('div');
        whyPanel.appendChild(whyEl);
        const history = h('ul', {class: 'feed', 'data-test': 'reason-history'});
        const historyEmpty = h('div', {class: 'muted small'}, 'No state changes recorded yet.');
        const stdout = logTail(id, 'stdout');
        const stderr = logTail(id, 'stderr');
        const seen = new Set();
        let gone = false;

        main.appendChild(h('div', {class: 'crumbs'}, h('a', {href: '#/tasks'}, 'Tasks'), ' / ', id));
        main.appendChild(head);
        main.appendChild(h('div', {class: 'stack'},
            h('div', {class: 'grid side'},
                h('div', {class: 'panel'}, h('h2', null, 'Details'), reasonBox, h('div', {style: {height: '12px'}}), details),
                h('div', {class: 'panel'}, h('h2', null, 'Reason history'), historyEmpty, history)),
            whyPanel,
            h('div', {class: 'panel'}, h('h2', null, 'Logs', h('span', {class: 'muted small'}, 'live tail')),
                h('div', {class: 'logs'}, stdout.el, stderr.el))));

        function renderHead(t) {
            S.clear(head);
            const mayKill = !S.whoami || S.whoami.role !== 'viewer';
            const kill = !isTerminal(t.state) && mayKill ? h('button', {class: 'btn danger', 'data-test': 'action-kill', onClick: () => {
                S.confirm('Kill task ' + t.id + ' (' + t.name + ')? It gets SIGTERM, then SIGKILL after the grace period.',
                    {ok: 'Kill task', title: 'Kill this task?'}).then(ok => {
                    if (!ok) return;
                    S.api('/api/v1/tasks/' + encodeURIComponent(t.id), {method: 'DELETE'})
                        .then(r => flash('Kill requested: ' + (r && r.state ? r.state : 'accepted') + '.'))
                        .catch(err => flash(err.message, true));
                });
            }}, 'Kill') : null;
            append(head, [h('div', null, h('h1', null, t.name || t.id, ' ', S.badge(t.state)),
                h('div', {class: 'sub mono'}, t.id)), h('div', {class: 'actions'}, kill)]);
        }

        function append(el, kids) {
            kids.forEach(k => k && el.appendChild(k));
        }

        function flash(text, bad) {
            const n = h('div', {class: bad ? 'error-block' : 'notice', 'data-test': 'flash'}, text);
            head.after(n);
            setTimeout(() => n.remove(), 6000);
        }

        function kv(label, value) {
            return [h('dt', null, label), h('dd', null, value)];
        }

        let shown = null;

        function render(t) {
            const sig = JSON.stringify(t);
            if (sig === shown) return;
            shown = sig;
            const prev = task;
            task = t;
            renderHead(t);
            reasonBox.className = 'reason-box state-' + String(t.state).toLowerCase();
            reasonBox.textContent = t.reason || 'No reason given.';
            S.clear(details);
            const r = t.resources || {};
            [kv('State', S.badge(t.state)),
                kv('Framework', t.framework + (t.frameworkId && t.frameworkId !== t.framework ? ' (' + t.frameworkId + ')' : '')),
                kv('Group', t.group),
                kv('Agent', where(t)),
                kv('Resources', S.fmt.cpus(r.cpus) + ' cpus · ' + S.fmt.mem(r.memMb) + ' memory · ' + S.fmt.mem(r.diskMb) + ' disk'
                    + (r.ports && r.ports !== '[]' ? ' · ports ' + r.ports : '')),
                kv('Command', h('code', null, (t.command || []).join(' '))),
                kv('PID', t.pid === null || t.pid === undefined ? '–' : String(t.pid)),
                kv('Exit code', t.exitCode === null || t.exitCode === undefined ? '–' : String(t.exitCode)),
                kv('Updated', S.fmt.time(t.updatedAt) + ' (' + S.fmt.ago(t.updatedAt) + ')')
            ].forEach(pair => append(details, pair));

            const waiting = t.state === 'PENDING';
            whyPanel.style.display = waiting ? '' : 'none';
            if (waiting && !why) {
                why = S.whyWaits(whyEl, t.id);
            } else if (!waiting && why) {
                why();
                why = null;
            }
            if (waiting && !t.agentId) {
                if (!prev) {
                    stdout.waiting();
                    stderr.waiting();
                }
            } else if (!logsStarted) {
                logsStarted = true;
                stdout.start();
                stderr.start();
            }
        }

        function addHistory(list) {
            for (const e of list) {
                if (e.task !== id || seen.has(e.seq)) continue;
                seen.add(e.seq);
                history.insertBefore(h('li', {'data-test': 'reason-event', 'data-seq': e.seq},
                    h('div', {class: 'when', title: e.at}, S.fmt.time(e.at)),
                    h('div', null, e.state ? S.badge(e.state) : null, ' ', e.text)), history.firstChild);
            }
            historyEmpty.style.display = seen.size ? 'none' : '';
        }

        function fromState(st) {
            const t = (st.tasks || []).find(x => x.id === id);
            if (t) {
                gone = false;
                render(t);
            } else if (task && !gone) {
                gone = true;
                flash('The task is no longer in the cluster\'s state (a cancelled waiting task, or one that ended long ago).');
            }
        }

        S.api('/api/v1/tasks/' + encodeURIComponent(id)).then(t => {
            if (!task) render(t);
            subs.push(S.onState(fromState));
        }).catch(err => {
            if (err.status === 401) return;
            S.clear(head).appendChild(h('h1', null, 'Task ' + id));
            head.after(err.status === 404 ? S.empty('No task with id ' + id + '.', h('span', null, 'It may have been cancelled. ',
                h('a', {href: '#/tasks'}, 'Back to tasks'))) : S.error(err));
            subs.push(S.onState(fromState));
        });
        S.api('/api/v1/events?task=' + encodeURIComponent(id) + '&limit=200')
            .then(r => addHistory((r && r.events) || []))
            .catch(err => {
                if (err.status !== 401) historyEmpty.textContent = 'Reason history unavailable: ' + err.message;
            });
        subs.push(S.onEvent(e => addHistory([e])));

        return () => {
            subs.forEach(u => u());
            if (why) why();
            stdout.close();
            stderr.close();
        };
    }
})();
