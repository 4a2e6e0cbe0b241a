// What was typed survives an expired session: a form's fields are kept in this tab's sessionStorage when
// it is sent, and put back once when the same user opens the same form again (after signing in anew).
// Kept per tab only, never for another user, and all of it is dropped on signing out, so case data does
// not pass to the next person at a shared machine. Progressive enhancement: without it, nothing changes.
(function () {
  "use strict";
  var PREFIX = "erkend.form:";
  var HALF_DAY = 12 * 60 * 60 * 1000;
  var user = document.body.dataset.user || "";
  var store;
  try { store = window.sessionStorage; } catch (e) { return; }
  if (!store) { return; }

  // Another user signed in in this tab, or kept too long: drop what was kept. While nobody is signed in
  // (the session just expired) it stays, for the same user to find after signing in again.
  Object.keys(store).forEach(function (key) {
    if (key.indexOf(PREFIX) !== 0) { return; }
    try {
      var kept = JSON.parse(store.getItem(key));
      if ((user && kept.user !== user) || Date.now() - kept.at > HALF_DAY) { store.removeItem(key); }
    } catch (e) { store.removeItem(key); }
  });

  document.querySelectorAll("form.logout").forEach(function (form) {
    form.addEventListener("submit", function () {
      Object.keys(store).forEach(function (key) { if (key.indexOf(PREFIX) === 0) { store.removeItem(key); } });
    });
  });

  var form = document.querySelector("form.stack.keep");
  if (!form || !user) { return; }
  var key = PREFIX + location.pathname;

  form.addEventListener("submit", function () {
    var values = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "version" && typeof value === "string") { values.push([name, value]); }
    });
    store.setItem(key, JSON.stringify({ user: user, at: Date.now(), values: values }));
  });

  var raw = store.getItem(key);
  if (!raw) { return; }
  store.removeItem(key);  // put back once
  if (document.querySelector("[role=alert]")) { return; }  // the server shows the form as sent already
  var kept = JSON.parse(raw);

  function field(name) {
    var found = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
    if (!found.length) {
      var list = /^(.+)\.\d+\./.exec(name);
      var set = list && form.querySelector("fieldset.rows[data-list='" + list[1] + "']");
      var add = set && set.querySelector("button.row-add");
      for (var i = 0; add && !found.length && i < 50; i++) {
        add.click();
        found = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
      }
    }
    return found;
  }

  var restored = 0;
  kept.values.forEach(function (pair) {
    field(pair[0]).forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.value === pair[1]) { el.checked = true; restored++; }
      } else if (!el.value) { el.value = pair[1]; restored++; }
    });
  });
  var notice = document.getElementById("kept-notice");
  if (restored && notice) { notice.hidden = false; }
})();
