// Forms that end something (cancelling an assignment) ask once more before they are sent:
// <form data-confirm="QUESTION">. An extra only: the form's own required checkbox is the
// confirmation that works without JavaScript, and the server refuses a post without it.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
