// Accreditation: answers saved as they are given (self-assessment and on-site scoring), with a queue on
// the device (localStorage) so a bad connection loses nothing; photos uploaded as taken; small form helpers.
// No inline scripts: the CSP forbids them. Texts come from the page (#acc-i18n), already translated.
(function () {
  "use strict";
  var QUEUE_KEY = "accreditation-queue-v1";
  var holder = document.getElementById("acc-i18n");
  var T = {
    saving: "…", saved: "✓", offline: "offline", restored: "", failed: "!", uploaded: "✓",
    online: "", pending: "", photoOffline: "offline"
  };
  if (holder) {
    Object.keys(holder.dataset).forEach(function (k) { T[k] = holder.dataset[k]; });
  }

  function csrf(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- the queue on the device ------------------------------------------------------------------
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "{}"); } catch (e) { return {}; }
  }
  function saveQueue(queue) {
    try { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); } catch (e) { /* storage full or off */ }
  }
  function pendingCount() { return Object.keys(loadQueue()).length; }

  var forms = {};
  document.querySelectorAll("form[data-autosave]").forEach(function (form) { forms[form.dataset.storageKey] = form; });

  function stateOf(form) { return form && form.querySelector(".save-state"); }
  function say(form, text) { var el = stateOf(form); if (el) { el.textContent = text; } }

  function showConnection() {
    var el = document.querySelector("[data-role=connection]");
    if (!el) { return; }
    var n = pendingCount();
    if (n) {
      el.textContent = (navigator.onLine ? "" : (T.offlineShort || T.offline) + " · ") + n + " " + T.pending;
      el.classList.add("text-warning-emphasis");
    } else {
      el.textContent = navigator.onLine ? T.online : (T.offlineShort || T.offline);
      el.classList.remove("text-warning-emphasis");
    }
  }

  function updateProgress(data) {
    if (typeof data.percent === "number") {
      document.querySelectorAll("[data-testid=percent]").forEach(function (el) { el.textContent = data.percent + "%"; });
    }
    if (data.standards) {
      Object.keys(data.standards).forEach(function (number) {
        var pair = data.standards[number];
        document.querySelectorAll("[data-standard='" + number + "'] [data-role=count]").forEach(function (el) {
          el.textContent = pair[0] + "/" + pair[1];
        });
      });
    }
    if (typeof data.done === "number") {
      var done = document.querySelector("[data-role=done]");
      var bar = document.querySelector("[data-role=bar]");
      if (done) { done.textContent = data.done; }
      if (bar && data.total) {
        bar.style.width = Math.round(100 * data.done / data.total) + "%";
        bar.parentNode.setAttribute("aria-valuenow", String(data.done));
      }
    }
  }

  // The on-site scoring page's "n/N scored" follows the answers as they are given, before (and without)
  // the server's answer: a card counts once one of its scores (or "not applicable") is chosen.
  function countScored() {
    if (!document.querySelector("[data-score-bar]")) { return; }
    var done = 0, total = 0;
    Object.keys(forms).forEach(function (key) {
      var form = forms[key];
      if (!form.querySelector("input[type=radio][name=score]")) { return; }
      total += 1;
      if (form.querySelector("input[type=radio][name=score]:checked")) { done += 1; }
    });
    updateProgress({ done: done, total: total });
  }

  function enqueue(form, name, value) {
    var queue = loadQueue();
    var id = form.dataset.storageKey + "|" + name;
    queue[id] = { url: form.action, key: form.dataset.storageKey, name: name, value: value, at: Date.now(),
                  stamp: form.hasAttribute("data-stamp") };
    saveQueue(queue);
    return id;
  }

  var sending = {};
  function send(id) {
    var entry = loadQueue()[id];
    if (!entry || sending[id]) { return Promise.resolve(); }
    var form = forms[entry.key];
    var body = new URLSearchParams();
    body.set(entry.name, entry.value);
    if (entry.stamp) { body.set("at", String(entry.at)); }
    sending[id] = true;
    say(form, T.saving);
    return fetch(entry.url, {
      method: "POST",
      headers: { "X-CSRFToken": csrf(form), "X-Requested-With": "XMLHttpRequest" },
      body: body,
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        delete sending[id];
        if (response.status >= 500 || response.status === 0) { throw new Error("server"); }
        var queue = loadQueue();
        if (queue[id] && queue[id].at === entry.at) { delete queue[id]; saveQueue(queue); }
        if (response.ok && data.ok) {
          say(form, T.saved + (data.saved_at ? " " + data.saved_at : ""));
          updateProgress(data);
          countScored();  // answers still waiting on the device count too
        } else {
          say(form, data.error || T.failed);
          if (form) { form.classList.add("acc-error"); }
        }
        showConnection();
      });
    }).catch(function () {
      delete sending[id];
      say(form, T.offline);
      showConnection();
    });
  }

  function flush() {
    Object.keys(loadQueue()).forEach(function (id) { if (navigator.onLine !== false) { send(id); } });
    showConnection();
  }

  function valueOf(input) {
    if (input.type === "checkbox") { return input.checked ? "true" : "false"; }
    return input.value;
  }

  function restore(form, name, value) {
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.type === "radio") { input.checked = input.value === value; }
      else if (input.type === "checkbox") { input.checked = value === "true"; }
      else { input.value = value; }
    });
  }

  // --- autosaved forms ----------------------------------------------------------------------------
  Object.keys(forms).forEach(function (key) {
    var form = forms[key];
    var timers = {};
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.name || input.type === "file" || input.tagName === "TEXTAREA") { return; }
      form.classList.remove("acc-error");
      // A score and "not applicable" exclude each other (self-assessment form).
      if (input.type === "radio") {
        form.querySelectorAll("input[type=checkbox][name$='not_applicable']").forEach(function (box) { box.checked = false; });
      } else if (input.type === "checkbox" && input.checked) {
        form.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = false; });
      }
      send(enqueue(form, input.name, valueOf(input)));
      countScored();
    });
    form.querySelectorAll("textarea").forEach(function (area) {
      area.addEventListener("input", function () {
        var id = enqueue(form, area.name, area.value);
        say(form, T.saving);
        clearTimeout(timers[area.name]);
        timers[area.name] = setTimeout(function () { send(id); }, 900);
      });
      area.addEventListener("blur", function () {
        var id = key + "|" + area.name;
        if (loadQueue()[id]) { clearTimeout(timers[area.name]); send(id); }
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var ids = [];
      var seen = {};
      form.querySelectorAll("input[name], textarea[name]").forEach(function (input) {
        if (input.type === "hidden" || input.type === "file" || seen[input.name]) { return; }
        if (input.type === "radio") {
          var checked = form.querySelector("input[type=radio][name='" + input.name + "']:checked");
          seen[input.name] = true;
          if (checked) { ids.push(enqueue(form, input.name, checked.value)); }
          return;
        }
        seen[input.name] = true;
        ids.push(enqueue(form, input.name, valueOf(input)));
      });
      ids.forEach(send);
    });
  });

  // Answers given while offline (or before a reload) come back into the page and are sent again.
  (function () {
    var queue = loadQueue();
    Object.keys(queue).forEach(function (id) {
      var entry = queue[id];
      var form = forms[entry.key];
      if (form) { restore(form, entry.name, entry.value); say(form, T.restored); }
    });
    countScored();
  })();
  window.addEventListener("online", flush);
  window.addEventListener("offline", showConnection);
  setInterval(function () { if (pendingCount()) { flush(); } }, 15000);
  flush();

  // --- uploads: progress and errors are portal.js's `form[data-upload]`; here the messages, and photos
  // that go up as soon as they are taken and appear as thumbnails without a reload.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.dataset.failedMessage = T.failed;
    if (T.uploaded) { form.dataset.uploadedMessage = T.uploaded; }
    if (T.waiting) { form.dataset.waitingMessage = T.waiting; }
    if (form.hasAttribute("data-evidence")) {
      // Evidence files (several at once): each stored file joins the list above at once, no reload.
      form.addEventListener("portal:uploaded", function (event) {
        var list = form.parentNode.querySelector("[data-role=evidence-list]");
        if (!list) { return; }
        event.preventDefault();
        var empty = list.querySelector("[data-role=empty]");
        if (empty) { empty.remove(); }
        (event.detail.files || []).forEach(function (file) {
          if (file.ok && file.html) { list.insertAdjacentHTML("beforeend", file.html); }
        });
        updateProgress(event.detail);
      });
      return;
    }
    if (!form.hasAttribute("data-photo")) { return; }
    form.dataset.offlineMessage = T.photoOffline;
    var button = form.querySelector("[data-upload-button]");
    if (button) { button.classList.add("d-none"); }
    var input = form.querySelector("input[type=file]");
    input.addEventListener("change", function () {
      if (this.files.length) { form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true })); }
    });
    form.addEventListener("portal:uploaded", function (event) {
      event.preventDefault();
      var data = event.detail;
      var photos = form.parentNode.querySelector("[data-role=photos]");
      var link = document.createElement("a");
      link.href = data.url; link.target = "_blank"; link.rel = "noopener";
      var img = document.createElement("img");
      img.src = data.url; img.alt = data.name; img.className = "acc-thumb";
      link.appendChild(img);
      photos.appendChild(link);
      input.value = "";
    });
  });

  // --- LKS form: the Kemenkumham decree only for a legal entity ---------------------------------------
  document.querySelectorAll("form[data-legal-form]").forEach(function (form) {
    var decree = form.querySelector("[data-decree]");
    function toggle() {
      var chosen = form.querySelector("input[name$='legal_form']:checked");
      if (decree) { decree.classList.toggle("d-none", !!chosen && chosen.value === "ormas"); }
    }
    form.addEventListener("change", function (event) { if (event.target.name && /legal_form$/.test(event.target.name)) { toggle(); } });
    toggle();
  });
})();
