/* Search-box pickers (core.pickers): every <select data-picker="…"> becomes a Tom Select that
   asks its endpoint for the records matching what is typed, in the user's scope, a page at a
   time. The endpoint matches (folded names: no accents needed), so Tom Select filters nothing
   itself. Bound from this file: the Content-Security-Policy runs no inline script. */
"use strict";

(function () {
  function paramsOf(select) {
    // Other fields of the same form whose values go with each request (the dashboard's plan, year).
    const names = (select.dataset.pickerParams || "").split(" ").filter(Boolean);
    const form = select.form;
    return names.map((name) => {
      const field = form && form.elements.namedItem(name);
      return field && field.value ? `&${encodeURIComponent(name)}=${encodeURIComponent(field.value)}` : "";
    }).join("");
  }

  function render(select) {
    const messages = select.dataset;
    return {
      option(data, escape) {
        const detail = data.detail ? `<small class="picker-detail">${escape(data.detail)}</small>` : "";
        return `<div class="picker-option"><span class="picker-name">${escape(data.text)}</span>${detail}</div>`;
      },
      item(data, escape) {
        const detail = data.detail ? ` <small class="picker-detail">${escape(data.detail)}</small>` : "";
        return `<div>${escape(data.text)}${detail}</div>`;
      },
      no_results() { return `<div class="no-results">${messages.noResults}</div>`; },
      loading() { return `<div class="picker-loading">${messages.loading}</div>`; },
      loading_more() { return `<div class="loading-more-results">${messages.loading}</div>`; },
      no_more_results() { return ""; },
    };
  }

  function bind(select) {
    if (select.tomselect) return;
    const base = select.dataset.picker;
    const url = (query) => `${base}?q=${encodeURIComponent(query)}${paramsOf(select)}`;
    const plugins = ["virtual_scroll"];
    if (select.multiple) plugins.push("remove_button");
    else if (!select.required) plugins.push("clear_button");
    const picker = new window.TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: [],
      dataAttr: "data-data",
      placeholder: select.dataset.placeholder,
      allowEmptyOption: select.dataset.allowEmpty === "true",
      preload: "focus",
      loadThrottle: 150,
      maxOptions: null,
      hidePlaceholder: false,
      closeAfterSelect: true,
      plugins,
      firstUrl: url,
      // The endpoint has matched already: every option it sent is shown, in its order.
      score() { return () => 1; },
      load(query, callback) {
        const address = this.getUrl(query);
        fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then((response) => (response.ok ? response.json() : { results: [] }))
          .then((page) => {
            if (page.has_more) this.setNextUrl(query, `${url(query)}&p=${page.next_page}`);
            callback(page.results);
          })
          .catch(() => callback());
      },
      render: render(select),
    });
    // Tom Select moves the <label for> onto its own search box, which is what a screen reader
    // and the keyboard use; the original select (tabindex -1) only carries the form's value.
    select.setAttribute("aria-hidden", "true");
    // A dependent picker (the dashboard's unit: its plan and year) forgets what it fetched
    // when one of the fields it depends on changes.
    (select.dataset.pickerParams || "").split(" ").filter(Boolean).forEach((name) => {
      const field = select.form && select.form.elements.namedItem(name);
      if (field) field.addEventListener("change", () => { picker.clearOptions(); picker.clearCache && picker.clearCache(); });
    });
    // The manager form shows the chosen person's education level (and sets it on save).
    const education = document.querySelector(`[data-education-of="${select.id}"]`);
    if (education) {
      picker.on("change", (value) => {
        const data = picker.options[value];
        if (data && data.education) education.value = data.education;
      });
    }
  }

  function bindAll(root) {
    root.querySelectorAll("select[data-picker]").forEach(bind);
  }

  document.addEventListener("DOMContentLoaded", () => bindAll(document));
  // Pickers inside content htmx swaps in.
  document.addEventListener("htmx:load", (event) => bindAll(event.target));
})();
