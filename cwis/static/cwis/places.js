// The place picker: a division chosen by name, one select per level (county, township,
// village...), each filled from /divisions/places/?parent=<code> (the user's jurisdiction
// only). The field the form renders (a select of every place, or a code input) stays in
// the form, hidden, and carries the chosen code. Fields: core/forms.py place_field.
(function () {
  "use strict";
  var PREFIX = [2, 4, 6, 9, 12];

  function codeOf(prefix) {
    return prefix.length < 6 ? (prefix + "000000").slice(0, 6) : prefix;
  }

  // The codes from just under `root` down to `code`: 360121100201 under 360121 is
  // [360121100, 360121100201].
  function pathTo(code, root) {
    if (!code) { return []; }
    var rootLength = root ? significant(root) : 0;
    return PREFIX.filter(function (n) {
      return n > rootLength && n <= code.length;
    }).map(function (n) { return codeOf(code.slice(0, n)); })
      .filter(function (c, i, all) { return all.indexOf(c) === i && c !== root; });
  }

  function significant(code) {
    if (code.length === 6 && /0000$/.test(code)) { return 2; }
    if (code.length === 6 && /00$/.test(code)) { return 4; }
    return code.length;
  }

  document.querySelectorAll("[data-place-picker]").forEach(function (original) {
    var data = original.dataset;
    var levels = (data.levels || "").split(" ");
    var labels = JSON.parse(data.labels || "{}");
    var picker = document.createElement("div");
    picker.className = "d-flex flex-wrap gap-1 place-picker";
    original.parentNode.insertBefore(picker, original.nextSibling);

    function setValue(code) {
      if (code && data.area !== undefined) { code = code.slice(0, significant(code)); }
      if (original.tagName === "SELECT" && code &&
          !original.querySelector('option[value="' + code + '"]')) {
        var option = document.createElement("option");
        option.value = code;
        option.textContent = code;
        original.appendChild(option);
      }
      original.value = code;
      original.dispatchEvent(new Event("change", { bubbles: true }));
    }

    // The value: the deepest chosen place of a level the field takes.
    function update() {
      var code = "";
      picker.querySelectorAll("select").forEach(function (select) {
        var option = select.options[select.selectedIndex];
        if (option && option.value && levels.indexOf(option.dataset.level) >= 0) {
          code = option.value;
        }
      });
      setValue(code);
    }

    function addLevel(parent, wanted, done) {
      fetch(data.url + "?parent=" + encodeURIComponent(parent),
            { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { places: [] }; })
        .then(function (answer) {
          var places = answer.places || [];
          if (!places.length) { done(); return; }
          var select = document.createElement("select");
          select.className = "form-select w-auto place-level";
          var level = places[0].level;
          select.dataset.level = level;
          select.setAttribute("aria-label", labels[level] || level);
          var first = document.createElement("option");
          first.value = "";
          // An area filter's top level: "everywhere"; below, "the whole" of the one above.
          first.textContent = data.area !== undefined && !picker.querySelector("select")
            ? data.blank : "— " + (labels[level] || "") + " —";
          select.appendChild(first);
          places.forEach(function (place) {
            var option = document.createElement("option");
            option.value = place.code;
            option.dataset.level = place.level;
            option.textContent = place.name;
            select.appendChild(option);
          });
          picker.appendChild(select);
          select.addEventListener("change", function () {
            while (select.nextSibling) { picker.removeChild(select.nextSibling); }
            update();
            if (select.value) { addLevel(select.value, [], function () {}); }
          });
          var next = wanted.shift();
          if (next && select.querySelector('option[value="' + next + '"]')) {
            select.value = next;
            addLevel(next, wanted, done);
          } else {
            done();
          }
        })
        .catch(function () { done(); });
    }

    var initial = original.value;
    addLevel(data.root || "", pathTo(initial, data.root || ""), function () {
      if (picker.querySelector("select")) {
        original.hidden = true;
        original.classList.add("d-none");
        var label = document.querySelector('label[for="' + original.id + '"]');
        var first = picker.querySelector("select");
        if (label && original.id) {
          original.removeAttribute("id");
          first.id = label.getAttribute("for");
        }
      } else {
        picker.remove();
      }
    });
  });
})();
