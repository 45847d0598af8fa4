/*
 * Strata dashboard core: window.Strata, shared by every page script. Plain JavaScript, no build step.
 *
 * Load order (index.html): uPlot, core.js (api, DOM helpers, router, page registry), stream.js (the
 * live stream), signin.js (sign-in and sign-out), widgets.js (badge, table, bar, chart, confirm,
 * whyWaits), pagekit.js (helpers the pipelines, services and Spark pages share), the page scripts
 * (overview, pipeline-graph, pipelines, services, spark, tasks, agents), app.js. A page script that
 * is missing or throws while loading only loses its own page.
 *
 * API (this file; the live stream is documented in stream.js, sign-in in signin.js, the widgets in
 * widgets.js)
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
 *   Strata.h(tag, attrs, ...children) -> Element
 *       attrs: class, style (string or object), on<Event>: function, anything else is an attribute
 *       (null/false/undefined are left out). children: strings, numbers, nodes, arrays, null (skipped).
 *   Strata.fmt.cpus(x), .mem(mb), .time(iso|millis), .ago(iso|millis), .num(x)
 *   Strata.append(el, [children]) appends as h() does; Strata.clear(el) empties an element.
 *   Strata.empty(text, hint) -> an empty-state block; Strata.error(err) -> an error block.
 *   Strata.token() -> the signed-in token or null. Strata.start() routes now and on every hash change
 *       (app.js calls it); Strata.route() renders the current hash again.
 *
 * Strata.internal (not enumerable) is not for page scripts: what core.js, stream.js and signin.js lend
 * each other (headers, setToken, forgetToken, unauthorized, whoami, runCleanup, nextRender, shell from
 * here; startShared, stopShared, statusBadge from stream.js; showSignIn, exchangeCode from signin.js).
 *
 * Test hooks: data-test="nav", "nav-<name>", "whoami", "signout", "page-<name>".
 */
(function () {
    'use strict';

    const TOKEN_KEY = 'strata.token';
    const NAV_ORDER = ['overview', 'pipelines', 'services', 'spark', 'tasks', 'agents'];
    const pages = {};
    let cleanup = null;
    let renderSeq = 0;

    const Strata = {state: null, pages: pages, whoami: null};
    const I = {};
    window.Strata = Strata;
    Object.defineProperty(Strata, 'internal', {value: I});

    function token() {
        return sessionStorage.getItem(TOKEN_KEY);
    }

    function setToken(t) {
        sessionStorage.setItem(TOKEN_KEY, t);
    }

    function forgetToken() {
        sessionStorage.removeItem(TOKEN_KEY);
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
        forgetToken();
        I.stopShared();
        I.showSignIn(message || 'Your session ended. Sign in again.');
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

    // ---- empty states and errors ----------------------------------------------------------------

    function empty(text, hint) {
        return h('div', {class: 'empty', 'data-test': 'empty'}, h('div', {class: 'empty-title'}, text),
            hint ? h('div', {class: 'empty-hint'}, hint) : null);
    }

    function errorBlock(err) {
        return h('div', {class: 'error-block', 'data-test': 'error'}, err && err.message ? err.message : String(err));
    }

    // ---- shell and router ----------------------------------------------------------------------

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
            I.statusBadge(),
            who ? h('span', {class: 'whoami', 'data-test': 'whoami', title: who.group ? 'group ' + who.group : 'all groups'},
                who.name, h('span', {class: 'role'}, who.role)) : null,
            h('button', {class: 'btn small ghost', 'data-test': 'signout', onClick: () => Strata.signOut()}, 'Sign out')]);
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
            await I.exchangeCode(params[0]);
            return;
        }
        if (name === 'signin') {
            history.replaceState(null, '', location.pathname + location.search + '#/overview');
            name = 'overview';
        }
        if (!token()) {
            I.showSignIn();
            return;
        }
        const seq = nextRender();
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
        I.startShared();
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

    /** The next render's number: a render that finds a newer one started meanwhile draws nothing. */
    function nextRender() {
        return ++renderSeq;
    }

    Object.assign(I, {headers, setToken, forgetToken, unauthorized, whoami, runCleanup, nextRender, shell});
    Object.assign(Strata, {
        api, page, go, link, start, route,
        h, append, clear, fmt, empty, error: errorBlock, token
    });
})();
