"""Checks at the boundary: every public entry point validates its inputs here.

Each check raises an error whose message says what was wrong and what to do,
so a learner never meets a bare numpy traceback from deep inside the math.
The math modules trust their inputs and stay free of defensive clutter.
"""

import difflib
import numbers

import numpy as np


def lookup(identifier, table, kind, base_class):
    """Turn a name, a class or an instance into an instance of ``base_class``.

    ``table`` maps lower-case names to classes; ``kind`` ("activation",
    "loss", ...) is used in the error message, which lists the known names.
    """
    if isinstance(identifier, base_class):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, base_class):
        return identifier()
    if isinstance(identifier, str):
        key = identifier.lower()
        if key in table:
            return table[key]()
        known = ", ".join(sorted(table))
        close = difflib.get_close_matches(key, table, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        plural = f"{kind}es" if kind.endswith("s") else f"{kind}s"  # losses
        raise ValueError(f"Unknown {kind} {identifier!r}.{hint} Known {plural}: {known}.")
    article = "an" if kind[0] in "aeiou" else "a"
    raise TypeError(
        f"Expected the name of {article} {kind} (a string such as {sorted(table)[0]!r}) or a "
        f"{base_class.__name__} object, got {type(identifier).__name__}."
    )


def as_float_array(values, name, dtype="float64"):
    """Return ``values`` as a finite float array, or say exactly what is wrong."""
    try:
        array = np.asarray(values, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{name} must be numeric (a numpy array or a list of numbers); converting it "
            f"to {dtype} failed: {error}. Encode text columns as numbers first."
        ) from None
    if array.ndim == 0:
        raise ValueError(f"{name} must be an array with one row per sample, got a single number.")
    if array.shape[0] == 0:
        raise ValueError(f"{name} is empty (0 samples). Pass at least one sample.")
    check_finite(array, name)
    return array


def check_finite(array, name):
    """Raise if ``array`` holds NaN or infinity, naming the first bad entry."""
    # min and max are NaN or infinite exactly when some entry is; they need no
    # boolean copy of a large data set, so the common case costs two passes.
    if np.isfinite(array.min()) and np.isfinite(array.max()):
        return
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        n_nan = int(np.isnan(array).sum())
        n_inf = int(bad.sum()) - n_nan
        raise ValueError(
            f"{name} contains {n_nan} NaN and {n_inf} infinite values (the first at index "
            f"{first}). Remove or impute them before training, for example with "
            f"sklearn.impute.SimpleImputer."
        )


def check_same_length(x, y, x_name="x", y_name="y"):
    """Raise unless ``x`` and ``y`` have one row per sample each."""
    if len(x) != len(y):
        raise ValueError(
            f"{x_name} has {len(x)} samples but {y_name} has {len(y)}; they need one row per "
            f"sample. Check that {x_name} and {y_name} come from the same split."
        )


def check_positive_int(value, name):
    """Return ``value`` as an int, or raise unless it is a whole number >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}.")
    return int(value)


def check_fraction(value, name, *, inclusive_low=True):
    """Return ``value`` as a float, or raise unless 0 <= value < 1."""
    is_number = isinstance(value, numbers.Real)  # checked first: "0.5" >= 0 raises TypeError
    low_ok = is_number and (value >= 0 if inclusive_low else value > 0)
    if not (low_ok and value < 1):
        low = "at least 0" if inclusive_low else "greater than 0"
        raise ValueError(f"{name} must be a number {low} and less than 1, got {value!r}.")
    return float(value)


def check_learning_rate(learning_rate):
    """Return a valid learning rate: a positive finite number or a schedule."""
    if callable(learning_rate):
        return learning_rate
    if (
        isinstance(learning_rate, bool)
        or not isinstance(learning_rate, numbers.Real)
        or not np.isfinite(learning_rate)
        or learning_rate <= 0
    ):
        raise ValueError(
            f"learning_rate must be a positive number (typical values lie between 1e-4 "
            f"and 1e-1) or a schedule from nnlib.optimizers.schedules, got {learning_rate!r}."
        )
    return float(learning_rate)


# Targets: each loss asks for the kind of y it can learn from.


def _as_columns(y, n_outputs, loss_name):
    """Return y with shape (n, n_outputs), accepting a flat y when there is one output."""
    if y.ndim == 1 and n_outputs == 1:
        y = y.reshape(-1, 1)
    if y.ndim != 2 or y.shape[1] != n_outputs:
        columns = "a flat vector" if y.ndim == 1 else f"shape {y.shape}"
        raise ValueError(
            f"y is {columns}, but the model's last layer has {n_outputs} unit(s) and "
            f"{loss_name} compares them column by column. Give the last layer one unit per "
            f"target column, or pass y with shape (n_samples, {n_outputs})."
        )
    return y


def real_targets(y, n_outputs, loss_name, dtype):
    """Targets for regression losses: finite numbers, one column per output unit."""
    y = as_float_array(y, "y", dtype)
    return _as_columns(y, n_outputs, loss_name)


def binary_targets(y, n_outputs, loss_name, dtype):
    """Targets for binary cross-entropy: values in [0, 1], one column per output unit."""
    y = as_float_array(y, "y", dtype)
    if y.min() < 0 or y.max() > 1:
        raise ValueError(
            f"{loss_name} needs targets between 0 and 1 (the labels 0 and 1), but y holds "
            f"values from {y.min():g} to {y.max():g}. Map the labels to 0 and 1, for example "
            f"y = (y == positive_label).astype(float); for more than two classes use a "
            f"softmax output with 'sparse_categorical_crossentropy'."
        )
    return _as_columns(y, n_outputs, loss_name)


def one_hot_targets(y, n_outputs, loss_name, dtype):
    """Targets for categorical cross-entropy: rows of class probabilities, e.g. one-hot."""
    y = as_float_array(y, "y", dtype)
    if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1 and n_outputs > 1):
        raise ValueError(
            f"{loss_name} expects one-hot targets of shape (n_samples, {n_outputs}), but y "
            f"has shape {y.shape}, which looks like integer class labels. Use "
            f"loss='sparse_categorical_crossentropy' for integer labels, or convert them "
            f"with nnlib.utils.to_categorical(y, {n_outputs})."
        )
    if y.min() < 0 or y.max() > 1:
        raise ValueError(
            f"{loss_name} expects each row of y to hold class probabilities (one-hot: a 1 "
            f"for the true class, 0 elsewhere), but y holds values from {y.min():g} to "
            f"{y.max():g}."
        )
    return _as_columns(y, n_outputs, loss_name)


def class_index_targets(y, n_outputs, loss_name):
    """Targets for sparse categorical cross-entropy: integer labels 0 .. n_outputs - 1."""
    y = as_float_array(y, "y", "float64")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(
            f"{loss_name} expects one integer class label per sample (shape (n_samples,)), "
            f"but y has shape {y.shape}. If y is one-hot, use "
            f"loss='categorical_crossentropy' or pass y.argmax(axis=1)."
        )
    return class_labels(y, n_outputs, loss_name)


def class_labels(y, n_classes, loss_name):
    """Integer class labels 0 .. n_classes - 1 (any shape), as an index array, or a ValueError."""
    if not np.all(y == np.round(y)):
        raise ValueError(
            f"{loss_name} expects integer class labels, but y holds fractional values such "
            f"as {y[y != np.round(y)][0]:g}. For regression use loss='mse'."
        )
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        bad = int(y.max()) if y.max() >= n_classes else int(y.min())
        raise ValueError(
            f"y contains the label {bad}, but a last layer with {n_classes} units can only "
            f"predict the classes 0 to {n_classes - 1}. Give the last layer one unit per "
            f"class (Dense({int(y.max()) + 1}) here), or re-encode the labels as 0, 1, 2, ... "
            f"with sklearn.preprocessing.LabelEncoder."
        )
    return y.astype(np.intp)
