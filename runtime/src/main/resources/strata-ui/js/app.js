/* Starts the dashboard once every page script had its chance to register (see core.js). */
(function () {
    'use strict';
    if (!window.Strata) {
        document.getElementById('main').textContent = 'The dashboard\'s core script did not load; reload the page.';
        return;
    }
    window.Strata.start();
})();
