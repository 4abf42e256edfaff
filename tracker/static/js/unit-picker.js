// Unit pickers: each <select data-unit-picker> (one unit, or several) becomes a box where one
// types part of a name ("vinh thai", "TTTT", "phuong 1") and chooses with the arrow keys and
// Enter; groups come first, as in the select. Tom Select is vendored (works offline). Without
// JavaScript, or if the library did not load, the native select stays and works as it did.
(function () {
  "use strict";

  if (typeof window.TomSelect === "undefined") {
    return;
  }

  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  }

  function startsSome(list, typed) {
    return list.some(function (word) {
      return word.indexOf(typed) === 0;
    });
  }

  // Tom Select's score option: a function of the query that scores an option (0 hides it).
  function score(query) {
    var typed = words(query);
    return function (option) {
      if (!typed.length) {
        return 1;
      }
      var shown = words(option.text);
      var all = shown.concat(words(option.also));
      if (!typed.every(function (t) { return startsSome(all, t); })) {
        return 0;
      }
      if (fold(option.text).indexOf(fold(query).trim()) === 0) {
        return 3;
      }
      return typed.every(function (t) { return startsSome(shown, t); }) ? 2 : 1;
    };
  }

  function enhance(select) {
    var texts = select.dataset;
    var multiple = select.multiple;
    var plugins = {};
    if (multiple) {
      plugins.remove_button = { title: texts.removeTitle || "" };
    }
    // Tom Select hides the select and keeps it in step: the form posts what it always posted.
    var picker = new window.TomSelect(select, {
      plugins: plugins,
      // A unit is found by the name shown or by its other names (short name, aliases, code,
      // from the option's data-data), without diacritics, each typed word the start of one of
      // its words. The name shown counts more than the other names, so that "phuong 1" puts
      // "Phường 1 (…)" before "Phường 4" (code 19…) or a group whose aliases say "phường";
      // an empty box keeps the select's order: groups first.
      dataAttr: "data", // read from the dataset: the attribute data-data
      score: score,
      sortField: [{ field: "$score", direction: "desc" }, { field: "$order" }],
      maxOptions: null,
      lockOptgroupOrder: false,
      allowEmptyOption: !multiple,
      closeAfterSelect: !multiple,
      clearAfterSelect: true, // the next unit is typed afresh
      hideSelected: multiple,
      placeholder: texts.placeholder || "",
      render: {
        no_results: function (_data, escape) {
          return '<div class="no-results">' + escape(texts.noResults || "") + "</div>";
        },
      },
    });
    // The label now names Tom Select's box; the select it hides would be a second, nameless
    // control to a screen reader (axe: select-name), so it leaves the accessibility tree.
    select.setAttribute("aria-hidden", "true");
    return picker;
  }

  document.querySelectorAll("select[data-unit-picker]").forEach(enhance);
  // The "hold Ctrl to choose several" hint is for the native list only.
  document.querySelectorAll(".picker-fallback").forEach(function (hint) {
    hint.hidden = true;
  });
})();
