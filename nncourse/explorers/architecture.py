r"""Chapter 3's explorer: choose a network's shape, see it drawn and its parameters counted.

A Dense layer with $n$ inputs and $u$ units has a kernel of shape $(n, u)$ and
a bias of shape $(u,)$: $n u + u$ parameters. The explorer draws a fully
connected network (every unit of a layer connected to every unit of the
next), writes each kernel's shape under its layer, and plots each layer's
share of the parameters below, so you can see which layer holds most of them.

Wide layers are drawn like ``nnlib._network_diagram.draw_network`` draws
them: at most ``MAX_SHOWN`` circles and a vertical ellipsis for the rest.
"""

import numpy as np

from nnlib.figure_style import INK

from .base import Dropdown, Explorer, Slider

MAX_SHOWN = 6  # circles drawn in a column; wider layers get an ellipsis
UNIT_COLORS = {"input": "#DDDDDD", "hidden": "#9ECAE9", "output": "#F5C26B"}  # as draw_network
BAR_COLOR = "#0072B2"
COLUMNS_SPAN = 5.0  # the columns are spread evenly over [0, COLUMNS_SPAN]
X_RANGE = [-0.9, COLUMNS_SPAN + 0.9]
Y_RANGE = [-5.3, 5.0]  # the tallest column spans [-3, 3]; labels above and below it
HEIGHT = 480


def dense_parameter_count(n_inputs, units):
    """Weights plus biases of a Dense layer: ``n_inputs * units + units``."""
    return n_inputs * units + units


def layer_sizes(n_inputs, hidden_layers, width, n_outputs):
    """The sizes of the columns, inputs first: ``[n_inputs, width, ..., width, n_outputs]``."""
    return [n_inputs] + [width] * hidden_layers + [n_outputs]


def _column_units(units):
    """The y of each circle drawn for a layer of ``units``, and the y of its ellipsis (or None)."""
    if units <= MAX_SHOWN:
        return (units - 1) / 2 - np.arange(units), None
    slots = MAX_SHOWN / 2 - np.arange(MAX_SHOWN + 1)  # one more slot, for the ellipsis
    middle = MAX_SHOWN // 2
    return np.delete(slots, middle), slots[middle]


def _connections(left, right):
    """A path of points (``None`` lifts the pen) that draws every line from ``left`` to ``right`` once.

    Two left units at a time share one zigzag, left, right, other left,
    next right, first left, ...: each right unit is reached from one of the
    pair and left towards the other, so each step draws a new line and the
    figure needs about one point per line (a pen-up per line would need three).
    """
    path = []
    for i in range(0, len(left) - 1, 2):
        pair = (left[i], left[i + 1])
        path.append(pair[0])
        for j, end in enumerate(right):
            path += [end, pair[(j + 1) % 2]]
        path.append(None)
    if len(left) % 2:  # the last left unit on its own: right, it, next right
        lone = left[-1]
        for j in range(0, len(right), 2):
            path += [right[j], lone, *right[j + 1 : j + 2], None]
    return path


def architecture_figure(n_inputs=2, hidden_layers=1, width=3, n_outputs=1):
    """The network with ``hidden_layers`` hidden layers of ``width`` units, and its parameter counts."""
    sizes = layer_sizes(int(n_inputs), int(hidden_layers), int(width), int(n_outputs))
    xs = np.round(np.linspace(0, COLUMNS_SPAN, len(sizes)), 2)
    roles = ["input"] + ["hidden"] * (len(sizes) - 2) + ["output"]
    titles = ["input"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)] + ["output"]

    circles = {role: ([], []) for role in UNIT_COLORS}
    columns, dots = [], ([], [])
    for x, units, role in zip(xs, sizes, roles):
        ys, ellipsis = _column_units(units)
        columns.append([(x, y) for y in ys])
        circles[role][0].extend([x] * len(ys))
        circles[role][1].extend(ys)
        if ellipsis is not None:
            dots[0].append(x)
            dots[1].append(ellipsis)
    line_x, line_y = [], []
    for left, right in zip(columns, columns[1:]):
        for point in _connections(left, right):
            line_x.append(None if point is None else point[0])
            line_y.append(None if point is None else point[1])

    counts = [dense_parameter_count(n, u) for n, u in zip(sizes, sizes[1:])]
    below = [f"{sizes[0]:,} features"] + [
        f"{u:,} unit{'s' if u > 1 else ''}<br>W ({n:,}, {u:,})" for n, u in zip(sizes, sizes[1:])
    ]
    top = MAX_SHOWN / 2 + 0.8  # the column titles
    bottom = -MAX_SHOWN / 2 - 0.8  # units and kernel shape
    total = sum(counts)
    shape = "\u2013".join(f"{n:,}" for n in sizes)

    data = [
        {
            "type": "scatter",
            "x": line_x,
            "y": line_y,
            "mode": "lines",
            "hoverinfo": "skip",
            "line": {"color": "#9A9A9A", "width": 0.7},
        },
    ]
    for role, color in UNIT_COLORS.items():
        data.append(
            {
                "type": "scatter",
                "x": circles[role][0],
                "y": circles[role][1],
                "mode": "markers",
                "hoverinfo": "skip",
                "marker": {"size": 17, "color": color, "line": {"color": INK, "width": 1}},
            }
        )
    data += [
        {
            "type": "scatter",
            "x": dots[0] or [None],
            "y": dots[1] or [None],
            "mode": "text",
            "text": ["\u22ee"] * max(len(dots[0]), 1),
            "textfont": {"size": 22, "color": INK},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": list(xs),
            "y": [top] * len(xs),
            "mode": "text",
            "text": titles,
            "textfont": {"size": 13, "color": INK},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": list(xs),
            "y": [bottom] * len(xs),
            "mode": "text",
            "text": below,
            "textposition": "bottom center",
            "textfont": {"size": 11, "color": INK},
            "hoverinfo": "skip",
        },
        {
            "type": "bar",
            "x": list(xs[1:]),
            "y": counts,
            "xaxis": "x2",
            "yaxis": "y2",
            "width": 0.5,
            "marker": {"color": BAR_COLOR},
            "text": [f"{c:,}" for c in counts],
            "textposition": "outside",
            "cliponaxis": False,
            "constraintext": "none",
            "textfont": {"size": 11, "color": INK},
            "hovertext": [
                f"{title}: {n:,} \u00d7 {u:,} weights + {u:,} biases = {c:,}"
                for title, n, u, c in zip(titles[1:], sizes, sizes[1:], counts)
            ],
            "hoverinfo": "text",
        },
        {
            "type": "scatter",
            "x": [X_RANGE[0]],
            "y": [Y_RANGE[1] - 0.1],
            "mode": "text",
            "text": [f"<b>{shape} network: {total:,} parameters</b>"],
            "textposition": "bottom right",
            "textfont": {"size": 14, "color": INK},
            "hoverinfo": "skip",
        },
    ]
    hidden_axis = {
        "range": X_RANGE,
        "showgrid": False,
        "zeroline": False,
        "showticklabels": False,
        "ticks": "",
        "fixedrange": True,
    }
    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK},
        "showlegend": False,
        "height": HEIGHT,
        "margin": {"l": 60, "r": 20, "t": 10, "b": 20},
        "xaxis": {**hidden_axis, "title": {"text": ""}},
        "yaxis": {
            "range": Y_RANGE,
            "domain": [0.33, 1.0],
            "showgrid": False,
            "zeroline": False,
            "showticklabels": False,
            "ticks": "",
            "fixedrange": True,
        },
        "xaxis2": {
            **hidden_axis,
            "anchor": "y2",
            "title": {
                "text": "parameters of each layer (weights + biases)",
                "standoff": 4,
                "font": {"size": 12},
            },
        },
        "yaxis2": {
            "domain": [0.0, 0.24],
            "rangemode": "tozero",
            "title": {"text": "parameters"},
            "gridcolor": "#E5E5E5",
            "tickformat": "~s",
            "fixedrange": True,
            "nticks": 3,
        },
    }
    per_layer = "; ".join(f"{title} {c:,}" for title, c in zip(titles[1:], counts))
    description = f"{shape} network: {total:,} parameters ({per_layer})"
    return {"data": data, "layout": layout, "description": description}


def architecture_explorer():
    """Dropdowns and sliders for the shape of an MLP; the network is drawn and its parameters counted."""
    return Explorer(
        controls=[
            Dropdown(
                "n_inputs",
                "inputs",
                [("2", 2), ("4 (iris)", 4), ("64 (8\u00d78 digits)", 64), ("784 (28\u00d728 MNIST)", 784)],
            ),
            Slider("hidden_layers", "hidden layers", [0, 1, 2, 3, 4], default=1, format="{:.0f}"),
            Slider(
                "width",
                "units per hidden layer",
                [2, 3, 4, 8, 16, 32, 64, 128, 512],
                default=3,
                format="{:.0f}",
            ),
            Dropdown("n_outputs", "outputs", [("1", 1), ("3 (iris classes)", 3), ("10 (digits)", 10)]),
        ],
        figure=architecture_figure,
        height=HEIGHT,
    )
