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

An exercise that asks the learner to write something nnlib (or numpy, scipy,
scikit-learn) already has names those implementations, by dotted name: while
the learner's function runs, each of them raises ``ForbiddenCall`` instead of
doing the work (``forbidding``), and the outcome records which one was called.
"""

import contextlib
import copy
import importlib
import importlib.util
import signal
import threading
import time
import traceback
import types

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
            finite = value.dtype.kind != "f" or bool(np.isfinite(value).all())
            return {
                "__array__": safe.tolist(),
                "dtype": str(value.dtype),
                "shape": list(value.shape),
                # the masks only when needed: they would triple the size of a large array
                "nan": None if finite else np.isnan(value).tolist(),
                "inf": None if finite else np.isinf(value).tolist(),
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


class ForbiddenCall(BaseException):
    """The learner's function called an implementation the exercise asks them to write.

    A ``BaseException``, like ``KeyboardInterrupt``, so that an ``except
    Exception`` in the learner's code does not swallow it.
    """


def _resolve(dotted):
    """``(owner, attribute, object)`` for a dotted name such as ``"nnlib.activations.Sigmoid.forward"``.

    The longest importable prefix is imported (only from an installed
    package); the rest are attributes. ``None`` when the name does not exist.
    """
    parts = dotted.split(".")
    try:
        if importlib.util.find_spec(parts[0]) is None:
            return None
    except (ImportError, ValueError):
        return None
    for split in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:split]))
        except Exception:  # noqa: BLE001 - not a module (or a broken one): try a shorter prefix
            continue
        try:
            for name in parts[split:-1]:
                owner = getattr(owner, name)
            return owner, parts[-1], getattr(owner, parts[-1])
        except Exception:  # noqa: BLE001 - no such attribute: nothing to forbid
            return None
    return None


def _python_function(obj):
    """The Python function behind ``obj`` (a function, a method, a class's own ``__init__``), or None."""
    if isinstance(obj, type):
        obj = obj.__dict__.get("__init__")
    obj = getattr(obj, "__func__", obj)  # a bound method or a classmethod
    return obj if isinstance(obj, types.FunctionType) else None


_RAISING_CODE = {}


def _raising_code(n_free):
    """A code object that calls its keyword default ``_nncourse_forbidden`` and nothing else.

    Swapped into a forbidden function, it must have as many free variables as
    that function's closure, or Python refuses the swap; they are never read.
    """
    if n_free not in _RAISING_CODE:
        names = [f"_free{i}" for i in range(n_free)]
        source = (
            f"def _outer({', '.join(names)}):\n"
            "    def _forbidden(*args, _nncourse_forbidden=None, **kwargs):\n"
            "        _nncourse_forbidden()\n"
            f"        return ({''.join(name + ', ' for name in names)})\n"
            "    return _forbidden\n"
        )
        namespace = {}
        exec(source, namespace)
        _RAISING_CODE[n_free] = namespace["_outer"](*([None] * n_free)).__code__
    return _RAISING_CODE[n_free]


def _settable(owner, attribute, obj):
    try:
        setattr(owner, attribute, obj)  # the same object: changes nothing
        return True
    except (AttributeError, TypeError):  # a built-in type's method, say
        return False


def forbidden_names_found(names):
    """The names of ``names`` that exist here and can be forbidden (for the tests)."""
    found = [(name, _resolve(name)) for name in names]
    return [
        name
        for name, resolved in found
        if resolved is not None and (_python_function(resolved[2]) is not None or _settable(*resolved))
    ]


@contextlib.contextmanager
def forbidding(names, namespace=None):
    """While the block runs, calling any of ``names`` raises ``ForbiddenCall``.

    A Python function (or method) has its code swapped, so that every alias
    raises too (``from nnlib.activations import sigmoid as s``). A function
    written in C (a numpy ufunc such as ``scipy.special.expit``) cannot be
    changed: its module attribute is swapped instead, and so is every name of
    ``namespace`` (the learner's globals) that refers to it. Yields the list
    of names called, in order. Everything is restored on the way out, also
    after an error or a timeout.
    """
    called, restore = [], []

    def raiser_for(name):
        def forbidden(*args, **kwargs):
            called.append(name)
            raise ForbiddenCall(name)

        return forbidden

    try:
        patched = set()
        for name in names:
            found = _resolve(name)
            if found is None:
                continue  # not installed here (scipy, say): nothing to forbid
            owner, attribute, obj = found
            function = _python_function(obj)
            if function is not None:
                if id(function) in patched:
                    continue
                patched.add(id(function))
                saved = function.__code__, function.__kwdefaults__
                restore.append(lambda f=function, saved=saved: _restore_code(f, saved))
                function.__code__ = _raising_code(len(function.__closure__ or ()))
                function.__kwdefaults__ = {"_nncourse_forbidden": raiser_for(name)}
            elif callable(obj) and _settable(owner, attribute, obj):
                raiser = raiser_for(name)
                restore.append(lambda o=owner, a=attribute, v=obj: setattr(o, a, v))
                setattr(owner, attribute, raiser)
                for key, value in list((namespace or {}).items()):
                    if value is obj:
                        restore.append(lambda k=key, v=value: namespace.__setitem__(k, v))
                        namespace[key] = raiser
        yield called
    finally:
        for undo in reversed(restore):
            undo()


def _restore_code(function, saved):
    function.__code__, function.__kwdefaults__ = saved


def call_cases(function, cases, time_limit, forbidden=()):
    """Call ``function`` on each case ``{"args": [...], "kwargs": {...}}`` (encoded).

    Returns one outcome per case: ``{"value": ..., "error": None or text,
    "timed_out": bool, "mutated": bool, "forbidden": None or the name of the
    forbidden implementation it called, "seconds": float}``, all encoded.
    """
    if not callable(function):
        return {"not_callable": type(function).__name__}
    namespace = getattr(function, "__globals__", None)
    outcomes = []
    for case in cases:
        args = decode(case["args"])
        kwargs = decode(case.get("kwargs", {}))
        originals = copy.deepcopy((args, kwargs))
        outcome = {"value": None, "error": None, "timed_out": False, "mutated": False, "forbidden": None}
        start = time.perf_counter()
        value, called = None, []
        try:
            with forbidding(forbidden, namespace) as called:
                value = run_limited(function, args, kwargs, time_limit)
            outcome["value"] = encode(value)
        except CheckTimeout:
            outcome["timed_out"] = True
        except ForbiddenCall:
            pass  # recorded in called
        except (Exception, SystemExit) as error:  # noqa: BLE001 - every failure of the learner's code is reported
            outcome["error"] = describe_error(error)
        outcome["forbidden"] = called[0] if called else None  # even if the learner's code caught it
        outcome["seconds"] = time.perf_counter() - start
        outcome["mutated"] = encode(originals) != encode((args, kwargs))
        outcomes.append(outcome)
        if outcome["timed_out"]:
            break  # the answer fails on this case; the others would only cost time
    return {"outcomes": outcomes}


def collect_value(value):
    """Record a value answer (a number, an array, a string, ...)."""
    return {"value": encode(value), "is_ellipsis": value is Ellipsis}


def collect_predictions(model, cases, time_limit, weights=False):
    """Record ``model.predict(x)`` for an experiment's held-out inputs (one case per array: ``[x]``),
    and the model's layers (``describe_model``) for checks that look at the architecture
    (with each layer's weights when ``weights`` is true)."""
    predict = getattr(model, "predict", None)
    if not callable(predict):
        return {"not_callable": type(model).__name__}
    record = call_cases(predict, cases, time_limit)
    record["model"] = describe_model(model, weights)
    return record


def describe_model(model, weights=False):
    """The layers of ``model`` as plain data: ``{"type": ..., "layers": [...]}``.

    Each layer of an nnlib (or Keras-like) model gives its class name,
    ``units``, the name of its ``activation`` (None where it has none) and
    ``trainable``, and with ``weights`` its ``get_weights()`` (encoded);
    scikit-learn's MLPs give ``hidden_layer_sizes`` and ``activation``.
    """
    description = {"type": type(model).__name__}
    try:
        layers = getattr(model, "layers", None)
        if isinstance(layers, (list, tuple)):
            description["layers"] = [_describe_layer(layer, weights) for layer in layers]
        elif getattr(model, "hidden_layer_sizes", None) is not None:  # scikit-learn's MLPClassifier
            sizes = model.hidden_layer_sizes
            sizes = [sizes] if isinstance(sizes, int) else list(sizes)
            description["hidden_layer_sizes"] = [int(size) for size in sizes]
            description["activation"] = str(getattr(model, "activation", ""))
    except Exception:  # noqa: BLE001 - a model that cannot be described is described by its type
        pass
    return description


def _describe_layer(layer, weights=False):
    units = getattr(layer, "units", None)
    activation = getattr(layer, "activation", None)
    name = activation if isinstance(activation, str) else getattr(activation, "name", None)
    trainable = getattr(layer, "trainable", True)
    description = {
        "type": type(layer).__name__,
        "units": units if isinstance(units, int) else None,
        "activation": name if isinstance(name, str) else None,
        "trainable": trainable if isinstance(trainable, bool) else True,
    }
    if weights:
        try:
            arrays = layer.get_weights()
            description["weights"] = [encode(np.asarray(array)) for array in arrays]
        except Exception:  # noqa: BLE001 - a layer without readable weights is recorded without them
            description["weights"] = None
    return description


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
