// Strata.pageKit: the helpers the pipelines, services and Spark pages share (loads after core.js,
// stream.js and widgets.js, before those pages):
//   poll(load) -> unsubscribe()   calls load now and on state ticks, one at a time, at most every 2 s
//   put(el, ...children)          replaces el's children (null, undefined and false left out)
//   notice(el, kind, text)        a result line under the actions (data-test="action-result", data-kind)
//   confirmed(out, label, question, call, danger) -> Promise: asks, runs call, says how it went in out
//   num(v)                        a count with thousands separators, '–' for none
(function () {
  'use strict';
  const S = window.Strata;
  const h = S.h;

  /** Re-reads at most this often however fast the state ticks come. */
  const REFRESH_MS = 2000;
  const num = v => v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US');

  /**
   * Calls {@code load} now and on state ticks, never two at once nor more often than REFRESH_MS;
   * returns the unsubscribe.
   */
  function poll(load) {
    let busy = false;
    let last = 0;
    const run = () => {
      if (busy || Date.now() - last < REFRESH_MS) {
        return;
      }
      busy = true;
      last = Date.now();
      Promise.resolve().then(load).catch(e => console.error(e)).finally(() => { busy = false; });
    };
    run();
    return S.onState(run);
  }

  /** Replaces {@code el}'s children, leaving out null, undefined and false as Strata.h does. */
  function put(el, ...children) {
    el.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
  }

  /** A result line under the actions: working…, done or why it failed. */
  function notice(el, kind, text) {
    put(el, text ? h('div', {class: kind === 'error' ? 'error-block' : 'notice', 'data-test': 'action-result',
      'data-kind': kind}, text) : '');
  }

  /** Asks, then runs {@code call} and says how it went in {@code out}. */
  function confirmed(out, label, question, call, danger) {
    return S.confirm(question, {ok: label, danger: danger !== false}).then(ok => {
      if (!ok) {
        return undefined;
      }
      notice(out, 'working', label + '…');
      return Promise.resolve().then(call).then(() => notice(out, 'done', label + ': accepted; the states below follow it.'),
        e => notice(out, 'error', label + ' failed: ' + e.message));
    });
  }

  S.pageKit = {poll, confirmed, notice, num, put};
})();
