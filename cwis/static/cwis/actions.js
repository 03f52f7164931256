// Small page actions, without inline script:
// - a form (or its submit button) with data-confirm asks before it is sent, and marks the
//   form confirmed (input name=confirmed); cancelled, nothing is sent. Without the script,
//   the server asks on a page instead.
// - a checkbox with data-select-all="name" ticks every checkbox of that name in its form.
// - a button with data-print prints the page.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (!question) { return; }
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var confirmed = form.querySelector("input[name=confirmed]");
    if (confirmed) { confirmed.value = "1"; }
  });
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var boxes = all.form.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]');
    if (!boxes.length) { return; }
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
