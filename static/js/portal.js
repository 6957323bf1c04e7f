// Small progressive enhancements. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";
  // <form data-confirm="Are you sure?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  // <div data-progress="42">: set a progress bar's width (inline styles are forbidden by the CSP).
  document.querySelectorAll("[data-progress]").forEach(function (bar) {
    bar.style.width = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-progress")) || 0)) + "%";
  });
  // <select data-autosubmit>: submit its form on change.
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form && el.form.submit(); });
  });
  // <form data-upload>: send the file with a progress bar (.progress/.progress-bar), show a refusal in
  // .upload-error. On success the form receives a cancelable "portal:uploaded" event (detail: the JSON
  // answer); unless a page script cancels it, the page reloads at the form's card. Messages may come
  // from data-failed-message / data-offline-message on the form.
  var uploadFailed = document.documentElement.lang === "en" ? "Upload failed." : "Unggahan gagal.";
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files.length || !window.FormData) { return; }
      event.preventDefault();
      var bar = form.querySelector(".progress-bar");
      var wrap = form.querySelector(".progress");
      var error = form.querySelector(".upload-error");
      var button = form.querySelector("button[type=submit]") || { disabled: false };
      var failed = form.dataset.failedMessage || uploadFailed;
      var offline = form.dataset.offlineMessage || failed;
      error.textContent = "";
      if (!navigator.onLine) { error.textContent = offline; return; }
      wrap.classList.remove("d-none");
      button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("X-CSRFToken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var pct = Math.round((e.loaded / e.total) * 100);
          bar.style.width = pct + "%";
          wrap.setAttribute("aria-valuenow", String(pct));
        }
      });
      xhr.addEventListener("load", function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
        button.disabled = false;
        wrap.classList.add("d-none");
        if (xhr.status === 200 && data.ok) {
          var done = new CustomEvent("portal:uploaded", { detail: data, cancelable: true });
          if (form.dispatchEvent(done)) {
            var card = form.closest("[id]");
            if (card) { window.location.hash = card.id; }
            window.location.reload();
          }
          return;
        }
        error.textContent = data.error || failed;
      });
      xhr.addEventListener("error", function () {
        button.disabled = false;
        wrap.classList.add("d-none");
        error.textContent = offline;
      });
      xhr.send(new FormData(form));
    });
  });
})();
