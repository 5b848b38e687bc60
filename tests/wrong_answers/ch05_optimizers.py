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

#: the signature and Adam's moment updates, shared by the AMSGrad answers below
AMSGRAD_MOMENTS = (
    "def amsgrad_step(w, g, m, v, v_max, t, learning_rate, beta_1, beta_2, epsilon):\n"
    "    m = beta_1 * m + (1 - beta_1) * g\n"
    "    v = beta_2 * v + (1 - beta_2) * g**2\n"
)
CORRECTED_STEP = (
    "    m_hat = m / (1 - beta_1**t)\n"
    "    w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)\n"
    "    return w, m, v, v_max"
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
    "amsgrad_step": [
        (
            "delegates to nnlib's Adam with amsgrad=True",
            "def amsgrad_step(w, g, m, v, v_max, t, learning_rate, beta_1, beta_2, epsilon):\n"
            "    w, m, v, v_max = w.copy(), m.copy(), v.copy(), v_max.copy()\n"
            "    adam = optimizers.Adam(learning_rate, beta_1, beta_2, epsilon, amsgrad=True)\n"
            "    adam.iterations = t\n"
            "    adam.update_rule(w, g, learning_rate, m=m, v=v, v_max=v_max)\n"
            "    return w, m, v, v_max",
        ),
        (
            "plain Adam: keeps v_max but divides by the current v",
            AMSGRAD_MOMENTS
            + "    v_max = np.maximum(v_max, v)\n"
            + "    v_hat = v / (1 - beta_2**t)\n"
            + CORRECTED_STEP,
        ),
        (
            "takes the maximum over the bias-corrected v_hat",
            AMSGRAD_MOMENTS
            + "    v_max = np.maximum(v_max, v / (1 - beta_2**t))\n"
            + "    v_hat = v_max\n"
            + CORRECTED_STEP,
        ),
        (
            "takes the maximum with the old v, before this step's update",
            "def amsgrad_step(w, g, m, v, v_max, t, learning_rate, beta_1, beta_2, epsilon):\n"
            "    v_max = np.maximum(v_max, v)\n"
            "    m = beta_1 * m + (1 - beta_1) * g\n"
            "    v = beta_2 * v + (1 - beta_2) * g**2\n"
            "    v_hat = v_max / (1 - beta_2**t)\n" + CORRECTED_STEP,
        ),
        (
            "forgets the bias correction",
            AMSGRAD_MOMENTS
            + "    v_max = np.maximum(v_max, v)\n"
            + "    w = w - learning_rate * m / (np.sqrt(v_max) + epsilon)\n"
            + "    return w, m, v, v_max",
        ),
        (
            "updates the caller's v_max in place",
            AMSGRAD_MOMENTS
            + "    np.maximum(v_max, v, out=v_max)\n"
            + "    v_hat = v_max / (1 - beta_2**t)\n"
            + CORRECTED_STEP,
        ),
    ],
    "eta_max_bowl": [
        ("reads the largest curvature off the diagonal of H", "eta_max_bowl = 2 / 5"),
        ("takes the coefficient 2.5 of w1^2 for the curvature", "eta_max_bowl = 2 / 2.5"),
        ("uses the smallest eigenvalue of H", "eta_max_bowl = 2 / 1"),
        ("uses the trace of H, the sum of the eigenvalues", "eta_max_bowl = 2 / 7"),
        ("gives the fastest rate for the steep direction, 1 / lambda_max", "eta_max_bowl = 1 / 6"),
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
