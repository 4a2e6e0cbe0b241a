// Rows of a list form field (indicators, panel members) added and removed in the page, without a round
// trip. Progressive enhancement under the strict CSP (script-src 'self'): without this file the form
// offers blank rows and skips the empty ones; with it, each row gets a remove button and the list an
// add button. Field names carry the row number (panel_members.2.name). After a row is removed the rows
// that follow it are numbered again (names, ids, labels, error links and the visible "Lid 2"), so the
// form sent has rows 0..n-1 without gaps; the server reads rows in order of their numbers and skips
// gaps too, for a form sent without this script.
(function () {
  "use strict";

  function rowNumber(item, list) {
    var named = item.querySelector("[name]");
    var prefix = list + ".";
    if (!named || named.name.indexOf(prefix) !== 0) { return 0; }
    var match = /^(\d+)\./.exec(named.name.slice(prefix.length));
    return match ? parseInt(match[1], 10) : 0;
  }

  // Every attribute that carries a row's number: field names, ids and the labels, help and error texts
  // that point at them, and the name of a list nested in the row.
  var NUMBERED = ["name", "id", "for", "aria-describedby", "data-list"];

  function renumber(item, list, from, to) {
    if (from === to) { return; }
    var old = list + "." + from + ".";
    var fresh = list + "." + to + ".";
    NUMBERED.forEach(function (attr) {
      item.querySelectorAll("[" + attr + "]").forEach(function (el) {
        el.setAttribute(attr, el.getAttribute(attr).split(old).join(fresh));
      });
    });
  }

  function forgetErrors(item) {
    item.querySelectorAll("[id$='-error'], .error").forEach(function (el) { el.remove(); });
    item.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    item.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    item.querySelectorAll("[aria-describedby]").forEach(function (el) {
      var kept = el.getAttribute("aria-describedby").split(/\s+/).filter(function (id) {
        return id && !/-error$/.test(id);
      });
      if (kept.length) { el.setAttribute("aria-describedby", kept.join(" ")); }
      else { el.removeAttribute("aria-describedby"); }
    });
  }

  // The rows in page order get the numbers 0..n-1: no gap once a row is removed.
  function renumberAll(set) {
    var list = set.dataset.list;
    set.querySelectorAll(":scope > fieldset.row-item").forEach(function (item, index) {
      renumber(item, list, rowNumber(item, list), index);
    });
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
      renumberAll(set);
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
    renumberAll(set);
    var add = document.createElement("button");
    add.type = "button";
    add.className = "row-add";
    add.textContent = set.dataset.add;
    add.addEventListener("click", function () {
      var all = set.querySelectorAll(":scope > fieldset.row-item");
      var last = all[all.length - 1];
      var next = all.length;
      if (next >= 50) { return; }
      var copy = last.cloneNode(true);
      copy.querySelectorAll("button.row-remove").forEach(function (b) { b.remove(); });
      renumber(copy, list, rowNumber(last, list), next);
      forgetErrors(copy);
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
