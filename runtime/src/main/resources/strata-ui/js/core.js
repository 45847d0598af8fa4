/*
 * Strata dashboard core: window.Strata, shared by every page script. Plain JavaScript, no build step.
 *
 * Load order (index.html): uPlot, core.js, page scripts (overview, pipelines, services, spark, tasks,
 * agents), app.js. A page script that is missing or throws while loading only loses its own page.
 *
 * API
 *   Strata.api(path, {method, body}) -> Promise<parsed JSON>
 *       Sends the signed-in token (sessionStorage) as "Authorization: Bearer". A body that is not a
 *       string is sent as JSON. A non-2xx answer rejects with an Error whose .status is the HTTP status
 *       and whose .message is the server's "error" sentence. On 401 the token is forgotten and the
 *       sign-in form replaces the page (never data).
 *   Strata.page(name, {title, nav, render(main, params) -> optional cleanup()})
 *       Registers the route #/<name>/<param>/...; params are the decoded segments after the name.
 *       nav: true lists it in the top navigation (order: Overview, Pipelines, Services, Spark, Tasks,
 *       Agents, then others). The cleanup function runs when the page is left or re-rendered.
 *       Strata.go('tasks', id) navigates; Strata.link('tasks', id) is the href "#/tasks/<id>".
 *   Strata.onState(fn) / Strata.onEvent(fn) / Strata.onHistory(fn) -> unsubscribe()
 *       fn(data) for each "state" (what GET /api/v1/state answers), "event" (one event object) and
 *       "history" (one history point) of the ONE shared SSE connection to /api/v1/stream. onState
 *       also calls fn at once with Strata.state when a state is already known. Strata.state is the
 *       latest state. Subscriptions made in render() should be undone by its cleanup.
 *   Strata.stream(path | () => path, {onMessage(type, data), onOpen(), onError(status, message)},
 *                 {reconnect: true}) -> {close()}
 *       Any SSE route read with fetch() (so the Authorization header goes along, never the token in
 *       the URL). data is parsed JSON when it parses, else the raw text. onError(status) for a non-2xx
 *       answer; the stream retries unless reconnect is false or the status is 404 or 403.
 *   Strata.h(tag, attrs, ...children) -> Element
 *       attrs: class, style (string or object), on<Event>: function, anything else is an attribute
 *       (null/false/undefined are left out). children: strings, numbers, nodes, arrays, null (skipped).
 *   Strata.table(columns, rows, {filter, placeholder, empty, rowAttrs(row), key}) -> Element with .update(rows)
 *       columns: [{label, value(row) -> string|number|Node, text(row) -> string (what the filter
 *       matches; defaults to value's text), cls}]. filter: true adds a text filter box
 *       (data-test="table-filter") that matches any column's text; the filter survives update().
 *       empty: what to show when there are no rows (string or Node).
 *   Strata.badge(state) -> <span class="badge state-...">
 *   Strata.bar({used, offered, total, unit, format}) -> a used/offered/total bar with its numbers.
 *   Strata.chart(el, {title, series:[{label, color, fill, dash}], yLabel, height, format, minSpan, maxPoints}) ->
 *       {push(tSeconds, [v...]), set(points:[[t, v...]]), points(), destroy()} over uPlot.
 *       el gets data-test="chart" and data-points="<n>" kept current. The x axis (time) spans at least
 *       minSpan seconds (default 300) ending at the newest point; at most maxPoints (720) are kept.
 *   Strata.confirm(text, {ok, danger}) -> Promise<boolean>: a modal (data-test="confirm-modal",
 *       buttons data-test="confirm-ok" / "confirm-cancel").
 *   Strata.whyWaits(el, demandOrTaskId, {live}) -> cleanup()
 *       Renders the offer analysis (data-test="why-waits"): POST /api/v1/analysis with a demand
 *       object ({cpus, memMb, diskMb, ports, group, attributes, agent, volume}) or
 *       GET /api/v1/tasks/<id>/analysis for a task id; one row per agent (data-test="why-agent",
 *       data-agent, data-fits) naming what it lacks; refreshed live (every 3 s of state updates).
 *   Strata.fmt.cpus(x), .mem(mb), .time(iso|millis), .ago(iso|millis), .num(x)
 *   Strata.empty(text, hint) -> an empty-state block; Strata.error(err) -> an error block.
 *   Strata.signOut()
 *
 * Test hooks: data-test="signin-form", "signin-token", "signin-submit", "signin-error", "signout",
 * "whoami", "nav", "page-<name>", "stream-status".
 */
(function () {
    'use strict';

    const TOKEN_KEY = 'strata.token';
    const NAV_ORDER = ['overview', 'pipelines', 'services', 'spark', 'tasks', 'agents'];
    const pages = {};
    const listeners = {state: new Set(), event: new Set(), history: new Set()};
    let cleanup = null;
    let shared = null;
    let pollTimer = null;
    let renderSeq = 0;

    const Strata = {state: null, pages: pages, whoami: null};
    window.Strata = Strata;

    function token() {
        return sessionStorage.getItem(TOKEN_KEY);
    }

    function setToken(t) {
        sessionStorage.setItem(TOKEN_KEY, t);
    }

    // ---- DOM ----------------------------------------------------------------------------------

    function h(tag, attrs) {
        const el = document.createElement(tag);
        if (attrs) {
            for (const k of Object.keys(attrs)) {
                const v = attrs[k];
                if (v === null || v === undefined || v === false) continue;
                if (k === 'class') el.className = v;
                else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
                else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
                else if (k === 'value') el.value = v;
                else el.setAttribute(k, v === true ? '' : String(v));
            }
        }
        append(el, Array.prototype.slice.call(arguments, 2));
        return el;
    }

    function append(el, children) {
        for (const c of children) {
            if (c === null || c === undefined || c === false) continue;
            if (Array.isArray(c)) append(el, c);
            else if (c instanceof Node) el.appendChild(c);
            else el.appendChild(document.createTextNode(String(c)));
        }
    }

    function clear(el) {
        while (el.firstChild) el.removeChild(el.firstChild);
        return el;
    }

    // ---- formatting ---------------------------------------------------------------------------

    const fmt = {
        num(x, digits) {
            if (x === null || x === undefined || isNaN(x)) return '–';
            const d = digits === undefined ? 2 : digits;
            return String(Math.round(x * Math.pow(10, d)) / Math.pow(10, d));
        },
        cpus(x) {
            return fmt.num(x, 2);
        },
        mem(mb) {
            if (mb === null || mb === undefined || isNaN(mb)) return '–';
            if (Math.abs(mb) >= 1024) return fmt.num(mb / 1024, 1) + ' GB';
            return fmt.num(mb, 0) + ' MB';
        },
        time(t) {
            if (t === null || t === undefined || t === '') return '–';
            const d = new Date(t);
            return isNaN(d) ? String(t) : d.toLocaleTimeString([], {hour12: false});
        },
        ago(t) {
            const d = new Date(t);
            if (isNaN(d)) return '';
            const s = Math.max(0, Math.round((Date.now() - d.getTime()) / 1000));
            if (s < 60) return s + ' s ago';
            if (s < 3600) return Math.round(s / 60) + ' min ago';
            if (s < 86400) return Math.round(s / 3600) + ' h ago';
            return Math.round(s / 86400) + ' d ago';
        }
    };

    // ---- API ----------------------------------------------------------------------------------

    function headers(extra) {
        const hs = Object.assign({}, extra || {});
        const t = token();
        if (t) hs.Authorization = 'Bearer ' + t;
        return hs;
    }

    async function api(path, opts) {
        const o = opts || {};
        const init = {method: o.method || 'GET', headers: headers(), cache: 'no-store'};
        if (o.body !== undefined) {
            init.body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
            init.headers['Content-Type'] = 'application/json';
        }
        const res = await fetch(path, init);
        const text = await res.text();
        let body = null;
        try {
            body = text ? JSON.parse(text) : null;
        } catch (e) {
            body = text;
        }
        if (res.status === 401) {
            unauthorized(body && body.error);
        }
        if (!res.ok) {
            const err = new Error((body && body.error) || ('HTTP ' + res.status + ' from ' + path));
            err.status = res.status;
            err.body = body;
            throw err;
        }
        return body;
    }

    function unauthorized(message) {
        sessionStorage.removeItem(TOKEN_KEY);
        stopShared();
        showSignIn(message || 'Your session ended. Sign in again.');
    }

    // ---- SSE over fetch -----------------------------------------------------------------------

    function stream(path, handlers, options) {
        const hs = handlers || {};
        const opts = Object.assign({reconnect: true}, options || {});
        let closed = false;
        let ctrl = null;
        let timer = null;
        let failures = 0;

        function retry() {
            if (closed || !opts.reconnect) return;
            failures++;
            const delay = Math.min(10000, 500 * Math.pow(2, Math.min(failures, 5)));
            timer = setTimeout(connect, delay);
        }

        function dispatch(block) {
            let type = 'message';
            const data = [];
            for (const line of block.split('\n')) {
                if (line === '' || line.startsWith(':')) continue;
                const i = line.indexOf(':');
                const field = i < 0 ? line : line.slice(0, i);
                let value = i < 0 ? '' : line.slice(i + 1);
                if (value.startsWith(' ')) value = value.slice(1);
                if (field === 'event') type = value;
                else if (field === 'data') data.push(value);
            }
            if (data.length === 0) return;
            const raw = data.join('\n');
            let parsed = raw;
            try {
                parsed = JSON.parse(raw);
            } catch (e) {
                // not JSON: the raw text
            }
            try {
                hs.onMessage && hs.onMessage(type, parsed);
            } catch (e) {
                console.error('stream handler failed', e);
            }
        }

        async function connect() {
            if (closed) return;
            ctrl = new AbortController();
            const url = typeof path === 'function' ? path() : path;
            try {
                const res = await fetch(url, {headers: headers({Accept: 'text/event-stream'}), signal: ctrl.signal,
                    cache: 'no-store'});
                if (res.status === 401) {
                    closed = true;
                    let msg = null;
                    try {
                        msg = (await res.json()).error;
                    } catch (e) {
                        // no JSON body
                    }
                    unauthorized(msg);
                    return;
                }
                if (!res.ok) {
                    let msg = 'HTTP ' + res.status;
                    try {
                        const b = await res.json();
                        if (b && b.error) msg = b.error;
                    } catch (e) {
                        // no JSON body
                    }
                    hs.onError && hs.onError(res.status, msg);
                    if (res.status === 404 || res.status === 403 || res.status === 400) return;
                    retry();
                    return;
                }
                failures = 0;
                hs.onOpen && hs.onOpen();
                const reader = res.body.getReader();
                const decoder = new TextDecoder();
                let buf = '';
                for (;;) {
                    const {value, done} = await reader.read();
                    if (done) break;
                    buf += decoder.decode(value, {stream: true}).replace(/\r\n?/g, '\n');
                    let i;
                    while ((i = buf.indexOf('\n\n')) >= 0) {
                        const block = buf.slice(0, i);
                        buf = buf.slice(i + 2);
                        dispatch(block);
                    }
                }
                if (closed) return;
                hs.onDrop && hs.onDrop();
            } catch (e) {
                if (closed) return;
                hs.onDrop && hs.onDrop(e);
            }
            retry();
        }

        connect();
        return {
            close() {
                closed = true;
                clearTimeout(timer);
                if (ctrl) ctrl.abort();
            }
        };
    }

    let streamStatus = ['connecting…', 'warn'];

    function setStreamStatus(text, cls) {
        streamStatus = [text, cls];
        const el = document.querySelector('[data-test="stream-status"]');
        if (el) {
            el.textContent = text;
            el.className = 'stream-status ' + cls;
        }
    }

    function publish(type, data) {
        if (type === 'state') Strata.state = data;
        for (const fn of Array.from(listeners[type] || [])) {
            try {
                fn(data);
            } catch (e) {
                console.error(type + ' listener failed', e);
            }
        }
    }

    function startShared() {
        if (shared || pollTimer || !token()) return;
        shared = stream('/api/v1/stream', {
            onOpen() {
                setStreamStatus('live', 'ok');
            },
            onDrop() {
                setStreamStatus('reconnecting…', 'warn');
            },
            onError(status) {
                setStreamStatus('reconnecting…', 'warn');
                if (status === 404) {
                    // A node without the live stream: poll the state instead.
                    shared = null;
                    setStreamStatus('polling', 'warn');
                    pollTimer = setInterval(() => api('/api/v1/state').then(s => publish('state', s)).catch(() => {}), 2000);
                }
            },
            onMessage(type, data) {
                if (listeners[type]) publish(type, data);
            }
        });
    }

    function stopShared() {
        streamStatus = ['connecting…', 'warn'];
        if (shared) shared.close();
        shared = null;
        clearInterval(pollTimer);
        pollTimer = null;
        Strata.state = null;
    }

    function subscribe(type, fn) {
        listeners[type].add(fn);
        if (type === 'state' && Strata.state) {
            try {
                fn(Strata.state);
            } catch (e) {
                console.error('state listener failed', e);
            }
        }
        return () => listeners[type].delete(fn);
    }

    // ---- widgets ------------------------------------------------------------------------------

    function badge(state) {
        const s = state === null || state === undefined || state === '' ? 'UNKNOWN' : String(state);
        return h('span', {class: 'badge state-' + s.toLowerCase().replace(/[^a-z0-9]+/g, '-'), 'data-state': s}, s);
    }

    function cellText(node) {
        if (node === null || node === undefined) return '';
        if (node instanceof Node) return node.textContent;
        return String(node);
    }

    function table(columns, rows, options) {
        const o = options || {};
        let current = rows || [];
        let query = '';
        const tbody = h('tbody');
        const count = h('span', {class: 'table-count'});
        const head = h('thead', null, h('tr', null, columns.map(c => h('th', {class: c.cls}, c.label))));
        const tableEl = h('table', {class: 'data'}, head, tbody);
        const filterBox = o.filter ? h('input', {
            type: 'search', class: 'filter', 'data-test': 'table-filter',
            placeholder: o.placeholder || 'Filter…',
            onInput(e) {
                query = e.target.value.trim().toLowerCase();
                render();
            }
        }) : null;
        const wrap = h('div', {class: 'table-wrap'},
            o.filter ? h('div', {class: 'table-tools'}, filterBox, count) : null,
            h('div', {class: 'table-scroll'}, tableEl));

        function matches(row) {
            if (!query) return true;
            const words = query.split(/\s+/);
            const hay = columns.map(c => (c.text ? c.text(row) : cellText(c.value(row)))).join(' ').toLowerCase();
            return words.every(w => hay.includes(w));
        }

        function render() {
            clear(tbody);
            const shown = current.filter(matches);
            count.textContent = query ? shown.length + ' of ' + current.length : current.length + (current.length === 1 ? ' row' : ' rows');
            if (shown.length === 0) {
                const msg = current.length === 0 ? (o.empty || 'Nothing here yet.') : 'No rows match “' + query + '”.';
                tbody.appendChild(h('tr', {class: 'empty-row'}, h('td', {colspan: columns.length}, msg)));
                return;
            }
            for (const row of shown) {
                const attrs = o.rowAttrs ? o.rowAttrs(row) : null;
                tbody.appendChild(h('tr', attrs, columns.map(c => h('td', {class: c.cls}, c.value(row)))));
            }
        }

        let signature = null;
        wrap.update = function (next) {
            // Live pages call this every second: leave the rows (and what the user points at) alone
            // when nothing changed.
            const sig = JSON.stringify(next || []);
            if (sig === signature) return;
            signature = sig;
            current = next || [];
            render();
        };
        render();
        return wrap;
    }

    function bar(o) {
        const total = Number(o.total) || 0;
        const used = Math.max(0, Number(o.used) || 0);
        const offered = Math.max(0, Number(o.offered) || 0);
        const f = o.format || (x => fmt.num(x));
        const pct = x => total > 0 ? Math.min(100, (x / total) * 100) : 0;
        const usedPct = pct(used);
        const offeredPct = Math.min(100 - usedPct, pct(offered));
        const label = f(used) + ' / ' + f(total) + (o.unit ? ' ' + o.unit : '');
        return h('div', {class: 'bar', title: 'used ' + f(used) + (o.offered !== undefined ? ', offered ' + f(offered) : '')
                + ', total ' + f(total)},
            h('div', {class: 'bar-track'},
                h('div', {class: 'bar-used', style: {width: usedPct + '%'}}),
                o.offered !== undefined ? h('div', {class: 'bar-offered', style: {width: offeredPct + '%'}}) : null),
            h('div', {class: 'bar-label'}, h('span', {class: 'bar-numbers'}, label),
                o.offered !== undefined && offered > 0 ? h('span', {class: 'bar-extra'}, f(offered) + ' offered') : null));
    }

    function empty(text, hint) {
        return h('div', {class: 'empty', 'data-test': 'empty'}, h('div', {class: 'empty-title'}, text),
            hint ? h('div', {class: 'empty-hint'}, hint) : null);
    }

    function errorBlock(err) {
        return h('div', {class: 'error-block', 'data-test': 'error'}, err && err.message ? err.message : String(err));
    }

    const PALETTE = ['#2563eb', '#94a3b8', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2'];

    function chart(el, options) {
        const o = options || {};
        const series = o.series || [];
        const xs = [];
        const ys = series.map(() => []);
        const max = o.maxPoints || 720;
        el.setAttribute('data-test', 'chart');
        el.classList.add('chart');
        const titleEl = o.title ? h('div', {class: 'chart-title'}, o.title) : null;
        const canvasHolder = h('div', {class: 'chart-plot'});
        clear(el);
        append(el, [titleEl, canvasHolder]);
        let plot = null;
        const height = o.height || 180;
        const yfmt = o.format || (v => fmt.num(v));

        function data() {
            return [xs.slice()].concat(ys.map(a => a.slice()));
        }

        function width() {
            return Math.max(200, (el.clientWidth || 400) - 2);
        }

        function mark() {
            el.setAttribute('data-points', String(xs.length));
        }

        if (window.uPlot) {
            plot = new window.uPlot({
                width: width(), height: height,
                legend: {show: true},
                cursor: {drag: {x: false, y: false}},
                scales: {x: {time: true, auto: false}, y: {range: (u, min, mx) => [0, mx > 0 ? mx * 1.1 : 1]}},
                axes: [{stroke: '#64748b', grid: {stroke: '#eef2f7'}},
                    {label: o.yLabel, stroke: '#64748b', grid: {stroke: '#eef2f7'}, size: 76, values: (u, vals) => vals.map(yfmt)}],
                series: [{}].concat(series.map((s, i) => ({
                    label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: 2,
                    fill: s.fill, dash: s.dash, value: (u, v) => v === null || v === undefined ? '–' : yfmt(v)
                })))
            }, data(), canvasHolder);
            plot.setScale('x', xRange());
            if (window.ResizeObserver) {
                const ro = new ResizeObserver(() => plot && plot.setSize({width: width(), height: height}));
                ro.observe(el);
                el._strataResize = ro;
            }
        } else {
            canvasHolder.appendChild(h('div', {class: 'muted'}, 'Charts need uPlot (/ui/lib/uplot/uPlot.iife.min.js), which did not load.'));
        }
        mark();

        function xRange() {
            // at least minSpan seconds, ending at the newest point: a lone point is not a year-wide axis
            const end = xs.length ? xs[xs.length - 1] : Date.now() / 1000;
            const span = Math.max(o.minSpan || 300, xs.length ? end - xs[0] : 0);
            return {min: end - span, max: end + span * 0.01};
        }

        function redraw() {
            if (plot) {
                plot.setData(data());
                plot.setScale('x', xRange());
            }
            mark();
        }

        return {
            push(t, values) {
                if (xs.length && t <= xs[xs.length - 1]) return;
                xs.push(t);
                values.forEach((v, i) => ys[i] && ys[i].push(v === undefined ? null : v));
                while (xs.length > max) {
                    xs.shift();
                    ys.forEach(a => a.shift());
                }
                redraw();
            },
            set(points) {
                xs.length = 0;
                ys.forEach(a => (a.length = 0));
                for (const p of points.slice(-max)) {
                    xs.push(p[0]);
                    ys.forEach((a, i) => a.push(p[i + 1] === undefined ? null : p[i + 1]));
                }
                redraw();
            },
            points() {
                return xs.length;
            },
            destroy() {
                if (el._strataResize) el._strataResize.disconnect();
                if (plot) plot.destroy();
                plot = null;
            }
        };
    }

    function confirmModal(text, options) {
        const o = options || {};
        return new Promise(resolve => {
            const prev = document.activeElement;
            let done = false;
            function close(answer) {
                if (done) return;
                done = true;
                document.removeEventListener('keydown', onKey);
                overlay.remove();
                if (prev && prev.focus) prev.focus();
                resolve(answer);
            }
            function onKey(e) {
                if (e.key === 'Escape') close(false);
            }
            const ok = h('button', {class: 'btn ' + (o.danger === false ? 'primary' : 'danger'), 'data-test': 'confirm-ok',
                onClick: () => close(true)}, o.ok || 'Confirm');
            const overlay = h('div', {class: 'modal-overlay', onClick: e => {
                if (e.target === overlay) close(false);
            }}, h('div', {class: 'modal', role: 'dialog', 'aria-modal': 'true', 'data-test': 'confirm-modal'},
                h('div', {class: 'modal-title'}, o.title || 'Are you sure?'),
                h('div', {class: 'modal-text'}, text),
                h('div', {class: 'modal-actions'},
                    h('button', {class: 'btn', 'data-test': 'confirm-cancel', onClick: () => close(false)}, 'Cancel'), ok)));
            document.body.appendChild(overlay);
            document.addEventListener('keydown', onKey);
            ok.focus();
        });
    }

    const RESOURCE_NAMES = {cpus: 'cpus', mem: 'memory', disk: 'disk', ports: 'ports', volume: 'volume',
        constraint: 'constraint', quota: 'group quota', inactive: 'inactive'};

    function whyWaits(el, demandOrTaskId, options) {
        const o = Object.assign({live: true}, options || {});
        let stopped = false;
        let inFlight = false;
        let last = 0;
        el.setAttribute('data-test', 'why-waits');
        el.classList.add('why-waits');
        clear(el).appendChild(h('div', {class: 'muted'}, 'Asking the cluster which agents could take it…'));

        function request() {
            if (typeof demandOrTaskId === 'string') {
                return api('/api/v1/tasks/' + encodeURIComponent(demandOrTaskId) + '/analysis');
            }
            return api('/api/v1/analysis', {method: 'POST', body: demandOrTaskId});
        }

        function demandText(d) {
            if (!d) return '';
            const parts = [];
            if (d.cpus !== undefined) parts.push(fmt.cpus(d.cpus) + ' cpus');
            if (d.memMb !== undefined) parts.push(fmt.mem(d.memMb));
            if (d.diskMb) parts.push(fmt.mem(d.diskMb) + ' disk');
            if (d.ports) parts.push(d.ports + (d.ports === 1 ? ' port' : ' ports'));
            if (d.group) parts.push('group ' + d.group);
            if (d.agent) parts.push('on ' + d.agent);
            if (d.volume) parts.push('volume ' + d.volume);
            if (d.attributes) Object.keys(d.attributes).forEach(k => parts.push(k + '=' + d.attributes[k]));
            return parts.join(' · ');
        }

        function render(a) {
            const agents = a.agents || [];
            const rows = agents.map(ag => {
                const lacks = ag.lacks || [];
                const free = ag.free || {};
                return h('tr', {'data-test': 'why-agent', 'data-agent': ag.id, 'data-fits': String(!!ag.fits),
                        class: ag.fits ? 'fits' : 'lacks'},
                    h('td', null, h('a', {href: '#/agents/' + encodeURIComponent(ag.id)}, ag.id),
                        h('div', {class: 'muted small'}, ag.host || '')),
                    h('td', null, ag.fits ? h('span', {class: 'badge state-running'}, 'fits')
                        : h('span', {class: 'badge state-failed'}, ag.active === false ? 'inactive' : 'lacks')),
                    h('td', {class: 'num'}, fmt.cpus(free.cpus)),
                    h('td', {class: 'num'}, fmt.mem(free.memMb)),
                    h('td', {class: 'num'}, fmt.mem(free.diskMb)),
                    h('td', {class: 'num'}, free.ports === undefined ? '–' : String(free.ports)),
                    h('td', null, lacks.length === 0 ? h('span', {class: 'muted'}, ag.fits ? 'nothing: it can run here' : '')
                        : h('ul', {class: 'lacks-list'}, lacks.map(l => h('li', {'data-test': 'why-lack', 'data-resource': l.resource},
                            h('span', {class: 'lack-tag lack-' + l.resource}, RESOURCE_NAMES[l.resource] || l.resource),
                            ' ', l.text || '')))));
            });
            const group = a.group;
            clear(el);
            append(el, [
                h('div', {class: 'why-summary', 'data-test': 'why-summary'}, a.summary || ''),
                a.demand ? h('div', {class: 'muted small'}, 'Asks for ' + demandText(a.demand)) : null,
                group && group.blocked ? h('div', {class: 'why-group', 'data-test': 'why-group'},
                    h('span', {class: 'lack-tag lack-quota'}, 'group quota'), ' ', group.blocked) : null,
                agents.length === 0 ? empty('No agents to consider.', 'Start an agent: strata agent --master <address>.')
                    : h('table', {class: 'data why-table'},
                        h('thead', null, h('tr', null, ['Agent', '', 'Free cpus', 'Free mem', 'Free disk', 'Free ports', 'What it lacks']
                            .map(t => h('th', null, t)))),
                        h('tbody', null, rows)),
                h('div', {class: 'muted small'}, 'Updated ' + fmt.time(Date.now()) + '. Resources offered to another framework count as not free.')
            ]);
        }

        function refresh() {
            if (stopped || inFlight) return;
            inFlight = true;
            last = Date.now();
            request().then(a => {
                if (!stopped) render(a);
            }).catch(err => {
                if (stopped) return;
                if (err.status === 404 || err.status === 409) {
                    clear(el).appendChild(h('div', {class: 'muted', 'data-test': 'why-none'}, err.message));
                } else {
                    clear(el).appendChild(errorBlock(err));
                }
            }).finally(() => {
                inFlight = false;
            });
        }

        refresh();
        const unsub = o.live ? subscribe('state', () => {
            if (Date.now() - last >= 3000) refresh();
        }) : () => {};
        return function () {
            stopped = true;
            unsub();
        };
    }

    // ---- sign-in and shell --------------------------------------------------------------------

    function shell() {
        return {
            nav: document.getElementById('nav'),
            main: document.getElementById('main'),
            user: document.getElementById('user')
        };
    }

    function runCleanup() {
        if (cleanup) {
            try {
                cleanup();
            } catch (e) {
                console.error('page cleanup failed', e);
            }
        }
        cleanup = null;
        document.querySelectorAll('.modal-overlay').forEach(m => m.remove());
    }

    function showSignIn(message) {
        runCleanup();
        renderSeq++;
        const s = shell();
        document.body.classList.add('signed-out');
        clear(s.nav);
        clear(s.user);
        clear(s.main);
        document.title = 'Sign in · Strata';
        const input = h('input', {type: 'password', id: 'token', name: 'token', autocomplete: 'off', spellcheck: 'false',
            placeholder: 'stk_…', 'data-test': 'signin-token'});
        const errorEl = h('div', {class: 'signin-error', 'data-test': 'signin-error', role: 'alert'}, message || '');
        if (!message) errorEl.style.display = 'none';
        const form = h('form', {class: 'signin', 'data-test': 'signin-form', onSubmit: e => {
            e.preventDefault();
            const t = input.value.trim();
            if (!t) {
                errorEl.textContent = 'Enter a token: create one with "strata token create", or open the link "strata ui" prints.';
                errorEl.style.display = '';
                return;
            }
            signInWith(t).catch(err => {
                errorEl.textContent = err.message;
                errorEl.style.display = '';
            });
        }},
            h('div', {class: 'signin-logo'}, h('span', {class: 'logo-mark'}), 'Strata'),
            h('h1', null, 'Sign in to the dashboard'),
            h('p', {class: 'muted'}, 'Paste an API token, or run ', h('code', null, 'strata ui --open'),
                ' for a one-time sign-in link.'),
            h('label', {for: 'token'}, 'Token'),
            input,
            errorEl,
            h('button', {type: 'submit', class: 'btn primary', 'data-test': 'signin-submit'}, 'Sign in'),
            h('p', {class: 'muted small'}, 'The token stays in this browser tab only (session storage).'));
        s.main.appendChild(h('div', {class: 'signin-wrap'}, form));
        input.focus();
    }

    async function whoami() {
        const res = await fetch('/api/v1/whoami', {headers: headers(), cache: 'no-store'});
        let body = null;
        try {
            body = await res.json();
        } catch (e) {
            // no JSON body
        }
        if (!res.ok) {
            const err = new Error((body && body.error) || ('The node answered HTTP ' + res.status + '.'));
            err.status = res.status;
            throw err;
        }
        return body;
    }

    async function signInWith(t) {
        setToken(t);
        try {
            Strata.whoami = await whoami();
        } catch (err) {
            sessionStorage.removeItem(TOKEN_KEY);
            throw new Error(err.status === 401 ? 'That token was not accepted: ' + err.message : err.message);
        }
        if (!location.hash || location.hash.startsWith('#/signin')) {
            history.replaceState(null, '', location.pathname + location.search + '#/overview');
        }
        route();
    }

    async function exchangeCode(code) {
        // The code must not stay in the address bar or the history.
        history.replaceState(null, '', location.pathname + location.search + '#/overview');
        let res;
        let body = null;
        try {
            res = await fetch('/api/v1/ui/signin', {method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({code: code}), cache: 'no-store'});
            body = await res.json();
        } catch (e) {
            showSignIn('The sign-in link could not be checked: ' + e.message);
            return;
        }
        if (!res.ok || !body || !body.token) {
            sessionStorage.removeItem(TOKEN_KEY);
            showSignIn('This sign-in link did not work: ' + ((body && body.error) || 'HTTP ' + res.status)
                + ' Run "strata ui" for a new one.');
            return;
        }
        try {
            await signInWith(body.token);
        } catch (err) {
            showSignIn(err.message);
        }
    }

    function signOut() {
        sessionStorage.removeItem(TOKEN_KEY);
        Strata.whoami = null;
        stopShared();
        history.replaceState(null, '', location.pathname + location.search + '#/overview');
        showSignIn('Signed out.');
    }

    function renderNav(current) {
        const s = shell();
        clear(s.nav);
        const names = Object.keys(pages).filter(n => pages[n].nav);
        names.sort((a, b) => {
            const ia = NAV_ORDER.indexOf(a) < 0 ? 99 : NAV_ORDER.indexOf(a);
            const ib = NAV_ORDER.indexOf(b) < 0 ? 99 : NAV_ORDER.indexOf(b);
            return ia - ib || a.localeCompare(b);
        });
        for (const n of names) {
            s.nav.appendChild(h('a', {href: '#/' + n, class: n === current ? 'active' : null, 'data-test': 'nav-' + n},
                pages[n].title || n));
        }
        clear(s.user);
        const who = Strata.whoami;
        append(s.user, [
            h('span', {class: 'stream-status ' + streamStatus[1], 'data-test': 'stream-status'}, streamStatus[0]),
            who ? h('span', {class: 'whoami', 'data-test': 'whoami', title: who.group ? 'group ' + who.group : 'all groups'},
                who.name, h('span', {class: 'role'}, who.role)) : null,
            h('button', {class: 'btn small ghost', 'data-test': 'signout', onClick: signOut}, 'Sign out')]);
    }

    function parseHash() {
        const hash = location.hash.replace(/^#\/?/, '');
        const parts = hash.split('/').filter(p => p !== '').map(p => {
            try {
                return decodeURIComponent(p);
            } catch (e) {
                return p;
            }
        });
        return {name: parts[0] || 'overview', params: parts.slice(1)};
    }

    async function route() {
        const {name, params} = parseHash();
        if (name === 'signin' && params[0]) {
            runCleanup();
            await exchangeCode(params[0]);
            return;
        }
        if (!token()) {
            showSignIn();
            return;
        }
        const seq = ++renderSeq;
        if (!Strata.whoami) {
            try {
                Strata.whoami = await whoami();
            } catch (err) {
                if (err.status === 401) {
                    unauthorized(err.message);
                } else {
                    clear(shell().main).appendChild(errorBlock(err));
                }
                return;
            }
            if (seq !== renderSeq) return;
        }
        document.body.classList.remove('signed-out');
        startShared();
        runCleanup();
        const page = pages[name] || pages.overview;
        renderNav(page === pages[name] ? name : 'overview');
        const main = clear(shell().main);
        const holder = h('div', {class: 'page', 'data-test': 'page-' + (pages[name] ? name : 'overview')});
        main.appendChild(holder);
        if (!page) {
            holder.appendChild(empty('No pages loaded.', 'The dashboard\'s scripts did not load; reload the page.'));
            return;
        }
        document.title = (page.title || name) + ' · Strata';
        if (!pages[name]) {
            holder.appendChild(h('div', {class: 'notice'}, 'There is no page "' + name + '"; here is the overview.'));
        }
        try {
            const c = page.render(holder, params);
            cleanup = typeof c === 'function' ? c : null;
        } catch (err) {
            console.error(err);
            holder.appendChild(errorBlock(err));
        }
    }

    function page(name, def) {
        pages[name] = def;
    }

    function go() {
        location.hash = '#/' + Array.prototype.slice.call(arguments).map(p => encodeURIComponent(p)).join('/');
    }

    function link() {
        return '#/' + Array.prototype.slice.call(arguments).map(p => encodeURIComponent(p)).join('/');
    }

    function start() {
        window.addEventListener('hashchange', route);
        route();
    }

    Object.assign(Strata, {
        api, stream, page, go, link, start, route, signOut,
        onState: fn => subscribe('state', fn),
        onEvent: fn => subscribe('event', fn),
        onHistory: fn => subscribe('history', fn),
        h, clear, table, badge, bar, chart, confirm: confirmModal, whyWaits, fmt, empty, error: errorBlock,
        token
    });
})();
