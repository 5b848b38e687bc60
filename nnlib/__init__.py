"""nnlib: a small, readable numpy neural-network library, the companion of the
course *Neural Networks from Scratch*.

Keras-style use::

    from nnlib import Sequential, layers, optimizers, losses, callbacks

    model = Sequential([layers.Dense(16, activation="relu", input_shape=(4,)),
                        layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=50, validation_split=0.2)

Each public module holds one idea of the course; ``MODULES`` lists them, and
the README's table says what each holds. The ones a model needs are imported
here; the others (``datasets``, ``plotting``, ``from_sklearn``, ...) when asked
for, so ``import nnlib`` loads numpy and nothing else. Modules whose names
begin with an underscore are internal.
"""

from . import (
    activations,
    callbacks,
    config,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
    regularizers,
    schedules,
    utils,
)
from ._scope import missing as _missing
from ._seeding import set_random_seed
from .layers import Input
from .model import Sequential, TrainingDivergedWarning

optimizers.schedules = schedules  # Keras spells it keras.optimizers.schedules

__version__ = "0.2.0"

#: the modules of the library, each imported by ``from nnlib import <module>``
MODULES = [
    "activations",
    "approximation",
    "augmentation",
    "callbacks",
    "config",
    "convolution",
    "datasets",
    "figure_style",
    "from_sklearn",
    "gradient_check",
    "initializers",
    "layers",
    "loss_surfaces",
    "losses",
    "metrics",
    "model",
    "models",
    "optimizers",
    "perceptron",
    "plotting",
    "regularizers",
    "schedules",
    "signal_propagation",
    "utils",
]

__all__ = ["Input", "Sequential", "TrainingDivergedWarning", "set_random_seed", *MODULES]


def __getattr__(name):
    """``nnlib.Model`` (Keras's functional API) is out of scope: say so, and what to write instead."""
    if name in ("Model", "Functional"):
        raise _missing("nnlib", name, __all__)
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")
