// Application wizard: essay character counters with a warning below the minimum, and autosave that keeps a copy on the device while the
// connection is down (uploads with a progress bar are portal.js's `form[data-upload]`). No inline scripts: the CSP forbids them.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "id";
  var T = lang === "en"
    ? { saving: "Saving…", saved: "Saved", offline: "Offline: kept on this device", chars: "characters", restored: "Restored an unsaved draft from this device." }
    : { saving: "Menyimpan…", saved: "Tersimpan", offline: "Luring: disimpan di perangkat ini", chars: "karakter", restored: "Draf yang belum tersimpan dipulihkan dari perangkat ini." };

  function csrf(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- essays: counters and autosave ------------------------------------------------------------
  function counter(area) {
    var out = document.getElementById(area.id + "_count");
    if (!out) { return; }
    var n = area.value.length, min = +area.dataset.min || 0, max = +area.dataset.max || 0;
    out.textContent = n + (max ? " / " + max : "") + " " + T.chars;
    out.classList.toggle("text-danger", (min && n > 0 && n < min) || (max && n > max));
    out.classList.toggle("text-success", n >= min && (!max || n <= max));
    // Below the minimum: said at once beside the field (the text comes translated from the page).
    var warning = document.getElementById(area.id + "_short");
    if (warning && warning.dataset.short) {
      var length = area.value.trim().length;
      var short = min > 0 && length > 0 && length < min;
      warning.hidden = !short;
      if (short) {
        warning.textContent = warning.dataset.short.replace("%(n)s", window.portalNumber(length)).replace("%(min)s", window.portalNumber(min));
      }
    }
  }

  function stateOf(area) { return area.closest(".essay").querySelector(".save-state"); }

  function save(area) {
    var key = area.dataset.storageKey;
    var body = new URLSearchParams();
    body.set("text", area.value);
    stateOf(area).textContent = T.saving;
    return fetch(area.dataset.autosave, {
      method: "POST",
      headers: { "X-CSRFToken": csrf(area.form), "X-Requested-With": "XMLHttpRequest" },
      body: body,
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok && data.ok) {
          localStorage.removeItem(key);
          stateOf(area).textContent = T.saved + " " + data.saved_at;
        } else {
          stateOf(area).textContent = (data.error || "");
        }
      });
    }).catch(function () {
      stateOf(area).textContent = T.offline;
    });
  }

  document.querySelectorAll("textarea[data-min]").forEach(function (area) {
    counter(area);
    area.addEventListener("input", function () { counter(area); });
    if (!area.dataset.autosave) { return; }
    var key = area.dataset.storageKey;
    var kept = localStorage.getItem(key);
    if (kept !== null && kept !== area.value) {
      area.value = kept;
      counter(area);
      stateOf(area).textContent = T.restored;
      save(area);
    }
    var timer = null;
    area.addEventListener("input", function () {
      localStorage.setItem(key, area.value);
      clearTimeout(timer);
      timer = setTimeout(function () { save(area); }, 1200);
    });
    area.addEventListener("blur", function () {
      if (localStorage.getItem(key) !== null) { clearTimeout(timer); save(area); }
    });
  });

  window.addEventListener("online", function () {
    document.querySelectorAll("textarea[data-autosave]").forEach(function (area) {
      if (localStorage.getItem(area.dataset.storageKey) !== null) { save(area); }
    });
  });
})();
