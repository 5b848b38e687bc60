r"""Chapter 4's second explorer: pick three weights, then take several steps of gradient descent.

The network and the sample are those of ``backprop_explorer`` (a 2-2-1
network with sigmoid units, cross-entropy, XOR's sample $x = (0, 1)$,
$y = 1$, learning rate 1). Three sliders set the weights that matter most
for this sample: $x_2 \to h_1$, $h_1 \to \hat y$ and $h_2 \to \hat y$ (the
weights out of $x_1$ get no gradient here, since $x_1 = 0$); the others
start as in ``backprop_explorer``. A fourth slider walks through the steps
of gradient descent: at step $t$ the diagram shows the weights after $t$
updates and, computed from them, the forward values, every $\delta$, every
gradient and the loss; the panel below draws the loss of every step.

Every number is nnlib's: the forward and backward pass of
``Sequential.loss_and_gradients`` and the updates of ``train_on_batch``
with ``SGD``.
"""

from functools import cache

from nnlib.datasets import logic_gate
from nnlib.figure_style import INK
from nnlib.layers import Dense
from nnlib.model import Sequential
from nnlib.optimizers import SGD

from .backprop import BIAS_1, BIAS_2, KERNEL_1, KERNEL_2, LEARNING_RATE
from .base import Explorer, Slider
from .network_diagram import HIDDEN, INPUTS, LOSS, OUTPUT, edge, node_texts, nodes, vector

EXAMPLE = 1  # XOR's sample x = (0, 1), y = 1
N_STEPS = 8
WEIGHTS = (-3.0, -1.5, 0.0, 1.5, 3.0)
POSITIVE, NEGATIVE = "#0072B2", "#D55E00"  # Okabe-Ito blue and vermillion: the sign of a weight
LOSS_COLOR = "#009E73"
X_RANGE, Y_RANGE = [-0.6, 13.6], [-1.5, 6.6]
HEIGHT = 560
DIAGRAM_BOTTOM = 0.31  # the diagram fills the figure from here up; the loss panel sits below


def starting_weights(x2_h1, h1_out, h2_out):
    """``[kernel_1, bias_1, kernel_2, bias_2]``: those of ``backprop_explorer`` with three set."""
    kernel_1, kernel_2 = KERNEL_1.copy(), KERNEL_2.copy()
    kernel_1[1, 0] = x2_h1
    kernel_2[:, 0] = h1_out, h2_out
    return [kernel_1, BIAS_1.copy(), kernel_2, BIAS_2.copy()]


@cache
def descent(x2_h1, h1_out, h2_out):
    """The values of each of ``N_STEPS + 1`` states, from the starting weights through the updates.

    A list of dicts, one per step ``t``: the ``weights`` after ``t`` updates,
    then, computed from them, ``z1``, ``a1``, ``z2``, ``y_hat``, ``loss``,
    ``delta2``, ``delta1`` and the ``gradients`` (dW1, db1, dW2, db2)."""
    X, labels = logic_gate("xor")
    x, y = X[EXAMPLE : EXAMPLE + 1], labels[EXAMPLE : EXAMPLE + 1].reshape(-1, 1)
    model = Sequential([Dense(2, activation="sigmoid", input_shape=(2,)), Dense(1, activation="sigmoid")])
    model.set_weights(starting_weights(x2_h1, h1_out, h2_out))
    model.compile(optimizer=SGD(learning_rate=LEARNING_RATE), loss="binary_crossentropy")
    hidden, output = model.layers
    steps = []
    for _ in range(N_STEPS + 1):
        loss, gradients = model.loss_and_gradients(x, y)
        steps.append(
            {
                "weights": model.get_weights(),
                "z1": hidden.z[0].copy(),
                "a1": hidden.a[0].copy(),
                "z2": float(output.z[0, 0]),
                "y_hat": float(output.a[0, 0]),
                "loss": float(loss),
                # for one sample the bias gradient of a layer is its delta
                "delta2": float(gradients[3][0]),
                "delta1": gradients[1].copy(),
                "gradients": gradients,
            }
        )
        model.train_on_batch(x, y)
    return steps


def _weight_edge(start, end, weight):
    """An edge whose width grows with |weight| and whose color is its sign (dotted at zero)."""
    color = POSITIVE if weight > 0 else NEGATIVE
    return edge(
        start,
        end,
        color if weight else "#999999",
        1 + 1.5 * min(abs(weight), 4),
        "solid" if weight else "dot",
    )


def steps_figure(x2_h1=1.5, h1_out=1.5, h2_out=-1.5, step=0):
    """The network after ``step`` updates, with its values, and the loss of every step."""
    steps = descent(float(x2_h1), float(h1_out), float(h2_out))
    step = int(step)
    if not 0 <= step <= N_STEPS:
        raise ValueError(f"step is the number of updates taken, 0 to {N_STEPS}; got {step}.")
    v = steps[step]
    kernel_1, bias_1, kernel_2, bias_2 = v["weights"]
    dW1, db1, dW2, db2 = v["gradients"]
    X, labels = logic_gate("xor")
    x, y = X[EXAMPLE], labels[EXAMPLE]

    data = [_weight_edge(INPUTS[i], HIDDEN[j], kernel_1[i, j]) for i in range(2) for j in range(2)]
    data += [_weight_edge(HIDDEN[j], OUTPUT, kernel_2[j, 0]) for j in range(2)]
    data.append(edge(OUTPUT, LOSS, "#999999", 1.5, "dot"))
    data.append(nodes("#F2F2F2"))
    texts = [f"x₁ = {x[0]:g}", f"x₂ = {x[1]:g}"]
    for j in range(2):
        texts.append(
            f"w = {vector(kernel_1[:, j])}, b = {bias_1[j]:.2f}<br>"
            f"z = {v['z1'][j]:.3f}, a = σ(z) = {v['a1'][j]:.3f}<br>"
            f"δ = {v['delta1'][j]:.4f}<br>"
            f"∂L/∂w = {vector(dW1[:, j], 4)}, ∂L/∂b = {db1[j]:.4f}"
        )
    texts.append(
        f"w = {vector(kernel_2[:, 0])}, b = {bias_2[0]:.2f}<br>"
        f"z = {v['z2']:.3f}, ŷ = σ(z) = {v['y_hat']:.3f}<br>"
        f"δ = ŷ − y = {v['delta2']:.4f}<br>"
        f"∂L/∂w = {vector(dW2[:, 0], 4)}, ∂L/∂b = {db2[0]:.4f}"
    )
    texts.append(f"target y = {y:g}<br>L = {v['loss']:.4f}")
    data.append(node_texts(texts, output_lift=1.6))
    headline = (
        f"after {step} step{'' if step == 1 else 's'} of gradient descent (η = {LEARNING_RATE:g}): "
        f"loss {v['loss']:.4f}, prediction {v['y_hat']:.3f}"
    )
    data.append(
        {
            "type": "scatter",
            "mode": "text",
            "x": [X_RANGE[0] + 0.1],
            "y": [Y_RANGE[1] - 0.15],
            "text": [f"<b>{headline}</b>"],
            "textposition": "middle right",
            "textfont": {"size": 13, "color": INK},
            "hoverinfo": "skip",
        }
    )
    losses = [s["loss"] for s in steps]
    data.append(_loss_curve(tuple(losses)))
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": [step],
            "y": [v["loss"]],
            "marker": {"size": 12, "color": LOSS_COLOR, "line": {"color": INK, "width": 1.5}},
            "xaxis": "x2",
            "yaxis": "y2",
            "hoverinfo": "x+y",
        }
    )
    description = (
        f"{headline}; δ of the hidden units {vector(v['delta1'], 4)}, "
        f"δ of the output {v['delta2']:.4f}; weights out of the hidden units {vector(kernel_2[:, 0])}"
    )
    return {"data": data, "layout": _layout(), "description": description}


@cache
def _loss_curve(losses):
    """The loss at every step: one trace per setting of the weights, shared by its steps."""
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "x": list(range(len(losses))),
        "y": list(losses),
        "line": {"color": LOSS_COLOR, "width": 2},
        "marker": {"size": 5, "color": LOSS_COLOR},
        "xaxis": "x2",
        "yaxis": "y2",
        "hoverinfo": "x+y",
    }


@cache
def _layout():
    axis = {"gridcolor": "#E5E5E5", "zeroline": False, "linecolor": "#999999", "showline": True}
    return {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK},
        "showlegend": False,
        "height": HEIGHT,
        "margin": {"l": 60, "r": 10, "t": 36, "b": 45},
        "title": {"text": "Gradient descent on one sample, step by step", "font": {"size": 15}},
        "xaxis": {"domain": [0, 1], "range": X_RANGE, "visible": False, "fixedrange": True},
        "yaxis": {"domain": [DIAGRAM_BOTTOM, 1], "range": Y_RANGE, "visible": False, "fixedrange": True},
        "xaxis2": {
            **axis,
            "domain": [0, 1],
            "anchor": "y2",
            "range": [-0.3, N_STEPS + 0.3],
            "dtick": 1,
            "title": {"text": "steps of gradient descent", "standoff": 4},
        },
        "yaxis2": {
            **axis,
            "domain": [0, DIAGRAM_BOTTOM - 0.08],
            "anchor": "x2",
            "rangemode": "tozero",
            "title": {"text": "loss"},
        },
    }


def backprop_steps_explorer():
    """Three weights of the 2-2-1 network, then several steps of gradient descent on one sample."""
    return Explorer(
        controls=[
            Slider("x2_h1", "weight x₂→h₁", WEIGHTS, default=1.5, format="{:+.1f}"),
            Slider("h1_out", "weight h₁→ŷ", WEIGHTS, default=1.5, format="{:+.1f}"),
            Slider("h2_out", "weight h₂→ŷ", WEIGHTS, default=-1.5, format="{:+.1f}"),
            Slider("step", "steps taken", range(N_STEPS + 1), default=0, format="{:.0f}"),
        ],
        figure=steps_figure,
        height=HEIGHT,
    )
