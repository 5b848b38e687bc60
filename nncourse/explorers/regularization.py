r"""Chapter 7's explorer: dropout and an L2 penalty against overfitting.

A network with two hidden layers of 64 ReLU units learns a noisy XOR (four
overlapping blobs, ``nnlib.datasets.xor_blobs``) from only ``N_TRAIN``
samples, far too few for its 4,400 weights. Without help it fits the
training set almost perfectly and its validation loss climbs: it overfits.
Two sliders add help: the dropout rate after each hidden layer, and the strength $\lambda$ of an L2 penalty
$\lambda \sum w^2$ on every kernel. The left panel draws the learning
curves, the right one the gap between the validation and the training loss,
each against the unregularized network (gray).

Both losses are the cross-entropy alone, measured in inference mode (no
dropout) after each epoch, so that they compare: the loss ``fit`` logs for
training is taken with dropout on and includes the penalty.

Every training runs once, when the explorer is first built (16 small
full-batch trainings of 200 epochs, a fraction of a second each), and is
cached.
"""

from functools import cache

import numpy as np

from nnlib.callbacks import Callback
from nnlib.datasets import xor_blobs
from nnlib.figure_style import INK
from nnlib.layers import Dense, Dropout
from nnlib.model import Sequential
from nnlib.optimizers import Adam
from nnlib.regularizers import L2

from .base import Explorer, Slider

RATES = (0.0, 0.2, 0.5, 0.8)
L2_STRENGTHS = (0.0, 1e-4, 1e-3, 1e-2)
N_SAMPLES, N_TRAIN, VALIDATION = 1500, 60, slice(500, 1000)  # chapter 7's small training and validation sets
HIDDEN_UNITS = 64
EPOCHS = 200
LEARNING_RATE = 0.01
NOISE = 0.6  # the blobs' spread: the classes overlap, so a perfect fit is a fit to noise
SEED = 0

TRAIN_COLOR, VALIDATION_COLOR, GAP_COLOR, REFERENCE_COLOR = "#0072B2", "#D55E00", "#009E73", "#BBBBBB"
HEIGHT = 440


def xor_split():
    """``(x_train, y_train, x_val, y_val)``: the small training set and the validation set of chapter 7."""
    x, y = xor_blobs(n_samples=N_SAMPLES, noise=NOISE, seed=SEED)
    return x[:N_TRAIN], y[:N_TRAIN], x[VALIDATION], y[VALIDATION]


def regularized_network(rate, l2, seed=SEED):
    """Two hidden layers of HIDDEN_UNITS ReLU units, dropout ``rate`` after each, L2 ``l2`` on the kernels."""
    penalty = L2(l2) if l2 > 0 else None
    model = Sequential(
        [
            Dense(HIDDEN_UNITS, activation="relu", input_shape=(2,), kernel_regularizer=penalty),
            Dropout(rate),
            Dense(HIDDEN_UNITS, activation="relu", kernel_regularizer=penalty),
            Dropout(rate),
            Dense(1, activation="sigmoid", kernel_regularizer=penalty),
        ],
        seed=seed,
    )
    model.compile(optimizer=Adam(learning_rate=LEARNING_RATE), loss="binary_crossentropy")
    return model


class DataLossRecorder(Callback):
    """After each epoch, the loss without the penalty on ``data`` in inference mode.

    ``data`` maps a name to ``(x, y)``; ``self.losses[name]`` is the list of losses.
    """

    def __init__(self, data):
        super().__init__()
        self.data = data
        self.losses = {name: [] for name in data}

    def on_epoch_end(self, epoch, logs=None):
        penalty = sum(layer.regularization_penalty() for layer in self.model.layers)
        for name, (x, y) in self.data.items():
            loss = self.model.evaluate(x, y, batch_size=len(x))
            self.losses[name].append(loss - penalty)


@cache
def learning_curves(rate, l2):
    """Train once; return ``(train_losses, validation_losses, validation_accuracy)``.

    The losses are arrays with one cross-entropy per epoch (no penalty, no
    dropout); the accuracy is the trained network's on the validation set.
    """
    x_train, y_train, x_val, y_val = xor_split()
    model = regularized_network(rate, l2)
    recorder = DataLossRecorder({"train": (x_train, y_train), "validation": (x_val, y_val)})
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=N_TRAIN, verbose=0, callbacks=[recorder])
    accuracy = float(np.mean((model.predict(x_val)[:, 0] >= 0.5) == y_val))
    return np.array(recorder.losses["train"]), np.array(recorder.losses["validation"]), accuracy


def _line(x, y, color, axis="", dash="solid", width=2.2, name=None):
    trace = {
        "type": "scatter",
        "mode": "lines",
        "x": x,
        "y": y,
        "xaxis": f"x{axis}",
        "yaxis": f"y{axis}",
        "line": {"color": color, "width": width, "dash": dash},
        "hoverinfo": "skip",
    }
    if name is None:
        trace["showlegend"] = False
    else:
        trace["name"] = name
    return trace


def _loss_range():
    """One y range for every state, so that moving a slider moves the curves, not the axes."""
    highest = max(
        max(train.max(), validation.max())
        for train, validation, _ in (learning_curves(r, s) for r in RATES for s in L2_STRENGTHS)
    )
    return [0, float(np.ceil(highest * 4) / 4)]


def regularization_figure(rate=0.0, l2=0.0):
    """Learning curves and the train-validation gap for one dropout rate and L2 strength."""
    train, validation, accuracy = learning_curves(rate, l2)
    reference_train, reference_validation, _ = learning_curves(RATES[0], L2_STRENGTHS[0])
    epochs = np.arange(1, EPOCHS + 1)
    gap = validation - train
    top = _loss_range()[1]
    data = [
        _line(epochs, reference_train, REFERENCE_COLOR, width=1.5, name="no regularization"),
        _line(epochs, reference_validation, REFERENCE_COLOR, dash="dash", width=1.5),
        _line(epochs, reference_validation - reference_train, REFERENCE_COLOR, axis="2", width=1.5),
        _line(epochs, train, TRAIN_COLOR, name="training loss"),
        _line(epochs, validation, VALIDATION_COLOR, dash="dash", name="validation loss"),
        _line(epochs, gap, GAP_COLOR, axis="2", name="gap (validation − training)"),
        {
            "type": "scatter",
            "mode": "text",
            "x": [EPOCHS / 2],
            "y": [top * 0.94],
            "xaxis": "x2",
            "yaxis": "y2",
            "showlegend": False,
            "hoverinfo": "skip",
            "textfont": {"size": 13, "color": INK},
            "text": [f"final gap {gap[-1]:.2f}<br>validation accuracy {accuracy:.0%}"],
        },
    ]
    axis_style = {"gridcolor": "#E5E5E5", "zeroline": False}
    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK},
        "height": HEIGHT,
        "margin": {"l": 55, "r": 15, "t": 40, "b": 100},
        "legend": {"orientation": "h", "x": 0, "y": -0.2, "xanchor": "left", "yanchor": "top"},
        "xaxis": {"domain": [0, 0.46], "title": {"text": "epoch"}, **axis_style},
        "yaxis": {"range": [0, top], "title": {"text": "cross-entropy"}, **axis_style},
        "xaxis2": {"domain": [0.56, 1], "title": {"text": "epoch"}, "anchor": "y2", **axis_style},
        "yaxis2": {
            "range": [-0.05, top],
            "anchor": "x2",
            "title": {"text": "validation − training"},
            **axis_style,
        },
        "annotations": [
            {
                "text": "Learning curves",
                "x": 0.23,
                "y": 1.0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 14},
            },
            {
                "text": "Train-validation gap",
                "x": 0.78,
                "y": 1.0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 14},
            },
        ],
    }
    description = f"final gap {gap[-1]:.2f}, validation accuracy {accuracy:.0%}"
    return {"data": data, "layout": layout, "description": description}


def regularization_explorer():
    """Sliders for the dropout rate and the L2 strength: watch the learning curves and the gap."""
    return Explorer(
        controls=[
            Slider("rate", "dropout rate", RATES, default=0.0, format="{:g}"),
            Slider("l2", "L2 strength λ", L2_STRENGTHS, default=0.0, format="{:g}"),
        ],
        figure=regularization_figure,
        height=HEIGHT,
    )
