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

from . import _saving
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


__all__ = ["Sequential", "load_model", "save_model"]
