"""nnlib: a small, readable numpy neural-network library, the companion of the
course *Neural Networks from Scratch*.

Keras-style use::

    from nnlib import Sequential, layers, optimizers, losses, callbacks

    model = Sequential([layers.Dense(16, activation="relu", input_shape=(4,)),
                        layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=50, validation_split=0.2)

Each module holds one idea of the course: ``activations``, ``losses``,
``layers``, ``initializers``, ``regularizers``, ``optimizers`` (with
``optimizers.schedules``), ``callbacks``, ``model`` (``Sequential``),
``perceptron``, ``gradient_check``, ``datasets`` and ``plotting``.
"""

from . import (
    activations,
    callbacks,
    config,
    initializers,
    layers,
    losses,
    metrics,
    optimizers,
    regularizers,
    schedules,
    utils,
)
from .layers import Input
from .model import Sequential, TrainingDivergedWarning
from ._seeding import set_random_seed

optimizers.schedules = schedules  # Keras spells it keras.optimizers.schedules

__version__ = "0.1.0"

__all__ = [
    "Input",
    "Sequential",
    "TrainingDivergedWarning",
    "activations",
    "callbacks",
    "config",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "optimizers",
    "regularizers",
    "schedules",
    "set_random_seed",
    "utils",
]
