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
    "mse_shapes": [
        (
            "delegates to nnlib's MeanSquaredError",
            "def mse(y_true, y_pred, sample_weight=None):\n"
            "    return losses.MeanSquaredError()(y_true, y_pred, sample_weight=sample_weight)",
        ),
        (
            "delegates to scikit-learn's mean_squared_error",
            "from sklearn.metrics import mean_squared_error\n\n"
            "def mse(y_true, y_pred, sample_weight=None):\n"
            "    return mean_squared_error(y_true, y_pred, sample_weight=sample_weight)",
        ),
        (
            "the chapter's bug: (n,) against (n, 1) broadcasts to (n, n)",
            "def mse(y_true, y_pred, sample_weight=None):\n"
            "    squared = (np.asarray(y_pred) - np.asarray(y_true)) ** 2\n"
            "    if sample_weight is None:\n"
            "        return np.mean(squared)\n"
            "    return np.mean(np.asarray(sample_weight) * squared)",
        ),
        (
            "divides the weighted sum by the sum of the weights (np.average)",
            "def mse(y_true, y_pred, sample_weight=None):\n"
            "    y_true = np.asarray(y_true).reshape(len(y_true), -1)\n"
            "    y_pred = np.asarray(y_pred).reshape(len(y_pred), -1)\n"
            "    per_sample = np.mean((y_pred - y_true) ** 2, axis=1)\n"
            "    return np.average(per_sample, weights=sample_weight)",
        ),
        (
            "sums the squared errors over the outputs instead of averaging them",
            "def mse(y_true, y_pred, sample_weight=None):\n"
            "    y_true = np.asarray(y_true).reshape(len(y_true), -1)\n"
            "    y_pred = np.asarray(y_pred).reshape(len(y_pred), -1)\n"
            "    per_sample = np.sum((y_pred - y_true) ** 2, axis=1)\n"
            "    w = np.ones(len(per_sample)) if sample_weight is None else sample_weight\n"
            "    return np.sum(w * per_sample) / len(per_sample)",
        ),
        (
            "ignores the sample weights",
            "def mse(y_true, y_pred, sample_weight=None):\n"
            "    y_true = np.asarray(y_true).reshape(len(y_true), -1)\n"
            "    y_pred = np.asarray(y_pred).reshape(len(y_pred), -1)\n"
            "    return np.mean((y_pred - y_true) ** 2)",
        ),
        (
            "averages over the samples only, one number per output",
            "def mse(y_true, y_pred, sample_weight=None):\n"
            "    y_true = np.asarray(y_true).reshape(len(y_true), -1)\n"
            "    y_pred = np.asarray(y_pred).reshape(len(y_pred), -1)\n"
            "    w = np.ones(len(y_true)) if sample_weight is None else sample_weight\n"
            "    return np.sum(w[:, None] * (y_pred - y_true) ** 2, axis=0) / len(y_true)",
        ),
    ],
    "cross_entropy_from_logits": [
        (
            "delegates to nnlib's loss with from_logits=True",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    loss = losses.CategoricalCrossentropy(from_logits=True)\n"
            "    return loss(y_true, z)",
        ),
        (
            "delegates to scipy's logsumexp",
            "from scipy.special import logsumexp\n"
            "\n"
            "def cross_entropy_from_logits(y_true, z):\n"
            "    log_p = z - logsumexp(z, axis=1, keepdims=True)\n"
            "    return -np.sum(y_true * log_p) / len(z)",
        ),
        (
            "delegates to nnlib's softmax, then clips and takes the log",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    p = np.clip(activations.softmax(z), 1e-7, 1 - 1e-7)\n"
            "    return -np.sum(y_true * np.log(p)) / len(z)",
        ),
        (
            "softmax without the maximum subtracted, then the log (overflows)",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n"
            "    return -np.sum(y_true * np.log(p)) / len(z)",
        ),
        (
            "stable softmax, clipped, then the log (16.1 instead of 800)",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    p = np.clip(e / e.sum(axis=1, keepdims=True), 1e-7, 1 - 1e-7)\n"
            "    return -np.sum(y_true * np.log(p)) / len(z)",
        ),
        (
            "the chapter's sparse version with the argmax as the label (wrong for soft targets)",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    labels = y_true.argmax(axis=1)\n"
            "    z_max = z.max(axis=1, keepdims=True)\n"
            "    lse = z_max[:, 0] + np.log(np.exp(z - z_max).sum(axis=1))\n"
            "    return np.mean(lse - z[np.arange(len(z)), labels])",
        ),
        (
            "log-sum-exp without taking the maximum out (overflows)",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    lse = np.log(np.exp(z).sum(axis=1, keepdims=True))\n"
            "    return -np.sum(y_true * (z - lse)) / len(z)",
        ),
        (
            "takes the maximum out but forgets to add it back",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    shifted = z - z.max(axis=1, keepdims=True)\n"
            "    lse = np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
            "    return -np.sum(y_true * (z - lse)) / len(z)",
        ),
        (
            "subtracts the maximum of the whole batch, not of each row",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    shifted = z - z.max()\n"
            "    lse = z.max() + np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
            "    return -np.sum(y_true * (z - lse)) / len(z)",
        ),
        (
            "averages over every entry, not over the samples",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    z_max = z.max(axis=1, keepdims=True)\n"
            "    lse = z_max + np.log(np.exp(z - z_max).sum(axis=1, keepdims=True))\n"
            "    return -np.mean(y_true * (z - lse))",
        ),
        (
            "forgets the minus sign",
            "def cross_entropy_from_logits(y_true, z):\n"
            "    z_max = z.max(axis=1, keepdims=True)\n"
            "    lse = z_max + np.log(np.exp(z - z_max).sum(axis=1, keepdims=True))\n"
            "    return np.sum(y_true * (z - lse)) / len(z)",
        ),
    ],
    "cross_entropy_reason": [
        ("takes the size of the loss for the size of the step", "loss_answer = 'a'"),
        ("looks at the slope with respect to p, not z", "loss_answer = 'c'"),
        ("thinks the squared error pulls toward the mean label", "loss_answer = 'd'"),
    ],
}
