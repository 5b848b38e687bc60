"""Wrong answers to chapter 1's exercises (see ``tests/wrong_answers/__init__.py``)."""

WRONG_ANSWERS = {
    "step_activation": [
        (
            "delegates to nnlib's own step, imported under another name",
            "from nnlib.activations import step as nnlib_step\n\ndef step(z):\n    return nnlib_step(z)",
        ),
        (
            "delegates to numpy's heaviside",
            "def step(z):\n    return np.heaviside(z, 1.0)",
        ),
        ("fires only above zero", "def step(z):\n    return np.where(z > 0, 1.0, 0.0)"),
        ("returns booleans", "def step(z):\n    return z >= 0"),
        ("uses the sign, -1 below zero", "def step(z):\n    return np.sign(z)"),
    ],
    "hand_trace": [
        (
            "counts z = 0 as class 0, so sample 1 moves",
            "weights_after_each_sample = [[1, 0.5, 0.5], [1, 0.5, 0.5], [1.5, -0.5, 0], [1.5, -0.5, 0]]",
        ),
        (
            "moves on every sample by 0.5 y x, right or wrong",
            "weights_after_each_sample = [[1, 0.5, 0.5], [1, 0.5, 0.5], [1, 0.5, 0.5], [1, 0.5, 1]]",
        ),
        (
            "stops after the first mistake, as if one update fixed everything",
            "weights_after_each_sample = [\n"
            "    [0, 0, 0], [-0.5, 0.5, -0.5], [-0.5, 0.5, -0.5], [-0.5, 0.5, -0.5]\n"
            "]",
        ),
        (
            "forgets the bias",
            "weights_after_each_sample = [[0, 0, 0], [-0.5, 0.5, 0], [0, -0.5, 0], [0, -0.5, 0]]",
        ),
        (
            "writes the updates instead of the weights after them",
            "weights_after_each_sample = [[0, 0, 0], [-0.5, 0.5, -0.5], [0.5, -1, -0.5], [0, 0, 0.5]]",
        ),
        (
            "learning rate 1 instead of 0.5",
            "weights_after_each_sample = [[0, 0, 0], [-1, 1, -1], [0, -1, -2], [0, -1, -1]]",
        ),
    ],
    "batch_update": [
        (
            "delegates to nnlib's one-sample rule, one sample after another",
            "from nnlib.perceptron import perceptron_update\n\n"
            "def batch_update(w, b, X, y, learning_rate):\n"
            "    for x, y_i in zip(X, y):\n"
            "        w, b = perceptron_update(w, b, x, y_i, learning_rate)\n"
            "    return w, b",
        ),
        (
            "updates sample by sample, so later samples see moved weights",
            "def batch_update(w, b, X, y, learning_rate):\n"
            "    for x, y_i in zip(X, y):\n"
            "        error = y_i - (1.0 if x @ w + b >= 0 else 0.0)\n"
            "        w, b = w + learning_rate * error * x, b + learning_rate * error\n"
            "    return w, b",
        ),
        (
            "averages the moves instead of adding them",
            "def batch_update(w, b, X, y, learning_rate):\n"
            "    error = y - np.where(X @ w + b >= 0, 1.0, 0.0)\n"
            "    return (w + learning_rate * X.T @ error / len(X),\n"
            "            b + learning_rate * error.mean())",
        ),
        (
            "fires only above zero, so z = 0 counts as class 0",
            "def batch_update(w, b, X, y, learning_rate):\n"
            "    error = y - np.where(X @ w + b > 0, 1.0, 0.0)\n"
            "    return w + learning_rate * X.T @ error, b + learning_rate * error.sum()",
        ),
        (
            "the error with the wrong sign, y_hat - y",
            "def batch_update(w, b, X, y, learning_rate):\n"
            "    error = np.where(X @ w + b >= 0, 1.0, 0.0) - y\n"
            "    return w + learning_rate * X.T @ error, b + learning_rate * error.sum()",
        ),
        (
            "forgets to move the bias",
            "def batch_update(w, b, X, y, learning_rate):\n"
            "    error = y - np.where(X @ w + b >= 0, 1.0, 0.0)\n"
            "    return w + learning_rate * X.T @ error, b",
        ),
    ],
    "xor_from_gates": [
        (
            "delegates to perceptrons trained inside the function",
            "def xor_network(X, and_gate, or_gate, nand_gate):\n"
            "    gates = [Perceptron().fit(*logic_gate(g)) for g in ('or', 'nand')]\n"
            "    hidden = np.column_stack([gate.predict(X) for gate in gates])\n"
            "    return Perceptron().fit(*logic_gate('and')).predict(hidden).astype(float)",
        ),
        (
            "ignores the gates: hand-set weights for the two layers",
            "def xor_network(X, and_gate, or_gate, nand_gate):\n"
            "    h1 = np.where(X @ [1, 1] - 0.5 >= 0, 1.0, 0.0)\n"
            "    h2 = np.where(X @ [-1, -1] + 1.5 >= 0, 1.0, 0.0)\n"
            "    return np.where(h1 + h2 - 1.5 >= 0, 1.0, 0.0)",
        ),
        (
            "ignores the gates: XOR of the rounded inputs",
            "def xor_network(X, and_gate, or_gate, nand_gate):\n"
            "    return (X[:, 0] != X[:, 1]).astype(float)",
        ),
        (
            "the wrong wiring: AND and OR read the inputs, NAND reads them",
            "def xor_network(X, and_gate, or_gate, nand_gate):\n"
            "    p = lambda inputs, gate: np.where(inputs @ gate[0] + gate[1] >= 0, 1.0, 0.0)\n"
            "    return p(np.column_stack([p(X, or_gate), p(X, and_gate)]), nand_gate)",
        ),
        (
            "multiplies the hidden outputs instead of using the AND perceptron",
            "def xor_network(X, and_gate, or_gate, nand_gate):\n"
            "    p = lambda inputs, gate: np.where(inputs @ gate[0] + gate[1] >= 0, 1.0, 0.0)\n"
            "    return p(X, or_gate) * p(X, nand_gate)",
        ),
        (
            "feeds the hidden net inputs z, not their steps, to the AND perceptron",
            "def xor_network(X, and_gate, or_gate, nand_gate):\n"
            "    hidden = np.column_stack([X @ or_gate[0] + or_gate[1], X @ nand_gate[0] + nand_gate[1]])\n"
            "    return np.where(hidden @ and_gate[0] + and_gate[1] >= 0, 1.0, 0.0)",
        ),
    ],
    "xor_reason": [
        ("blames the step's missing derivative", "xor_answer = 'a'"),
        ("blames the learning rate", "xor_answer = 'b'"),
        ("blames the uncentered inputs", "xor_answer = 'c'"),
        ("blames the number of epochs", "xor_answer = 'e'"),
    ],
}
