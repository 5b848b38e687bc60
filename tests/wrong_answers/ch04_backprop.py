"""Wrong answers to chapter 4's exercises (see ``tests/wrong_answers/__init__.py``)."""

# The network done by hand, forward pass included, for the two exercises on it.
HAND_FORWARD = (
    "x = np.array([[2.0, 1.0]])\n"
    "y = 1.0\n"
    "W1 = np.array([[1.0, -1.0], [-1.0, 0.5]])\n"
    "b1 = np.array([0.5, 0.0])\n"
    "W2 = np.array([[2.0], [-1.0]])\n"
    "b2 = np.array([-1.0])\n"
    "z1 = x @ W1 + b1\n"
    "a1 = np.maximum(z1, 0)\n"
    "y_hat = a1 @ W2 + b2\n"
)

# A 2-H-1 sigmoid network trained on the blobs by full-batch gradient descent.
TRAIN_BLOBS = (
    "X_blobs, y_blobs = xor_blobs(n_samples=200, seed=0)\n"
    "Y_blobs = y_blobs.reshape(-1, 1).astype(float)\n"
    "sigmoid = activations.sigmoid\n"
    "rng = np.random.default_rng({seed})\n"
    "W1, b1 = rng.normal(size=(2, {hidden})), np.zeros({hidden})\n"
    "W2, b2 = rng.normal(size=({hidden}, 1)), np.zeros(1)\n"
    "for epoch in range({epochs}):\n"
    "    a1 = sigmoid(X_blobs @ W1 + b1)\n"
    "    a2 = sigmoid(a1 @ W2 + b2)\n"
    "    delta2 = (a2 - Y_blobs) / len(X_blobs)\n"
    "    delta1 = (delta2 @ W2.T) * a1 * (1 - a1)\n"
    "    W2 -= {rate} * a1.T @ delta2\n"
    "    b2 -= {rate} * delta2.sum(axis=0)\n"
    "    W1 -= {rate} * X_blobs.T @ delta1\n"
    "    b1 -= {rate} * delta1.sum(axis=0)\n"
    "blob_network = Sequential([\n"
    "    layers.Dense({hidden}, activation='sigmoid', input_shape=(2,)),\n"
    "    layers.Dense(1, activation='sigmoid'),\n"
    "])\n"
    "blob_network.set_weights([W1, b1, W2, b2])\n"
)

WRONG_ANSWERS = {
    "hand_output_gradient": [
        ("forgets the factor 2 of the squared error", HAND_FORWARD + "dW2_by_hand = a1.T @ (y_hat - y)"),
        (
            "uses the net inputs z1 instead of the activations a1",
            HAND_FORWARD + "dW2_by_hand = z1.T @ (2 * (y_hat - y))",
        ),
        ("sign error: y - y_hat", HAND_FORWARD + "dW2_by_hand = a1.T @ (2 * (y - y_hat))"),
        ("missing transpose: a row instead of a column", HAND_FORWARD + "dW2_by_hand = 2 * (y_hat - y) * a1"),
    ],
    "hand_hidden_delta": [
        ("forgets the ReLU derivative", HAND_FORWARD + "delta1_by_hand = (2 * (y_hat - y)) @ W2.T"),
        (
            "forgets the factor 2 of the squared error",
            HAND_FORWARD + "delta1_by_hand = ((y_hat - y) @ W2.T) * (z1 > 0)",
        ),
        ("missing transpose: W2 delta2, a column", HAND_FORWARD + "delta1_by_hand = W2 @ (2 * (y_hat - y))"),
        ("sign error: y - y_hat", HAND_FORWARD + "delta1_by_hand = ((2 * (y - y_hat)) @ W2.T) * (z1 > 0)"),
    ],
    "dense_backward": [
        (
            "missing transpose in dx",
            "def dense_backward(x, W, delta):\n    return delta @ W, x.T @ delta, delta.sum(axis=0)",
        ),
        (
            "db not summed over the batch",
            "def dense_backward(x, W, delta):\n    return delta @ W.T, x.T @ delta, delta",
        ),
        (
            "db averaged instead of summed (the 1/m is already in delta)",
            "def dense_backward(x, W, delta):\n    return delta @ W.T, x.T @ delta, delta.mean(axis=0)",
        ),
        (
            "dW transposed: delta^T x",
            "def dense_backward(x, W, delta):\n    return delta @ W.T, delta.T @ x, delta.sum(axis=0)",
        ),
    ],
    "finite_differences": [
        (
            "one-sided (forward) difference",
            "def finite_difference_gradient(W, x, y, epsilon):\n"
            "    def loss(W):\n"
            "        return np.mean((activations.sigmoid(x @ W) - y) ** 2)\n"
            "    W = W.copy()\n"
            "    grad = np.zeros_like(W)\n"
            "    base = loss(W)\n"
            "    for i in np.ndindex(W.shape):\n"
            "        original = W[i]\n"
            "        W[i] = original + epsilon\n"
            "        grad[i] = (loss(W) - base) / epsilon\n"
            "        W[i] = original\n"
            "    return grad",
        ),
        (
            "forgets to put each entry back",
            "def finite_difference_gradient(W, x, y, epsilon):\n"
            "    def loss(W):\n"
            "        return np.mean((activations.sigmoid(x @ W) - y) ** 2)\n"
            "    W = W.copy()\n"
            "    grad = np.zeros_like(W)\n"
            "    for i in np.ndindex(W.shape):\n"
            "        original = W[i]\n"
            "        W[i] = original + epsilon\n"
            "        loss_plus = loss(W)\n"
            "        W[i] = original - epsilon\n"
            "        loss_minus = loss(W)\n"
            "        grad[i] = (loss_plus - loss_minus) / (2 * epsilon)\n"
            "    return grad",
        ),
        (
            "divides by epsilon instead of 2 epsilon",
            "def finite_difference_gradient(W, x, y, epsilon):\n"
            "    def loss(W):\n"
            "        return np.mean((activations.sigmoid(x @ W) - y) ** 2)\n"
            "    grad = np.zeros_like(W)\n"
            "    for i in np.ndindex(W.shape):\n"
            "        plus, minus = W.copy(), W.copy()\n"
            "        plus[i] += epsilon\n"
            "        minus[i] -= epsilon\n"
            "        grad[i] = (loss(plus) - loss(minus)) / epsilon\n"
            "    return grad",
        ),
        (
            "changes the caller's W and leaves it changed",
            "def finite_difference_gradient(W, x, y, epsilon):\n"
            "    def loss(W):\n"
            "        return np.mean((activations.sigmoid(x @ W) - y) ** 2)\n"
            "    grad = np.zeros_like(W)\n"
            "    for i in np.ndindex(W.shape):\n"
            "        W[i] += epsilon\n"
            "        loss_plus = loss(W)\n"
            "        W[i] -= 2 * epsilon\n"
            "        loss_minus = loss(W)\n"
            "        grad[i] = (loss_plus - loss_minus) / (2 * epsilon)\n"
            "    return grad",
        ),
        (
            "nudges every entry at once",
            "def finite_difference_gradient(W, x, y, epsilon):\n"
            "    def loss(W):\n"
            "        return np.mean((activations.sigmoid(x @ W) - y) ** 2)\n"
            "    slope = (loss(W + epsilon) - loss(W - epsilon)) / (2 * epsilon)\n"
            "    return np.full(W.shape, slope)",
        ),
    ],
    "relative_error_meaning": [
        ("thinks 1% is close enough", "relative_error_answer = 'a'"),
        ("blames round-off", "relative_error_answer = 'c'"),
        ("distrusts finite differences", "relative_error_answer = 'd'"),
    ],
    "train_blobs": [
        (
            "hands in the starting weights, untrained",
            TRAIN_BLOBS.format(seed=0, hidden=4, epochs=0, rate=1.0),
        ),
        (
            "a 2-2-1 network from a start that gets stuck",
            TRAIN_BLOBS.format(seed=2, hidden=2, epochs=1000, rate=1.0),
        ),
        (
            "far too small a learning rate for 1000 epochs",
            TRAIN_BLOBS.format(seed=0, hidden=4, epochs=1000, rate=0.001),
        ),
    ],
}
