// An intake's legal basis stays one in force on the intake date that covers the intake
// category (and the kind of guardianship, once chosen): when one of those changes and the
// chosen basis no longer fits, the first basis that fits is chosen instead. "Other" is
// never replaced. The options carry their dates and coverage (children/forms.py).
(function () {
  "use strict";
  function listed(text, value) {
    return !value || (text || "").split(" ").indexOf(value) >= 0;
  }
  function fits(option, day, category, kind) {
    var data = option.dataset;
    if (!data.categories) { return false; }
    if (day && data.from && day < data.from) { return false; }
    if (day && data.to && day > data.to) { return false; }
    return listed(data.categories, category) && listed(data.kinds, kind);
  }
  document.querySelectorAll("select[data-legal-basis]").forEach(function (select) {
    var form = select.form;
    function value(name) {
      var input = form.elements.namedItem(name);
      return input ? input.value : "";
    }
    function update() {
      var day = value("intake_on"), category = value("intake_category");
      var kind = value("guardian_kind");
      var current = select.options[select.selectedIndex];
      if (current && (!current.dataset.categories || fits(current, day, category, kind))) {
        if (current.value) { return; }
      }
      for (var i = 0; i < select.options.length; i++) {
        if (fits(select.options[i], day, category, kind)) {
          select.selectedIndex = i;
          return;
        }
      }
    }
    ["intake_on", "intake_category", "guardian_kind"].forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input) { input.addEventListener("change", update); }
    });
  });
})();
