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

  // Between refreshes the time left of each running test counts down on the page (the server's figure
  // replaces it at the next refresh; a paused test's time stands still and carries no data-seconds).
  function tick() {
    live.querySelectorAll("[data-seconds]").forEach(function (clock) {
      var left = Math.max(0, (parseInt(clock.dataset.seconds, 10) || 0) - 1);
      clock.dataset.seconds = String(left);
      clock.textContent = Math.floor(left / 3600) + ":" + String(Math.floor(left / 60) % 60).padStart(2, "0") + ":" +
        String(left % 60).padStart(2, "0");
    });
  }

  window.setInterval(refresh, seconds * 1000);
  window.setInterval(tick, 1000);
})();
