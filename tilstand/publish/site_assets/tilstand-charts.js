/* Draws every chart on the page with the self-hosted Vega bundle (no CDN).
   Each chart is a <div class="tilstand-chart"> followed by its spec in a
   <script type="application/json">; the locale comes from tilstand-locale.js. */
(function () {
  "use strict";
  /* Vega names the wrapping div (role graphics-document, English role description) and
     gives every mark an English description. Screen readers should meet one image, the SVG,
     named by the chart's Norwegian description; the table below holds every figure. */
  function labelSvg(node, description) {
    var svg = node.querySelector("svg");
    var label = description || node.getAttribute("aria-label") || "";
    ["role", "aria-roledescription", "aria-label"].forEach(function (name) { node.removeAttribute(name); });
    if (!svg) { return; }
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    /* Inside the one image, no element is an image or a symbol of its own (Vega leaves some
       mark groups with a role and no name). */
    svg.querySelectorAll("[role], [aria-roledescription], [aria-label]").forEach(function (inner) {
      ["role", "aria-roledescription", "aria-label"].forEach(function (name) { inner.removeAttribute(name); });
    });
  }
  var printing = !!(window.matchMedia && window.matchMedia("print").matches);
  function drawAll() {
    if (typeof window.vegaEmbed !== "function") { return; }
    var nodes = document.querySelectorAll("div.tilstand-chart[data-spec-id]");
    nodes.forEach(function (node) {
      if (node.dataset.drawn) { return; }
      /* Drawn for paper (the case PDF): the paper layout where there is one. */
      var specNode = document.getElementById((printing && node.dataset.paperSpecId) || node.dataset.specId);
      if (!specNode) { return; }
      node.dataset.drawn = "1";
      var spec = JSON.parse(specNode.textContent);
      /* Drawn for paper (the case PDF), a chart over the years is lower, so two fit on an A4 page. */
      if (printing && spec.usermeta && spec.usermeta.printHeight) { spec.height = spec.usermeta.printHeight; }
      var locale = window.TILSTAND_LOCALE || {};
      window.vegaEmbed(node, spec, {
        renderer: "svg",
        actions: false,
        formatLocale: locale.format,
        timeFormatLocale: locale.time
      }).then(function () {
        labelSvg(node, spec.description);
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
