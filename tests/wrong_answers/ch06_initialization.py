"""Wrong answers to chapter 6's exercises (see ``tests/wrong_answers/__init__.py``)."""


def _deep_relu(stddev):
    """The exercise's training cell with ``stddev`` for every hidden kernel."""
    return (
        "import warnings\n"
        "X_train, y_train = moons(n_samples=300, noise=0.2, seed=1)\n"
        f"stddev = {stddev}\n"
        "deep_model = deep_mlp(\n"
        "    15, 50, 'relu', kernel_initializer=initializers.RandomNormal(stddev=stddev),\n"
        "    n_inputs=2, n_outputs=1, output_activation='sigmoid', seed=0)\n"
        "deep_model.compile(optimizer=optimizers.SGD(learning_rate=0.1),\n"
        "                   loss='binary_crossentropy')\n"
        "with warnings.catch_warnings(), np.errstate(all='ignore'):\n"
        "    warnings.simplefilter('ignore')\n"
        "    deep_model.fit(X_train, y_train, epochs=100, batch_size=32, verbose=0)\n"
    )


WRONG_ANSWERS = {
    "glorot_uniform_limit": [
        (
            "delegates to nnlib's formula",
            "def glorot_uniform_limit(fan_in, fan_out):\n"
            "    return initializers.glorot_uniform_limit(fan_in, fan_out)",
        ),
        (
            "forgets that a uniform's variance is limit**2 / 3 (gives the normal's std)",
            "def glorot_uniform_limit(fan_in, fan_out):\n    return np.sqrt(2.0 / (fan_in + fan_out))",
        ),
        (
            "uses the fan-in only (He uniform)",
            "def glorot_uniform_limit(fan_in, fan_out):\n    return np.sqrt(6.0 / fan_in)",
        ),
        (
            "returns the variance, not the limit",
            "def glorot_uniform_limit(fan_in, fan_out):\n    return 6.0 / (fan_in + fan_out)",
        ),
        (
            "multiplies the fans instead of adding them",
            "def glorot_uniform_limit(fan_in, fan_out):\n    return np.sqrt(6.0 / (fan_in * fan_out))",
        ),
    ],
    "he_uniform_fan_out": [
        (
            "delegates to nnlib's He limit",
            "def he_uniform_fan_out_limit(fan_in, fan_out):\n"
            "    return initializers.he_uniform_limit(fan_out)",
        ),
        (
            "keeps the fan-in of the chapter's He uniform, which steadies the forward pass",
            "def he_uniform_fan_out_limit(fan_in, fan_out):\n    return np.sqrt(6.0 / fan_in)",
        ),
        (
            "forgets that the ReLU's slope is 0 for half the units",
            "def he_uniform_fan_out_limit(fan_in, fan_out):\n    return np.sqrt(3.0 / fan_out)",
        ),
        (
            "gives the standard deviation, not the uniform's limit",
            "def he_uniform_fan_out_limit(fan_in, fan_out):\n    return np.sqrt(2.0 / fan_out)",
        ),
        (
            "doubles Glorot's compromise between the two fans",
            "def he_uniform_fan_out_limit(fan_in, fan_out):\n    return np.sqrt(12.0 / (fan_in + fan_out))",
        ),
    ],
    "tied_units": [
        ("counts the different columns of W1 only", "distinct_units = 3"),
        ("compares weights and biases but not the outgoing weights", "distinct_units = 4"),
        ("believes that training breaks every tie", "distinct_units = 6"),
        ("believes that equal weights tie every unit, whatever the biases", "distinct_units = 1"),
    ],
    "relu_layer_std": [
        ("forgets that ReLU halves the mean square", "z2_std = np.sqrt(200 * 0.06**2 * 50 * 0.2**2)"),
        ("gives the variance, not the standard deviation", "z2_std = 200 * 0.06**2 * 50 * 0.2**2 / 2"),
        (
            "uses Var(a1) instead of E[a1^2]",
            "z2_std = np.sqrt(200 * 0.06**2 * 50 * 0.2**2 * (0.5 - 1 / (2 * np.pi)))",
        ),
        (
            "halves the standard deviation instead of the variance",
            "z2_std = np.sqrt(200 * 0.06**2 * 50 * 0.2**2) / 2",
        ),
    ],
    "init_for_activation": [
        ("swaps the two", "init_answer = 'a'"),
        ("uniform on [-1, 1] for both", "init_answer = 'c'"),
        ("the default, Glorot, for both", "init_answer = 'd'"),
    ],
    "train_deep_relu": [
        ("keeps the tiny normal", _deep_relu("0.01")),
        ("reuses the tanh section's s = 0.1, one over the square root of 100 inputs", _deep_relu("0.1")),
        ("takes the fan-in of the first layer, 2, for every layer", _deep_relu("np.sqrt(2 / 2)")),
        ("uses He's uniform limit as the standard deviation", _deep_relu("np.sqrt(6 / 50)")),
        ("divides by the width instead of its square root", _deep_relu("np.sqrt(2) / 50")),
    ],
}
