/* The computer-based test (docs/cbt.md): every answer is posted as JSON as it is given, with an
   idempotency key and a sequence number. Answers wait in a queue kept in localStorage while the
   connection is down and are sent, in order, when it returns; the server's replies set the clock.
   The clock itself is the server's: the page only counts down what the server said was left. The page
   asks the server's state every 15 s (every 5 s while the proctor has paused the test): a pause stops
   the clock and holds the queue (answers given meanwhile wait and are sent on resume), an extension
   shows as the new time, a test ended by the proctor goes to the done page. */
(function () {
  "use strict";
  var root = document.getElementById("cbt");
  if (!root) { return; }
  var attempt = root.dataset.attempt;
  var queueKey = "cbt-queue-" + attempt;
  var seqKey = "cbt-seq-" + attempt;
  var clock = document.getElementById("cbt-clock");
  var statusBox = document.getElementById("cbt-status");
  var answeredBox = document.getElementById("cbt-answered");
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sending = false;
  var stopped = false;
  var left = parseInt(root.dataset.secondsLeft, 10) || 0;
  var since = performance.now();
  var paused = root.dataset.paused === "1";
  var pausedBox = document.getElementById("cbt-paused");

  function load(key, fallback) {
    try { var v = JSON.parse(window.localStorage.getItem(key)); return v === null ? fallback : v; } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: the queue lives in memory */ }
  }
  var memoryQueue = load(queueKey, []);
  var seq = Math.max(parseInt(root.dataset.seq, 10) || 0, load(seqKey, 0));

  function queue() { return memoryQueue; }
  function saveQueue() { store(queueKey, memoryQueue); }
  function say(text) { statusBox.textContent = text || ""; }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function stateOf(position) {
    var box = document.getElementById("q" + position);
    var checked = box.querySelector("input[type=radio]:checked");
    var flag = box.querySelector("input.cbt-flag");
    return { choice: checked ? parseInt(checked.value, 10) : null, flagged: !!(flag && flag.checked) };
  }

  function updateMap(position) {
    var s = stateOf(position);
    var link = root.querySelector("[data-map='" + position + "']");
    if (link) {
      link.classList.toggle("is-answered", s.choice !== null);
      link.classList.toggle("is-flagged", s.flagged);
      var label = link.textContent + ": " + (s.choice !== null ? root.dataset.labelAnswered : root.dataset.labelOpen);
      if (s.flagged) { label += ", " + root.dataset.labelFlagged; }
      link.setAttribute("aria-label", label);
    }
    answeredBox.textContent = root.querySelectorAll(".cbt-map-link.is-answered").length;
  }

  function enqueue(position) {
    var s = stateOf(position);
    seq += 1;
    store(seqKey, seq);
    memoryQueue.push({ key: newKey(), item: position, choice: s.choice, flagged: s.flagged, seq: seq });
    saveQueue();
    updateMap(position);
    flush();
  }

  function setClock(seconds) {
    left = Math.max(0, seconds);
    since = performance.now();
    tick();
  }

  function format(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    return h + ":" + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function remaining() {
    if (paused) { return left; }
    return Math.max(0, left - Math.floor((performance.now() - since) / 1000));
  }

  function tick() {
    var r = remaining();
    clock.textContent = format(r);
    if (r === 0 && !stopped) { timeUp(); }
  }

  function timeUp() {
    stopped = true;
    say(root.dataset.msgTimeUp);
    root.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
    flush();
    // The server submits the test on the next request after the deadline.
    window.setTimeout(function () { window.location.assign(root.dataset.pageUrl); }, 3000);
  }

  function setPaused(flag, seconds) {
    var was = paused;
    paused = flag;
    pausedBox.hidden = !flag;
    if (typeof seconds === "number") { setClock(seconds); }
    if (flag && !was) { say(memoryQueue.length ? root.dataset.msgPausedQueue : ""); }
    if (!flag && was) { say(memoryQueue.length ? root.dataset.msgSending : ""); flush(); }
  }

  function askState(again) {
    fetch(root.dataset.stateUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok && !response.redirected ? response.json() : null; })
      .then(function (data) {
        if (data === null) { return; }
        lastHeard = Date.now();
        if (!data.open) { stopped = true; window.location.assign(root.dataset.pageUrl); return; }
        setPaused(!!data.paused, data.seconds_left);
      })
      .catch(function () { /* offline: the queue says so; the next round tries again */ })
      .then(function () { if (again) { window.setTimeout(poll, paused ? 5000 : 15000); } });
  }
  // Every 15 s the page asks the server's clock and whether the proctor paused the test, unless an answer's
  // reply brought the clock in that time (a paused test refuses answers, which asks at once): a candidate
  // answering steadily sends no extra request.
  var lastHeard = Date.now();
  function poll() {
    var quiet = Date.now() - lastHeard;
    if (!paused && quiet < 15000) { window.setTimeout(poll, 15000 - quiet); return; }
    askState(true);
  }

  function flush() {
    if (sending || paused || memoryQueue.length === 0) { return; }
    sending = true;
    var answer = memoryQueue[0];
    fetch(root.dataset.answerUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" },
      body: JSON.stringify(answer)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; },
                                  function () { return { status: response.status, data: null }; });
    }).then(function (reply) {
      sending = false;
      if (reply.status >= 500 || reply.data === null) { say(root.dataset.msgQueued); retryLater(); return; }
      if (!reply.data.ok && reply.data.code === "paused") {
        setPaused(true); say(root.dataset.msgPausedQueue); askState(false); return;  // the server's stopped clock
      }
      memoryQueue.shift();
      saveQueue();
      if (reply.data.ok) {
        lastHeard = Date.now();
        setClock(reply.data.seconds_left);
        say(memoryQueue.length ? root.dataset.msgSending : root.dataset.msgAllSent);
        flush();
      } else {
        say(reply.data.error);
        if (reply.data.code === "late" || reply.data.code === "closed") { memoryQueue = []; saveQueue(); stopped = true;
          window.setTimeout(function () { window.location.assign(root.dataset.pageUrl); }, 3000); }
        else if (reply.data.code === "device") { stopped = true; }
        else { flush(); }
      }
    }).catch(function () {
      sending = false;
      say(root.dataset.msgQueued);
      retryLater();
    });
  }

  var retryTimer = null;
  function retryLater() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, 5000);
  }

  root.addEventListener("change", function (event) {
    var box = event.target.closest(".cbt-question");
    if (!box || stopped) { return; }
    enqueue(parseInt(box.dataset.position, 10));
  });
  window.addEventListener("online", function () { say(root.dataset.msgSending); flush(); });
  window.addEventListener("offline", function () { say(root.dataset.msgQueued); });
  document.getElementById("cbt-finish").addEventListener("click", function (event) {
    if (paused) { event.preventDefault(); say(root.dataset.msgPaused); return; }
    if (memoryQueue.length) { event.preventDefault(); say(root.dataset.msgPending); flush(); }
  });
  // Answers given on this device that had not reached the server when the page was left: shown again.
  memoryQueue.forEach(function (a) {
    var box = document.getElementById("q" + a.item);
    if (!box) { return; }
    box.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = a.choice !== null && parseInt(radio.value, 10) === a.choice; });
    var flag = box.querySelector("input.cbt-flag");
    if (flag) { flag.checked = !!a.flagged; }
    updateMap(a.item);
  });
  window.setInterval(tick, 1000);
  pausedBox.hidden = !paused;
  tick();
  window.setTimeout(poll, paused ? 5000 : 15000);
  if (memoryQueue.length) { say(root.dataset.msgSending); flush(); }
})();
