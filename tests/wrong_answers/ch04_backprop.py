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
def train_xor_network(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):
    {copies}
    sigmoid = activations.sigmoid
    losses = []
    for epoch in range(epochs):
        total = 0.0
        for first in range(0, len(X), batch_size):
            x, y = X[first:first + batch_size], Y[first:first + batch_size]
            m = {m}
            a1 = np.tanh(x @ W1 + b1)
            a2 = sigmoid(a1 @ W2 + b2)
            {loss}
            delta2 = {delta2}
            delta1 = {delta1}
            W2 -= learning_rate * a1.T @ delta2
            b2 -= learning_rate * delta2.sum(axis=0)
            W1 -= learning_rate * x.T @ delta1
            b1 -= learning_rate * delta1.sum(axis=0)
        losses.append({epoch_loss})
    return W1, b1, W2, b2, np.array(losses)
"""


def training_loop(
    copies="W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()",
    m="len(x)",
    loss="total += -np.sum(y * np.log(a2) + (1 - y) * np.log(1 - a2))",
    delta2="(a2 - y) / m",
    delta1="(delta2 @ W2.T) * (1 - a1**2)",
    epoch_loss="total / len(X)",
):
    return TRAINING_LOOP.format(
        copies=copies, m=m, loss=loss, delta2=delta2, delta1=delta1, epoch_loss=epoch_loss
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
    "bug_hunt": [
        ("reads the failing kernels as a bug in the dW line", "bug_answer = 'a'"),
        ("reads the failing biases as a bug in the db line", "bug_answer = 'b'"),
        ("blames the tanh derivative, since the failing layers are the tanh ones", "bug_answer = 'd'"),
    ],
    "relative_error_meaning": [
        ("thinks 1% is close enough", "relative_error_answer = 'a'"),
        ("blames round-off", "relative_error_answer = 'c'"),
        ("distrusts finite differences", "relative_error_answer = 'd'"),
    ],
    "train_blobs": [
        (
            "delegates to nnlib's fit, which takes exactly the same steps",
            "def train_xor_network(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):\n"
            "    network = Sequential([\n"
            "        layers.Dense(len(b1), activation='tanh', input_shape=(2,)),\n"
            "        layers.Dense(1, activation='sigmoid')])\n"
            "    network.set_weights([W1, b1, W2, b2])\n"
            "    network.compile(optimizer=optimizers.SGD(learning_rate),\n"
            "                    loss='binary_crossentropy')\n"
            "    history = network.fit(X, Y, batch_size=batch_size, epochs=epochs,\n"
            "                          shuffle=False, verbose=0)\n"
            "    return (*network.get_weights(), np.array(history.history['loss']))",
        ),
        (
            "delegates each step to nnlib's train_on_batch",
            "def train_xor_network(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):\n"
            "    network = Sequential([\n"
            "        layers.Dense(len(b1), activation='tanh', input_shape=(2,)),\n"
            "        layers.Dense(1, activation='sigmoid')])\n"
            "    network.set_weights([W1, b1, W2, b2])\n"
            "    network.compile(optimizer=optimizers.SGD(learning_rate),\n"
            "                    loss='binary_crossentropy')\n"
            "    losses = []\n"
            "    for _ in range(epochs):\n"
            "        total = 0.0\n"
            "        for first in range(0, len(X), batch_size):\n"
            "            x, y = X[first:first + batch_size], Y[first:first + batch_size]\n"
            "            total += network.train_on_batch(x, y) * len(x)\n"
            "        losses.append(total / len(X))\n"
            "    return (*network.get_weights(), np.array(losses))",
        ),
        ("updates the caller's starting weights in place", training_loop(copies="pass")),
        (
            "the chapter's full batch: one update per epoch, ignoring batch_size",
            training_loop()
            .replace("range(0, len(X), batch_size)", "range(0, len(X), len(X))")
            .replace("first:first + batch_size", "first:first + len(X)"),
        ),
        (
            "keeps the chapter's sigmoid derivative a1 (1 - a1) for the tanh layer",
            training_loop(delta1="(delta2 @ W2.T) * a1 * (1 - a1)"),
        ),
        ("tanh's derivative as 1 - a1, not 1 - a1^2", training_loop(delta1="(delta2 @ W2.T) * (1 - a1)")),
        ("divides delta2 by the whole data set's size, not the batch's", training_loop(m="len(X)")),
        ("divides delta2 by batch_size, too much for a short last batch", training_loop(m="batch_size")),
        (
            "averages the batch means without weighting by size",
            training_loop(
                loss="total += -np.mean(y * np.log(a2) + (1 - y) * np.log(1 - a2)) / -(-len(X) // batch_size)"
            ).replace("losses.append(total / len(X))", "losses.append(total)"),
        ),
        (
            "records the loss after the epoch's updates instead of before each",
            training_loop(
                loss="pass",
                epoch_loss="-np.mean(Y * np.log(sigmoid(np.tanh(X @ W1 + b1) @ W2 + b2))"
                " + (1 - Y) * np.log(1 - sigmoid(np.tanh(X @ W1 + b1) @ W2 + b2)))",
            ),
        ),
    ],
}
