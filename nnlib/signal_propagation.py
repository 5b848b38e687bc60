r"""How signals travel through a deep network at initialization.

Chapter 6 builds deep stacks of identical dense layers and looks at what
the first forward and backward passes do to the numbers: does the spread of
the activations stay the same from layer to layer, shrink to nothing
(vanishing) or blow up (exploding)? And the gradients? Three small tools:

- ``deep_mlp``: ``depth`` hidden Dense layers of ``width`` units, all with
  the same activation and kernel initializer (and an optional output layer);
- ``activation_stds``: the standard deviation of each layer's
  activations $a^{[l]}$ on a batch;
- ``gradient_norms``: the norm $\lVert \partial L / \partial W^{[l]} \rVert$
  of each layer's kernel gradient on a batch.

The layers draw their weights from the model's generator in order, so the
first ``k`` layers of ``deep_mlp(depth=10, ..., seed=s)`` hold the same
weights as those of ``deep_mlp(depth=k, ..., seed=s)``.
"""

import numpy as np

from ._validation import check_positive_int
from .layers import Dense
from .model import Sequential


def deep_mlp(
    depth, width, activation, kernel_initializer, n_inputs, n_outputs=None, output_activation=None, seed=None
):
    """A Sequential of ``depth`` hidden Dense layers of ``width`` units each.

    Every hidden layer uses ``activation`` and ``kernel_initializer`` (a name
    such as ``"he_normal"`` or an initializer object) with zero biases. With
    ``n_outputs`` an output Dense layer follows, with ``output_activation``
    and the Keras default initializer (Glorot uniform). Inputs have shape
    ``(batch, n_inputs)``; ``seed`` fixes the weights.
    """
    depth = check_positive_int(depth, "depth")
    width = check_positive_int(width, "width")
    n_inputs = check_positive_int(n_inputs, "n_inputs")
    hidden = [
        Dense(
            width,
            activation=activation,
            kernel_initializer=kernel_initializer,
            input_shape=(n_inputs,) if index == 0 else None,
        )
        for index in range(depth)
    ]
    output = (
        []
        if n_outputs is None
        else [Dense(check_positive_int(n_outputs, "n_outputs"), activation=output_activation)]
    )
    return Sequential(hidden + output, seed=seed)


def activation_stds(model, x):
    """The standard deviation of every layer's output on ``x``, in order.

    Returns an array with one entry per layer: entry ``l - 1`` is the std
    of all the values of $a^{[l]}$ (shape ``(batch, units)``), pooled over
    the batch and the units. Inference mode (see ``Sequential.layer_outputs``).
    """
    return np.array([a.std() for a in model.layer_outputs(x).values()])


def gradient_norms(model, x, y):
    r"""The typical size of $\partial L / \partial W^{[l]}$ for every Dense layer's kernel.

    For each sample of ``(x, y)`` on its own, the Frobenius norm of each
    kernel's gradient; returned is the mean over the samples, an array with
    one entry per Dense layer (the output layer included), in order. Taking
    the samples one at a time measures how the backward pass scales one
    sample's error signal, without mixing in how much the samples of a batch
    agree. The model must be compiled (its loss decides the gradients).
    Nothing is updated.
    """
    kernels = []
    position = 0
    for layer in model.layers:
        if not (layer.trainable and layer.weight_names):
            continue
        if isinstance(layer, Dense):
            kernels.append(position + layer.weight_names.index("kernel"))
        position += len(layer.weight_names)
    x, y = np.asarray(x), np.asarray(y)
    total = np.zeros(len(kernels))
    for index in range(len(x)):
        _, gradients = model.loss_and_gradients(x[index : index + 1], y[index : index + 1])
        total += [np.sqrt(np.sum(gradients[k] ** 2)) for k in kernels]
    return total / len(x)
