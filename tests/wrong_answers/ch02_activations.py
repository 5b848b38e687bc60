"""Wrong answers to chapter 2's exercises (see ``tests/wrong_answers/__init__.py``)."""

WRONG_ANSWERS = {
    "stable_sigmoid": [
        (
            "delegates to scipy's expit, imported before the function",
            "from scipy.special import expit\n\ndef sigmoid(z):\n    return expit(z)",
        ),
        (
            "delegates to nnlib's sigmoid",
            "def sigmoid(z):\n    return activations.Sigmoid().forward(z)",
        ),
        (
            "the textbook formula: e^(-z) overflows and sigmoid(-720) comes out 0",
            "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
        ),
        (
            "the other textbook form: inf / inf is NaN at z = 1000",
            "def sigmoid(z):\n    return np.exp(z) / (1 + np.exp(z))",
        ),
        (
            "clips z to [-500, 500] first, which moves the far tail",
            "def sigmoid(z):\n    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))",
        ),
        (
            "sign error in the exponent",
            "def sigmoid(z):\n"
            "    e = np.exp(-np.abs(z))\n"
            "    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))",
        ),
    ],
    "leaky_relu_slope": [
        (
            "delegates to nnlib's LeakyReLU",
            "def leaky_relu(z, alpha):\n"
            "    f = activations.LeakyReLU(alpha)\n"
            "    return f.forward(z), f.derivative(z)",
        ),
        (
            "slope 1 at z = 0",
            "def leaky_relu(z, alpha):\n"
            "    return np.where(z > 0, z, alpha * z), np.where(z >= 0, 1.0, alpha)",
        ),
        (
            "returns alpha * z as the slope of the negative side",
            "def leaky_relu(z, alpha):\n"
            "    return np.where(z > 0, z, alpha * z), np.where(z > 0, 1.0, alpha * z)",
        ),
        (
            "forgets alpha in the slope (ReLU's derivative)",
            "def leaky_relu(z, alpha):\n    return np.where(z > 0, z, alpha * z), (z > 0).astype(float)",
        ),
        (
            "returns the slope first",
            "def leaky_relu(z, alpha):\n"
            "    return np.where(z > 0, 1.0, alpha), np.where(z > 0, z, alpha * z)",
        ),
    ],
    "stable_softmax": [
        (
            "delegates to scipy's softmax",
            "import scipy.special\n\ndef softmax(z):\n    return scipy.special.softmax(z, axis=1)",
        ),
        (
            "delegates the stable part to scipy's logsumexp",
            "from scipy.special import logsumexp\n"
            "\n"
            "def softmax(z):\n"
            "    return np.exp(z - logsumexp(z, axis=1, keepdims=True))",
        ),
        (
            "delegates to nnlib's softmax",
            "def softmax(z):\n    return activations.get('softmax')(z)",
        ),
        (
            "no max subtracted: NaN on large logits",
            "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=1, keepdims=True)",
        ),
        (
            "subtracts the maximum of the whole batch, not of each row",
            "def softmax(z):\n    e = np.exp(z - z.max())\n    return e / e.sum(axis=1, keepdims=True)",
        ),
        (
            "forgets keepdims, so the division runs along the wrong axis",
            "def softmax(z):\n    e = np.exp(z - z.max(axis=1, keepdims=True))\n    return e / e.sum(axis=1)",
        ),
        (
            "normalizes the columns instead of the rows",
            "def softmax(z):\n"
            "    e = np.exp(z - z.max(axis=0, keepdims=True))\n"
            "    return e / e.sum(axis=0, keepdims=True)",
        ),
    ],
    "sigmoid_saturation": [
        (
            "solves sigmoid(-z) = 0.01 instead of sigmoid'(z) = 0.01",
            "z_saturated = round(float(np.log(0.99 / 0.01)), 2)",
        ),
        ("uses the tail approximation sigmoid'(z) = e^(-z)", "z_saturated = round(float(np.log(100)), 2)"),
        ("uses tanh's derivative", "z_saturated = round(float(np.arctanh(np.sqrt(0.99))), 2)"),
    ],
    "output_layer": [
        ("softmax over two independent questions", "output_answer = 'a'"),
        ("one ReLU unit", "output_answer = 'c'"),
        ("identity outputs, rounded", "output_answer = 'd'"),
    ],
    "nonlinear_xor": [
        (
            "a hidden layer without an activation",
            "X_xor, y_xor = xor_blobs(n_samples=200, noise=0.3, seed=1)\n"
            "xor_model = Sequential([\n"
            "    layers.Dense(8, input_shape=(2,)),\n"
            "    layers.Dense(1, activation='sigmoid'),\n"
            "], seed=0)\n"
            "xor_model.compile(optimizer=optimizers.Adam(learning_rate=0.05),\n"
            "                  loss='binary_crossentropy')\n"
            "xor_model.fit(X_xor, y_xor, epochs=200, batch_size=200, verbose=0)",
        ),
        (
            "no hidden layer: logistic regression",
            "X_xor, y_xor = xor_blobs(n_samples=200, noise=0.3, seed=1)\n"
            "xor_model = Sequential([\n"
            "    layers.Dense(1, activation='sigmoid', input_shape=(2,)),\n"
            "], seed=0)\n"
            "xor_model.compile(optimizer=optimizers.Adam(learning_rate=0.05),\n"
            "                  loss='binary_crossentropy')\n"
            "xor_model.fit(X_xor, y_xor, epochs=200, batch_size=200, verbose=0)",
        ),
        (
            "a ReLU network trained for only one epoch",
            "X_xor, y_xor = xor_blobs(n_samples=200, noise=0.3, seed=1)\n"
            "xor_model = Sequential([\n"
            "    layers.Dense(8, activation='relu', input_shape=(2,)),\n"
            "    layers.Dense(1, activation='sigmoid'),\n"
            "], seed=0)\n"
            "xor_model.compile(optimizer=optimizers.Adam(learning_rate=0.05),\n"
            "                  loss='binary_crossentropy')\n"
            "xor_model.fit(X_xor, y_xor, epochs=1, batch_size=200, verbose=0)",
        ),
    ],
}
