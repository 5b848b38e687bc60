"""The machinery of an explorer: controls, a figure for their values, two ways to show it.

An ``Explorer`` is a set of controls (``Slider``, ``Dropdown``) and a function
``figure(**values)`` that returns a plotly figure for one setting of them, as
a plain dict ``{"data": [trace, ...], "layout": {...}}`` in plotly.js's own
format (plain dicts are quick to build, and no plotly Python package is needed).
The dict may also hold a ``"description"``: a short sentence of what this
state shows ("4 of 4 correct"), for a reader who cannot see the figure. The
website announces it, after the controls' values, each time a control moves
(an ``aria-live`` caption), and the PDF prints it under the static figure.
Displayed in a notebook it offers two views in one output:

- a live ipywidgets view, which Jupyter shows: each change of a control
  redraws the figure by calling ``figure`` again, with any value on the grid;
- a kernel-free HTML view, which the course website shows: the figure of
  every combination of control values is computed when the page is built,
  and the site's script (``static/nncourse-explorer.js``) swaps between them
  as the reader moves the controls (plotly.js is served by the site too).

So one function call in a chapter, ``perceptron_explorer()``, gives a live
explorer in Jupyter and a working one on the static website.
"""

import html
import itertools
import json
import re
from pathlib import Path

import numpy as np


class Slider:
    """A slider over a fixed list of ``values`` (numbers), labelled with ``format``."""

    kind = "slider"

    def __init__(self, name, label, values, default=None, format="{:g}"):
        self.name, self.label = name, label
        self.values = [float(v) for v in values]
        self.labels = [format.format(v) for v in self.values]
        target = self.values[len(self.values) // 2] if default is None else float(default)
        self.default = int(np.argmin([abs(value - target) for value in self.values]))

    def widget(self):
        import ipywidgets as widgets

        return widgets.SelectionSlider(
            options=list(zip(self.labels, self.values)),
            value=self.values[self.default],
            description=self.label,
            continuous_update=True,
            style={"description_width": "initial"},
        )


class Dropdown:
    """A choice among ``options``: a list of values, or of ``(label, value)`` pairs."""

    kind = "dropdown"

    def __init__(self, name, label, options, default=None):
        self.name, self.label = name, label
        pairs = [option if isinstance(option, tuple) else (str(option), option) for option in options]
        self.labels = [label for label, _ in pairs]
        self.values = [value for _, value in pairs]
        self.default = 0 if default is None else self.values.index(default)

    def widget(self):
        import ipywidgets as widgets

        return widgets.Dropdown(
            options=list(zip(self.labels, self.values)),
            value=self.values[self.default],
            description=self.label,
            style={"description_width": "initial"},
        )


class Explorer:
    """Controls plus ``figure(**values) -> {"data": [...], "layout": {...}}``; see the module docstring."""

    def __init__(self, controls, figure, height=460):
        self.controls = list(controls)
        self.figure = figure
        self.height = height

    @property
    def defaults(self):
        return {control.name: control.values[control.default] for control in self.controls}

    # The live view

    def describe(self, indices, description):
        """The caption of one state: each control's label and value, then the state's
        ``description``: "w1 = +1.0, w2 = +1.0, b = -1.5: 4 of 4 correct"."""
        settings = ", ".join(f"{c.label} = {c.labels[i]}" for c, i in zip(self.controls, indices))
        return f"{settings}: {description}" if description else settings

    def widget(self):
        """An ipywidgets box: the controls above the figure, redrawn on every change,
        and the state's caption under it."""
        import ipywidgets as widgets
        from IPython.display import display

        controls = [control.widget() for control in self.controls]
        output = widgets.Output(layout={"min_height": f"{self.height}px"})
        caption = widgets.Label()
        box = widgets.VBox([widgets.HBox(controls, layout={"flex_flow": "row wrap"}), output, caption])

        def redraw(_change=None):
            values = {control.name: w.value for control, w in zip(self.controls, controls)}
            box.figure = _rounded(self.figure(**values))  # what is on screen, for tests
            indices = [c.values.index(w.value) for c, w in zip(self.controls, controls)]
            caption.value = self.describe(indices, box.figure.pop("description", ""))
            with output:
                output.clear_output(wait=True)
                display(
                    {"application/vnd.plotly.v1+json": box.figure, "text/plain": "(a plotly figure)"},
                    raw=True,
                )

        for w in controls:
            w.observe(redraw, names="value")
        redraw()
        return box

    # The kernel-free view

    def states(self):
        """The figure of every combination of control values, the last control varying fastest."""
        grids = [control.values for control in self.controls]
        for combination in itertools.product(*grids):
            yield self.figure(**dict(zip((control.name for control in self.controls), combination)))

    def spec(self):
        """What the page's script needs: the controls, and each state as indices into
        a pool of distinct traces, layouts and descriptions (a trace that several states
        share, such as a contour map that depends on one control only, is stored once;
        so is a description such as "4 of 4 correct", so that a page holding one per
        state weighs a few bytes more per state, not a sentence more)."""
        pool, index_of, seen = [], {}, {}

        def pooled(item):
            # a trace that the figure function returns again (a cached contour map)
            # is rounded and written out once; ``seen`` keeps it alive, so its id
            # cannot pass to another object
            if id(item) in seen and seen[id(item)][0] is item:
                return seen[id(item)][1]
            rounded = _rounded(item)
            key = json.dumps(rounded, sort_keys=True)
            if key not in index_of:
                index_of[key] = len(pool)
                pool.append(rounded)
            seen[id(item)] = (item, index_of[key])
            return index_of[key]

        states = []
        for state in self.states():
            states.append(
                {
                    "data": [pooled(trace) for trace in state["data"]],
                    "layout": pooled(state["layout"]),
                    "text": pooled(state.get("description", "")),
                }
            )
        if len({len(state["data"]) for state in states}) != 1:
            raise ValueError("Every state of an explorer must draw the same number of traces.")
        return {
            "controls": [
                {"name": c.name, "label": c.label, "kind": c.kind, "labels": c.labels, "default": c.default}
                for c in self.controls
            ],
            "pool": pool,
            "states": states,
        }

    def default_state(self):
        """The figure of the controls' defaults, with its caption: ``(figure, caption)``.
        The website shows this state first; the PDF prints it as a static figure."""
        figure = _rounded(self.figure(**self.defaults))
        caption = self.describe([c.default for c in self.controls], figure.pop("description", ""))
        return figure, caption

    def static_html(self):
        """A block of HTML holding the spec, for the site's script ``SCRIPT`` to bring to life.

        The caption of the default state is written into the page, so that it reads
        right before the script runs; the script rewrites it on every change."""
        spec = json.dumps(self.spec(), separators=(",", ":")).replace("</", "<\\/")
        _, caption = self.default_state()
        return STATIC_TEMPLATE.format(height=self.height, spec=spec, caption=html.escape(caption))

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget()._repr_mimebundle_()
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"<explorer with controls {', '.join(c.label for c in self.controls)}>"
        return bundle


def plain_text(markup):
    """Plotly's text markup as a plain sentence: ``<br>`` becomes "; ", other tags go.

    For the states' descriptions, which often say what a text trace shows.

    >>> plain_text("<b>ReLU</b>: max(0, z)<br>outputs in [0, ∞)")
    'ReLU: max(0, z); outputs in [0, ∞)'
    """
    return re.sub(r"<[^>]+>", "", re.sub(r"\s*<br\s*/?>\s*", "; ", markup))


def _rounded(value, digits=4):
    """Plotly JSON with floats to ``digits`` significant digits and arrays as lists (smaller pages)."""
    if isinstance(value, dict):
        return {key: _rounded(item, digits) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(item, digits) for item in value]
    if isinstance(value, np.ndarray):
        return _rounded(value.tolist(), digits)
    if isinstance(value, (float, np.floating)):
        return float(f"{value:.{digits}g}") if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


# The page's script, nncourse-explorer.js (served by the site), finds these
# blocks, builds their controls and draws the states. Controls are made by the
# script, so a page without it shows nothing half-working. The figure is an
# image to assistive technology (role="img"), named by the caption under it,
# which is a polite live region: a screen reader reads the new caption after
# each change, once the reader stops moving the control. The site moves the
# spec into a file of its own, fetched when the explorer nears the screen
# (_ext/explorer_figures.py); the script reads either.
STATIC_TEMPLATE = """<div class="nncourse-explorer" data-height="{height}">
<div class="nncourse-explorer-controls"></div>
<div class="nncourse-explorer-frame" style="height:{height}px;overflow:hidden">
<div class="nncourse-explorer-plot" role="img" style="width:100%;height:{height}px"></div>
</div>
<p class="nncourse-explorer-caption" aria-live="polite">{caption}</p>
<script type="application/json" class="nncourse-explorer-spec">{spec}</script>
</div>"""

#: the script that brings the static view to life, served by the course website
SCRIPT = Path(__file__).parent / "static" / "nncourse-explorer.js"
