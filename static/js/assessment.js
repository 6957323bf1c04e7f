// Rubric scoring: a running weighted total as the assessor scores, the count of criteria still to score
// beside it, and autosave of each change. "Not applicable" is left out of the total and of its
// denominator, as on the server; both figures are written as the page's language writes numbers.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) { return; }
  var lang = document.documentElement.lang || "id";
  var T = lang === "en" ? { saving: "Saving…", saved: "Draft saved", offline: "Not saved yet: check the connection" }
                        : { saving: "Menyimpan…", saved: "Draf tersimpan", offline: "Belum tersimpan: periksa koneksi" };
  var lo = parseFloat(form.dataset.scaleMin), hi = parseFloat(form.dataset.scaleMax);
  var out = form.querySelector("[data-total]");
  var missing = form.querySelector("[data-missing]");
  var state = form.querySelector(".save-state");
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function total() {
    var num = 0, den = 0, unscored = 0;
    form.querySelectorAll("fieldset.criterion").forEach(function (set) {
      var checked = set.querySelector("input[type=radio]:checked");
      if (!checked) { unscored += 1; return; }
      if (checked.value === "na") { return; }
      var w = parseFloat(set.dataset.weight);
      num += w * (parseFloat(checked.value) - lo) / (hi - lo);
      den += w;
    });
    out.textContent = den ? window.portalNumber(Math.round(num / den * 10000) / 100, 2) : "—";
    if (missing) {
      var category = (plural ? plural.select(unscored) : (unscored === 1 ? "one" : "other")) === "one" ? "one" : "other";
      missing.textContent = missing.dataset[category].replace("%(n)s", window.portalNumber(unscored));
      missing.hidden = unscored === 0;
    }
  }

  var timer = null;
  function save() {
    if (!state) { return; }
    var data = new FormData(form);
    data.delete("action");
    state.textContent = T.saving;
    fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin",
                         headers: { "X-Requested-With": "XMLHttpRequest",
                                    "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value } })
      .then(function (r) { return r.json().then(function (d) { return [r.ok, d]; }); })
      .then(function (res) { state.textContent = res[0] && res[1].ok ? T.saved : (res[1].error || T.offline); })
      .catch(function () { state.textContent = T.offline; });
  }

  form.addEventListener("change", function (e) {
    if (e.target.name === "recommendation" || e.target.name === "feedback") { return; }
    total();
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  });
  total();
})();
