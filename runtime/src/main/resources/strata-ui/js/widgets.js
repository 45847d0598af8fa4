/* The dashboard's widgets on window.Strata (documented in core.js): badge, table, bar, chart over
 * uPlot, the confirm modal and the "why it waits" offer analysis. */
(function () {
    'use strict';
    const Strata = window.Strata;
    const {h, append, clear, fmt, api, empty} = Strata;
    const errorBlock = Strata.error;

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
        const unsub = o.live ? Strata.onState(() => {
            if (Date.now() - last >= 3000) refresh();
        }) : () => {};
        return function () {
            stopped = true;
            unsub();
        };
    }

    Object.assign(Strata, {badge, table, bar, chart, confirm: confirmModal, whyWaits});
})();
