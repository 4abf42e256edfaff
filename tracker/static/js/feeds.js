// "Copy" buttons of the calendar page: <button data-copy="INPUT-ID" data-copied="TEXT">.
// A file of its own, not an inline script, so that a strict Content-Security-Policy holds.
(function () {
  "use strict";

  function copy(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    // Plain-http intranet: no Clipboard API there, the selection still works.
    input.focus();
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute("data-copy"));
    var label = button.textContent;
    copy(input).then(
      function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      },
      function () {
        input.focus();
        input.select();
      }
    );
  });
})();
