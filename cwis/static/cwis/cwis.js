// Behaviour every page shares. It lives here, not in the HTML: the Content-Security-Policy
// allows no inline script or event handler attribute (docs/security.md).
(function () {
  // A select marked data-submit-on-change submits its form when changed (the language).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-submit-on-change]") && target.form) {
      target.form.submit();
    }
  });

  // The error pages' "Back" button: shown only when there is a page to go back to.
  document.querySelectorAll("[data-go-back]").forEach(function (button) {
    if (window.history.length > 1) {
      button.classList.remove("d-none");
    }
    button.addEventListener("click", function () { window.history.back(); });
  });

  // A table wider than the screen scrolls in its box: make the box reachable by keyboard
  // (arrow keys scroll it), as a pointer user can swipe it.
  function focusableScrollBoxes() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  focusableScrollBoxes();
  window.addEventListener("resize", focusableScrollBoxes);
})();
