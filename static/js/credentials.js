// Credentials: the bulk-issuance progress bar moves without reloading the page.
// No inline scripts anywhere (strict CSP): everything is wired through data attributes.
(function () {
  "use strict";

  function fill(template, data) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : match;
    });
  }

  function follow(box) {
    var url = box.getAttribute("data-progress-url");
    var template = box.getAttribute("data-summary-template") || "";
    var interval = parseInt(box.getAttribute("data-interval") || "1000", 10);
    var outer = box.querySelector("[role=progressbar]");
    var bar = box.querySelector("[data-role=bar]");
    var summary = box.querySelector("[data-role=summary]");
    var status = box.querySelector("[data-role=status]");
    var done = box.querySelector("[data-role=done]");

    function show(progress) {
      var percent = Math.max(0, Math.min(100, progress.percent || 0));
      bar.style.width = percent + "%";
      bar.textContent = percent + "%";
      bar.setAttribute("data-progress", String(percent));
      outer.setAttribute("aria-valuenow", String(percent));
      if (summary && template) { summary.textContent = fill(template, progress); }
      if (status) { status.textContent = progress.status_label; }
      if (progress.finished) {
        bar.classList.remove("progress-bar-striped", "progress-bar-animated");
        bar.classList.add("bg-success");
        if (done) { done.hidden = false; }
        box.setAttribute("data-finished", "1");
      }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (progress) {
          show(progress);
          if (!progress.finished) { window.setTimeout(poll, interval); }
        })
        .catch(function () { window.setTimeout(poll, interval * 5); });
    }

    if (box.getAttribute("data-finished") !== "1") { window.setTimeout(poll, interval); }
  }

  document.querySelectorAll("[data-batch-progress]").forEach(follow);
})();
