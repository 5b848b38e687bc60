"""Models as Keras's ``keras.models`` offers them: ``Sequential``, ``load_model`` and ``save_model``.

``model.save("model.keras")`` writes the whole model to one file: the
architecture, the weights, the compile settings (optimizer, loss, metrics),
the optimizer's state (its step count and moments) and the state of the
random generators (shuffling, dropout). ``load_model`` reads it back, and the
loaded model predicts, evaluates and goes on training exactly as the saved one
would have, number for number::

    model.save("model.keras")
    same = nnlib.models.load_model("model.keras")

The file is a zip archive of JSON and NumPy arrays (``nnlib._saving``
describes it); loading never runs code from it. nnlib's ``.keras`` files are
not readable by Keras, nor Keras's by nnlib: the API is Keras's, the bytes are
not.
"""

import json

from . import _saving, _scope
from .model import Sequential


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model that ``model.save(filepath)`` wrote.

    ``custom_objects`` maps the names of your own classes (a layer, a loss,
    an activation) or metric functions to them, as in Keras:
    ``load_model("m.keras", custom_objects={"Scale": Scale})``. With
    ``compile=False`` the model comes back without optimizer, loss and
    metrics. ``safe_mode`` is accepted for Keras's code and changes nothing:
    nnlib never loads code (Keras's lambdas) from a file.
    """
    return _saving.load_model(filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)


def save_model(model, filepath, overwrite=True):
    """``model.save(filepath, overwrite)``, as a function (Keras's ``keras.models.save_model``)."""
    model.save(filepath, overwrite=overwrite)


def model_from_json(json_string, custom_objects=None):
    """A new model, with new weights, from ``model.to_json()`` (Keras's ``keras.models.model_from_json``)."""
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(f"model_from_json takes the string that model.to_json() returns: {error}") from None
    if not isinstance(config, dict) or config.get("class_name") != "Sequential":
        found = config.get("class_name") if isinstance(config, dict) else type(config).__name__
        raise ValueError(
            f"model_from_json reads Sequential models, the JSON of model.to_json(); this one holds {found!r}."
        )
    return Sequential.from_config(config["config"], custom_objects=custom_objects)


__all__ = ["Sequential", "load_model", "model_from_json", "save_model"]


def __getattr__(name):
    """``models.Model`` (the functional API) and other Keras names: say they are out of scope."""
    raise _scope.missing("nnlib.models", name, __all__)
