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
    "shape_bug": [
        ("blames the shared bias", "bug_answer = 'a'"),
        ("blames the kernel's brackets", "bug_answer = 'c'"),
        ("blames the mean's axis", "bug_answer = 'd'"),
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
        ("thinks cross-entropy is smaller", "loss_answer = 'a'"),
        ("thinks MSE cannot handle probabilities", "loss_answer = 'c'"),
        ("credits the clipping", "loss_answer = 'd'"),
    ],
}
