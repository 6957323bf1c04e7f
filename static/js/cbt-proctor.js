/* The proctor console (docs/cbt.md): the candidates' part of the page is fetched again every few
   seconds and put in place, unless the proctor is in the middle of something there (an open
   "Add time…" or "End the test…", or focus in one of its fields). No inline script (strict CSP). */
(function () {
  "use strict";
  var live = document.getElementById("proctor-live");
  if (!live) { return; }
  var seconds = parseInt(live.dataset.refreshSeconds, 10) || 10;

  function busy() {
    if (live.querySelector("details[open]")) { return true; }
    var active = document.activeElement;
    return !!(active && live.contains(active) && active.matches("input, textarea, select, button, summary"));
  }

  function refresh() {
    if (busy() || document.hidden) { return; }
    fetch(live.dataset.liveUrl, { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (response) { return response.ok && !response.redirected ? response.text() : null; })
      .then(function (html) { if (html !== null && !busy()) { live.innerHTML = html; } })
      .catch(function () { /* offline: the next round tries again */ });
  }

  window.setInterval(refresh, seconds * 1000);
})();
