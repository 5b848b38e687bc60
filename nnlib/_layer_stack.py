"""The stack of layers a ``Sequential`` is: adding, popping, building, shapes.

``Sequential`` (``model.py``) inherits this, as it inherits Keras's training
API from ``Trainer``. Shapes follow Keras: ``build`` and
``compute_output_shape`` take the shape of a batch, batch axis first;
``input_shape`` and ``output_shape`` report ``(None, ...)``. A stack is a
``Layer`` itself, so that one model can be a layer of another.
"""

from ._layer import InputLayer, Layer, sample_shape
from .config import check_float_dtype


class LayerStack(Layer):
    """A list of layers and the shape of their input; see ``Sequential`` for the whole model.

    Building a stack ends with ``self._lay_out_parameters()``, which the model
    defines: it puts the trainable weights in one flat vector.
    """

    @property
    def layers(self):
        """The model's layers in order (a copy; the ``Input`` is not one of them)."""
        return list(self._layers)

    @layers.setter
    def layers(self, _):
        raise AttributeError(
            "Sequential.layers cannot be assigned. Use model.add(layer) and model.pop() to change "
            "the layers of a model, or make a new Sequential([...])."
        )

    def get_layer(self, name=None, index=None):
        """The layer called ``name``, or at position ``index`` of ``layers``, as in Keras."""
        if (name is None) == (index is None):
            raise ValueError("get_layer takes a layer name or an index, exactly one of them.")
        if index is not None:
            if not -len(self._layers) <= index < len(self._layers):
                raise ValueError(
                    f"get_layer(index={index}): the model has {len(self._layers)} layers, so the index "
                    f"must lie in [-{len(self._layers)}, {len(self._layers)})."
                )
            return self._layers[index]
        for layer in self._layers:
            if layer.name == name:
                return layer
        names = ", ".join(repr(layer.name) for layer in self._layers) or "none"
        raise ValueError(f"No layer named {name!r} in model {self.name!r}. Its layers are: {names}.")

    def add(self, layer):
        """Append a layer (or, first of all, an ``Input``)."""
        if isinstance(layer, InputLayer):
            self._add_input(layer)
            return
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential takes layers such as layers.Dense(3), but was given "
                f"{layer!r} ({type(layer).__name__}). Activation names go inside a layer: "
                f"layers.Dense(3, activation='relu') or layers.Activation('relu')."
            )
        if layer is self:
            raise ValueError("A model cannot be one of its own layers.")
        if layer.name is None:
            count = sum(existing.default_name == layer.default_name for existing in self._layers)
            layer.name = layer.default_name if count == 0 else f"{layer.default_name}_{count}"
        if any(existing.name == layer.name for existing in self._layers):
            raise ValueError(f"A layer named {layer.name!r} is already in this model; names must be unique.")
        declared = layer._declared_input_shape
        if not self._layers and declared is not None:
            if self._input_shape is None:
                self._input_shape, self._input_source = declared, f"input_shape of layer {layer.name!r}"
            elif declared != self._input_shape:
                raise ValueError(
                    f"Layer {layer.name!r} declares input_shape={declared}, but the model's input "
                    f"shape is already {(None, *self._input_shape)} (from {self._input_source}). Give "
                    f"one of them, or make them agree."
                )
        if not self._trainable:
            layer.trainable = False  # a frozen model's layers are frozen, those added later too
        self._layers.append(layer)
        self.built = False
        if self._input_shape is not None:
            self.build()

    def _add_input(self, input_layer):
        if self._layers:
            raise ValueError("An Input can only come first in a Sequential model.")
        if self._input_shape is not None:
            raise ValueError(
                f"Sequential model {self.name!r} already has the input shape "
                f"{(None, *self._input_shape)} (from {self._input_source}); it cannot take a second "
                f"Input. Remove one of them."
            )
        self._input_layer = input_layer
        self._input_shape, self._input_source = input_layer.shape, "its Input"

    def pop(self, rebuild=True):
        """Remove the last layer and return it; the model is rebuilt without it."""
        if not self._layers:
            raise ValueError(f"Sequential model {self.name!r} has no layers to pop.")
        layer = self._layers.pop()
        self.built = False
        if rebuild and self._layers and self._input_shape is not None:
            self.build()
        return layer

    def build(self, input_shape=None, rng=None, dtype=None):
        """Create every layer's weights for batches of shape ``input_shape``, as in Keras.

        The first axis is the batch: ``build((None, 4))`` and ``build((32, 4))``
        both mean samples of 4 features (nnlib does not fix the batch size).
        A shape that contradicts the model's ``Input`` or ``input_shape`` is an
        error. ``rng`` and ``dtype`` are passed by a model this one is nested in:
        an unseeded inner model draws its weights from the outer one's generator.
        """
        if not self._layers:
            raise ValueError("The model has no layers. Add some with Sequential([...]) or model.add(...).")
        if input_shape is not None:
            shape = _sample_shape_of_batch(input_shape)
            if self._input_shape is None:
                self._input_shape, self._input_source = shape, f"build({tuple(input_shape)})"
            elif shape != self._input_shape:
                raise ValueError(
                    f"Sequential model {self.name!r} takes inputs of shape {(None, *self._input_shape)} "
                    f"(from {self._input_source}), so it cannot be built for {tuple(input_shape)}. "
                    f"Build it with (None, {', '.join(map(str, self._input_shape))}), or make a new "
                    f"model for the other shape."
                )
        if self._input_shape is None:
            raise ValueError(
                "The model does not know the shape of its input yet. Give the first layer "
                "input_shape=(n_features,), start with layers.Input((n_features,)), build it with "
                "model.build((None, n_features)), or call fit / predict once."
            )
        if rng is not None and not self._seeded:
            self._rng = rng
        if dtype is not None:
            self.dtype = check_float_dtype(dtype)
        shape = (None, *self._input_shape)
        self.output_shapes = []
        for layer in self._layers:
            if not layer.built:
                layer.build(shape, self._rng, self.dtype)
            elif layer._has_weights and tuple(layer._build_input_shape[1:]) != shape[1:]:
                raise ValueError(
                    f"Layer {layer.name!r} was already built for inputs of shape "
                    f"{layer._build_input_shape}, but in this model it receives {shape}. Use a new "
                    f"layer, or give the model inputs of the shape the layer was built for."
                )
            shape = tuple(layer.compute_output_shape(shape))
            self.output_shapes.append(shape[1:])
        self._flat_layers = list(_leaves(self._layers))
        self._build_input_shape = (None, *self._input_shape)
        self._lay_out_parameters()
        self.built = True

    @property
    def input_shape(self):
        """``(None, *one sample's shape)``, as in Keras; an AttributeError until it is known."""
        if self._input_shape is None:
            raise AttributeError(
                f"Sequential model {self.name!r} has no defined input shape yet: give it an Input, "
                f"give its first layer input_shape=..., or build it with model.build((None, n_features))."
            )
        return (None, *self._input_shape)

    @property
    def output_shape(self):
        """``(None, units of the last layer)``, as in Keras; an AttributeError until it is built."""
        if not self.built and self._input_shape is not None and self._layers:
            self.build()
        if not self.built:
            raise AttributeError(
                f"Sequential model {self.name!r} has no defined output shape yet: it is built once "
                f"it knows its input shape (see input_shape)."
            )
        return (None, *self.output_shapes[-1])

    def compute_output_shape(self, input_shape):
        """The output's shape for inputs of shape ``input_shape`` (batch axis first); builds nothing."""
        if not self._layers:
            raise ValueError("The model has no layers. Add some with Sequential([...]) or model.add(...).")
        shape = tuple(input_shape)
        for layer in self._layers:
            shape = tuple(layer.compute_output_shape(shape))
        return shape

    @property
    def _declared_input_shape(self):
        return self._input_shape

    @property
    def _has_weights(self):
        return any(layer._has_weights for layer in self._layers)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        """Freezing (or unfreezing) a model freezes (or unfreezes) every layer in it, as in Keras."""
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    def regularization_penalty(self):
        """As a layer of another model: the penalties of all its layers."""
        return sum(layer.regularization_penalty() for layer in self._flat_layers)

    @property
    def has_regularizers(self):
        return any(layer.has_regularizers for layer in self._flat_layers)

    @property
    def losses(self):
        """The penalty of each regularized layer, in order (their sum is what training adds)."""
        if not self.built:
            return []
        return [loss for layer in self._flat_layers for loss in layer.losses]


def _leaves(layers):
    """The layers of ``layers`` with every nested ``Sequential`` replaced by its own layers."""
    for layer in layers:
        if isinstance(layer, LayerStack):
            yield from _leaves(layer._layers)
        else:
            yield layer


def _sample_shape_of_batch(batch_shape):
    """One sample's shape from the shape of a batch, ``(batch, ...)``: the batch axis is dropped."""
    try:
        batch_shape = tuple(batch_shape)
    except TypeError:
        raise TypeError(
            f"build() takes the shape of a batch, such as (None, 4), not {batch_shape!r}."
        ) from None
    if len(batch_shape) < 2:
        raise ValueError(
            f"build() takes the shape of a batch with the batch axis first, as in Keras: "
            f"build((None, 4)) for samples of 4 features, not build({batch_shape}). (The batch "
            f"axis may be None or any size; nnlib does not fix it.)"
        )
    return sample_shape(batch_shape[1:], "the shape of one sample")
