/* Coopreg's few behaviours, bound from here: the Content-Security-Policy (settings.py) runs no
   inline script and no onclick="…" attribute. */
"use strict";

document.addEventListener("click", (event) => {
  // <button data-print>: the browser's print dialog (the A4 report, reports/print.html).
  if (event.target.closest("[data-print]")) {
    window.print();
  }
  // <button data-nav-toggle aria-expanded aria-controls>: the menu on a phone (base.html);
  // the stylesheet shows the menu while aria-expanded is "true".
  const toggle = event.target.closest("[data-nav-toggle]");
  if (toggle) {
    toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
  }
});

document.addEventListener("keydown", (event) => {
  // Escape closes the open phone menu and gives the focus back to its toggle.
  if (event.key !== "Escape") {
    return;
  }
  const toggle = document.querySelector("[data-nav-toggle][aria-expanded='true']");
  if (toggle && toggle.offsetParent !== null) {
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }
});
