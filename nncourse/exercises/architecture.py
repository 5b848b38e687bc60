"""Rules about a model's layers, for experiments whose task is an architecture.

Each rule is called as ``rule(description, answer)``: ``description`` is what
``collector.describe_model`` recorded about the learner's model, ``answer``
its name in the notebook. It returns ``None`` when the layers are what the
exercise asks for, else a sentence for the learner.

The rules read the dense layers in order as ``(units, activation)`` pairs; an
``Activation`` layer right after a linear ``Dense`` counts as that layer's
activation, and the last dense layer is the output. scikit-learn's MLPs
(``hidden_layer_sizes``) are read the same way.
"""

import numpy as np

from .collector import decode

LINEAR = {None, "linear", "identity"}


def dense_layers(description):
    """``[(units, activation)]`` of the model's dense layers, the output last; None if unreadable."""
    if "hidden_layer_sizes" in description:
        activation = description.get("activation") or None
        return [(size, activation) for size in description["hidden_layer_sizes"]] + [(None, "output")]
    if "layers" not in description:
        return None
    found = []
    for layer in description["layers"]:
        if layer["units"] is not None:
            found.append((layer["units"], layer["activation"]))
        elif layer["type"] == "Activation" and found and found[-1][1] in LINEAR:
            found[-1] = (found[-1][0], layer["activation"])
    return found


def shown(layers):
    """``"64 relu, 10 softmax"``."""
    named = [
        f"{units} {activation or 'linear'}" if units is not None else "the output"
        for units, activation in layers
    ]
    return ", ".join(named) or "none"


def _unreadable(answer):
    return (
        f"this check looks at the layers of `{answer}`, but it has none that it can read: build it "
        f"as an nnlib Sequential of Dense layers."
    )


def nonlinear_hidden_layer(description, answer):
    """At least one hidden layer with a non-linear activation: the model is not linear in its inputs."""
    layers = dense_layers(description)
    if not layers:
        return _unreadable(answer)
    hidden = layers[:-1]
    if any(activation not in LINEAR for _, activation in hidden):
        return None
    what = (
        "no hidden layer"
        if not hidden
        else "hidden layers without an activation, so it is still a linear model"
    )
    return (
        f"this check looks at the layers as well as the score, since a model with no hidden layer "
        f"also gets past the target on these digits. `{answer}` has {what} "
        f"(its dense layers: {shown(layers)}). Put a hidden layer with a non-linear activation, such as "
        f"layers.Dense(64, activation='relu'), before the output layer."
    )


def one_hidden_layer(description, answer):
    """Exactly one hidden layer (any width) before the output layer."""
    layers = dense_layers(description)
    if not layers:
        return _unreadable(answer)
    hidden = layers[:-1]
    if len(hidden) == 1:
        return None
    return (
        f"the exercise asks for one hidden layer, and `{answer}` has {len(hidden)} (its dense "
        f"layers: {shown(layers)}). Keep a single hidden layer, and make it wider if it needs more units."
    )


def exactly(expected):
    """A rule: the dense layers must be ``expected``, a list of ``(units, activation)`` pairs."""
    expected = [tuple(layer) for layer in expected]

    def rule(description, answer):
        layers = dense_layers(description)
        if not layers:
            return _unreadable(answer)
        if [tuple(layer) for layer in layers] == expected:
            return None
        return (
            f"the exercise keeps the network as it is, with dense layers {shown(expected)}, but "
            f"`{answer}` has {shown(layers)}. Change the training, not the network."
        )

    rule.__doc__ = f"The dense layers are exactly {shown(expected)}."
    return rule


def frozen_start(reference, source):
    """A rule: the model starts with the layers of a pretrained network, frozen and unchanged.

    ``reference()`` gives the weights those layers must keep, as ``get_weights``
    lists them (kernel, bias, kernel, bias, ...); ``source`` names the
    pretrained network in the notebook. After them comes at least one layer
    that trains: the new head. Needs the weights recorded (``weights=True``).
    """

    def rule(description, answer):
        if "layers" not in description:
            return _unreadable(answer)
        expected = reference()
        n_frozen = len(expected) // 2
        dense = [layer for layer in description["layers"] if layer.get("units") is not None]
        if len(dense) <= n_frozen:
            return (
                f"`{answer}` should start with the {n_frozen} hidden layers of `{source}` and end with a "
                f"new head, but it has {len(dense)} dense layer{'s' if len(dense) != 1 else ''}. Build it "
                f"from {source}.layers[:{n_frozen}] and one new Dense layer for the new task."
            )
        for index, layer in enumerate(dense[:n_frozen]):
            got = [decode(array) for array in layer.get("weights") or []]
            wanted = expected[2 * index : 2 * index + 2]
            same = len(got) == len(wanted) and all(
                g.shape == w.shape and np.allclose(g, w, rtol=1e-6, atol=1e-9) for g, w in zip(got, wanted)
            )
            where = f"layer {index + 1} of `{answer}`"
            if not same and layer.get("trainable", True):
                return (
                    f"{where} does not hold the weights of `{source}`'s layer {index + 1}: it was "
                    f"trained, or it never came from `{source}`. Reuse {source}'s hidden layers and set "
                    f"trainable = False on them before you compile and fit, so that only the head trains."
                )
            if not same:
                return (
                    f"{where} is frozen, but its weights are no longer those of `{source}`'s layer "
                    f"{index + 1}: was it frozen only after training? Freeze before you compile and fit."
                )
            if layer.get("trainable", True):
                return (
                    f"{where} still has `{source}`'s weights, but it is trainable: another fit would "
                    f"change them. Set trainable = False on the borrowed layers."
                )
        if not any(layer.get("trainable", True) for layer in dense[n_frozen:]):
            return f"every layer of `{answer}` is frozen: the new head has to train."
        return None

    rule.__doc__ = f"The model starts with the frozen, unchanged hidden layers of `{source}`."
    return rule
