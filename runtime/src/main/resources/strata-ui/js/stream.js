/*
 * The dashboard's live data on window.Strata (loads after core.js): an SSE reader over fetch() and the
 * ONE shared connection to /api/v1/stream that every page subscribes to.
 *
 * API
 *   Strata.onState(fn) / Strata.onEvent(fn) / Strata.onHistory(fn) -> unsubscribe()
 *       fn(data) for each "state" (what GET /api/v1/state answers), "event" (one event object) and
 *       "history" (one history point) of the ONE shared SSE connection to /api/v1/stream. onState
 *       also calls fn at once with Strata.state when a state is already known. Strata.state is the
 *       latest state. Subscriptions made in render() should be undone by its cleanup.
 *       A node without the stream (404) is polled for its state every 2 s instead; while signed in,
 *       GET /api/v1/whoami every 15 s shows the sign-in form soon after the token expires.
 *   Strata.stream(path | () => path, {onMessage(type, data), onOpen(), onError(status, message)},
 *                 {reconnect: true}) -> {close()}
 *       Any SSE route read with fetch() (so the Authorization header goes along, never the token in
 *       the URL). data is parsed JSON when it parses, else the raw text. onError(status) for a non-2xx
 *       answer; the stream retries unless reconnect is false or the status is 404, 403 or 400.
 *
 * Test hooks: data-test="stream-status" (live, reconnecting…, polling).
 */
(function () {
    'use strict';

    const Strata = window.Strata;
    const I = Strata.internal;
    const {api, h, token} = Strata;
    const headers = I.headers;
    const listeners = {state: new Set(), event: new Set(), history: new Set()};
    let shared = null;
    let pollTimer = null;

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
                    I.unauthorized(msg);
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

    /** The stream's status for the top bar (core.js's renderNav), kept current by setStreamStatus. */
    function statusBadge() {
        return h('span', {class: 'stream-status ' + streamStatus[1], 'data-test': 'stream-status'}, streamStatus[0]);
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

    Object.assign(I, {startShared, stopShared, statusBadge});
    Object.assign(Strata, {
        stream,
        onState: fn => subscribe('state', fn),
        onEvent: fn => subscribe('event', fn),
        onHistory: fn => subscribe('history', fn)
    });
})();
