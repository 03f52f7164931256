// An "X" key beside each citizen ID number input: the number pad a phone shows for it
// (inputmode=numeric) has no X, the last character of some ID numbers.
(function () {
  "use strict";
  document.querySelectorAll("input[data-id-number]").forEach(function (input) {
    var group = document.createElement("div");
    group.className = "input-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary id-number-x";
    button.textContent = "X";
    button.setAttribute("aria-label", input.dataset.xLabel || "X");
    button.addEventListener("click", function () {
      var value = input.value.replace(/[xX]$/, "");
      if (value.length < 18) { input.value = value + "X"; }
      input.focus();
    });
    group.appendChild(button);
  });
})();
