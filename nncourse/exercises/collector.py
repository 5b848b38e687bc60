"""Run a learner's answer and record what it did, as plain JSON-safe data.

This module is the only exercise code that runs beside the learner's code.
It imports nothing from nnlib, so the class grader can execute its source
text in a fresh namespace inside a submitted notebook's kernel, out of reach
of anything the notebook replaced. Judging what it recorded happens
elsewhere (``nncourse.exercises.core``), in a process the notebook never touched.

Values are encoded for JSON: arrays as ``{"__array__": [...], "dtype": ..., "shape": ...}``.
``literal`` writes an encoded record as a Python literal for the grader, with
the built-in types' own methods, taken when this source is executed (before
any of the notebook's code runs), so that a notebook that replaces ``repr``,
``str`` or ``json`` cannot change what the grader reads.
"""

import copy
import signal
import threading
import time
import traceback

import numpy as np

# The built-in types' own methods, as they are when the grader executes this source.
_repr_str, _repr_int, _repr_float = str.__repr__, int.__repr__, float.__repr__
_list_iter, _tuple_iter, _dict_items = list.__iter__, tuple.__iter__, dict.items
_isinstance, _join, _type = isinstance, ", ".join, type


class CheckTimeout(Exception):
    """The learner's code ran longer than the check's time limit."""


def encode(value):
    """A JSON-safe copy of ``value``: numbers, strings, None, lists, dicts, arrays."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf":
            safe = np.where(np.isfinite(value), value, 0) if value.dtype.kind == "f" else value
            return {
                "__array__": safe.tolist(),
                "dtype": str(value.dtype),
                "shape": list(value.shape),
                "nan": np.isnan(value).tolist() if value.dtype.kind == "f" else None,
                "inf": np.isinf(value).tolist() if value.dtype.kind == "f" else None,
            }
        return {"__unsupported__": f"array of dtype {value.dtype}"}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if np.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return {"__sequence__": type(value).__name__, "items": [encode(item) for item in value]}
    if isinstance(value, dict):
        return {"__dict__": [[encode(key), encode(item)] for key, item in value.items()]}
    return {"__unsupported__": type(value).__name__}


def decode(data):
    """Undo ``encode``: arrays come back as numpy arrays, unsupported values as ``Unsupported``."""
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    if "__array__" in data:
        array = np.array(data["__array__"], dtype=data["dtype"]).reshape(data["shape"])
        if data.get("nan") is not None:
            array[np.array(data["nan"], dtype=bool).reshape(array.shape)] = np.nan
            infinite = np.array(data["inf"], dtype=bool).reshape(array.shape)
            array[infinite] = np.inf * np.sign(np.where(array[infinite] == 0, 1, array[infinite]))
        return array
    if "__float__" in data:
        return float(data["__float__"])
    if "__sequence__" in data:
        items = [decode(item) for item in data["items"]]
        return tuple(items) if data["__sequence__"] == "tuple" else items
    if "__dict__" in data:
        return {decode(key): decode(item) for key, item in data["__dict__"]}
    if "__unsupported__" in data:
        return Unsupported(data["__unsupported__"])
    return data


class Unsupported:
    """Stands for a value of a type a check cannot look at (a function, a model object, ...)."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


def _alarm(_signum, _frame):
    raise CheckTimeout()


def run_limited(function, args, kwargs, time_limit):
    """Call ``function(*args, **kwargs)``, stopping it after ``time_limit`` seconds.

    The limit uses SIGALRM, so it applies in a program's main thread (as in a
    notebook kernel); elsewhere the call runs without one.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return function(*args, **kwargs)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        return function(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def describe_error(error):
    """``"ZeroDivisionError: division by zero (line 3 of your code)"``."""
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        if last.filename.startswith("<"):  # a notebook cell or exec'd code: the learner's own
            where = f" (line {last.lineno}: {last.line})" if last.line else f" (line {last.lineno})"
    return f"{type(error).__name__}: {error}{where}"


def call_cases(function, cases, time_limit):
    """Call ``function`` on each case ``{"args": [...], "kwargs": {...}}`` (encoded).

    Returns one outcome per case: ``{"value": ..., "error": None or text,
    "timed_out": bool, "mutated": bool, "seconds": float}``, all encoded.
    """
    if not callable(function):
        return {"not_callable": type(function).__name__}
    outcomes = []
    for case in cases:
        args = decode(case["args"])
        kwargs = decode(case.get("kwargs", {}))
        originals = copy.deepcopy((args, kwargs))
        outcome = {"value": None, "error": None, "timed_out": False, "mutated": False}
        start = time.perf_counter()
        try:
            outcome["value"] = encode(run_limited(function, args, kwargs, time_limit))
        except CheckTimeout:
            outcome["timed_out"] = True
        except (Exception, SystemExit) as error:  # noqa: BLE001 - every failure of the learner's code is reported
            outcome["error"] = describe_error(error)
        outcome["seconds"] = time.perf_counter() - start
        outcome["mutated"] = encode(originals) != encode((args, kwargs))
        outcomes.append(outcome)
        if outcome["timed_out"]:
            break  # the answer fails on this case; the others would only cost time
    return {"outcomes": outcomes}


def collect_value(value):
    """Record a value answer (a number, an array, a string, ...)."""
    return {"value": encode(value), "is_ellipsis": value is Ellipsis}


def collect_predictions(model, cases, time_limit):
    """Record ``model.predict(x)`` for an experiment's held-out inputs (one case: ``[x]``)."""
    predict = getattr(model, "predict", None)
    if not callable(predict):
        return {"not_callable": type(model).__name__}
    return call_cases(predict, cases, time_limit)


def literal(record):
    """``record`` (what ``encode`` makes) as the text of a Python literal, for ``ast.literal_eval``.

    Subclasses of str, int, float, list or dict are written as their base type would write
    them, so a value's own ``__repr__`` cannot add fields to the record.
    """
    if record is None or record is True or record is False:
        return {None: "None", True: "True", False: "False"}[record]
    if _isinstance(record, str):
        return _repr_str(record)
    if _isinstance(record, int):
        return _repr_int(record)
    if _isinstance(record, float):
        text = _repr_float(record)
        return text if text not in ("inf", "-inf", "nan") else _repr_str(text)
    if _isinstance(record, list):
        return "[" + _join([literal(item) for item in _list_iter(record)]) + "]"
    if _isinstance(record, tuple):
        return "[" + _join([literal(item) for item in _tuple_iter(record)]) + "]"
    if _isinstance(record, dict):
        return "{" + _join([literal(key) + ": " + literal(value) for key, value in _dict_items(record)]) + "}"
    return _repr_str(f"<{_type(record).__name__}>")
