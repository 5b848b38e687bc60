"""What Keras has and nnlib does not: one sentence for each, instead of a deep traceback.

nnlib covers dense networks trained on arrays held in memory (the README's
"Compatibility with Keras" lists what is in and out of scope). Keras code
that reaches past that meets an error from here which says so, and what to
do instead: a missing layer or callback (the modules' ``__getattr__``), a
layer called on an ``Input`` (the functional API), and data that is not an
array (generators, ``tf.data``, dicts and lists of inputs).
"""

import difflib
import inspect

import numpy as np

SCOPE = (
    "nnlib covers dense networks (Sequential stacks of Dense and the layers around them) trained "
    "on arrays in memory; see the README's section 'Compatibility with Keras'"
)

#: Keras names nnlib leaves out on purpose, by what they are
_FAMILIES = {
    "convolutional": ["Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D"],
    "pooling": ["MaxPooling1D", "MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D"],
    "recurrent": ["LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "TimeDistributed", "ConvLSTM2D"],
    "attention": ["Attention", "MultiHeadAttention", "AdditiveAttention"],
    "embedding": ["Embedding"],
    "text and image preprocessing": ["TextVectorization", "StringLookup", "Rescaling", "Resizing"],
    "merging, for the functional API": ["Concatenate", "concatenate", "Add", "add", "Multiply", "Lambda"],
    "functional API": ["Model", "Functional"],
    "logging to a service": ["TensorBoard", "RemoteMonitor"],
    "fault-tolerance": ["BackupAndRestore", "SwapEMAWeights"],
}
_KIND = {name: kind for kind, names in _FAMILIES.items() for name in names}


def missing(module, name, available):
    """The ``AttributeError`` for ``module.name``, which Keras has and nnlib does not."""
    if name.startswith("__"):
        return AttributeError(f"module {module!r} has no attribute {name!r}")
    if name in ("Model", "Functional"):
        return AttributeError(
            f"{module}.{name}: Keras's functional API (keras.Model(inputs, outputs), subclassing "
            f"keras.Model) is out of scope; {SCOPE}. Write the model as a Sequential: "
            f"Sequential([Input(shape=(4,)), layers.Dense(8, activation='relu'), layers.Dense(1)])."
        )
    if name in _KIND:
        return AttributeError(
            f"{module}.{name} ({_KIND[name]}) is out of scope in nnlib; {SCOPE}. "
            f"Available in {module}: {', '.join(available)}."
        )
    close = difflib.get_close_matches(name, available, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return AttributeError(
        f"module {module!r} has no attribute {name!r}.{hint} Available: {', '.join(available)}."
    )


def public_names(namespace, base_class):
    """The classes in ``namespace`` (a module's globals) that subclass ``base_class``, sorted."""
    return sorted(
        name
        for name, value in namespace.items()
        if not name.startswith("_") and isinstance(value, type) and issubclass(value, base_class)
    )


def functional_api_error(layer):
    """The error for ``layer(keras_input)``: building a graph of layers is the functional API."""
    return TypeError(
        f"Layer {layer.name or type(layer).__name__!r} was called on an Input: that builds a "
        f"functional model (x = Dense(...)(inputs); keras.Model(inputs, outputs)), which is out of "
        f"scope; {SCOPE}. Put the same layers in a Sequential: Sequential([Input(shape=...), "
        f"layers.Dense(...), ...]). A layer called on an array computes its output."
    )


def check_in_memory(x, name="x"):
    """Raise for data nnlib cannot take: a dict, a list of input arrays, an iterator or a dataset."""
    if isinstance(x, dict):
        raise TypeError(
            f"{name} is a dict of named inputs, which is for functional models with several inputs, "
            f"out of scope; {SCOPE}. Pass one array of shape (n_samples, n_features), e.g. "
            f"np.column_stack of the columns."
        )
    if (
        isinstance(x, (list, tuple))
        and len(x) > 1
        and all(isinstance(part, np.ndarray) and part.ndim >= 2 for part in x)
    ):
        raise TypeError(
            f"{name} is a list of {len(x)} arrays, the inputs of a model with several inputs, which is "
            f"out of scope; {SCOPE}. Join them into one array (np.concatenate(..., axis=1))."
        )
    if inspect.isgenerator(x) or hasattr(x, "__next__") or _is_dataset(x):
        raise TypeError(
            f"{name} is a {type(x).__name__}: generators, tf.data datasets and PyDataset batches are "
            f"out of scope; {SCOPE}. Collect the batches into arrays (np.concatenate) and pass "
            f"x and y, with batch_size=... for the batches."
        )


def _is_dataset(x):
    """A ``tf.data.Dataset``, a ``keras.utils.PyDataset`` or a PyTorch ``DataLoader``, by its look."""
    names = {cls.__name__ for cls in type(x).__mro__}
    return bool(names & {"DatasetV2", "Dataset", "PyDataset", "Sequence", "DataLoader"})
