"""Configs: the arguments that rebuild an object, written as JSON, and back (Keras's
``get_config`` / ``from_config``).

A layer, an activation, an initializer, a regularizer, a loss, an optimizer
or a schedule is rebuilt by calling its class with the arguments it was made
with. nnlib keeps every constructor argument as an attribute of the same name
(``Dense(units=3)`` has ``self.units``), so one function reads them all:
``arguments_config(obj)`` looks at the constructor's signature (and its base
classes', through ``**kwargs``) and takes each argument from the attribute of
that name. A class whose arguments are kept otherwise says so by writing its
own ``get_config``; one that cannot be read is an error at save time, never
a file that rebuilds the wrong thing.

An object is written as ``{"module": "nnlib.layers", "class_name": "Dense",
"config": {...}}``, as in a Keras ``.keras`` file. Reading it back looks the
class up in ``custom_objects`` first, then in nnlib; nothing else is
imported, and no code is unpickled.
"""

import importlib
import inspect
import numbers

import numpy as np

#: the public modules whose classes are looked up by name when a file is read
MODULES = (
    "layers",
    "activations",
    "initializers",
    "regularizers",
    "losses",
    "optimizers",
    "schedules",
    "metrics",
    "models",
)
_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


class Configurable:
    """``get_config()`` and ``from_config(config)`` for a class whose arguments are its attributes.

    ``type(obj).from_config(obj.get_config())`` makes a twin of ``obj``. The
    config is JSON: nested objects (a layer's activation, an optimizer's
    schedule) appear as ``{"module", "class_name", "config"}`` dicts.
    """

    def get_config(self):
        """The arguments that rebuild this object, by name (see ``nnlib._serialization``)."""
        return arguments_config(self)

    @classmethod
    def from_config(cls, config):
        """A new object made from ``config``, as ``get_config()`` returns it."""
        return cls(**{key: deserialize_value(value) for key, value in config.items()})


def constructor_arguments(cls):
    """The names of the arguments of ``cls(...)``, following ``**kwargs`` up through the base classes."""
    names = []
    for klass in cls.__mro__:
        if klass is object:
            break
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        parameters = list(inspect.signature(init).parameters.values())[1:]  # without self
        names += [p.name for p in parameters if p.kind in _NAMED and p.name not in names]
        if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
            break
    return names


def arguments_config(obj, skip=()):
    """``{argument: value}`` for every constructor argument of ``obj`` but those in ``skip``, as
    JSON-ready values."""
    config = {}
    for name in constructor_arguments(type(obj)):
        if name in skip:
            continue
        if not hasattr(obj, name):
            raise TypeError(
                f"{type(obj).__name__} cannot be saved: its argument {name!r} is not kept as "
                f"self.{name}, so get_config() cannot tell how it was made. Keep each argument "
                f"under its own name, or write get_config() to return the arguments that rebuild it."
            )
        config[name] = to_config_value(getattr(obj, name), f"{type(obj).__name__}.{name}")
    return config


def to_config_value(value, where):
    """``value`` as JSON: numbers, strings, lists, dicts, and objects as their ``serialize``."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [to_config_value(item, where) for item in value]
    if isinstance(value, dict):
        return {str(key): to_config_value(item, where) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.random.Generator):
        raise TypeError(
            f"{where} is a numpy Generator, which cannot be saved (its draws depend on what "
            f"used it before). Pass an int seed to make a model you want to save."
        )
    if hasattr(value, "get_config"):
        return serialize(value)
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        if value.__name__ == "<lambda>":
            raise TypeError(
                f"{where} is a lambda, which cannot be saved (it has no name to find it by "
                f"when loading). Use a function defined with def."
            )
        return {"module": value.__module__, "class_name": "function", "config": value.__name__}
    raise TypeError(
        f"{where} is {value!r} ({type(value).__name__}), which cannot be saved: a config holds "
        f"numbers, strings, lists, functions and objects with get_config()."
    )


def serialize(obj):
    """``{"module", "class_name", "config"}`` for an object with ``get_config()``."""
    name = type(obj).__name__
    return {
        "module": _public_module(type(obj)),
        "class_name": name,
        "config": to_config_value(obj.get_config(), name),
    }


def _public_module(cls):
    """The public nnlib module that offers ``cls`` (``nnlib.layers``), else the one defining it."""
    for name in MODULES:
        module = importlib.import_module(f"nnlib.{name}")
        if getattr(module, cls.__name__, None) is cls:
            return module.__name__
    return cls.__module__


def is_serialized(value):
    return isinstance(value, dict) and "class_name" in value and "config" in value


def deserialize(data, custom_objects=None):
    """The object that ``serialize`` wrote: its class called with its (rebuilt) config."""
    custom_objects = custom_objects or {}
    name, config = data["class_name"], data["config"]
    if name == "function":
        return _find(config, data.get("module"), custom_objects, "function")
    cls = _find(name, data.get("module"), custom_objects, "class")
    config = {key: deserialize_value(value, custom_objects) for key, value in config.items()}
    try:
        return cls.from_config(config)
    except (TypeError, ValueError) as error:
        raise type(error)(
            f"{name} could not be rebuilt from its saved config {config}: {error}. If {name} is "
            f"your own class, its get_config() must return the arguments its constructor takes."
        ) from None


def deserialize_value(value, custom_objects=None):
    """A config value with every serialized object in it rebuilt (live objects pass as they are)."""
    if is_serialized(value):
        return deserialize(value, custom_objects)
    if isinstance(value, list):
        return [deserialize_value(item, custom_objects) for item in value]
    return value


def _find(name, module, custom_objects, kind):
    """The class or function called ``name``: from ``custom_objects``, else from nnlib."""
    if name in custom_objects:
        return custom_objects[name]
    candidates = [f"nnlib.{m}" for m in MODULES]
    if module and module.startswith("nnlib."):  # its own module first: layers.Softmax is not activations'
        candidates = [module] + [candidate for candidate in candidates if candidate != module]
    for candidate in candidates:
        try:
            found = getattr(importlib.import_module(candidate), name, None)
        except ImportError:
            continue
        if found is not None and (inspect.isclass(found) if kind == "class" else callable(found)):
            return found
    raise ValueError(
        f"Unknown {kind} {name!r}{f' (from {module})' if module else ''}: it is not part of nnlib. "
        f"If it is your own, pass it when loading: load_model(filepath, custom_objects={{{name!r}: "
        f"{name}}})."
    )
