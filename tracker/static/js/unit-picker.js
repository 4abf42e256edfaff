// Unit pickers: each <select data-unit-picker> (one unit, or several) becomes a box where one
// types part of a name ("vinh thai", "TTTT", "phuong 1") and chooses with the arrow keys and
// Enter; groups come first, as in the select. Tom Select is vendored (works offline). Without
// JavaScript, or if the library did not load, the native select stays and works as it did.
(function () {
  "use strict";

  if (typeof window.TomSelect === "undefined") {
    return;
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
      searchField: ["text", "also"],
      maxOptions: null,
      lockOptgroupOrder: true,
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
