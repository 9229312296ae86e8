/* Reading controls: A− / A+ text size, remembered across pages, and a print
   button. Loaded in <head> without defer so the remembered size applies
   before the page is drawn. Only adds: without JavaScript the controls stay
   hidden and every page is complete. No inline styles (CSP style-src 'self'):
   the size is a data attribute on <html> that site.css turns into a size. */
(function () {
  "use strict";
  var KEY = "congkhai.textSize";
  var MIN = -1, MAX = 3;
  var root = document.documentElement;

  function stored() {
    try {
      var value = parseInt(window.localStorage.getItem(KEY), 10);
      return isNaN(value) ? 0 : Math.max(MIN, Math.min(MAX, value));
    } catch (e) {
      return 0; // storage refused (private mode): the default size
    }
  }

  function apply(size) {
    if (size === 0) {
      root.removeAttribute("data-text-size");
    } else {
      root.setAttribute("data-text-size", String(size));
    }
  }

  function remember(size) {
    try { window.localStorage.setItem(KEY, String(size)); } catch (e) { /* not remembered */ }
  }

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.querySelector("[data-reading-tools]");
    if (!tools) { return; }
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.hasAttribute("data-print")) {
        window.print();
        return;
      }
      var step = parseInt(button.getAttribute("data-text-size"), 10);
      if (!isNaN(step)) {
        var size = Math.max(MIN, Math.min(MAX, stored() + step));
        apply(size);
        remember(size);
      }
    });
    tools.hidden = false;
  });
}());
