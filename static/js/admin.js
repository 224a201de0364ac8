/* Names the admin's autocomplete boxes for screen readers. Select2 labels its combobox by the
   text of the current choice alone, and leaves the text box showing that choice unnamed, so an
   empty box has no name (axe: aria-input-field-name); this adds the field's own label to both.
   Runs after the admin has set the boxes up. */
(function () {
  "use strict";

  function name(root) {
    Array.prototype.forEach.call(root.querySelectorAll("select.admin-autocomplete"), function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var box = select.parentNode.querySelector(".select2-selection[role=combobox]");
      if (!label || !box) {
        return;
      }
      label.id = label.id || select.id + "-label";
      var current = box.getAttribute("aria-labelledby") || "";
      if (current.split(" ").indexOf(label.id) === -1) {
        box.setAttribute("aria-labelledby", (label.id + " " + current).trim());
      }
      // The read-only text box inside it that shows the choice is named by the label too.
      var shown = box.querySelector(".select2-selection__rendered[role=textbox]");
      if (shown) {
        shown.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  // After the admin's own ready handler: jQuery runs ready handlers in the order they were
  // given, later than DOMContentLoaded, and the admin's was given first.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(function () { name(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { name(document); });
  }
  document.addEventListener("formset:added", function (event) {
    window.setTimeout(function () { name(event.target); }, 0);
  });
}());
