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
        f"also gets past the target on these digits (0.95 to 0.97, measured). `{answer}` has {what} "
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
