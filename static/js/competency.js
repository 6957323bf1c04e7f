// FR.APL.02 self-assessment (certification.competency): each unit's form is saved as it is answered
// (an answer or an evidence box changed), sent by fetch and answered in JSON. Without JavaScript each
// unit has its own Save button. Texts come translated from the page (data attributes); no inline scripts.
(function () {
  "use strict";

  function send(form) {
    var state = form.querySelector("[data-save-state]");
    if (state) { state.textContent = form.dataset.saving; }
    return fetch(form.action || window.location.href, {
      method: "POST",
      headers: { "X-Requested-With": "XMLHttpRequest" },
      body: new FormData(form),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!state) { return; }
        state.textContent = response.ok && data.ok ? form.dataset.saved + " " + data.saved_at : (data.error || "");
        var missing = document.querySelector("[data-testid=apl02-missing]");
        if (missing && response.ok && data.ok && data.missing === 0) { missing.hidden = true; }
        var summary = document.querySelector("[data-apl02-summary]");
        if (summary && data.summary) { summary.textContent = data.summary; }
        state.classList.toggle("text-danger", !(response.ok && data.ok));
      });
    }).catch(function () {
      if (state) { state.textContent = form.dataset.offline; state.classList.add("text-danger"); }
    });
  }

  document.querySelectorAll("form[data-apl02]").forEach(function (form) {
    var timer = null;
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { send(form); }, 300);
    });
  });
})();
