"""``draw_network``: a picture of a fully connected network, drawn from a model or layer sizes."""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from ._validation import check_positive_int
from .figure_style import BACKGROUND, INK, make_opaque
from .layers import Activation, Dense, Dropout, Flatten
from .model import Sequential

UNIT_COLORS = {"input": "#DDDDDD", "hidden": "#9ECAE9", "output": "#F5C26B"}
INCH_PER_UNIT = 0.38  # figure inches per data unit, so text and circles keep their sizes
COLUMN_GAP = 2.6  # data units between layers


def draw_network(model_or_sizes, ax=None, max_units_shown=10, show_counts=True):
    """Draw a fully connected network: circles for units, lines for weights.

    ``model_or_sizes`` is an nnlib ``Sequential`` whose input width is known
    (its Dense layers become columns; Dropout, Activation and Flatten layers
    are written under the column they follow) or a list of layer sizes such as
    ``[2, 3, 1]`` (inputs first). A layer with more than ``max_units_shown``
    units is drawn with that many circles and a vertical ellipsis, and its
    true size is written below it. With ``show_counts`` each layer is labelled
    with its number of parameters (weights and biases) and the title gives the
    total. Returns the Axes.
    """
    columns = _network_columns(model_or_sizes)
    max_units_shown = check_positive_int(max_units_shown, "max_units_shown")
    if max_units_shown < 2:
        raise ValueError(f"max_units_shown must be at least 2, got {max_units_shown}.")

    slots = [
        column["units"] if column["units"] <= max_units_shown else max_units_shown + 1 for column in columns
    ]
    height = max(slots)
    width = COLUMN_GAP * (len(columns) - 1)
    n_lines = max(len(column["details"]) for column in columns) + 1 + show_counts
    label_space = 1.0 + 0.42 * n_lines  # data units below the tallest column for the labels
    if ax is None:
        _, ax = plt.subplots(
            figsize=((width + 2.4) * INCH_PER_UNIT, (height + label_space + 1) * INCH_PER_UNIT),
            facecolor=BACKGROUND,
            layout="constrained",
        )
    else:
        make_opaque(ax.figure)

    radius = 0.3
    positions = []  # the centres of the circles drawn in each column
    for index, (column, n_slots) in enumerate(zip(columns, slots)):
        x = index * COLUMN_GAP
        ys = (n_slots - 1) / 2 - np.arange(n_slots)
        if column["units"] > max_units_shown:
            middle = math.ceil(max_units_shown / 2)  # the slot of the ellipsis
            ax.text(x, ys[middle], "\u22ee", ha="center", va="center", fontsize=14, color=INK)
            ys = np.delete(ys, middle)
        positions.append([(x, y) for y in ys])
        for centre in positions[-1]:
            ax.add_patch(
                Circle(
                    centre,
                    radius,
                    facecolor=UNIT_COLORS[column["role"]],
                    edgecolor=INK,
                    linewidth=1.0,
                    zorder=3,
                )
            )
        lines = [column["title"]] + column["details"]
        if show_counts and column["params"] is not None:
            lines.append(f"{column['params']:,} params")
        label_top = -(height - 1) / 2 - 0.7
        ax.text(x, label_top, lines[0], ha="center", va="top", fontsize=9, fontweight="bold", color=INK)
        ax.text(
            x,
            label_top - 0.5,
            "\n".join(lines[1:]),
            ha="center",
            va="top",
            fontsize=8.5,
            color=INK,
            linespacing=1.3,
        )
    for left, right in zip(positions, positions[1:]):
        segments = [(start, end) for start in left for end in right]
        ax.add_collection(LineCollection(segments, colors="#8C8C8C", linewidths=0.6, zorder=1))

    if show_counts:
        total = sum(column["params"] or 0 for column in columns)
        sizes = "\u2013".join(str(column["units"]) for column in columns)
        ax.set_title(f"{sizes} network: {total:,} parameters", fontsize=10, color=INK)
    ax.set_xlim(-1.2, width + 1.2)
    ax.set_ylim(-(height - 1) / 2 - label_space, (height - 1) / 2 + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _network_columns(model_or_sizes):
    """One dict per drawn layer: units, role, title, detail lines and parameter count."""
    if isinstance(model_or_sizes, Sequential):
        return _columns_of_model(model_or_sizes)
    sizes = list(model_or_sizes) if isinstance(model_or_sizes, (list, tuple, np.ndarray)) else None
    if sizes is None or len(sizes) < 2:
        raise ValueError(
            f"draw_network takes an nnlib Sequential or a list of at least two layer sizes such as "
            f"[2, 3, 1] (inputs first), got {model_or_sizes!r}."
        )
    sizes = [check_positive_int(size, "each layer size") for size in sizes]
    columns = [_column(sizes[0], "input", [_count(sizes[0], "feature")], None)]
    for n_inputs, units in zip(sizes, sizes[1:]):
        columns.append(_column(units, "hidden", [_count(units, "unit")], n_inputs * units + units))
    return _name_columns(columns)


def _columns_of_model(model):
    if model._input_shape is None:
        raise ValueError(
            "draw_network needs the model's input width: give the first layer input_shape=(n_features,), "
            "start with layers.Input((n_features,)), or call the model on data once."
        )
    if not model.built:
        model.build()
    input_shape = model._input_shape
    width = int(np.prod(input_shape))
    details = [_count(width, "feature")]
    if len(input_shape) > 1:
        details.append("from " + "\u00d7".join(str(n) for n in input_shape))
    columns = [_column(width, "input", details, None)]
    for layer in model.layers:
        last = columns[-1]
        if isinstance(layer, Dense):
            details = [_count(layer.units, "unit"), layer.activation.name]
            if not layer.trainable:
                details.append("frozen")
            columns.append(_column(layer.units, "hidden", details, layer.count_params()))
        elif isinstance(layer, Dropout):
            last["details"].append(f"dropout {layer.rate:g}")
        elif isinstance(layer, Activation):
            if last["role"] != "input" and last["details"][1] == "linear":
                last["details"][1] = layer.activation.name
            else:
                last["details"].append(f"then {layer.activation.name}")
        elif isinstance(layer, Flatten):
            if last["role"] != "input":  # on the input, the "from 8x8" line says it already
                last["details"].append("flatten")
        else:
            last["details"].append(type(layer).__name__)
    if len(columns) == 1:
        raise ValueError("draw_network draws Dense layers, and this model has none.")
    return _name_columns(columns)


def _column(units, role, details, params):
    return {"units": units, "role": role, "title": role, "details": details, "params": params}


def _name_columns(columns):
    """Title the columns input, hidden 1, hidden 2, ..., output."""
    for index, column in enumerate(columns[1:-1], start=1):
        column["title"] = f"hidden {index}"
    columns[-1]["role"] = columns[-1]["title"] = "output"
    return columns


def _count(n, noun):
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
