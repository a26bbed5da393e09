// ScholarGate's one script of its own, loaded as a file: the Content-Security-Policy allows no
// inline script. Everything here only adds to pages that work without it.

// "Copy link": a button that copies the absolute address in its data-copy, shown only where
// the browser can copy (a secure page), and said in the status beside it.
(function () {
  "use strict";

  function reveal(root) {
    if (!navigator.clipboard) {
      return;
    }
    root.querySelectorAll("[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
  });
  // Content swapped in by htmx (the comparison after a change) brings its own button.
  document.addEventListener("htmx:load", function (event) {
    reveal(event.target);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var address = new URL(button.dataset.copy, window.location.href).href;
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    navigator.clipboard.writeText(address).then(function () {
      if (status) {
        status.textContent = button.dataset.copied;
      }
    });
  });
})();
