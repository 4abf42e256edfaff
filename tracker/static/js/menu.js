// The main menu on phones folds behind a button; the "Administration" dropdown closes on a
// click elsewhere or Escape. Loaded in <head> (not deferred) so that the "js" class is set
// before the first paint and the menu does not flash open. Without scripts nothing folds.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // The menu says which of its pages this is (to screen readers, and underlined).
  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("#menu nav a[href]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].pathname === window.location.pathname) {
        links[i].setAttribute("aria-current", "page");
      }
    }
  });

  function setOpen(toggle, open) {
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  }

  function closeDropdowns(except) {
    var open = document.querySelectorAll("details.dropdown[open]");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) {
        open[i].open = false;
      }
    }
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("button.menu-toggle");
    if (toggle) {
      setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    closeDropdowns(event.target.closest("details.dropdown"));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var dropdown = event.target.closest && event.target.closest("details.dropdown[open]");
    if (dropdown) {
      dropdown.open = false;
      dropdown.querySelector("summary").focus();
      return;
    }
    var toggle = document.querySelector("button.menu-toggle[aria-expanded=true]");
    if (toggle) {
      setOpen(toggle, false);
      toggle.focus();
    }
  });
})();
