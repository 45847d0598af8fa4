/*
 * Strata dashboard core: window.Strata, shared by every page script. Plain JavaScript, no build step.
 *
 * Load order (index.html): uPlot, core.js, widgets.js (badge, table, bar, chart, confirm, whyWaits),
 * page scripts (overview, pipelines, services, spark, tasks, agents), app.js. A page script that is
 * missing or throws while loading only loses its own page.
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
 *   Strata.append(el, [children]) appends as h() does; Strata.clear(el) empties an element.
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

    let checkTimer = null;

    function startShared() {
        if (!checkTimer && token()) {
            // An open stream outlives its token; asking who we are now and then shows the sign-in form
            // soon after the token expires or is revoked (api() does so on 401).
            checkTimer = setInterval(() => {
                if (token()) api('/api/v1/whoami').then(w => (Strata.whoami = w)).catch(() => {});
            }, 15000);
        }
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
        clearInterval(checkTimer);
        checkTimer = null;
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

    // ---- empty states and errors ----------------------------------------------------------------

    function empty(text, hint) {
        return h('div', {class: 'empty', 'data-test': 'empty'}, h('div', {class: 'empty-title'}, text),
            hint ? h('div', {class: 'empty-hint'}, hint) : null);
    }

    function errorBlock(err) {
        return h('div', {class: 'error-block', 'data-test': 'error'}, err && err.message ? err.message : String(err));
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
        let {name, params} = parseHash();
        if (name === 'signin' && params[0]) {
            runCleanup();
            await exchangeCode(params[0]);
            return;
        }
        if (name === 'signin') {
            history.replaceState(null, '', location.pathname + location.search + '#/overview');
            name = 'overview';
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
        h, append, clear, fmt, empty, error: errorBlock, token
    });
})();
