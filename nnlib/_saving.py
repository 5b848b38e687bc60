"""The ``.keras`` file: a whole model in one zip archive, and the ``save_weights`` archive.

A ``.keras`` file written by nnlib holds, as Keras's does, everything needed
to go on exactly where the model was:

- ``config.json``: the architecture (each layer's config), the compile
  settings (optimizer, loss, metrics) and the state of the model's random
  generators (shuffling, dropout), as JSON;
- ``model.weights.npz``: every weight array, layer by layer;
- ``optimizer.npz``: the optimizer's state arrays (momentum, Adam's moments),
  its step count being in ``config.json``;
- ``metadata.json``: the nnlib version that wrote it.

Only JSON and NumPy arrays (read with ``allow_pickle=False``): loading never
runs code from the file. Classes are found by name in nnlib, or in the
``custom_objects`` you pass. nnlib's files are not Keras's (Keras keeps its
weights in HDF5): the format is the same idea, not the same bytes.
"""

import io
import json
import os
import zipfile

import numpy as np

from . import _serialization

FORMAT_VERSION = 1
CONFIG, METADATA, WEIGHTS, OPTIMIZER = "config.json", "metadata.json", "model.weights.npz", "optimizer.npz"


# Weights, as save_weights writes them and a .keras file holds them


def weight_arrays(model):
    """``{"000/0_kernel": array, ...}``: keys sort by layer (a nested model's layers in their
    place), then by position in ``get_weights()`` (trainable weights, then moving statistics)."""
    return {
        f"{i:03d}/{j}_{name}": getattr(layer, name)
        for i, layer in enumerate(model._flat_layers)
        for j, name in enumerate(layer.weight_names + layer.non_trainable_weight_names)
    }


def read_weight_arrays(filepath):
    """The arrays of a ``save_weights`` archive, or of a ``.keras`` file, in layer order."""
    filepath = os.fspath(filepath)
    if _is_model_file(filepath):
        with zipfile.ZipFile(filepath) as archive:
            return _arrays_in_order(archive.read(WEIGHTS))
    with open(filepath, "rb") as file:
        return _arrays_in_order(file.read())


def _arrays_in_order(data):
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return [arrays[key] for key in sorted(arrays.files)]


def _is_model_file(filepath):
    if not zipfile.is_zipfile(filepath):
        return False
    with zipfile.ZipFile(filepath) as archive:
        return CONFIG in archive.namelist()


def check_overwrite(filepath, overwrite):
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"{filepath} exists already. Pass overwrite=True to replace it, or choose another name."
        )


# Saving


def save_model(model, filepath, overwrite=True):
    """Write ``model`` (built) to ``filepath``, a ``.keras`` file: see the module docstring."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        legacy = " (nnlib does not write HDF5 files)" if filepath.endswith((".h5", ".hdf5")) else ""
        raise ValueError(
            f"Invalid filepath extension for saving{legacy}. Add a .keras extension, as in "
            f"model.save('model.keras'); for the weights alone use model.save_weights("
            f"'model.weights.h5'). Received: filepath={filepath!r}."
        )
    check_overwrite(filepath, overwrite)
    model._require_built()
    config = {
        "module": "nnlib.models",
        "class_name": type(model).__name__,
        "config": model.get_config(),
        "compile_config": _compile_config(model),
        "random_state": _random_state(model),
    }
    optimizer_arrays = {}
    if model.optimizer is not None:
        config["optimizer_state"], optimizer_arrays = _optimizer_state(model.optimizer)
    metadata = {"nnlib_version": _version(), "format_version": FORMAT_VERSION}
    with zipfile.ZipFile(filepath, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(METADATA, json.dumps(metadata, indent=2))
        archive.writestr(CONFIG, json.dumps(config, indent=2))
        archive.writestr(WEIGHTS, _npz_bytes(weight_arrays(model)))
        if optimizer_arrays:
            archive.writestr(OPTIMIZER, _npz_bytes(optimizer_arrays))


def _npz_bytes(arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _version():
    from . import __version__

    return __version__


def _compile_config(model):
    if model.optimizer is None:
        return None

    def saved(names):
        return [
            name if isinstance(name, str) else _serialization.to_config_value(name, "a metric")
            for name in names
        ]

    return {
        "optimizer": _serialization.serialize(model.optimizer),
        "loss": _serialization.serialize(model.loss),
        "metrics": saved(model.metric_names),
        "weighted_metrics": saved(model.weighted_metric_names),
    }


def _optimizer_state(optimizer):
    """``({"iterations", "state_names"}, {"0/m": array, ...})`` for the optimizer's state."""
    state = optimizer.state or []
    names = [list(arrays) for arrays in state]
    arrays = {f"{i}/{name}": array for i, entry in enumerate(state) for name, array in entry.items()}
    return {"iterations": optimizer.iterations, "state_names": names if optimizer.state else None}, arrays


def _random_state(model):
    """The state of the model's generator, and of each layer's own (a Dropout with a seed)."""

    def state(generator):  # a dict of ints, and for some generators an array (as a list)
        return _serialization.to_config_value(generator.bit_generator.state, "a random state")

    layers = {}
    for layer in model._flat_layers:
        generators = {
            attribute: "model" if value is model._rng else state(value)
            for attribute, value in vars(layer).items()
            if isinstance(value, np.random.Generator)
        }
        if generators:
            layers[layer.name] = generators
    return {"model": state(model._rng), "layers": layers}


# Loading


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Read a model that ``model.save`` wrote. See ``nnlib.models.load_model``."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError(
            f"File format not supported: filepath={filepath!r}. load_model reads the .keras files "
            f"that model.save writes; weights saved with save_weights go back with model.load_weights."
        )
    if not os.path.exists(filepath):
        raise ValueError(f"File not found: filepath={filepath!r}. Check the path and the working directory.")
    if not _is_model_file(filepath):
        raise ValueError(
            f"{filepath!r} is not a model written by model.save: a .keras file is a zip archive "
            f"holding {CONFIG}."
        )
    with zipfile.ZipFile(filepath) as archive:
        config = json.loads(archive.read(CONFIG))
        weights = _arrays_in_order(archive.read(WEIGHTS))
        has_optimizer_arrays = OPTIMIZER in archive.namelist()
        optimizer_data = archive.read(OPTIMIZER) if has_optimizer_arrays else None
    from .model import Sequential

    if config.get("class_name") != "Sequential":
        raise ValueError(
            f"{filepath!r} holds a {config.get('class_name')!r} model; nnlib reads Sequential models."
        )
    # seed=0: no draw from the global generator; the weights and the random state are the file's
    model = Sequential.from_config(config["config"], custom_objects=custom_objects, seed=0)
    model.set_weights(weights)
    _restore_random_state(model, config.get("random_state"))
    if compile and config.get("compile_config"):
        _compile(model, config["compile_config"], custom_objects)
        _restore_optimizer(model.optimizer, config.get("optimizer_state"), optimizer_data)
    return model


def _compile(model, compile_config, custom_objects):
    def rebuild(value):
        return _serialization.deserialize_value(value, custom_objects)

    model.compile(
        optimizer=rebuild(compile_config["optimizer"]),
        loss=rebuild(compile_config["loss"]),
        metrics=[rebuild(metric) for metric in compile_config["metrics"]],
        weighted_metrics=[rebuild(metric) for metric in compile_config.get("weighted_metrics", [])] or None,
    )


def _restore_optimizer(optimizer, saved, data):
    if not saved:
        return
    optimizer.iterations = int(saved["iterations"])
    if saved["state_names"] is None:
        return
    arrays = {}
    if data is not None:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    optimizer.state = [
        {name: arrays[f"{i}/{name}"] for name in names} for i, names in enumerate(saved["state_names"])
    ]


def _restore_random_state(model, saved):
    """Give the model, and each layer that has its own, a generator in the saved state."""
    if not saved:
        return
    model._rng = _generator(saved["model"])
    for layer in model._flat_layers:
        for attribute, state in saved["layers"].get(layer.name, {}).items():
            setattr(layer, attribute, model._rng if state == "model" else _generator(state))


def _generator(state):
    """A ``numpy.random.Generator`` in ``state`` (a ``bit_generator.state`` dict)."""
    bit_generator = getattr(np.random, str(state.get("bit_generator")), None)
    if not (isinstance(bit_generator, type) and issubclass(bit_generator, np.random.BitGenerator)):
        raise ValueError(
            f"The saved random state names an unknown generator: {state.get('bit_generator')!r}."
        )
    generator = np.random.Generator(bit_generator())
    generator.bit_generator.state = state
    return generator
