// Small progressive enhancements. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";
  // portalNumber(66.666, 2) -> "66,67" on an Indonesian page, "66.67" on an English one: every figure a
  // script computes or receives goes through it, as the server's figures go through Django's
  // localisation (digits not grouped, as there). `digits` omitted: as many decimals as the value has.
  window.portalNumber = function (value, digits) {
    var n = typeof value === "number" ? value : parseFloat(value);
    if (!isFinite(n)) { return "—"; }
    var options = { useGrouping: false };
    if (digits !== undefined) { options.minimumFractionDigits = digits; options.maximumFractionDigits = digits; }
    try { return new Intl.NumberFormat(document.documentElement.lang || "id", options).format(n); }
    catch (e) { return digits === undefined ? String(n) : n.toFixed(digits); }
  };
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
  // <div data-show-if="outcome=change">: shown only while its form's field `outcome` has that value (a
  // checked radio button or a select's value); without scripts every part stays visible.
  function refreshShown(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (part) {
      var rule = part.getAttribute("data-show-if").split("=");
      var field = form.elements.namedItem(rule[0]);
      var value = field ? (field.value !== undefined ? field.value : "") : "";
      part.hidden = value !== rule[1];
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-show-if]")) { return; }
    refreshShown(form);
    form.addEventListener("change", function () { refreshShown(form); });
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

  // <input type=file multiple> in a form[data-upload] with a [data-role=upload-files] list: the files go
  // one per request, one after the other, each with its own row (name, progress bar, then "uploaded" or
  // the server's reason, from data-uploaded-message / data-waiting-message); each success is a
  // "portal:uploaded" event (detail: the JSON answer). The page reloads at the end only when a success
  // was not taken by a page script; nothing typed elsewhere on the page is lost either way.
  function uploadEach(form, input, list) {
    var failed = form.dataset.failedMessage || uploadFailed;
    var offline = form.dataset.offlineMessage || failed;
    var button = form.querySelector("button[type=submit]") || { disabled: false };
    var error = form.querySelector(".upload-error");
    var reload = false;
    if (error) { error.textContent = ""; }
    list.textContent = "";
    var rows = Array.prototype.map.call(input.files, function (file) {
      var row = document.createElement("li");
      row.className = "upload-file";
      var name = document.createElement("span");
      name.className = "upload-file-name";
      name.textContent = file.name;
      var wrap = document.createElement("div");
      wrap.className = "progress upload-file-progress";
      wrap.setAttribute("role", "progressbar");
      wrap.setAttribute("aria-label", file.name);
      wrap.setAttribute("aria-valuemin", "0");
      wrap.setAttribute("aria-valuemax", "100");
      wrap.setAttribute("aria-valuenow", "0");
      var bar = document.createElement("div");
      bar.className = "progress-bar";
      wrap.appendChild(bar);
      var status = document.createElement("span");
      status.className = "upload-file-status text-body-secondary";
      status.textContent = form.dataset.waitingMessage || "";
      row.appendChild(name); row.appendChild(wrap); row.appendChild(status);
      list.appendChild(row);
      return { file: file, row: row, wrap: wrap, bar: bar, status: status };
    });
    var field = input.name;
    input.value = "";
    button.disabled = true;
    function settle(item, ok, text) {
      item.row.classList.add(ok ? "is-uploaded" : "is-refused");
      item.status.className = "upload-file-status " + (ok ? "text-success" : "text-danger");
      item.status.textContent = text;
      item.wrap.classList.add("d-none");  // done: the status says how it went
    }
    function next(index) {
      if (index >= rows.length) {
        button.disabled = false;
        if (reload) {
          var card = form.closest("[id]");
          if (card) { window.location.hash = card.id; }
          window.location.reload();
        }
        return;
      }
      var item = rows[index];
      if (!navigator.onLine) { settle(item, false, offline); next(index + 1); return; }
      var data = new FormData(form);
      data.delete(field);
      data.append(field, item.file, item.file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("X-CSRFToken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var pct = Math.round((e.loaded / e.total) * 100);
          item.bar.style.width = pct + "%";
          item.wrap.setAttribute("aria-valuenow", String(pct));
        }
      });
      xhr.addEventListener("load", function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {}; }
        var file = (answer.files || [])[0] || {};
        if (xhr.status === 200 && answer.ok) {
          settle(item, true, form.dataset.uploadedMessage || "✓");
          var done = new CustomEvent("portal:uploaded", { detail: answer, cancelable: true });
          if (form.dispatchEvent(done)) { reload = true; }
        } else {
          settle(item, false, file.error || answer.error || failed);
        }
        next(index + 1);
      });
      xhr.addEventListener("error", function () { settle(item, false, offline); next(index + 1); });
      xhr.send(data);
    }
    next(0);
  }

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files.length || !window.FormData) { return; }
      var list = form.querySelector("[data-role=upload-files]");
      if (input.multiple && list) { event.preventDefault(); uploadEach(form, input, list); return; }
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

  // Every POST form sent as a page (not by a script) carries a submission key, for
  // portal/core/repeat.py: the same form sent again from this page with the same data and the same
  // button carries the same key, and the server answers it with the first sending's result (a double
  // click on "Book a seat" books one seat and shows it). A changed answer or another button is a new key.
  var pageKey = (function () {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  })();
  function digest(text) {  // FNV-1a, 32 bits: tells sendings apart, nothing secret
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0; }
    return hash.toString(16);
  }
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.getAttribute || (form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    var parts = [form.getAttribute("action") || window.location.pathname, Array.prototype.indexOf.call(document.forms, form)];
    var submitter = event.submitter;
    if (submitter && submitter.name) { parts.push(submitter.name + "=" + submitter.value); }
    new FormData(form).forEach(function (value, name) {
      if (name === "_submission" || name === "csrfmiddlewaretoken") { return; }
      parts.push(name + "=" + (typeof value === "string" ? value : [value.name, value.size, value.lastModified].join(":")));
    });
    var input = form.querySelector("input[name=_submission]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "_submission";
      form.appendChild(input);
    }
    input.value = pageKey + "-" + digest(parts.join("\n"));
  });
})();
