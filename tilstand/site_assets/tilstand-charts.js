/* Draws every chart on the page with the self-hosted Vega bundle (no CDN).
   Each chart is a <div class="tilstand-chart"> followed by its spec in a
   <script type="application/json">; the locale comes from tilstand-locale.js. */
(function () {
  "use strict";
  function drawAll() {
    if (typeof window.vegaEmbed !== "function") { return; }
    var nodes = document.querySelectorAll("div.tilstand-chart[data-spec-id]");
    nodes.forEach(function (node) {
      if (node.dataset.drawn) { return; }
      var specNode = document.getElementById(node.dataset.specId);
      if (!specNode) { return; }
      node.dataset.drawn = "1";
      var spec = JSON.parse(specNode.textContent);
      var locale = window.TILSTAND_LOCALE || {};
      window.vegaEmbed(node, spec, {
        renderer: "svg",
        actions: false,
        formatLocale: locale.format,
        timeFormatLocale: locale.time
      }).then(function () {
        node.classList.add("tilstand-chart--drawn");
      }).catch(function (err) {
        node.classList.add("tilstand-chart--failed");
        if (window.console) { window.console.error(err); }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
