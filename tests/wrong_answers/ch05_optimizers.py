"""Wrong answers to chapter 5's exercises (see ``tests/wrong_answers/__init__.py``)."""

MODEL_WITH = (
    "x_train, x_test, y_train, y_test = load_digits()\n"
    "digits_model = Sequential([\n"
    "    layers.Dense(32, activation='relu', input_shape=(64,)),\n"
    "    layers.Dense(10, activation='softmax'),\n"
    "], seed=0)\n"
    "digits_model.compile(optimizer={optimizer},\n"
    "                     loss='sparse_categorical_crossentropy')\n"
    "digits_model.fit(x_train, y_train, epochs=20, batch_size={batch_size}, verbose=0)\n"
)

WRONG_ANSWERS = {
    "count_updates": [
        ("floor instead of ceil: drops the last, partial batch", "n_updates = (1437 // 64) * 30"),
        (
            "divides the total number of samples seen by the batch size",
            "n_updates = math.ceil(1437 * 30 / 64)",
        ),
        ("forgets the epochs", "n_updates = math.ceil(1437 / 64)"),
    ],
    "momentum_step": [
        (
            "delegates to nnlib's SGD update rule",
            "def momentum_step(w, g, velocity, learning_rate, momentum):\n"
            "    w, velocity = w.copy(), velocity.copy()\n"
            "    sgd = optimizers.SGD(learning_rate=learning_rate, momentum=momentum)\n"
            "    sgd.update_rule(w, g, learning_rate, velocity=velocity)\n"
            "    return w, velocity",
        ),
        (
            "sign error: the velocity follows the gradient uphill",
            "def momentum_step(w, g, velocity, learning_rate, momentum):\n"
            "    velocity = momentum * velocity + learning_rate * g\n"
            "    return w + velocity, velocity",
        ),
        (
            "moves w by the old velocity",
            "def momentum_step(w, g, velocity, learning_rate, momentum):\n"
            "    w_new = w + velocity\n"
            "    return w_new, momentum * velocity - learning_rate * g",
        ),
        (
            "forgets to decay the velocity",
            "def momentum_step(w, g, velocity, learning_rate, momentum):\n"
            "    velocity = velocity - learning_rate * g\n"
            "    return w + velocity, velocity",
        ),
        (
            "changes the velocity in place",
            "def momentum_step(w, g, velocity, learning_rate, momentum):\n"
            "    velocity *= momentum\n"
            "    velocity -= learning_rate * g\n"
            "    return w + velocity, velocity",
        ),
    ],
    "eta_max_parabola": [
        ("takes the coefficient 4 for the curvature", "eta_max_parabola = 2 / 4"),
        ("gives the fastest rate 1/c, not the largest stable one", "eta_max_parabola = 1 / 8"),
        ("uses the curvature 2 of the chapter's parabola", "eta_max_parabola = 2 / 2"),
    ],
    "eta_max_bowl": [
        ("reads the largest curvature off the diagonal of H", "eta_max_bowl = 2 / 5"),
        ("takes the coefficient 2.5 of w1^2 for the curvature", "eta_max_bowl = 2 / 2.5"),
        ("uses the smallest eigenvalue of H", "eta_max_bowl = 2 / 1"),
        ("uses the trace of H, the sum of the eigenvalues", "eta_max_bowl = 2 / 7"),
        ("gives the fastest rate for the steep direction, 1 / lambda_max", "eta_max_bowl = 1 / 6"),
        (
            "adds the cross term to the diagonal, 5 + 2",
            "eta_max_bowl = 2 / (5 + 2)",
        ),
    ],
    "learning_rate_sweep": [
        ("thinks the largest rate is best", "sweep_answer = 'a'"),
        ("thinks the smallest rate is fastest", "sweep_answer = 'c'"),
        ("mistakes noise for divergence", "sweep_answer = 'd'"),
    ],
    "tune_digits_optimizer": [
        (
            "keeps full-batch gradient descent at its small rate",
            MODEL_WITH.format(optimizer="optimizers.SGD(learning_rate=0.01)", batch_size="len(x_train)"),
        ),
        (
            "keeps full batches, only raises the rate",
            MODEL_WITH.format(optimizer="optimizers.SGD(learning_rate=0.1)", batch_size="len(x_train)"),
        ),
        (
            "momentum with a rate so large that the loss explodes",
            MODEL_WITH.format(optimizer="optimizers.SGD(learning_rate=1.0, momentum=0.9)", batch_size="32"),
        ),
        (
            "no hidden layer: softmax regression, which reaches the target with Adam",
            "x_train, x_test, y_train, y_test = load_digits()\n"
            "digits_model = Sequential([layers.Dense(10, activation='softmax', input_shape=(64,))],\n"
            "                          seed=2)\n"
            "digits_model.compile(optimizer=optimizers.Adam(learning_rate=0.01),\n"
            "                     loss='sparse_categorical_crossentropy')\n"
            "digits_model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)",
        ),
        (
            "a wider network instead of the exercise's",
            "x_train, x_test, y_train, y_test = load_digits()\n"
            "digits_model = Sequential([\n"
            "    layers.Dense(128, activation='relu', input_shape=(64,)),\n"
            "    layers.Dense(10, activation='softmax'),\n"
            "], seed=0)\n"
            "digits_model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
            "digits_model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)",
        ),
    ],
}
