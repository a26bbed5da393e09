// Accessibility fixes for widgets that the admin builds in the browser (axe finds these).
// Loaded with defer: it runs after the admin's scripts are loaded, before the document is ready.
(function () {
  "use strict";
  const switchLabel = document.currentScript.dataset.switchLabel;

  // modeltranslation's language tabs (jQuery UI): each tab (li role="tab") is the control, so
  // the link inside it must not be a second, nested one (axe: nested-interactive). The tabs
  // are built when the document is ready; this deferred script runs just before, and extends
  // the widget so that the links lose their href once jQuery UI has found their panels.
  const $ = window.django && window.django.jQuery;
  if ($ && $.ui && $.ui.tabs) {
    $.widget("ui.tabs", $.ui.tabs, {
      _processTabs: function () {
        this.element.find("a[data-panel]").each(function () {
          this.setAttribute("href", "#" + this.dataset.panel);
        });
        this._super();
        this.anchors.each(function () {
          this.dataset.panel = this.hash.slice(1);
          this.removeAttribute("href");
          this.removeAttribute("tabindex");
        });
      },
      // Without an href a link would count as a remote tab, loaded over the network.
      _isLocal: function (anchor) {
        return anchor.hasAttribute("href") ? this._super(anchor) : Boolean(anchor.dataset.panel);
      },
    });
  }

  // The language switch that modeltranslation adds beside the title needs a name.
  function nameLanguageSwitch() {
    const languageSwitch = document.getElementById("modeltranslation-main-switch");
    if (languageSwitch) {
      languageSwitch.setAttribute("aria-label", switchLabel);
    }
  }

  // Select2 (autocomplete fields): its search box and selection (the one shown, for a single
  // choice) are named by the field's label. Its "clear
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
        container.querySelectorAll(".select2-search__field, .select2-selection, .select2-selection__rendered").forEach(
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

  // jQuery runs ready handlers in order: these come after the admin's and modeltranslation's,
  // whose scripts registered theirs before this deferred one ran ("load" may come sooner).
  if ($) {
    $(function () {
      nameLanguageSwitch();
      fixAutocompletes();
    });
  }
})();
