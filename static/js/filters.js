/* Progressive enhancement of the filter panel: each long multi-select becomes a search box over
   a list of checkboxes carrying the same name, so the GET form submits the same parameters.
   Without JavaScript the native <select multiple> works as it is. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    var id = select.id;
    var label = document.querySelector('label[for="' + id + '"]');
    var labelText = label ? label.textContent.trim() : select.name;
    if (label) {
      label.id = id + "-label";
    }

    // A short list needs no search box: it shows whole, as checkboxes.
    var short = select.options.length <= 8;
    var box = document.createElement("div");
    box.className = short ? "multiselect multiselect--short" : "multiselect";

    var search = document.createElement("input");
    search.type = "search";
    search.id = id; // the <label for> now names the search box
    search.className = "multiselect__search";
    search.placeholder = "Type to narrow the list";
    search.autocomplete = "off";
    search.setAttribute("aria-controls", id + "-options");
    search.setAttribute("aria-describedby", id + "-status");
    if (select.getAttribute("aria-invalid")) {
      search.setAttribute("aria-invalid", "true");
    }

    var list = document.createElement("div");
    list.className = "multiselect__options";
    list.id = id + "-options";
    list.setAttribute("role", "group");
    list.setAttribute("aria-label", labelText + " options");

    var none = document.createElement("p");
    none.className = "multiselect__none";
    none.textContent = "No match.";
    none.hidden = true;

    var options = Array.prototype.slice.call(select.options);
    // Chosen values first, so a long list shows what is selected without scrolling.
    options.sort(function (a, b) { return (b.selected ? 1 : 0) - (a.selected ? 1 : 0); });
    var rows = options.map(function (option, index) {
      var row = document.createElement("label");
      row.className = "multiselect__option";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = select.name;
      box.value = option.value;
      box.checked = option.selected;
      box.id = id + "-option-" + index;
      var text = document.createElement("span");
      text.textContent = option.textContent;
      row.appendChild(box);
      row.appendChild(text);
      row.setAttribute("data-search", fold(option.textContent + " " + option.value));
      list.appendChild(row);
      return row;
    });
    list.appendChild(none);

    var footer = document.createElement("div");
    footer.className = "multiselect__footer";
    var status = document.createElement("span");
    status.id = id + "-status";
    status.setAttribute("aria-live", "polite");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "multiselect__clear";
    clear.textContent = "Clear";
    clear.setAttribute("aria-label", "Clear " + labelText);
    footer.appendChild(status);
    footer.appendChild(clear);

    function update() {
      var chosen = list.querySelectorAll("input:checked").length;
      status.textContent = chosen ? chosen + " selected" : "Any";
      clear.hidden = chosen === 0;
    }

    // The list is one Tab stop however long it is (a roving tabindex): Tab enters it at the
    // last option used, the arrow keys, Home and End move inside it, Space ticks.
    var inputs = rows.map(function (row) { return row.querySelector("input"); });
    function visibleInputs() {
      return inputs.filter(function (input) { return !input.parentNode.hidden; });
    }
    function rove(target, focus) {
      inputs.forEach(function (input) { input.tabIndex = input === target ? 0 : -1; });
      if (target && focus) {
        target.focus();
      }
    }
    function roveToVisible() {
      var current = inputs.filter(function (input) { return input.tabIndex === 0; })[0];
      if (!current || current.parentNode.hidden) {
        rove(visibleInputs()[0] || null, false);
      }
    }
    list.addEventListener("keydown", function (event) {
      var shown = visibleInputs();
      var at = shown.indexOf(document.activeElement);
      if (at === -1) {
        return;
      }
      if ((event.key === "ArrowUp" || event.key === "ArrowLeft") && at === 0 && !short) {
        event.preventDefault();
        search.focus(); // back up into the search box above the list
        return;
      }
      var next = {
        ArrowDown: shown[Math.min(at + 1, shown.length - 1)],
        ArrowRight: shown[Math.min(at + 1, shown.length - 1)],
        ArrowUp: shown[Math.max(at - 1, 0)],
        ArrowLeft: shown[Math.max(at - 1, 0)],
        Home: shown[0],
        End: shown[shown.length - 1]
      }[event.key];
      if (next) {
        event.preventDefault();
        rove(next, true);
      }
    });
    list.addEventListener("focusin", function (event) {
      if (inputs.indexOf(event.target) !== -1) {
        rove(event.target, false);
      }
    });

    search.addEventListener("input", function () {
      var query = fold(search.value.trim());
      var shown = 0;
      rows.forEach(function (row) {
        var match = !query || row.getAttribute("data-search").indexOf(query) !== -1;
        row.hidden = !match;
        shown += match ? 1 : 0;
      });
      none.hidden = shown > 0;
      roveToVisible();
    });
    // Enter in the search box ticks the first match instead of submitting the form; the search
    // stays as typed, so the matches stay in view for the next pick. Down goes into the list.
    search.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var firstShown = visibleInputs()[0];
        if (firstShown) {
          event.preventDefault();
          rove(firstShown, true);
        }
        return;
      }
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault();
      var first = visibleInputs()[0];
      if (first && search.value.trim()) {
        first.checked = !first.checked;
        update();
      }
    });
    list.addEventListener("change", update);
    clear.addEventListener("click", function () {
      list.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
      update();
      search.focus();
    });

    if (short) {
      list.id = id;
      list.setAttribute("tabindex", "-1");
      list.setAttribute("aria-labelledby", id + "-label");
      list.removeAttribute("aria-label");
    } else {
      box.appendChild(search);
    }
    box.appendChild(list);
    box.appendChild(footer);
    select.replaceWith(box);
    rove(inputs.filter(function (input) { return input.checked; })[0] || inputs[0] || null, false);
    update();
  }

  // On a tablet the panel sits above the results: fold it behind a button, open when a
  // filter needs correcting. On a wide screen it stays open beside them.
  function collapsible(form) {
    var body = form.querySelector(".filter-panel__body");
    var head = form.querySelector(".filter-panel__head");
    if (!body || !head || !window.matchMedia) {
      return;
    }
    var narrow = window.matchMedia("(max-width: 1100px)");
    var chips = document.querySelectorAll(".chip--filter").length;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--quiet filter-panel__toggle";
    button.setAttribute("aria-controls", body.id);
    head.appendChild(button);

    function show(open) {
      body.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = (open ? "Hide filters" : "Show filters") + (chips ? " (" + chips + " active)" : "");
    }
    function layout() {
      button.hidden = !narrow.matches;
      show(!narrow.matches || form.hasAttribute("data-open"));
    }
    button.addEventListener("click", function () {
      show(body.hidden);
      if (!body.hidden) {
        var first = body.querySelector("input, select, button");
        if (first) {
          first.focus();
        }
      }
    });
    if (narrow.addEventListener) {
      narrow.addEventListener("change", layout);
    }
    layout();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('select[multiple][data-enhance="multiselect"]'), enhance);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-collapsible]"), collapsible);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
