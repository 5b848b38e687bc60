"""Wrong answers to chapter 2's exercises (see ``tests/wrong_answers/__init__.py``)."""

#: the start of a softmax_backward answer that computes a = softmax(z) correctly
_SOFTMAX_ROWS = (
    "def softmax_backward(z, grad_a):\n"
    "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
    "    a = e / e.sum(axis=1, keepdims=True)\n"
)

#: the sigmoid branch of a right activation_and_slope, and the ReLU branches of one
STABLE_SIGMOID = (
    "    if name == 'sigmoid':\n"
    "        e = np.exp(-np.abs(z))\n"
    "        s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
    "        return s, s * (1 - s)\n"
)
RELUS = (
    "    alpha = 0.2 if name == 'leaky_relu' else 0.0\n"
    "    return np.where(z > 0, z, alpha * z), np.where(z > 0, 1.0, alpha)"
)

WRONG_ANSWERS = {
    "activation_slopes": [
        (
            "delegates to nnlib's activations",
            "def activation_and_slope(name, z):\n    f = activations.get(name)\n"
            "    return f.forward(z), f.derivative(z)",
        ),
        (
            "delegates the sigmoid to scipy's expit, imported before the function",
            "from scipy.special import expit\n\ndef activation_and_slope(name, z):\n"
            "    if name == 'sigmoid':\n        s = expit(z)\n        return s, s * (1 - s)\n" + RELUS,
        ),
        (
            "the textbook sigmoid: e^(-z) overflows and sigmoid(-720) comes out 0",
            "def activation_and_slope(name, z):\n    if name == 'sigmoid':\n"
            "        s = 1 / (1 + np.exp(-z))\n        return s, s * (1 - s)\n" + RELUS,
        ),
        (
            "clips z to [-500, 500] first, which moves the sigmoid's far tail",
            "def activation_and_slope(name, z):\n    if name == 'sigmoid':\n"
            "        s = 1 / (1 + np.exp(-np.clip(z, -500, 500)))\n        return s, s * (1 - s)\n" + RELUS,
        ),
        (
            "takes the right side's slope at the kink, z >= 0",
            "def activation_and_slope(name, z):\n"
            + STABLE_SIGMOID
            + "    alpha = 0.2 if name == 'leaky_relu' else 0.0\n"
            "    return np.where(z >= 0, z, alpha * z), np.where(z >= 0, 1.0, alpha)",
        ),
        (
            "gives Leaky ReLU ReLU's slope of 0 on the left",
            "def activation_and_slope(name, z):\n"
            + STABLE_SIGMOID
            + "    alpha = 0.2 if name == 'leaky_relu' else 0.0\n"
            "    return np.where(z > 0, z, alpha * z), np.where(z > 0, 1.0, 0.0)",
        ),
        (
            "writes the sigmoid's slope as s (1 + s)",
            "def activation_and_slope(name, z):\n    if name == 'sigmoid':\n"
            "        e = np.exp(-np.abs(z))\n        s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
            "        return s, s * (1 + s)\n" + RELUS,
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
        ("one sigmoid unit with two thresholds", "output_answer = 'c'"),
        ("tanh outputs read as probabilities", "output_answer = 'd'"),
    ],
    "softmax_backward": [
        (
            "delegates to nnlib's softmax layer",
            "def softmax_backward(z, grad_a):\n    softmax = activations.Softmax()\n"
            "    return softmax.backward(z, softmax(z), grad_a)",
        ),
        (
            "builds each row's Jacobian, as the chapter's softmax_jacobian does",
            _SOFTMAX_ROWS + "    return np.stack([g @ (np.diag(a_i) - np.outer(a_i, a_i))\n"
            "                     for g, a_i in zip(grad_a, a)])",
        ),
        (
            "builds all the Jacobians at once with broadcasting",
            _SOFTMAX_ROWS + "    k = a.shape[1]\n"
            "    jacobians = a[:, :, None] * (np.eye(k) - a[:, None, :])\n"
            "    return np.einsum('mi,mij->mj', grad_a, jacobians)",
        ),
        (
            "no maximum subtracted, so scores near 1000 overflow",
            "def softmax_backward(z, grad_a):\n    e = np.exp(z)\n    a = e / e.sum(axis=1, keepdims=True)\n"
            "    return a * (grad_a - (grad_a * a).sum(axis=1, keepdims=True))",
        ),
        (
            "keeps only the diagonal of the Jacobian, as for the sigmoid",
            _SOFTMAX_ROWS + "    return grad_a * a * (1 - a)",
        ),
        (
            "subtracts the plain sum of g, not g . a",
            _SOFTMAX_ROWS + "    return a * (grad_a - grad_a.sum(axis=1, keepdims=True))",
        ),
        (
            "sums g . a over the batch instead of over each row",
            _SOFTMAX_ROWS + "    return a * (grad_a - (grad_a * a).sum(axis=0, keepdims=True))",
        ),
        (
            "forgets the factor a in front",
            _SOFTMAX_ROWS + "    return grad_a - (grad_a * a).sum(axis=1, keepdims=True)",
        ),
    ],
    "leaky_relu_gain": [
        ("ReLU's gain, sqrt(2), unchanged", "leaky_gain = round(float(np.sqrt(2)), 3)"),
        ("the variance factor 2 / (1 + alpha^2), not its square root", "leaky_gain = round(2 / 1.04, 3)"),
        ("alpha instead of alpha squared", "leaky_gain = round(float(np.sqrt(2 / 1.2)), 3)"),
        (
            "the second moment kept by the negative side only",
            "leaky_gain = round(float(np.sqrt(1 / 0.04)), 3)",
        ),
        ("the inverse gain", "leaky_gain = round(float(np.sqrt(1.04 / 2)), 3)"),
    ],
    "dead_unit_count": [
        (
            "delegates the forward pass to an nnlib model",
            "def count_dead_units(kernels, biases, X):\n"
            "    model = Sequential([layers.Dense(W.shape[1], activation='relu') for W in kernels])\n"
            "    model.build((None, X.shape[1]))\n"
            "    model.set_weights([w for pair in zip(kernels, biases) for w in pair])\n"
            "    outputs = model.layer_outputs(X).values()\n"
            "    return np.array([int(np.all(a <= 0, axis=0).sum()) for a in outputs])",
        ),
        (
            "counts the units that are 0 for some sample, not for every sample",
            "def count_dead_units(kernels, biases, X):\n"
            "    a, counts = X, []\n"
            "    for W, b in zip(kernels, biases):\n"
            "        a = np.maximum(a @ W + b, 0.0)\n"
            "        counts.append(int(np.any(a == 0, axis=0).sum()))\n"
            "    return np.array(counts)",
        ),
        (
            "feeds the net inputs z, not the ReLU outputs, to the next layer",
            "def count_dead_units(kernels, biases, X):\n"
            "    a, counts = X, []\n"
            "    for W, b in zip(kernels, biases):\n"
            "        a = a @ W + b\n"
            "        counts.append(int(np.all(a <= 0, axis=0).sum()))\n"
            "    return np.array(counts)",
        ),
        (
            "counts net inputs strictly below 0, so a unit stuck at exactly 0 counts as alive",
            "def count_dead_units(kernels, biases, X):\n"
            "    a, counts = X, []\n"
            "    for W, b in zip(kernels, biases):\n"
            "        z = a @ W + b\n"
            "        counts.append(int(np.all(z < 0, axis=0).sum()))\n"
            "        a = np.maximum(z, 0.0)\n"
            "    return np.array(counts)",
        ),
        (
            "judges each unit by the mean input only",
            "def count_dead_units(kernels, biases, X):\n"
            "    a, counts = X.mean(axis=0, keepdims=True), []\n"
            "    for W, b in zip(kernels, biases):\n"
            "        a = np.maximum(a @ W + b, 0.0)\n"
            "        counts.append(int(np.all(a == 0, axis=0).sum()))\n"
            "    return np.array(counts)",
        ),
        (
            "returns the share of dead units, not their number",
            "def count_dead_units(kernels, biases, X):\n"
            "    a, shares = X, []\n"
            "    for W, b in zip(kernels, biases):\n"
            "        a = np.maximum(a @ W + b, 0.0)\n"
            "        shares.append(np.all(a == 0, axis=0).mean())\n"
            "    return np.array(shares)",
        ),
    ],
}
