"""Data sets for the course: toy problems made here, and scikit-learn's bundled sets.

Rows are samples: ``X`` has shape ``(n_samples, n_features)`` and ``y`` has
shape ``(n_samples,)``; class labels are ints ``0 .. n_classes - 1``.

- Made here, with numpy only: ``logic_gate`` (AND, OR, NAND, XOR),
  ``noisy_line`` (the regression line y = 2x + 1), ``spirals`` and
  ``xor_blobs``.
- Thin wrappers over scikit-learn: ``moons``, ``circles``, and the loaders
  ``load_digits``, ``load_iris``, ``load_breast_cancer`` and ``load_diabetes``,
  which return a scaled train/test split ``(x_train, x_test, y_train, y_test)``.
- ``load_mnist`` is the only function that downloads anything, and only when
  called with ``download=True``.

Every random function takes ``seed`` (None, an int or a
``numpy.random.Generator``, see ``nnlib._seeding``); the same int seed gives
bit-identical data. scikit-learn is an optional dependency
(``pip install nnlib[datasets]``): it is imported only by the functions that use it.
"""

import numbers

import numpy as np

from ._bundled_datasets import (
    _import_sklearn,
    _random_state,
    load_breast_cancer,
    load_diabetes,
    load_digit_images,
    load_digits,
    load_iris,
    load_mnist,
)
from ._seeding import make_rng
from ._validation import check_positive_int

# The truth tables of the gates, on the inputs [[0, 0], [0, 1], [1, 0], [1, 1]].
LOGIC_GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "xor": (0, 1, 1, 0),
}


def logic_gate(name):
    """The four inputs of a two-input logic gate and its outputs.

    ``name`` is "and", "or", "nand" or "xor" (any case). Returns ``(X, y)``:
    ``X`` the inputs ``[[0, 0], [0, 1], [1, 0], [1, 1]]``, float, shape
    ``(4, 2)``; ``y`` the gate's output for each row, int 0/1, shape ``(4,)``.
    AND, OR and NAND are linearly separable, so a perceptron learns them;
    XOR is not, which is why we need hidden layers.
    """
    if not isinstance(name, str) or name.lower() not in LOGIC_GATES:
        known = ", ".join(repr(gate) for gate in LOGIC_GATES)
        raise ValueError(f"Unknown logic gate {name!r}. Known gates: {known}.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array(LOGIC_GATES[name.lower()], dtype=np.int64)
    return X, y


def noisy_line(n_samples=100, slope=2.0, intercept=1.0, noise=1.0, x_range=(-3, 3), seed=None):
    r"""Points scattered around the line $y = \text{slope}\cdot x + \text{intercept}$.

    ``x`` is uniform in ``x_range``; $y = \text{slope}\,x + \text{intercept} + \varepsilon$
    with $\varepsilon \sim \mathcal N(0, \text{noise}^2)$. The defaults give
    the course's first regression problem, $y = 2x + 1$.

    Returns ``(x, y)``: ``x`` of shape ``(n_samples, 1)`` (one feature, ready
    for a model) and ``y`` of shape ``(n_samples,)``, both float.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    slope = _check_real(slope, "slope")
    intercept = _check_real(intercept, "intercept")
    noise = _check_noise(noise)
    low, high = _check_range(x_range)
    rng = make_rng(seed)
    x = rng.uniform(low, high, size=(n_samples, 1))
    y = slope * x[:, 0] + intercept + noise * rng.standard_normal(n_samples)
    return x, y


def spirals(n_samples=200, n_classes=2, noise=0.2, turns=1.5, seed=None):
    r"""Interleaved spiral arms, one per class: a classic set no straight line can split.

    Arm $k$ is the curve $r \mapsto r\,(\sin\theta, \cos\theta)$ with
    $\theta = 2\pi(k / \text{n\_classes} + \text{turns}\cdot r) + \varepsilon$,
    for radii $r$ evenly spaced from 0.05 to 1. ``noise`` is the standard
    deviation of $\varepsilon$, an angle in radians (neighbouring arms are
    $2\pi/\text{n\_classes}$ apart), so points stray further from their arm
    far from the centre, where the arms are further apart. ``turns`` is how
    many times each arm winds around the centre. In our trials (scikit-learn's
    MLPClassifier, ReLU and Adam) the default 1.5 turns needed two hidden
    layers of 16 units or one of about 64; with 1 turn one layer of 16 did.

    Returns ``(X, y)``: ``X`` float ``(n_samples, 2)`` within about
    ``[-1, 1]``; ``y`` int ``(n_samples,)`` in ``0 .. n_classes - 1``. The
    classes are balanced: their sizes differ by at most one. The rows come in
    random order, so the last fraction that ``validation_split`` holds out
    is a sample of every class, not the last class.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    n_classes = check_positive_int(n_classes, "n_classes")
    noise = _check_noise(noise)
    turns = _check_real(turns, "turns")
    if turns <= 0:
        raise ValueError(f"turns must be positive (how often each arm winds around), got {turns!r}.")
    rng = make_rng(seed)
    X_parts, y_parts = [], []
    for k, size in enumerate(_split_evenly(n_samples, n_classes)):
        r = np.linspace(0.05, 1.0, size)
        theta = 2 * np.pi * (k / n_classes + turns * r) + noise * rng.standard_normal(size)
        X_parts.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        y_parts.append(np.full(size, k, dtype=np.int64))
    order = rng.permutation(n_samples)
    return np.concatenate(X_parts)[order], np.concatenate(y_parts)[order]


def xor_blobs(n_samples=200, noise=0.3, seed=None):
    r"""Four Gaussian blobs at the corners $(\pm 1, \pm 1)$, labelled like XOR.

    The XOR gate's inputs with 0 mapped to -1, so the data are centred: a blob
    is labelled 1 when its corner's two coordinates differ in sign (the
    corners $(-1, 1)$ and $(1, -1)$), 0 otherwise. ``noise`` is each blob's
    standard deviation; the corners are 2 apart, so up to about 0.5 the blobs
    stay apart. No single line separates the classes.

    Returns ``(X, y)``: ``X`` float ``(n_samples, 2)``, ``y`` int 0/1
    ``(n_samples,)``. The blob sizes differ by at most one, so the classes are
    balanced. The rows come in random order, so the last fraction that
    ``validation_split`` holds out is a sample of every blob, not the last one.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    noise = _check_noise(noise)
    rng = make_rng(seed)
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=float)
    sizes = _split_evenly(n_samples, len(corners))
    centres = rng.permutation(np.repeat(corners, sizes, axis=0))
    X = centres + noise * rng.standard_normal(centres.shape)
    y = (centres[:, 0] != centres[:, 1]).astype(np.int64)
    return X, y


def moons(n_samples=200, noise=0.2, seed=None):
    """Two interleaving half circles: ``sklearn.datasets.make_moons``.

    Returns ``(X, y)``: ``X`` float ``(n_samples, 2)``, ``y`` int 0/1
    ``(n_samples,)``. scikit-learn takes an int ``random_state``: an int
    ``seed`` is passed on as it is (so the data equal scikit-learn's for the
    same number); for None or a Generator an int is drawn from
    ``make_rng(seed)``.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    noise = _check_noise(noise)
    sklearn_datasets = _import_sklearn("datasets")
    X, y = sklearn_datasets.make_moons(n_samples=n_samples, noise=noise, random_state=_random_state(seed))
    return X, y.astype(np.int64)


def circles(n_samples=200, noise=0.1, factor=0.5, seed=None):
    """A small circle (label 1) inside a large one (label 0): ``sklearn.datasets.make_circles``.

    ``factor`` is the ratio of the inner radius to the outer one (0 < factor < 1).
    Returns ``(X, y)``: ``X`` float ``(n_samples, 2)``, ``y`` int 0/1
    ``(n_samples,)``. ``seed`` becomes scikit-learn's ``random_state`` as in
    ``moons``.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    noise = _check_noise(noise)
    factor = _check_real(factor, "factor")
    if not 0 < factor < 1:
        raise ValueError(
            f"factor is the inner radius over the outer one and must satisfy 0 < factor < 1, got {factor!r}."
        )
    sklearn_datasets = _import_sklearn("datasets")
    X, y = sklearn_datasets.make_circles(
        n_samples=n_samples, noise=noise, factor=factor, random_state=_random_state(seed)
    )
    return X, y.astype(np.int64)


# Helpers


def _split_evenly(n_samples, n_parts):
    """Sizes of ``n_parts`` groups that add up to ``n_samples`` and differ by at most one."""
    sizes = np.full(n_parts, n_samples // n_parts)
    sizes[: n_samples % n_parts] += 1
    return sizes


def _check_real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    return float(value)


def _check_noise(noise):
    noise = _check_real(noise, "noise")
    if noise < 0:
        raise ValueError(
            f"noise is a standard deviation and cannot be negative, got {noise!r}. "
            f"Use noise=0 for data without noise."
        )
    return noise


def _check_range(x_range):
    try:
        low, high = x_range
    except (TypeError, ValueError):
        raise ValueError(f"x_range must be a pair (low, high), got {x_range!r}.") from None
    low, high = _check_real(low, "x_range[0]"), _check_real(high, "x_range[1]")
    if not low < high:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range!r}.")
    return low, high


__all__ = [
    "LOGIC_GATES",
    "circles",
    "load_breast_cancer",
    "load_diabetes",
    "load_digit_images",
    "load_digits",
    "load_iris",
    "load_mnist",
    "logic_gate",
    "moons",
    "noisy_line",
    "spirals",
    "xor_blobs",
]
