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

# The exercise's training loop, with one of its lines replaceable by a mistake.
TRAINING_LOOP = """
def train_xor_network(X, Y, W1, b1, W2, b2, learning_rate, epochs):
    {copies}
    sigmoid = activations.sigmoid
    m, losses = len(X), []
    for epoch in range(epochs):
        a1 = sigmoid(X @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        {loss}
        delta2 = {delta2}
        delta1 = {delta1}
        W2 -= learning_rate * a1.T @ delta2
        b2 -= learning_rate * delta2.sum(axis=0)
        W1 -= learning_rate * X.T @ delta1
        b1 -= learning_rate * delta1.sum(axis=0)
        {after}
    return W1, b1, W2, b2, np.array(losses)
"""


def training_loop(
    copies="W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()",
    loss="losses.append(-np.mean(Y * np.log(a2) + (1 - Y) * np.log(1 - a2)))",
    delta2="(a2 - Y) / m",
    delta1="(delta2 @ W2.T) * a1 * (1 - a1)",
    after="pass",
):
    return TRAINING_LOOP.format(copies=copies, loss=loss, delta2=delta2, delta1=delta1, after=after)


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
            "delegates to an nnlib Dense layer's backward pass",
            "def dense_backward(x, W, delta):\n"
            "    layer = layers.Dense(W.shape[1], input_shape=(W.shape[0],))\n"
            "    Sequential([layer]).set_weights([W, np.zeros(W.shape[1])])\n"
            "    layer.forward(x)\n"
            "    dx = layer.backward_from_delta(delta)\n"
            "    return dx, layer.dW.copy(), layer.db.copy()",
        ),
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
            "delegates to nnlib's numerical_gradient",
            "def finite_difference_gradient(W, x, y, epsilon):\n"
            "    W = W.copy()\n"
            "    def loss():\n"
            "        return np.mean((activations.sigmoid(x @ W) - y) ** 2)\n"
            "    return gradient_check.numerical_gradient(loss, W, epsilon)",
        ),
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
            "delegates to nnlib's fit, which takes exactly the same steps",
            "def train_xor_network(X, Y, W1, b1, W2, b2, learning_rate, epochs):\n"
            "    network = Sequential([\n"
            "        layers.Dense(len(b1), activation='sigmoid', input_shape=(2,)),\n"
            "        layers.Dense(1, activation='sigmoid')])\n"
            "    network.set_weights([W1, b1, W2, b2])\n"
            "    network.compile(optimizer=optimizers.SGD(learning_rate),\n"
            "                    loss='binary_crossentropy')\n"
            "    history = network.fit(X, Y, batch_size=len(X), epochs=epochs,\n"
            "                          shuffle=False, verbose=0)\n"
            "    return (*network.get_weights(), np.array(history.history['loss']))",
        ),
        (
            "delegates each step to nnlib's train_on_batch",
            "def train_xor_network(X, Y, W1, b1, W2, b2, learning_rate, epochs):\n"
            "    network = Sequential([\n"
            "        layers.Dense(len(b1), activation='sigmoid', input_shape=(2,)),\n"
            "        layers.Dense(1, activation='sigmoid')])\n"
            "    network.set_weights([W1, b1, W2, b2])\n"
            "    network.compile(optimizer=optimizers.SGD(learning_rate),\n"
            "                    loss='binary_crossentropy')\n"
            "    losses = [network.train_on_batch(X, Y) for _ in range(epochs)]\n"
            "    return (*network.get_weights(), np.array(losses))",
        ),
        ("updates the caller's starting weights in place", training_loop(copies="pass")),
        ("forgets the 1/m of the mean loss in delta2", training_loop(delta2="a2 - Y")),
        (
            "the sigmoid's slope taken at the net input, sigma(z)(1 - sigma(z)) with z for a",
            training_loop(delta1="(delta2 @ W2.T) * (X @ W1 + b1) * (1 - (X @ W1 + b1))"),
        ),
        (
            "records the loss after the update instead of before it",
            training_loop(
                loss="pass",
                after="a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)\n"
                "        losses.append(-np.mean(Y * np.log(a2) + (1 - Y) * np.log(1 - a2)))",
            ),
        ),
    ],
}
