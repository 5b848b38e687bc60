r"""Chapter 4's explorer: one training step of a 2-2-1 network, value by value.

A slider walks through the forward pass ($z^{[1]}$, $a^{[1]}$, $z^{[2]}$,
$\hat y$, the loss), the backward pass ($\delta^{[2]}$, the output layer's
gradients, $\partial L/\partial a^{[1]}$, $\delta^{[1]}$, the hidden layer's
gradients) and the update. Every value is drawn on a diagram of the network,
and the one computed at the current step is highlighted.

The numbers are nnlib's own: a ``Sequential`` with the weights below computes
the forward pass and ``loss_and_gradients`` the backward pass. For one sample
the bias gradient of a layer is its $\delta$, which is how $\delta$ is read.
"""

from functools import cache

import numpy as np

from nnlib import activations
from nnlib.datasets import logic_gate
from nnlib.figure_style import INK
from nnlib.layers import Dense
from nnlib.model import Sequential
from nnlib.optimizers import SGD

from .base import Dropdown, Explorer, Slider, plain_text
from .network_diagram import HIDDEN, INPUTS, LOSS, OUTPUT, edge, node_texts, nodes, vector

#: the starting weights, kernel (inputs, units) and bias of each layer
KERNEL_1 = np.array([[1.0, -1.0], [0.5, 1.5]])
BIAS_1 = np.array([-0.2, 0.1])
KERNEL_2 = np.array([[1.5], [-1.0]])
BIAS_2 = np.array([0.2])
LEARNING_RATE = 1.0

FORWARD, BACKWARD, UPDATE = "#0072B2", "#D55E00", "#009E73"  # Okabe-Ito blue, vermillion, green
QUIET_EDGE, QUIET_NODE, LIT_NODE = "#BBBBBB", "#F2F2F2", "#F5C26B"

X_RANGE, Y_RANGE = [-0.6, 13.6], [-2.2, 6.0]
HEIGHT = 480
EDGES_1 = [(i, j) for i in range(2) for j in range(2)]  # input i -> hidden unit j

#: (phase, title) of each step; the slider goes through them in order
STEPS = [
    ("start", "the sample enters the network"),
    ("forward", "net input of the hidden layer"),
    ("forward", "activation of the hidden layer"),
    ("forward", "net input of the output unit"),
    ("forward", "the prediction"),
    ("forward", "the loss"),
    ("backward", "error signal of the output unit"),
    ("backward", "gradients of the output layer"),
    ("backward", "the error sent back to the hidden layer"),
    ("backward", "error signal of the hidden layer"),
    ("backward", "gradients of the hidden layer"),
    ("update", "one step of gradient descent"),
]


@cache
def backprop_values(example, activation):
    """Every intermediate value of one training step on XOR sample ``example`` (0 to 3).

    ``activation`` is the hidden layer's ("sigmoid", "tanh" or "relu"); the
    output unit is a sigmoid and the loss binary cross-entropy. Returns a dict
    of floats and 1-D arrays: ``x``, ``y``, ``z1``, ``a1``, ``z2``, ``a2``,
    ``loss``, ``delta2``, ``dW2``, ``db2``, ``grad_a1``, ``f_prime``,
    ``delta1``, ``dW1``, ``db1``, the new weights and the loss after the step.
    """
    X, labels = logic_gate("xor")
    x, y = X[example : example + 1], labels[example : example + 1]
    model = Sequential([Dense(2, activation=activation, input_shape=(2,)), Dense(1, activation="sigmoid")])
    model.set_weights([KERNEL_1, BIAS_1, KERNEL_2, BIAS_2])
    model.compile(optimizer=SGD(learning_rate=LEARNING_RATE), loss="binary_crossentropy")
    loss, (dW1, db1, dW2, db2) = model.loss_and_gradients(x, y)
    hidden, output = model.layers
    values = {
        "x": x[0],
        "y": float(y[0]),
        "z1": hidden.z[0].copy(),
        "a1": hidden.a[0].copy(),
        "z2": float(output.z[0, 0]),
        "a2": float(output.a[0, 0]),
        "loss": loss,
        "delta2": float(db2[0]),
        "dW2": dW2[:, 0],
        "db2": float(db2[0]),
        "grad_a1": db2[0] * KERNEL_2[:, 0],  # delta2 W2^T for one sample
        "f_prime": activations.get(activation).derivative(hidden.z[0]),
        "delta1": db1,
        "dW1": dW1,
        "db1": db1,
    }
    values["new"] = [
        w - LEARNING_RATE * g for w, g in zip([KERNEL_1, BIAS_1, KERNEL_2, BIAS_2], [dW1, db1, dW2, db2])
    ]
    model.set_weights(values["new"])
    values["new_loss"] = model.evaluate(x, y)
    return values


def _lit(text, color):
    return f'<span style="color:{color}"><b>{text}</b></span>'


def backprop_figure(example=1, activation="sigmoid", step=1):
    """The network at ``step`` (1 to 12) of one training step on XOR sample ``example``."""
    v = backprop_values(example, activation)
    step = int(step)
    phase, title = STEPS[step - 1]
    done = step - 1  # the index of the step shown; values of later steps stay hidden
    color = {"start": INK, "forward": FORWARD, "backward": BACKWARD, "update": UPDATE}[phase]
    f = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}[activation]

    def show(text, at):
        """``text`` from step ``at`` on, highlighted at that step."""
        if done < at:
            return None
        return _lit(text, color) if done == at else text

    def lines(*items):
        return "<br>".join(item for item in items if item) or " "

    # Edges: lit in the step's color when the step uses them.
    data = []
    for i, j in EDGES_1:
        lit = done in (1, 10, 11)
        data.append(edge(INPUTS[i], HIDDEN[j], color if lit else QUIET_EDGE, 3 if lit else 1.5))
    for j in range(2):
        lit = done in (3, 7, 8, 11)
        data.append(edge(HIDDEN[j], OUTPUT, color if lit else QUIET_EDGE, 3 if lit else 1.5))
    lit = done in (5, 6)
    data.append(edge(OUTPUT, LOSS, color if lit else QUIET_EDGE, 3 if lit else 1.5, "dot"))

    # Nodes: lit where the step computes something.
    lit_nodes = {
        0: [0, 1],
        1: [2, 3],
        2: [2, 3],
        3: [4],
        4: [4],
        5: [5],
        6: [4],
        7: [4],
        8: [2, 3],
        9: [2, 3],
        10: [2, 3],
        11: [2, 3, 4],
    }[done]
    data.append(nodes([LIT_NODE if k in lit_nodes else QUIET_NODE for k in range(6)]))

    # The values at each node: its incoming weights and bias, z, a, the
    # error signals and the gradients, each once its step has been reached.
    def joined(*items):
        return ", ".join(item for item in items if item) or None

    texts = [f"x₁ = {v['x'][0]:g}", f"x₂ = {v['x'][1]:g}"]
    new_kernel_1, new_bias_1, new_kernel_2, new_bias_2 = v["new"]
    for j in range(2):
        texts.append(
            lines(
                f"w = {vector(KERNEL_1[:, j])}, b = {BIAS_1[j]:.2f}",
                joined(show(f"z = {v['z1'][j]:.3f}", 1), show(f"a = {f}(z) = {v['a1'][j]:.3f}", 2)),
                joined(show(f"∂L/∂a = {v['grad_a1'][j]:.3f}", 8), show(f"δ = {v['delta1'][j]:.3f}", 9)),
                show(f"∂L/∂w = {vector(v['dW1'][:, j], 3)}, ∂L/∂b = {v['db1'][j]:.3f}", 10),
                show(f"new w = {vector(new_kernel_1[:, j])}, b = {new_bias_1[j]:.2f}", 11),
            )
        )
    texts.append(
        lines(
            f"w = {vector(KERNEL_2[:, 0])}, b = {BIAS_2[0]:.2f}",
            joined(show(f"z = {v['z2']:.3f}", 3), show(f"ŷ = σ(z) = {v['a2']:.3f}", 4)),
            show(f"δ = {v['delta2']:.3f}", 6),
            show(f"∂L/∂w = {vector(v['dW2'], 3)}, ∂L/∂b = {v['db2']:.3f}", 7),
            show(f"new w = {vector(new_kernel_2[:, 0])}, b = {new_bias_2[0]:.2f}", 11),
        )
    )
    texts.append(
        lines(
            f"target y = {v['y']:g}",
            show(f"L = {v['loss']:.3f}", 5),
            show(f"after the step: {v['new_loss']:.3f}", 11),
        )
    )
    data.append(node_texts(texts))

    # What the network is, then the step and its formula with the numbers.
    data.append(
        {
            "type": "scatter",
            "mode": "text",
            "x": [X_RANGE[0] + 0.1] * 3,
            "y": [Y_RANGE[1] - 0.15, Y_RANGE[0] + 0.75, Y_RANGE[0] + 0.25],
            "text": [
                f"hidden activation {f}, output σ, cross-entropy loss, learning rate η = {LEARNING_RATE:g}",
                _lit(f"Step {step} of {len(STEPS)}, {phase}: {title}", color),
                _equation(done, v, f),
            ],
            "textposition": "middle right",
            "textfont": {"size": 13, "color": INK},
            "hoverinfo": "skip",
        }
    )

    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK},
        "showlegend": False,
        "height": HEIGHT,
        "margin": {"l": 10, "r": 10, "t": 36, "b": 6},
        "title": {"text": "One training step of a 2-2-1 network", "font": {"size": 15}},
        "xaxis": {"range": X_RANGE, "visible": False, "fixedrange": True},
        "yaxis": {"range": Y_RANGE, "visible": False, "fixedrange": True},
    }
    description = plain_text(f"Step {step} of {len(STEPS)}, {phase}: {title}; {_equation(done, v, f)}")
    return {"data": data, "layout": layout, "description": description}


def _equation(done, v, f):
    """The formula of step ``done`` (0-based) with the numbers put in (plotly text: <sup> works)."""
    W2 = vector(KERNEL_2[:, 0])
    if done == 0:
        return f"x = {vector(v['x'], 0)}, target y = {v['y']:g}. Move the slider to run the forward pass."
    if done == 1:
        return f"z<sup>[1]</sup> = x W<sup>[1]</sup> + b<sup>[1]</sup> = {vector(v['z1'], 3)}"
    if done == 2:
        return f"a<sup>[1]</sup> = {f}(z<sup>[1]</sup>) = {vector(v['a1'], 3)}"
    if done == 3:
        return f"z<sup>[2]</sup> = a<sup>[1]</sup> W<sup>[2]</sup> + b<sup>[2]</sup> = {v['z2']:.3f}"
    if done == 4:
        return f"ŷ = a<sup>[2]</sup> = σ(z<sup>[2]</sup>) = {v['a2']:.3f}"
    if done == 5:
        return f"L = −[y log ŷ + (1 − y) log(1 − ŷ)] = {v['loss']:.3f}"
    if done == 6:
        return (
            f"δ<sup>[2]</sup> = ∂L/∂z<sup>[2]</sup> = ŷ − y = {v['a2']:.3f} − {v['y']:g} = {v['delta2']:.3f}"
        )
    if done == 7:
        return (
            f"∂L/∂W<sup>[2]</sup> = (a<sup>[1]</sup>)ᵀ δ<sup>[2]</sup> = {vector(v['dW2'], 3)}, "
            f"∂L/∂b<sup>[2]</sup> = δ<sup>[2]</sup> = {v['db2']:.3f}"
        )
    if done == 8:
        return (
            f"∂L/∂a<sup>[1]</sup> = δ<sup>[2]</sup> (W<sup>[2]</sup>)ᵀ = {v['delta2']:.3f} × {W2} "
            f"= {vector(v['grad_a1'], 3)}"
        )
    if done == 9:
        return (
            f"δ<sup>[1]</sup> = ∂L/∂a<sup>[1]</sup> ⊙ {f}′(z<sup>[1]</sup>) = {vector(v['grad_a1'], 3)} "
            f"⊙ {vector(v['f_prime'], 3)} = {vector(v['delta1'], 3)}"
        )
    if done == 10:
        return (
            f"∂L/∂W<sup>[1]</sup> = xᵀ δ<sup>[1]</sup>, one row per input: "
            f"{vector(v['dW1'][0], 3)} and {vector(v['dW1'][1], 3)}; "
            f"∂L/∂b<sup>[1]</sup> = δ<sup>[1]</sup>"
        )
    return (
        f"W ← W − η ∂L/∂W for every weight: the loss on this sample goes from "
        f"{v['loss']:.3f} to {v['new_loss']:.3f}"
    )


def backprop_explorer():
    """Step through one training example on a 2-2-1 network; pick the sample and the hidden activation."""
    X, y = logic_gate("xor")
    examples = [(f"x = ({a:g}, {b:g}), y = {t}", k) for k, ((a, b), t) in enumerate(zip(X, y))]
    return Explorer(
        controls=[
            Dropdown("example", "sample", examples, default=1),
            Dropdown(
                "activation",
                "hidden activation",
                [("sigmoid", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu")],
            ),
            Slider("step", "step", range(1, len(STEPS) + 1), default=1, format="{:.0f}"),
        ],
        figure=backprop_figure,
        height=HEIGHT,
    )
