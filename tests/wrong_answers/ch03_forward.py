"""Wrong answers to chapter 3's exercises (see ``tests/wrong_answers/__init__.py``)."""

WRONG_ANSWERS = {
    "forward_by_hand": [
        ("forgets the ReLU: the negative hidden unit counts", "y_hat = 4.0"),
        ("forgets the hidden layer's bias", "y_hat = 12.0"),
        ("forgets the output bias", "y_hat = 7.0"),
        ("gives the hidden activations instead of the output", "y_hat = [0.0, 3.0, 2.0]"),
    ],
    "dense_forward": [
        (
            "delegates to an nnlib Dense layer",
            "def dense_forward(X, W, b, activation):\n"
            "    model = Sequential([layers.Dense(W.shape[1], activation=activation,\n"
            "                                     input_shape=(W.shape[0],))])\n"
            "    model.set_weights([W, b])\n"
            "    return model.predict(X)",
        ),
        (
            "transposes the kernel",
            "def dense_forward(X, W, b, activation):\n    return activations.get(activation)(X @ W.T + b)",
        ),
        (
            "adds the bias after the activation",
            "def dense_forward(X, W, b, activation):\n    return activations.get(activation)(X @ W) + b",
        ),
        ("forgets the activation", "def dense_forward(X, W, b, activation):\n    return X @ W + b"),
        (
            "column orientation: returns (units, batch)",
            "def dense_forward(X, W, b, activation):\n"
            "    return activations.get(activation)(W.T @ X.T + b[:, None])",
        ),
    ],
    "parameter_count": [
        ("forgets the biases", "n_parameters = 64 * 32 + 32 * 16 + 16 * 10"),
        ("one bias per input instead of per unit", "n_parameters = 64 * 33 + 32 * 17 + 16 * 11"),
        (
            "gives the input layer biases too",
            "n_parameters = 64 + 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10",
        ),
        ("counts units, not parameters", "n_parameters = 64 + 32 + 16 + 10"),
    ],
    "mse_loss": [
        (
            "delegates to scikit-learn's mean_squared_error",
            "from sklearn.metrics import mean_squared_error\n"
            "\n"
            "def mse(y_true, y_pred):\n"
            "    return mean_squared_error(y_true, y_pred)",
        ),
        (
            "delegates to nnlib's loss",
            "def mse(y_true, y_pred):\n    return losses.MeanSquaredError()(y_true, y_pred)",
        ),
        ("sums instead of averaging", "def mse(y_true, y_pred):\n    return np.sum((y_pred - y_true) ** 2)"),
        (
            "averages over the samples only, not over the outputs",
            "def mse(y_true, y_pred):\n    return np.sum((y_pred - y_true) ** 2) / len(y_true)",
        ),
        (
            "takes the square root (RMSE)",
            "def mse(y_true, y_pred):\n    return np.sqrt(np.mean((y_pred - y_true) ** 2))",
        ),
        (
            "forgets to square, so errors cancel",
            "def mse(y_true, y_pred):\n    return np.mean(y_pred - y_true)",
        ),
        ("halves it", "def mse(y_true, y_pred):\n    return 0.5 * np.mean((y_pred - y_true) ** 2)"),
    ],
    "categorical_cross_entropy": [
        (
            "delegates to nnlib's loss",
            "def categorical_cross_entropy(y_true, y_pred):\n"
            "    return losses.get('categorical_crossentropy')(y_true, y_pred)",
        ),
        (
            "delegates to scikit-learn's log_loss",
            "from sklearn.metrics import log_loss\n"
            "\n"
            "def categorical_cross_entropy(y_true, y_pred):\n"
            "    return log_loss(y_true, y_pred)",
        ),
        (
            "does not clip, so log(0) gives infinity",
            "def categorical_cross_entropy(y_true, y_pred):\n"
            "    return -np.sum(y_true * np.log(y_pred)) / len(y_pred)",
        ),
        (
            "averages over every entry, not over the samples",
            "def categorical_cross_entropy(y_true, y_pred):\n"
            "    p = np.clip(y_pred, 1e-7, 1 - 1e-7)\n"
            "    return -np.mean(y_true * np.log(p))",
        ),
        (
            "sums over the batch instead of averaging",
            "def categorical_cross_entropy(y_true, y_pred):\n"
            "    p = np.clip(y_pred, 1e-7, 1 - 1e-7)\n"
            "    return -np.sum(y_true * np.log(p))",
        ),
        (
            "forgets the minus sign",
            "def categorical_cross_entropy(y_true, y_pred):\n"
            "    p = np.clip(y_pred, 1e-7, 1 - 1e-7)\n"
            "    return np.sum(y_true * np.log(p)) / len(p)",
        ),
        (
            "uses the binary formula on every class",
            "def categorical_cross_entropy(y_true, y_pred):\n"
            "    p = np.clip(y_pred, 1e-7, 1 - 1e-7)\n"
            "    terms = y_true * np.log(p) + (1 - y_true) * np.log(1 - p)\n"
            "    return -np.sum(terms) / len(p)",
        ),
    ],
    "cross_entropy_reason": [
        ("thinks cross-entropy is smaller", "loss_answer = 'a'"),
        ("thinks MSE cannot handle probabilities", "loss_answer = 'c'"),
        ("credits the clipping", "loss_answer = 'd'"),
    ],
}
