// The kernel-free view of the course's explorers (nncourse/explorers/base.py).
//
// Each explorer on a page is a <div class="nncourse-explorer"> that holds its
// spec as JSON: the controls, and every state of the figure as indices into a
// pool of plotly traces and layouts, all computed when the book was built.
// This script builds the controls and shows the state for their values with
// Plotly.react. The site serves it once (html_js_files in _config.yml); it
// waits for the page and for plotly.js, so it can load in the page's head.
(function () {
  "use strict";

  // On a screen narrower than this the figure is drawn at this width and
  // scaled down to fit, so that a phone shows all of it, labels included.
  var MIN_WIDTH = 540;

  function start(root) {
    var frame = root.querySelector(".nncourse-explorer-frame");
    var plot = root.querySelector(".nncourse-explorer-plot");
    var panel = root.querySelector(".nncourse-explorer-controls");
    var height = Number(root.dataset.height);
    var spec = JSON.parse(root.querySelector(".nncourse-explorer-spec").textContent);
    var index = spec.controls.map(function (control) { return control["default"]; });

    spec.controls.forEach(function (control, i) {
      var label = document.createElement("label");
      label.textContent = control.label + " ";
      var input;
      if (control.kind === "slider") {
        input = document.createElement("input");
        input.type = "range";
        input.min = 0;
        input.max = control.labels.length - 1;
        input.step = 1;
        input.value = index[i];
        var shown = document.createElement("output");
        shown.textContent = control.labels[index[i]];
        input.addEventListener("input", function () {
          index[i] = Number(input.value);
          shown.textContent = control.labels[index[i]];
          draw();
        });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(shown);
      } else {
        input = document.createElement("select");
        control.labels.forEach(function (text, k) {
          var option = document.createElement("option");
          option.value = k;
          option.textContent = text;
          input.appendChild(option);
        });
        input.value = index[i];
        input.addEventListener("change", function () { index[i] = Number(input.value); draw(); });
        label.appendChild(input);
      }
      input.setAttribute("aria-label", control.label);
      input.dataset.control = control.name;
      panel.appendChild(label);
    });

    function fit() {
      var scale = Math.min(1, frame.clientWidth / MIN_WIDTH);
      plot.style.width = scale < 1 ? MIN_WIDTH + "px" : "100%";
      plot.style.transformOrigin = "0 0";
      plot.style.transform = scale < 1 ? "scale(" + scale + ")" : "";
      frame.style.height = Math.ceil(height * scale) + "px";
    }

    function draw() {
      fit();
      // the state's position in the grid, the last control varying fastest
      var k = 0;
      spec.controls.forEach(function (control, i) { k = k * control.labels.length + index[i]; });
      var state = spec.states[k];
      var data = state.data.map(function (i) { return spec.pool[i]; });
      window.Plotly.react(plot, data, spec.pool[state.layout], {responsive: true, displaylogo: false});
      root.dataset.state = String(k);
    }

    window.addEventListener("resize", draw);
    draw();
  }

  function startAll() {
    if (!window.Plotly) {
      setTimeout(startAll, 50);
      return;
    }
    document.querySelectorAll(".nncourse-explorer:not([data-started])").forEach(function (root) {
      root.dataset.started = "true";
      start(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
