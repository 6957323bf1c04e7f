// Exam stage: check-in with the camera (BarcodeDetector) or a typed code, score autosave, plenary
// hints, select-all, print and the session form's mode switch. No inline scripts. (Confirmations
// and auto-submitting selects come from portal.js.)
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var lang = document.documentElement.lang || "id";
  var T = lang === "en"
    ? { saving: "Saving…", failed: "Not saved: no connection. Your entries stay here; try again.", camera: "The camera could not be opened. Type the code instead.", present: "present of" }
    : { saving: "Menyimpan…", failed: "Belum tersimpan: tidak ada koneksi. Isian tetap di sini; coba lagi.", camera: "Kamera tidak dapat dibuka. Ketik kodenya saja.", present: "hadir dari" };

  function csrf(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- print ------------------------------------------------------------------------------------
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // --- select all checkboxes of a field ---------------------------------------------------------
  document.querySelectorAll("[data-select-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var boxes = document.querySelectorAll("input[type=checkbox][name=" + button.dataset.selectAll + "]");
      var all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
      boxes.forEach(function (b) { b.checked = !all; });
    });
  });

  // --- session form: show the fields of the chosen mode --------------------------------------------
  var modeInputs = document.querySelectorAll("input[name=mode]");
  function showMode() {
    var checked = document.querySelector("input[name=mode]:checked");
    var mode = checked ? checked.value : "in_person";
    document.querySelectorAll("[data-show-for]").forEach(function (el) {
      el.classList.toggle("d-none", el.dataset.showFor !== mode);
    });
  }
  if (modeInputs.length) {
    modeInputs.forEach(function (input) { input.addEventListener("change", showMode); });
    showMode();
  }

  // --- check-in ------------------------------------------------------------------------------------
  var checkin = document.querySelector("[data-checkin]");
  if (checkin) {
    var form = checkin.querySelector("[data-form]");
    var input = form.querySelector("input[name=code]");
    var box = checkin.querySelector("[data-result]");
    var message = checkin.querySelector("[data-message]");
    var detail = checkin.querySelector("[data-detail]");
    var photo = checkin.querySelector("[data-photo]");
    var scanButton = checkin.querySelector("[data-scan]");
    var cameraBox = checkin.querySelector("[data-camera]");
    var video = checkin.querySelector("[data-video]");
    var stopButton = checkin.querySelector("[data-stop]");
    var busy = false, stream = null, detector = null, lastCode = "", lastAt = 0;

    function show(data) {
      box.className = "checkin-result outcome-" + (data.outcome || "invalid");
      message.textContent = data.message || "";
      detail.textContent = data.reference ? [data.reference, data.code].concat(data.notes || []).join(" · ") : "";
      if (data.photo) { photo.src = data.photo; photo.classList.remove("d-none"); }
      else { photo.removeAttribute("src"); photo.classList.add("d-none"); }
      if (data.counts) {
        var present = checkin.querySelector("[data-count=present]");
        var booked = checkin.querySelector("[data-count=booked]");
        if (present) { present.textContent = data.counts.present; }
        if (booked) { booked.textContent = data.counts.booked; }
      }
      if (navigator.vibrate) { navigator.vibrate(data.outcome === "ok" ? 80 : [60, 60, 60]); }
    }

    function submitCode(code) {
      if (busy) { return; }
      busy = true;
      var body = new FormData();
      body.append("code", code);
      fetch(checkin.dataset.url, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrf(form), "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (r) { return r.json(); })
        .then(function (data) { show(data); input.value = ""; })
        .catch(function () { show({ outcome: "invalid", message: T.failed }); })
        .finally(function () { busy = false; if (!stream) { input.focus(); } });
    }

    form.addEventListener("submit", function (event) {
      if (!window.fetch || !input.value.trim()) { return; }  // the server shows the error beside the field
      event.preventDefault();
      submitCode(input.value.trim());
    });

    function stopCamera() {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
      stream = null;
      cameraBox.classList.add("d-none");
      scanButton.classList.remove("d-none");
    }

    function tick() {
      if (!stream) { return; }
      detector.detect(video).then(function (codes) {
        if (codes.length) {
          var value = codes[0].rawValue || "";
          var now = Date.now();
          if (value && (value !== lastCode || now - lastAt > 4000)) {
            lastCode = value; lastAt = now;
            submitCode(value);
          }
        }
      }).catch(function () {}).finally(function () { window.setTimeout(tick, 250); });
    }

    if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") === -1) { return; }
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        scanButton.classList.remove("d-none");
        var hint = checkin.querySelector("[data-noscan]");
        if (hint) { hint.classList.add("d-none"); }
      }).catch(function () {});
      scanButton.addEventListener("click", function () {
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
          stream = s;
          video.srcObject = s;
          video.play();
          cameraBox.classList.remove("d-none");
          scanButton.classList.add("d-none");
          tick();
        }).catch(function () { show({ outcome: "invalid", message: T.camera }); });
      });
      stopButton.addEventListener("click", stopCamera);
    }
  }

  // --- scores: autosave on change (partial saves), total shown at once ----------------------------
  var scoreForm = document.querySelector("form[data-autosave]");
  if (scoreForm && window.fetch) {
    var status = scoreForm.querySelector("[data-autosave-status]");
    var total = scoreForm.querySelector("[data-total]");
    var timer = null;
    function clearErrors() {
      scoreForm.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
      scoreForm.querySelectorAll(".js-error").forEach(function (el) { el.remove(); });
    }
    function save() {
      status.textContent = T.saving;
      fetch(scoreForm.action || window.location.href, {
        method: "POST",
        body: new FormData(scoreForm),
        headers: { "X-CSRFToken": csrf(scoreForm), "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          clearErrors();
          if (res.ok && res.data.ok) {
            status.textContent = scoreForm.dataset.savedLabel;
            total.textContent = res.data.total === null ? "—" : window.portalNumber(res.data.total, 2);
            return;
          }
          status.textContent = scoreForm.dataset.errorLabel;
          Object.keys(res.data.errors || {}).forEach(function (name) {
            var field = scoreForm.querySelector("[name=" + name + "]");
            if (!field) { return; }
            field.classList.add("is-invalid");
            var div = document.createElement("div");
            div.className = "invalid-feedback js-error";
            div.textContent = res.data.errors[name].join(" ");
            field.insertAdjacentElement("afterend", div);
          });
        })
        .catch(function () { status.textContent = T.failed; });
    }
    scoreForm.querySelectorAll("input, textarea").forEach(function (field) {
      field.addEventListener("change", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(save, 300);
      });
    });
  }

  // --- plenary: mark rows whose decision differs from the suggestion -----------------------------
  document.querySelectorAll("[data-plenary-row]").forEach(function (row) {
    function mark() {
      var checked = row.querySelector("input[type=radio]:checked");
      row.classList.toggle("is-different", !!checked && checked.value !== row.dataset.suggestion);
    }
    row.querySelectorAll("input[type=radio]").forEach(function (r) { r.addEventListener("change", mark); });
    mark();
  });
})();
