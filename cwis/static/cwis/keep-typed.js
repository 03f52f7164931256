// What a village child director types into a visit is not lost when the network drops
// (issue 13, point 17; the offline outbox that sends it later is the village offline issue).
//
// A form marked data-keep-typed="<key>":
// - keeps what is typed in sessionStorage as it is typed, and puts it back when the page is
//   opened again in the same tab (a reload, the back button), saying so (data-restored);
// - is sent with fetch: when the network fails the page stays as it is, with every field as
//   typed, and says it was not sent (data-not-sent); the user sends again once online.
//   A saved form (the server redirects) forgets what was kept and opens data-done-url, where
//   the server's success message waits; a refused one shows the server's answer (the
//   errors beside the fields) in place of the page's content.
(function () {
  "use strict";
  var PREFIX = "cwis-typed:";
  var SKIP = { csrfmiddlewaretoken: true };

  function storageKey(form) { return PREFIX + form.getAttribute("data-keep-typed"); }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      // Hidden fields (a record's version) come from the server, never from what was kept.
      return el.name && !SKIP[el.name] && el.type !== "file" && el.type !== "password" &&
        el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
    });
  }

  function save(form) {
    var values = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (values[el.name] = values[el.name] || []).push(el.value); }
        else if (!(el.name in values)) { values[el.name] = values[el.name] || []; }
      } else {
        values[el.name] = el.value;
      }
    });
    try { sessionStorage.setItem(storageKey(form), JSON.stringify(values)); } catch (e) { /* full or off */ }
  }

  function restore(form) {
    var text;
    try { text = sessionStorage.getItem(storageKey(form)); } catch (e) { return false; }
    if (!text) { return false; }
    var values;
    try { values = JSON.parse(text); } catch (e) { return false; }
    var changed = false;
    fields(form).forEach(function (el) {
      if (!(el.name in values)) { return; }
      var value = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        var checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
        if (el.checked !== checked) { el.checked = checked; changed = true; }
      } else if (el.value !== value) {
        el.value = value;
        changed = true;
      }
    });
    return changed;
  }

  function forget(form) {
    try { sessionStorage.removeItem(storageKey(form)); } catch (e) { /* off */ }
  }

  function note(form, text, kind, id) {
    var old = document.getElementById(id);
    if (old) { old.remove(); }
    var box = document.createElement("div");
    box.id = id;
    box.className = "alert alert-" + kind + " send-failed";
    box.setAttribute("role", kind === "danger" ? "alert" : "status");
    box.textContent = text;
    form.insertBefore(box, form.firstChild);
    return box;
  }

  function showAnswer(html) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    var main = answer.querySelector("main");
    var current = document.querySelector("main");
    if (!main || !current) {
      document.documentElement.innerHTML = answer.documentElement.innerHTML;
      return;
    }
    current.replaceWith(main);
    var form = main.querySelector("form[data-keep-typed]");
    if (form) { bind(form, false); }
  }

  function send(form, button) {
    var data = new FormData(form);
    if (button && button.name) { data.append(button.name, button.value); }
    if (button) { button.disabled = true; }
    fetch(form.action || window.location.href, {
      method: "POST", body: data, credentials: "same-origin", redirect: "manual",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
        forget(form);
        window.location.assign(form.getAttribute("data-done-url") || window.location.href);
        return null;
      }
      return response.text().then(showAnswer);
    }).catch(function () {
      save(form);
      note(form, form.getAttribute("data-not-sent"), "danger", "not-sent");
    }).then(function () {
      if (button) { button.disabled = false; }
    });
  }

  function bind(form, restoring) {
    if (restoring && restore(form)) {
      note(form, form.getAttribute("data-restored"), "info", "typed-restored");
    }
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }  // a confirmation said no (actions.js)
      event.preventDefault();
      save(form);
      send(form, event.submitter);
    });
  }

  document.querySelectorAll("form[data-keep-typed]").forEach(function (form) {
    bind(form, true);
  });
})();
