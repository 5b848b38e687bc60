"""The 2-2-1 network as chapter 4's explorers draw it: where each node sits, its edges, its
nodes as one trace, the texts beside them, and numbers written out for those texts.

Coordinates are the diagram's data coordinates (its axes are hidden).
"""

from nnlib.figure_style import INK

INPUTS = [(0.3, 3.6), (0.3, 0.6)]
HIDDEN = [(4.3, 3.6), (4.3, 0.6)]
OUTPUT = (8.3, 2.1)
LOSS = (12.3, 2.1)


def vector(values, digits=2):
    """``values`` written as "(a, b, ...)" with ``digits`` decimals."""
    return "(" + ", ".join(f"{v:.{digits}f}" for v in values) + ")"


def edge(start, end, color, width, dash="solid"):
    """A line from the point ``start`` to ``end``, as one trace."""
    return {
        "type": "scatter",
        "mode": "lines",
        "x": [start[0], end[0]],
        "y": [start[1], end[1]],
        "line": {"color": color, "width": width, "dash": dash},
        "hoverinfo": "skip",
    }


def nodes(colors):
    """The six nodes, x1, x2, h1, h2, y_hat and L, as one trace; ``colors`` is one fill or six."""
    positions = INPUTS + HIDDEN + [OUTPUT, LOSS]
    return {
        "type": "scatter",
        "mode": "markers+text",
        "x": [p[0] for p in positions],
        "y": [p[1] for p in positions],
        "text": ["x₁", "x₂", "h₁", "h₂", "ŷ", "L"],
        "textfont": {"size": 15, "color": INK},
        "marker": {
            "size": [40] * 5 + [36],
            "symbol": ["circle"] * 5 + ["square"],
            "color": colors,
            "line": {"color": INK, "width": 1.5},
        },
        "hoverinfo": "skip",
    }


def node_texts(texts, output_lift=1.0):
    """The six ``texts`` by their nodes: above the top row, below the bottom row, and above
    and right of the output, ``output_lift`` times the usual gap up (taller texts need more)."""
    gap = 0.42
    where = [
        (INPUTS[0][0], INPUTS[0][1] + gap),
        (INPUTS[1][0], INPUTS[1][1] - gap),
        (HIDDEN[0][0], HIDDEN[0][1] + gap),
        (HIDDEN[1][0], HIDDEN[1][1] - gap),
        (OUTPUT[0] - 0.2, OUTPUT[1] + output_lift * gap),
        (LOSS[0], LOSS[1] - gap),
    ]
    return {
        "type": "scatter",
        "mode": "text",
        "x": [p[0] for p in where],
        "y": [p[1] for p in where],
        "text": texts,
        "textposition": ["top center", "bottom center", "top center", "bottom center", "top right"]
        + ["bottom center"],
        "textfont": {"size": 12, "color": INK},
        "hoverinfo": "skip",
    }
