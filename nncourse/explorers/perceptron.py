r"""Chapter 1's explorers: the perceptron's boundary, moved by hand and by its rule.

``perceptron_explorer``: move $w_1$, $w_2$ and $b$. The perceptron outputs 1
where $w_1 x_1 + w_2 x_2 + b \ge 0$: a half-plane whose edge is the line
$w_1 x_1 + w_2 x_2 + b = 0$. On AND and OR some setting puts every point on its
right side; on XOR none does.

``perceptron_rule_explorer``: step through the perceptron rule on AND, one
visit to a sample at a time, with nnlib's ``perceptron_update`` in the order
``Perceptron.fit`` visits the samples.
"""

import numpy as np

from nnlib.activations import step
from nnlib.datasets import logic_gate
from nnlib.figure_style import INK
from nnlib.perceptron import perceptron_update

from .base import Dropdown, Explorer, Slider, plain_text

BOX = (-0.5, 1.5)  # the square shown, around the four inputs
FIRES, SILENT = "#F5C26B", "#9ECAE9"  # the regions where the output is 1 and 0
CLASS_COLORS = ("#0072B2", "#D55E00")  # label 0, label 1


def half_plane(w1, w2, b, sign):
    """The corners of the part of BOX where ``sign * (w1 x + w2 y + b) >= 0`` (a polygon)."""
    low, high = BOX
    corners = [(low, low), (high, low), (high, high), (low, high)]
    value = [sign * (w1 * x + w2 * y + b) for x, y in corners]
    polygon = []
    for i, (corner, v) in enumerate(zip(corners, value)):
        nxt, v_next = corners[(i + 1) % 4], value[(i + 1) % 4]
        if v >= 0:
            polygon.append(corner)
        if (v >= 0) != (v_next >= 0):  # the edge crosses the boundary: add the crossing point
            t = v / (v - v_next)
            polygon.append((corner[0] + t * (nxt[0] - corner[0]), corner[1] + t * (nxt[1] - corner[1])))
    return polygon


def boundary_segment(w1, w2, b):
    """Two points of the line w1 x + w2 y + b = 0 inside BOX, or none if it misses the box."""
    points = half_plane(w1, w2, b, 1)
    on_line = [(x, y) for x, y in points if abs(w1 * x + w2 * y + b) < 1e-9]
    return on_line[:2] if (w1 or w2) and len(on_line) >= 2 else []


def perceptron_figure(gate="and", w1=1.0, w2=1.0, b=-1.5):
    """The plane of the two inputs, shaded by the perceptron's output, with the gate's four points."""
    X, y = logic_gate(gate)
    predicted = (X @ np.array([w1, w2]) + b >= 0).astype(int)
    correct = int((predicted == y).sum())
    data = []
    for sign, color in [(1, FIRES), (-1, SILENT)]:
        polygon = half_plane(w1, w2, b, sign) or [(None, None)]
        xs, ys = zip(*(polygon + polygon[:1]))
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "fill": "toself",
                "fillcolor": color,
                "mode": "lines",
                "line": {"width": 0},
                "hoverinfo": "skip",
            }
        )
    segment = boundary_segment(w1, w2, b) or [(None, None)] * 2
    data.append(
        {
            "type": "scatter",
            "x": [p[0] for p in segment],
            "y": [p[1] for p in segment],
            "mode": "lines",
            "line": {"color": INK, "width": 3},
            "hoverinfo": "skip",
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": X[:, 0],
            "y": X[:, 1],
            "mode": "markers",
            "hoverinfo": "text",
            "marker": {
                "size": 18,
                "color": [CLASS_COLORS[label] for label in y],
                "symbol": ["circle" if p == t else "x" for p, t in zip(predicted, y)],
                "line": {"color": "white", "width": 2},
            },
            "text": [f"label {t}, output {p}" for p, t in zip(predicted, y)],
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": [BOX[0]],
            "y": [BOX[1] + 0.17],
            "mode": "text",
            "text": [f"{correct} of 4 correct"],
            "textposition": "middle right",
            "textfont": {"size": 16, "color": INK},
            "hoverinfo": "skip",
        }
    )
    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK},
        "showlegend": False,
        "margin": {"l": 50, "r": 20, "t": 40, "b": 50},
        "height": 440,
        "title": {"text": "orange: output 1 \u00b7 blue: output 0 \u00b7 \u2715 wrong", "font": {"size": 14}},
        "xaxis": {
            "title": {"text": "x\u2081"},
            "range": BOX,
            "constrain": "domain",
            "dtick": 0.5,
            "showgrid": False,
            "zeroline": False,
        },
        "yaxis": {
            "title": {"text": "x\u2082"},
            "range": [BOX[0], BOX[1] + 0.3],
            "scaleanchor": "x",
            "dtick": 0.5,
            "tickvals": [-0.5, 0, 0.5, 1, 1.5],
            "showgrid": False,
            "zeroline": False,
        },
    }
    wrong = ", ".join(f"({a:g}, {b:g})" for (a, b), p, t in zip(X, predicted, y) if p != t)
    description = f"{correct} of 4 correct" + (f"; wrong at {wrong}" if wrong else "")
    return {"data": data, "layout": layout, "description": description}


def perceptron_explorer():
    """Sliders for w1, w2 and b and a choice of gate: find weights that solve AND and OR, then try XOR."""
    weights = np.linspace(-2, 2, 9)
    return Explorer(
        controls=[
            Dropdown("gate", "gate", [("AND", "and"), ("OR", "or"), ("XOR", "xor")]),
            Slider("w1", "w\u2081", weights, default=1.0, format="{:+.1f}"),
            Slider("w2", "w\u2082", weights, default=1.0, format="{:+.1f}"),
            Slider("b", "b", weights, default=-1.5, format="{:+.1f}"),
        ],
        figure=perceptron_figure,
    )


def rule_trace(gate="and", learning_rate=1.0):
    """The perceptron rule run as ``nnlib.perceptron.Perceptron.fit`` runs it (weights from
    zero, samples in order, epochs until one has no mistake), one visit to a sample at a time.

    A list of dicts, one per visit: ``epoch``, ``x``, ``y``, ``predicted`` and the weights
    ``w``, ``b`` before and ``new_w``, ``new_b`` after ``perceptron_update``."""
    X, y = logic_gate(gate)
    w, b, visits = np.zeros(2), 0.0, []
    for epoch in range(1, 101):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            predicted = int(step(x_i @ w + b))
            new_w, new_b = perceptron_update(w, b, x_i, y_i, learning_rate)
            visits.append(
                dict(epoch=epoch, x=x_i, y=int(y_i), predicted=predicted, w=w, b=b, new_w=new_w, new_b=new_b)
            )
            mistakes += predicted != y_i
            w, b = new_w, new_b
        if mistakes == 0:
            break
    return visits


def rule_figure(update=1):
    """Update number ``update`` of the rule on AND: the sample (ringed), the old boundary
    (dashed) and the new one, shaded by the new weights' output."""
    visit = rule_trace()[int(update) - 1]
    (w1, w2), b = visit["new_w"], visit["new_b"]
    figure = perceptron_figure("and", w1, w2, b)
    old = boundary_segment(*visit["w"], visit["b"]) or [(None, None)] * 2
    figure["data"].insert(
        2,
        {
            "type": "scatter",
            "x": [p[0] for p in old],
            "y": [p[1] for p in old],
            "mode": "lines",
            "line": {"color": INK, "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        },
    )
    figure["data"].append(
        {
            "type": "scatter",
            "x": [visit["x"][0]],
            "y": [visit["x"][1]],
            "mode": "markers",
            "marker": {"size": 32, "symbol": "circle-open", "color": INK, "line": {"width": 3}},
            "hoverinfo": "skip",
        }
    )
    x1, x2 = (f"{value:g}" for value in visit["x"])
    moved = visit["predicted"] != visit["y"]
    change = (
        f"wrong: w += {visit['y'] - visit['predicted']:+d}·x, b += {visit['y'] - visit['predicted']:+d}"
        if moved
        else "right: no change"
    )
    # two short lines, so that the text fits above the square at the figure's narrowest
    text = (
        f"epoch {visit['epoch']}, sample ({x1}, {x2}), label {visit['y']}, "
        f"prediction {visit['predicted']}<br>{change}; now w = ({w1:g}, {w2:g}), b = {b:g}"
    )
    figure["data"][-2]["text"] = [text]  # the text trace of perceptron_figure, above the square
    figure["data"][-2]["textfont"] = {"size": 13, "color": INK}
    figure["description"] = plain_text(text)
    return figure


def perceptron_rule_explorer():
    """Step through the perceptron rule on AND, one visit to a sample at a time."""
    updates = range(1, len(rule_trace()) + 1)
    return Explorer(
        controls=[Slider("update", "update", updates, default=1, format="{:g}")], figure=rule_figure
    )
