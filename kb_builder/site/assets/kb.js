/* kb: copy buttons on code badges, the filter of the home table. No dependencies. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-kb-copy]") : null;
    if (!button) { return; }
    copyText(button.getAttribute("data-kb-copy")).then(function () {
      button.setAttribute("data-kb-state", "copied");
      button.setAttribute("title", button.getAttribute("data-kb-copied"));
      window.setTimeout(function () { button.removeAttribute("data-kb-state"); }, 1500);
    }, function () { /* clipboard refused: nothing to show */ });
  });

  function setupFilter() {
    var input = document.getElementById("kb-filter");
    var table = document.getElementById("kb-codes");
    if (!input || !table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.querySelector("[data-kb-count]");
    var empty = document.querySelector(".kb-filter__empty");
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = row.getAttribute("data-kb-search") || "";
        var match = words.every(function (word) { return haystack.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (count) { count.textContent = count.getAttribute("data-kb-count").replace("{count}", String(shown)); }
      if (empty) { empty.hidden = shown !== 0; }
    }
    input.addEventListener("input", apply);
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupFilter);
  } else {
    setupFilter();
  }
})();
