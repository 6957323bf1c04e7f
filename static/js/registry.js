// Registry pages: progressive enhancements only (the pages work without them). No inline scripts: CSP.
(function () {
  "use strict";
  // <input data-digit-counter="16">: show "n/16" next to the field as the user types a NIK.
  document.querySelectorAll("input[name=nik]").forEach(function (input) {
    var hint = document.createElement("div");
    hint.className = "form-text";
    hint.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", hint);
    var update = function () {
      var digits = input.value.replace(/[\s.\-]/g, "");
      hint.textContent = digits.length + " / 16";
    };
    input.addEventListener("input", update);
    update();
  });
})();
