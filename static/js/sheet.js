/* The yearly entry sheet with Excel's keys (templates/cooperatives/sheet.html).

   - Tab / Shift+Tab: the next / previous cell, on to the next / previous line at its end;
   - Enter: down one line, back in the column where a run of Tabs began (as Excel does);
     Shift+Enter up; ArrowDown / ArrowUp: down / up the same column (in a text box only Up
     and Down are taken: Left and Right still move the caret; in a drop-down they still
     choose);
   - a line is saved (its own form's cells, posted one save at a time) when the focus leaves
     it, if it was typed in; the answer (the line, the foot) is swapped in by htmx, unless the
     officer typed in the line again meanwhile;
   - a block pasted from a workbook (tab-separated, lines × columns in the sheet's order,
     starting at the focused cell) goes, as typed, to the server, which reads every cell
     with the forms' parser and saves each line on its own (cooperatives/views/sheet.py);
   - each line's first cell says its state in words (unsaved, saving, saved, error), and the
     browser warns before leaving the page while a line holds values not saved.
   No inline script: the Content-Security-Policy (settings.py) forbids it. */
"use strict";

(() => {
  const sheet = document.getElementById("sheet");
  if (!sheet || !sheet.dataset.pasteUrl) {
    return;
  }
  const text = sheet.dataset;
  const columns = text.columns.split(" ");
  const statusLine = document.getElementById("sheet-status");
  const NOT_SAVED = ["unsaved", "saving", "error", "conflict", "failed"];

  const lines = () => Array.from(sheet.tBodies[0].rows).filter((row) => row.classList.contains("sheet-row"));
  const lineOf = (element) => element.closest("tr.sheet-row");
  const cellsOf = (row) => Array.from(row.querySelectorAll("[data-col]"));
  const cellAt = (row, column) => (row ? row.querySelector(`[data-col="${column}"]`) : null);

  function setState(row, state, label) {
    row.dataset.state = state;
    const badge = row.querySelector(".row-state");
    if (badge) {
      badge.dataset.state = state;
      badge.textContent = label;
    }
  }

  // Saves go one at a time, in order: each reads its line's cells when its turn comes, so
  // it carries the version the previous save returned, and the last foot shown is the newest.
  let queue = Promise.resolve();

  function post(url, body) {
    return fetch(url, {method: "POST", body, credentials: "same-origin", headers: {"HX-Request": "true"}})
      .then((response) => {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      });
  }

  function send(id) {
    const row = document.getElementById(id);
    if (!row || row.dataset.state !== "saving") {
      return Promise.resolve();
    }
    const form = row.querySelector("form");
    const edits = row.dataset.edits;
    return post(form.action, new FormData(form))
      .then((html) => {
        const now = document.getElementById(id);
        if (!now) {
          return;
        }
        if (now.dataset.edits === edits) {
          // Back in the line before its answer came: the same cell, with its selection
          // (htmx keeps the focus but not a selection starting at 0, and typing would add).
          const active = now.contains(document.activeElement) ? document.activeElement : null;
          const selection = active && active.type === "text" ? [active.selectionStart, active.selectionEnd] : null;
          window.htmx.swap(now, html, {swapStyle: "outerHTML"});
          const again = active ? document.getElementById(active.id) : null;
          if (again && again !== document.activeElement) {
            again.focus();
          }
          if (again && selection) {
            again.setSelectionRange(selection[0], selection[1]);
          }
          return;
        }
        // Typed in again while saving: keep what the officer typed (saved when they leave),
        // take the version the server answered, and the foot.
        const answer = document.createElement("template");
        answer.innerHTML = html;
        const version = answer.content.querySelector("input[name$='-version']");
        if (version) {
          now.querySelector("input[name$='-version']").value = version.value;
        }
        const parts = Array.from(answer.content.querySelectorAll("template, [hx-swap-oob]"))
          .filter((part) => part.parentNode === answer.content);
        window.htmx.swap(sheet, parts.map((part) => part.outerHTML).join(""), {swapStyle: "none"});
      })
      .catch(() => {
        const now = document.getElementById(id);
        if (now) {
          setState(now, "failed", text.msgFailed);
        }
      });
  }

  function save(row, always = false) {
    if (!row.isConnected || !(always || ["unsaved", "failed"].includes(row.dataset.state))) {
      return;
    }
    setState(row, "saving", text.msgSaving);
    queue = queue.then(() => send(row.id));
  }

  sheet.addEventListener("submit", (event) => {
    // The line's own Save button (for the mouse): the same queued save.
    event.preventDefault();
    save(event.target.closest("tr.sheet-row"), true);
  });

  // The column where the officer began a run of Tabs: Enter goes back to it, one line down.
  let tabStart = null;
  let moving = false;

  function moveTo(cell) {
    if (!cell) {
      return false;
    }
    moving = true;
    cell.focus();
    if (cell.type === "text") {
      cell.select(); // typing replaces the cell, as in Excel
    }
    moving = false;
    return true;
  }

  function down(row, column, step) {
    const all = lines();
    for (let i = all.indexOf(row) + step; i >= 0 && i < all.length; i += step) {
      const cell = cellAt(all[i], column); // a THT line has no classification: skip it
      if (cell) {
        return cell;
      }
    }
    return null;
  }

  function across(row, cell, step) {
    const cells = cellsOf(row);
    const next = cells[cells.indexOf(cell) + step];
    if (next) {
      return next;
    }
    const all = lines();
    const other = all[all.indexOf(row) + step];
    if (!other) {
      return null;
    }
    const cellsThere = cellsOf(other);
    return step > 0 ? cellsThere[0] : cellsThere[cellsThere.length - 1];
  }

  sheet.addEventListener("keydown", (event) => {
    const cell = event.target;
    const column = cell.dataset ? cell.dataset.col : undefined;
    if (!column || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const row = lineOf(cell);
    if (event.key === "Tab") {
      const target = across(row, cell, event.shiftKey ? -1 : 1);
      if (!target) {
        return; // first or last cell of the page: leave the sheet the browser's way
      }
      event.preventDefault();
      if (tabStart === null && !event.shiftKey) {
        tabStart = column;
      }
      const keep = tabStart;
      moveTo(target);
      tabStart = keep;
      return;
    }
    const vertical = event.key === "Enter" || event.key === "ArrowDown" || event.key === "ArrowUp";
    if (!vertical || (event.key !== "Enter" && cell.tagName === "SELECT")) {
      return;
    }
    event.preventDefault(); // Enter would also submit the line's form, without moving
    const step = event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey) ? -1 : 1;
    const toColumn = event.key === "Enter" && tabStart ? tabStart : column;
    tabStart = null;
    if (!moveTo(down(row, toColumn, step)) && event.key === "Enter") {
      save(row); // the last line: Enter saves it
    }
  });

  sheet.addEventListener("focusin", () => {
    if (!moving) {
      tabStart = null; // a click or another key: the run of Tabs is over
    }
  });

  const typed = (event) => {
    const row = event.target.dataset && event.target.dataset.col ? lineOf(event.target) : null;
    if (row) {
      row.dataset.edits = String(Number(row.dataset.edits || 0) + 1);
      if (row.dataset.state !== "unsaved") {
        setState(row, "unsaved", text.msgUnsaved);
      }
    }
  };
  sheet.addEventListener("input", typed);
  sheet.addEventListener("change", typed);

  sheet.addEventListener("focusout", (event) => {
    const row = lineOf(event.target);
    if (!row) {
      return;
    }
    // After the focus has landed: still in the line, or the window left (to look something
    // up in Excel), is not leaving the line.
    setTimeout(() => {
      if (document.hasFocus() && !row.contains(document.activeElement)) {
        save(row);
      }
    }, 0);
  });

  sheet.addEventListener("paste", (event) => {
    const cell = event.target;
    const column = cell.dataset ? cell.dataset.col : undefined;
    const pasted = (event.clipboardData || window.clipboardData).getData("text/plain") || "";
    const block = pasted.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
    if (!column || !/[\t\n]/.test(block)) {
      return; // one value: the browser pastes it into the cell
    }
    event.preventDefault();
    const all = lines();
    const first = all.indexOf(lineOf(cell));
    const firstColumn = columns.indexOf(column);
    const body = new FormData();
    const touched = [];
    let beyond = 0;
    block.split("\n").forEach((line, i) => {
      const row = all[first + i];
      if (!row) {
        beyond += 1;
        return;
      }
      const form = row.querySelector("form");
      const values = new FormData(form); // the line's cells as they stand (their form= ties them)
      line.split("\t").forEach((value, j) => {
        const input = cellAt(row, columns[firstColumn + j]); // none past the last column, none for a THT's class
        if (input) {
          values.set(input.name, value.trim()); // read on the server, never here
          if (input.type === "text") {
            input.value = value.trim();
          }
        }
      });
      for (const [name, value] of values) {
        if (name !== "csrfmiddlewaretoken") {
          body.append(name, value);
        }
      }
      body.append("rows", row.dataset.collective);
      touched.push(row);
      setState(row, "saving", text.msgSaving);
    });
    if (!touched.length) {
      return;
    }
    body.append("csrfmiddlewaretoken", touched[0].querySelector("[name=csrfmiddlewaretoken]").value);
    queue = queue
      .then(() => post(text.pasteUrl, body))
      .then((html) => {
        window.htmx.swap(sheet, html, {swapStyle: "none"});
        let message = text.msgPasted.replace("{n}", String(touched.length));
        if (beyond) {
          message += " " + text.msgBeyond.replace("{n}", String(beyond));
        }
        statusLine.textContent = message;
      })
      .catch(() => touched.forEach((row) => {
        const now = document.getElementById(row.id);
        if (now) {
          setState(now, "failed", text.msgFailed);
        }
      }));
  });

  window.addEventListener("beforeunload", (event) => {
    if (lines().some((row) => NOT_SAVED.includes(row.dataset.state))) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask for it; the text is the browser's own
    }
  });
})();
