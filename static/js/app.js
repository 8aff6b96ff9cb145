/* Coopreg's few behaviours, bound from here: the Content-Security-Policy (settings.py) runs no
   inline script and no onclick="…" attribute. */
"use strict";

document.addEventListener("click", (event) => {
  // <button data-print>: the browser's print dialog (the A4 report, reports/print.html).
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
