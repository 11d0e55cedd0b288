// Shows the 988 panel as soon as "thoughts of harming myself" is ticked. Without this script the
// server shows the panel when the form comes back; with it, at once. Loaded from a file (the
// production CSP forbids inline scripts).
(function () {
  "use strict";
  function sync(box, panel) {
    panel.hidden = !box.checked;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("id_self_harm_thoughts");
    var panel = document.getElementById("help-now");
    if (!box || !panel) {
      return;
    }
    box.addEventListener("change", function () {
      sync(box, panel);
    });
    sync(box, panel);
  });
})();
