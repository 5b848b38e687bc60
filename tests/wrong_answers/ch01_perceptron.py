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
    "perceptron_rule": [
        (
            "delegates to nnlib's perceptron_update",
            "import nnlib.perceptron\n"
            "\n"
            "def perceptron_update(w, b, x, y, learning_rate):\n"
            "    return nnlib.perceptron.perceptron_update(w, b, x, y, learning_rate)",
        ),
        (
            "sign error: moves away from misclassified positives",
            "def perceptron_update(w, b, x, y, learning_rate):\n"
            "    y_hat = 1.0 if np.dot(w, x) + b >= 0 else 0.0\n"
            "    return w - learning_rate * (y - y_hat) * x, b - learning_rate * (y - y_hat)",
        ),
        (
            "forgets the bias",
            "def perceptron_update(w, b, x, y, learning_rate):\n"
            "    y_hat = 1.0 if np.dot(w, x) + b >= 0 else 0.0\n"
            "    return w + learning_rate * (y - y_hat) * x, b",
        ),
        (
            "updates even when right",
            "def perceptron_update(w, b, x, y, learning_rate):\n"
            "    return w + learning_rate * y * x, b + learning_rate * y",
        ),
        (
            "changes w in place",
            "def perceptron_update(w, b, x, y, learning_rate):\n"
            "    y_hat = 1.0 if np.dot(w, x) + b >= 0 else 0.0\n"
            "    w += learning_rate * (y - y_hat) * x\n"
            "    return w, b + learning_rate * (y - y_hat)",
        ),
    ],
    "train_or": [
        ("trained on AND instead", "or_perceptron = Perceptron().fit(*logic_gate('and'))"),
        ("stopped after one epoch", "or_perceptron = Perceptron(max_epochs=1).fit(*logic_gate('or'))"),
    ],
    "xor_reason": [
        ("blames the learning rate", "xor_answer = 'a'"),
        ("blames the number of epochs", "xor_answer = 'b'"),
        ("blames the zero start", "xor_answer = 'd'"),
    ],
}
