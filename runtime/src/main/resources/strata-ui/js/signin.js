/*
 * Signing in and out of the dashboard on window.Strata (loads after core.js and stream.js): the
 * sign-in form, the one-time code of a "strata ui" link exchanged for a token, and sign-out. The
 * token is kept in this browser tab's session storage only.
 *
 * API
 *   Strata.signOut() forgets the token, closes the live stream and shows the sign-in form.
 *   Strata.whoami is who the token belongs to ({name, role, group}), null when signed out.
 *
 * Test hooks: data-test="signin-form", "signin-token", "signin-submit", "signin-error".
 */
(function () {
    'use strict';

    const Strata = window.Strata;
    const I = Strata.internal;
    const {h, clear, route} = Strata;

    function showSignIn(message) {
        I.runCleanup();
        I.nextRender();
        const s = I.shell();
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

    async function signInWith(t) {
        I.setToken(t);
        try {
            Strata.whoami = await I.whoami();
        } catch (err) {
            I.forgetToken();
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
            I.forgetToken();
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
        I.forgetToken();
        Strata.whoami = null;
        I.stopShared();
        history.replaceState(null, '', location.pathname + location.search + '#/overview');
        showSignIn('Signed out.');
    }

    Object.assign(I, {showSignIn, exchangeCode});
    Strata.signOut = signOut;
})();
