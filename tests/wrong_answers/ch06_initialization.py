"""Wrong answers to chapter 6's exercises (see ``tests/wrong_answers/__init__.py``)."""


def _deep_relu(initializer):
    """The exercise's training cell with ``initializer`` for the hidden kernels."""
    return (
        "import warnings\n"
        "X_train, y_train = moons(n_samples=300, noise=0.2, seed=1)\n"
        "deep_model = deep_mlp(\n"
        f"    10, 32, 'relu', kernel_initializer={initializer},\n"
        "    n_inputs=2, n_outputs=1, output_activation='sigmoid', seed=0)\n"
        "deep_model.compile(optimizer=optimizers.SGD(learning_rate=0.1),\n"
        "                   loss='binary_crossentropy')\n"
        "with warnings.catch_warnings():\n"
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
    "he_normal_stddev": [
        (
            "delegates to nnlib's formula",
            "from nnlib.initializers import he_normal_stddev as he\n"
            "\n"
            "def he_normal_stddev(fan_in):\n"
            "    return he(fan_in)",
        ),
        (
            "forgets ReLU's factor 2 (LeCun's rule)",
            "def he_normal_stddev(fan_in):\n    return np.sqrt(1.0 / fan_in)",
        ),
        (
            "returns the variance, not the standard deviation",
            "def he_normal_stddev(fan_in):\n    return 2.0 / fan_in",
        ),
        (
            "returns the wider spread drawn before the truncation",
            "def he_normal_stddev(fan_in):\n    return np.sqrt(2.0 / fan_in) / 0.87962566103423978",
        ),
        (
            "takes the square root of the fan-in only",
            "def he_normal_stddev(fan_in):\n    return 2.0 / np.sqrt(fan_in)",
        ),
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
        ("zeros for both", "init_answer = 'd'"),
    ],
    "train_deep_relu": [
        ("keeps the tiny normal", _deep_relu("initializers.RandomNormal(stddev=0.01)")),
        ("all zeros", _deep_relu("'zeros'")),
        ("Keras's RandomNormal default, stddev 0.05", _deep_relu("initializers.RandomNormal()")),
        ("uniform on [-1, 1], which makes SGD diverge", _deep_relu("initializers.RandomUniform(-1.0, 1.0)")),
    ],
}
