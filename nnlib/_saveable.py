"""What a model can save and load, as Keras's ``KerasSaveable`` and ``Model.save`` offer it.

``Sequential`` inherits these: ``save`` and ``nnlib.models.load_model`` for
the whole model (``_saving.py`` writes and reads the ``.keras`` file),
``save_weights`` and ``load_weights`` for the weights alone, and
``get_config`` / ``from_config`` for the architecture as JSON.
"""

import json

import numpy as np

from . import _saving, _serialization


class Saveable:
    """The saving API of a model; see the module docstring."""

    def save_weights(self, filepath, overwrite=True):
        """Save every weight array to ``filepath`` (a NumPy ``.npz`` archive, whatever the name:
        Keras's ``"model.weights.h5"`` works too)."""
        self._require_built()
        _saving.check_overwrite(filepath, overwrite)
        with open(filepath, "wb") as file:
            np.savez(file, **_saving.weight_arrays(self))

    def load_weights(self, filepath):
        """Load weights saved by ``save_weights`` (or held in a ``.keras`` file) into this model,
        which must have the same architecture."""
        self._require_built()
        arrays = _saving.read_weight_arrays(filepath)
        try:
            self.set_weights(arrays)
        except ValueError as error:
            raise ValueError(
                f"The weights in {filepath!s} do not fit this model: {error} Build the same "
                f"architecture as the model that saved them."
            ) from None

    def save(self, filepath, overwrite=True):
        """Save the model to a ``.keras`` file: architecture, weights, compile settings,
        optimizer state and random state. ``nnlib.models.load_model`` reads it back, and the
        loaded model trains on exactly as this one would. (Keras asks before overwriting when
        ``overwrite=False``; nnlib raises ``FileExistsError``.)"""
        _saving.save_model(self, filepath, overwrite=overwrite)

    def get_config(self):
        """The architecture as JSON-ready values: the name, the dtype, each layer's config."""
        return {
            "name": self.name,
            "dtype": self.dtype,
            "layers": [_serialization.serialize(layer) for layer in self.layers],
            "build_input_shape": None if self._input_shape is None else [None, *self._input_shape],
        }

    def to_json(self, **kwargs):
        """The architecture as a JSON string (Keras's ``model.to_json()``); ``kwargs`` go to ``json.dumps``.

        ``nnlib.models.model_from_json`` makes a new model from it, with new weights."""
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()}, **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None, seed=None):
        """A new model with the architecture of ``config`` (from ``get_config``) and new weights.

        ``custom_objects`` maps the names of your own classes to them; ``seed``
        (an nnlib addition) is that of ``Sequential``.
        """
        # a nested model's layers arrive rebuilt already (deserialize rebuilds a config's values)
        layers = [_serialization.deserialize_value(layer, custom_objects) for layer in config["layers"]]
        model = cls(layers, name=config.get("name", "sequential"), seed=seed, dtype=config.get("dtype"))
        if config.get("build_input_shape") and not model.built:
            model.build(config["build_input_shape"])
        return model
