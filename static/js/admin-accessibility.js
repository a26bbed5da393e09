// Accessibility fixes for widgets that the admin builds in the browser (axe finds these).
// Runs on "load", after modeltranslation and Django's autocomplete set the widgets up.
(function () {
  "use strict";
  const switchLabel = document.currentScript.dataset.switchLabel;

  // modeltranslation's language tabs (jQuery UI): each tab (li role="tab") is the control, so
  // its link must not be a second, nested one. jQuery UI has read its href and handles its
  // clicks already. The language switch added beside the title needs a name.
  function fixLanguageTabs() {
    document.querySelectorAll(".ui-tabs-nav .ui-tabs-anchor").forEach(function (link) {
      link.removeAttribute("href");
      link.removeAttribute("tabindex");
    });
    const languageSwitch = document.getElementById("modeltranslation-main-switch");
    if (languageSwitch) {
      languageSwitch.setAttribute("aria-label", switchLabel);
    }
  }

  // Select2 (autocomplete fields): its search box is named by the field's label. Its "clear
  // all" × is a mouse-only span put into the list of choices on every change: hidden from
  // assistive technology (each choice keeps its own remove button, and Backspace works).
  function fixAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      const container = select.nextElementSibling;
      const label = document.querySelector('label[for="' + select.id + '"]');
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      if (label) {
        label.id = label.id || select.id + "_label";
        container.querySelectorAll(".select2-search__field, .select2-selection").forEach(
          function (box) { box.setAttribute("aria-labelledby", label.id); }
        );
      }
      const choices = container.querySelector(".select2-selection__rendered");
      const hideClear = function () {
        choices.querySelectorAll(".select2-selection__clear").forEach(function (clear) {
          clear.setAttribute("aria-hidden", "true");
        });
      };
      hideClear();
      new MutationObserver(hideClear).observe(choices, { childList: true });
    });
  }

  window.addEventListener("load", function () {
    fixLanguageTabs();
    fixAutocompletes();
  });
})();
