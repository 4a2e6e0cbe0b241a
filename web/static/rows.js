// Rows of a list form field (indicators, panel members) added and removed in the page, without a round
// trip. Progressive enhancement under the strict CSP (script-src 'self'): without this file the form
// offers blank rows and skips the empty ones; with it, each row gets a remove button and the list an
// add button. Field names carry the row number (panel_members.2.name); the server reads rows 0..49 and
// skips gaps, so a new row takes the next free number.
(function () {
  "use strict";

  function rowNumber(item) {
    var named = item.querySelector("[name]");
    var match = named && /\.(\d+)\./.exec(named.name);
    return match ? parseInt(match[1], 10) : 0;
  }

  function renumber(item, list, from, to) {
    var old = list + "." + from + ".";
    var fresh = list + "." + to + ".";
    ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
      item.querySelectorAll("[" + attr + "]").forEach(function (el) {
        el.setAttribute(attr, el.getAttribute(attr).split(old).join(fresh));
      });
    });
    item.querySelectorAll("[id$='-error'], .error").forEach(function (el) { el.remove(); });
    item.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }

  function clear(item) {
    item.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = false; }
      else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
      else { el.value = ""; }
    });
  }

  function relabel(set) {
    var items = set.querySelectorAll(":scope > fieldset.row-item");
    items.forEach(function (item, index) {
      var legend = item.querySelector(":scope > legend");
      if (legend) { legend.textContent = set.dataset.label + " " + (index + 1); }
      var remove = item.querySelector(":scope > button.row-remove");
      if (remove) { remove.disabled = items.length === 1; }
    });
  }

  function removeButton(set, item) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "row-remove secondary";
    button.textContent = set.dataset.remove;
    button.addEventListener("click", function () {
      var next = item.nextElementSibling;
      item.remove();
      relabel(set);
      (next && next.querySelector("input, select, textarea") || set.querySelector("button.row-add")).focus();
    });
    item.appendChild(button);
  }

  function enhance(set) {
    var list = set.dataset.list;
    var items = set.querySelectorAll(":scope > fieldset.row-item");
    if (!list || !items.length) { return; }
    items.forEach(function (item) { removeButton(set, item); });
    var add = document.createElement("button");
    add.type = "button";
    add.className = "row-add";
    add.textContent = set.dataset.add;
    add.addEventListener("click", function () {
      var all = set.querySelectorAll(":scope > fieldset.row-item");
      var last = all[all.length - 1];
      var next = 0;
      all.forEach(function (item) { next = Math.max(next, rowNumber(item) + 1); });
      if (next >= 50) { return; }
      var copy = last.cloneNode(true);
      copy.querySelectorAll("button.row-remove").forEach(function (b) { b.remove(); });
      renumber(copy, list, rowNumber(last), next);
      clear(copy);
      last.after(copy);
      removeButton(set, copy);
      relabel(set);
      var first = copy.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
    var hint = set.querySelector(".rows-hint");
    if (hint) { hint.hidden = true; }
    set.appendChild(add);
    relabel(set);
  }

  document.querySelectorAll("fieldset.rows[data-list]").forEach(enhance);
})();
