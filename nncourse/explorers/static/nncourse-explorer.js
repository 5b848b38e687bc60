// The kernel-free view of the course's explorers (nncourse/explorers/base.py).
//
// Each explorer on a page is a <div class="nncourse-explorer">. Its spec (the
// controls, and every state of the figure as indices into a pool of plotly
// traces, layouts and descriptions, all computed when the book was built) is
// either inline, in a <script type="application/json"> inside the div, or in a
// file of the site named by the div's data-spec attribute (the website moves
// it there, _ext/explorer_figures.py). This script builds the controls and
// shows the state for their values with Plotly.react.
//
// A reader on a slow connection gets the chapter's text first: the spec file
// and plotly.js (the site's data-plotly attribute on this script's tag) are
// fetched only when an explorer comes near the screen, and plotly.js once for
// all explorers of the page (the browser caches it for the next page).
//
// Every control is a native <input type="range"> or <select> with a <label>,
// so Tab reaches it and the arrow keys move it; the caption under the figure
// (aria-live="polite") says what the figure now shows, and names the figure
// (role="img") for assistive technology.
(function () {
  "use strict";

  // On a screen narrower than this the figure is drawn at this width and
  // scaled down to fit, so that a phone shows all of it, labels included.
  var MIN_WIDTH = 540;
  // Start fetching an explorer's data when it is this close to the screen.
  var NEAR = "800px 0px";

  var script = document.currentScript;
  var plotlySource = script && script.dataset.plotly
    ? new URL(script.dataset.plotly, script.src).href
    : null;
  var plotlyReady = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyReady) {
      plotlyReady = new Promise(function (resolve, reject) {
        if (!plotlySource) {  // a page that loads plotly.js itself: wait for it
          (function wait() { if (window.Plotly) resolve(window.Plotly); else setTimeout(wait, 50); })();
          return;
        }
        var tag = document.createElement("script");
        tag.src = plotlySource;
        tag.async = true;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { reject(new Error("nncourse-explorer.js: cannot load " + plotlySource)); };
        document.head.appendChild(tag);
      });
    }
    return plotlyReady;
  }

  function loadSpec(root) {
    var inline = root.querySelector(".nncourse-explorer-spec");
    if (inline) return Promise.resolve(JSON.parse(inline.textContent));
    return fetch(root.dataset.spec).then(function (response) {
      if (!response.ok) throw new Error("nncourse-explorer.js: " + response.status + " " + response.url);
      return response.json();
    });
  }

  var counter = 0;

  function start(root, spec) {
    var frame = root.querySelector(".nncourse-explorer-frame");
    var plot = root.querySelector(".nncourse-explorer-plot");
    var panel = root.querySelector(".nncourse-explorer-controls");
    var caption = root.querySelector(".nncourse-explorer-caption");
    var height = Number(root.dataset.height);
    var index = spec.controls.map(function (control) { return control["default"]; });
    var prefix = "nncourse-explorer-" + (++counter);

    if (caption) {
      caption.id = prefix + "-caption";
      plot.setAttribute("aria-labelledby", caption.id);
    }

    spec.controls.forEach(function (control, i) {
      var id = prefix + "-" + control.name;
      var field = document.createElement("span");
      field.className = "nncourse-explorer-control";
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = control.label;
      field.appendChild(label);
      field.appendChild(document.createTextNode(" "));
      var input;
      if (control.kind === "slider") {
        input = document.createElement("input");
        input.type = "range";
        input.min = 0;
        input.max = control.labels.length - 1;
        input.step = 1;
        input.value = index[i];
        // the input's value is a position on the grid: say the value it stands for
        input.setAttribute("aria-valuetext", control.labels[index[i]]);
        var shown = document.createElement("output");
        shown.htmlFor = id;
        shown.setAttribute("aria-hidden", "true");  // the caption and aria-valuetext say it
        shown.textContent = control.labels[index[i]];
        input.addEventListener("input", function () {
          index[i] = Number(input.value);
          shown.textContent = control.labels[index[i]];
          input.setAttribute("aria-valuetext", control.labels[index[i]]);
          draw();
        });
        field.appendChild(input);
        field.appendChild(document.createTextNode(" "));
        field.appendChild(shown);
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
        field.appendChild(input);
      }
      input.id = id;
      input.dataset.control = control.name;
      panel.appendChild(field);
    });

    function fit() {
      var scale = Math.min(1, frame.clientWidth / MIN_WIDTH);
      plot.style.width = scale < 1 ? MIN_WIDTH + "px" : "100%";
      plot.style.transformOrigin = "0 0";
      plot.style.transform = scale < 1 ? "scale(" + scale + ")" : "";
      frame.style.height = Math.ceil(height * scale) + "px";
    }

    // "w1 = +1.0, w2 = +1.0, b = -1.5: 4 of 4 correct", as Explorer.describe writes it
    function describe(state) {
      var settings = spec.controls.map(function (control, i) {
        return control.label + " = " + control.labels[index[i]];
      }).join(", ");
      var text = state.text === undefined ? "" : spec.pool[state.text];
      return text ? settings + ": " + text : settings;
    }

    function draw() {
      fit();
      // the state's position in the grid, the last control varying fastest
      var k = 0;
      spec.controls.forEach(function (control, i) { k = k * control.labels.length + index[i]; });
      var state = spec.states[k];
      var data = state.data.map(function (i) { return spec.pool[i]; });
      window.Plotly.react(plot, data, spec.pool[state.layout], {
        responsive: true,
        displaylogo: false,
        displayModeBar: false,  // no zoom or pan: the controls are the way to explore
      });
      if (caption) {
        var text = describe(state);
        if (caption.textContent !== text) caption.textContent = text;
      }
      root.dataset.state = String(k);
    }

    window.addEventListener("resize", draw);
    draw();
  }

  function begin(root) {
    if (root.dataset.started) return;
    root.dataset.started = "true";
    Promise.all([loadSpec(root), loadPlotly()]).then(function (loaded) {
      start(root, loaded[0]);
    }).catch(function (error) {
      root.dataset.started = "failed";
      console.error(error);
    });
  }

  function startAll() {
    var roots = document.querySelectorAll(".nncourse-explorer:not([data-started])");
    if (!("IntersectionObserver" in window)) {
      roots.forEach(begin);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          begin(entry.target);
        }
      });
    }, {rootMargin: NEAR});
    roots.forEach(function (root) { observer.observe(root); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
