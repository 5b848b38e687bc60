r"""The base class of every layer, and the ``Input`` that starts a model.

A layer maps a batch ``x`` of shape ``(batch, ...)`` to an output batch.
``forward(x, training)`` remembers what ``backward`` will need;
``backward(grad_output)`` receives $\partial L/\partial a$ for its output and
returns $\partial L/\partial x$ for its input, after storing the gradients
of its own weights (``dW``, ``db``).

Shapes given to ``build`` and ``compute_output_shape`` include the batch
axis first, as in Keras: ``layer.build((None, 4))`` builds for samples of 4
features, and ``Dense(3).compute_output_shape((None, 4))`` is ``(None, 3)``.
The constructor's ``input_shape=(4,)`` (or ``input_dim=4``) is the shape of
ONE sample, also as in Keras.

Weights: ``weight_names`` lists the trainable ones (each with its gradient
in ``gradient_names``), ``non_trainable_weight_names`` the ones the optimizer
never moves (a batch-normalization layer's moving statistics). A layer with
``trainable = False`` keeps all its weights as they are.
"""

import numbers

import numpy as np

from ._scope import functional_api_error
from ._seeding import make_rng
from ._serialization import Configurable, arguments_config
from ._validation import as_float_array, check_positive_int
from .config import check_float_dtype, floatx


class Layer(Configurable):
    """Base class. Subclasses with weights list them in ``weight_names``.

    The keyword arguments every layer takes are Keras's base-layer ones:
    ``name``, ``input_shape`` (one sample's shape, for the first layer of a
    model), ``input_dim`` (Keras 2's spelling of ``input_shape=(input_dim,)``)
    and ``trainable``.
    """

    #: names of the trainable weight attributes, in the order of ``get_weights()``
    weight_names = ()
    #: the gradient attribute of each trainable weight, in the same order
    gradient_names = ()
    #: weights that training never moves by gradient, after the trainable ones
    non_trainable_weight_names = ()
    default_name = "layer"

    def __init__(self, name=None, input_shape=None, input_dim=None, trainable=True, **kwargs):
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}. "
                f"Besides its own arguments, a layer takes name, input_shape, input_dim and trainable."
            )
        if input_dim is not None:
            if input_shape is not None:
                raise ValueError(
                    f"Give {type(self).__name__} input_shape or input_dim, not both: input_dim={input_dim} "
                    f"means input_shape=({input_dim},)."
                )
            input_shape = (check_positive_int(input_dim, "input_dim"),)
        if not isinstance(trainable, (bool, np.bool_)):
            raise ValueError(f"trainable must be True or False, got {trainable!r}.")
        self.name = name
        #: the shape of one sample, if given to the constructor (else None)
        self.input_shape = None if input_shape is None else sample_shape(input_shape, "input_shape")
        self.trainable = bool(trainable)
        self.built = False

    # Building

    def build(self, input_shape, rng=None, dtype=None):
        """Create the weights for batches of shape ``input_shape`` = ``(batch, ...)``.

        ``rng`` (a ``numpy.random.Generator``) draws the initial weights; a
        model passes its own. ``dtype`` is "float32" or "float64" (default:
        ``nnlib.config.floatx()``).
        """
        self._build_input_shape = tuple(input_shape)
        self.built = True

    def get_config(self):
        """The arguments that rebuild this layer (Keras's ``get_config``); an ``input_dim`` is
        there as the ``input_shape`` it stands for."""
        return arguments_config(self, skip=("input_dim",))

    def compute_output_shape(self, input_shape):
        """The output's shape for inputs of shape ``input_shape`` (both with the batch axis first)."""
        return tuple(input_shape)

    @property
    def _declared_input_shape(self):
        """One sample's shape as the user declared it (``input_shape``/``input_dim``), or None."""
        return self.input_shape

    @staticmethod
    def _rng_and_dtype(rng, dtype):
        """``rng`` and ``dtype`` for ``build``, with the defaults for a layer built on its own."""
        return (make_rng(None) if rng is None else rng), check_float_dtype(dtype)

    # The math

    def forward(self, x, training=False):
        raise NotImplementedError

    def backward(self, grad_output, need_input_gradient=True):
        raise NotImplementedError

    def __call__(self, x, training=False):
        """``layer(x)``, as in Keras: build from ``x``'s shape on the first call, then ``forward``."""
        if isinstance(x, Layer):
            raise functional_api_error(self)
        x = np.asarray(x)
        dtype = x.dtype.name if x.dtype.name in ("float32", "float64") else floatx()
        x = as_float_array(x, "x", dtype)
        if not self.built:
            self.build(x.shape, None, dtype)
        elif self._has_weights:
            expected = self._build_input_shape
            if len(x.shape) != len(expected) or any(
                n is not None and n != m for n, m in zip(expected[1:], x.shape[1:])
            ):
                raise ValueError(
                    f"Layer {self._display_name!r} was built for inputs of shape {expected}, but x "
                    f"has shape {x.shape}. Pass {expected[1:]} values per sample, or use a new layer."
                )
        return self.forward(x, training)

    # Weights

    @property
    def _has_weights(self):
        return bool(self.weight_names or self.non_trainable_weight_names)

    @property
    def _display_name(self):
        return self.name or self.default_name

    def _require_weights(self, what):
        if not self.built and self._has_weights:
            raise ValueError(
                f"Layer {self._display_name!r} has no {what} yet: its weights are created when it "
                f"is built, once the shape of its inputs is known. Build it with "
                f"layer.build((None, n_features)), call it on a batch (layer(x)), or add it to a "
                f"Sequential model that knows its input shape."
            )

    @property
    def weights(self):
        """Every weight array (trainable ones first), in the order of ``get_weights()``."""
        self._require_weights("weights")
        return [getattr(self, name) for name in self.weight_names + self.non_trainable_weight_names]

    @property
    def trainable_weights(self):
        """The weights the optimizer moves: none when the layer is frozen."""
        self._require_weights("weights")
        return [getattr(self, name) for name in self.weight_names] if self.trainable else []

    @property
    def non_trainable_weights(self):
        """The weights the optimizer leaves alone (all of them when the layer is frozen)."""
        self._require_weights("weights")
        names = (
            self.non_trainable_weight_names
            if self.trainable
            else self.weight_names + (self.non_trainable_weight_names)
        )
        return [getattr(self, name) for name in names]

    @property
    def gradients(self):
        """The gradients of the last backward pass, in the order of ``weight_names``."""
        return [getattr(self, name) for name in self.gradient_names]

    def get_weights(self):
        """Copies of the weights: ``[kernel, bias]`` for a Dense layer."""
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        """Copy ``weights`` (a list like ``get_weights()`` returns) into the layer."""
        names = self.weight_names + self.non_trainable_weight_names
        self._require_weights("weights")
        weights = list(weights)
        if len(weights) != len(names):
            raise ValueError(
                f"Layer {self.name!r} has {len(names)} weight arrays "
                f"({', '.join(names) or 'none'}), but {len(weights)} were given."
            )
        for name, new in zip(names, weights):
            current = getattr(self, name)
            new = np.asarray(new)
            if new.shape != current.shape:
                raise ValueError(
                    f"Layer {self.name!r}: {name} has shape {current.shape}, but the array "
                    f"given for it has shape {new.shape}."
                )
            current[...] = new  # in place: the model's optimizer keeps its view

    def count_params(self):
        """The number of weights (every entry of every array, trainable or not)."""
        self._require_weights("parameters to count")
        return int(sum(np.size(w) for w in self.weights)) if self._has_weights else 0

    @property
    def has_regularizers(self):
        return False

    def regularization_penalty(self):
        """The penalty this layer adds to the loss (0 without regularizers)."""
        return 0.0

    @property
    def losses(self):
        """Keras's ``layer.losses``: ``[penalty]`` if the layer is built and regularized, else ``[]``.

        One number per layer, the sum of its weights' penalties (Keras lists
        one per regularized weight; the total is the same)."""
        return [float(self.regularization_penalty())] if self.built and self.has_regularizers else []

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"


def sample_shape(shape, what="shape"):
    """``shape`` as a tuple of positive whole numbers (an int ``n`` means ``(n,)``)."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise TypeError(f"{what} must be a tuple of whole numbers such as (4,), got {shape!r}.") from None
    if not shape or any(isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1 for n in shape):
        raise ValueError(
            f"{what} must be the shape of one sample, a tuple of positive whole numbers such as "
            f"(4,) for 4 features, got {shape!r}."
        )
    return tuple(int(n) for n in shape)


class InputLayer(Layer):
    """The start of a model: the shape of one sample, ``InputLayer(shape=(4,))``.

    Keras's arguments: ``shape`` (one sample) or ``batch_shape`` (with the
    batch axis first), ``batch_size`` and ``name``. nnlib batches by the
    ``batch_size`` of ``fit`` and ``predict``, so a batch size given here is
    recorded in ``batch_shape`` and not enforced. ``dtype`` is accepted for
    Keras code and not used: the model's ``dtype`` decides.
    """

    default_name = "input_layer"

    def __init__(self, shape=None, batch_size=None, dtype=None, batch_shape=None, name=None):
        super().__init__(name=name)
        if shape is not None and batch_shape is not None:
            raise ValueError("Give an Input its shape or its batch_shape, not both.")
        if batch_size is not None and batch_shape is not None:
            raise ValueError("Give an Input its batch_size or its batch_shape, not both.")
        if shape is None and batch_shape is None:
            raise ValueError("An Input needs the shape of one sample: Input(shape=(4,)) for 4 features.")
        if batch_shape is not None:
            batch_shape = tuple(batch_shape)
            batch_size, shape = batch_shape[0], batch_shape[1:]
        if batch_size is not None:
            batch_size = check_positive_int(batch_size, "batch_size")
        if dtype is not None:
            check_float_dtype(dtype)
        self.shape = sample_shape(shape, "Input shape")
        self.batch_shape = (batch_size, *self.shape)
        self.built = True

    def forward(self, x, training=False):
        return x

    def backward(self, grad_output, need_input_gradient=True):
        return grad_output

    def get_config(self):
        return {"batch_shape": list(self.batch_shape), "name": self.name}

    def __repr__(self):
        return f"Input(shape={self.shape})"


def Input(shape=None, batch_size=None, dtype=None, batch_shape=None, name=None):  # noqa: N802 (Keras's name)
    """The shape of one sample, for the start of a model: ``Sequential([Input((4,)), ...])``.

    Returns an ``InputLayer``; the arguments are Keras's (see ``InputLayer``).
    """
    return InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, batch_shape=batch_shape, name=name)
