r"""``Sequential``: a stack of layers with Keras's compile / fit / evaluate / predict.

Code written for ``keras.Sequential`` runs on nnlib by changing its imports:
argument names, defaults and the meaning of ``validation_split``, ``History``
and the callbacks are Keras's. What nnlib adds is said where it happens:
``seed`` and ``dtype`` on the model, ``loss_and_gradients`` for teaching and
gradient checking, and a guard that stops training when the loss becomes NaN
or infinite.

One training step (``train_step``) is chapter 4's algorithm, in order:
``forward`` computes $z^{[l]} = a^{[l-1]} W^{[l]} + b^{[l]}$ and
$a^{[l]} = f(z^{[l]})$ layer by layer, ``compute_loss`` the loss $L$,
``backward`` the error signals $\delta^{[l]}$ and the gradients
$\partial L / \partial W^{[l]}$, $\partial L / \partial b^{[l]}$ from the last
layer back, and the optimizer the step $W \leftarrow W - \eta\, \partial L / \partial W$.
Keras's API around it (``compile``, ``fit``, ``evaluate``, ``predict``) is
in ``_trainer.py``, and the loops it runs (epochs, batches, callbacks, logs)
in ``_training_loop.py``.

Shapes: ``x`` is ``(n_samples, n_features)`` (or any per-sample shape the first
layer accepts), the output is ``(n_samples, units_of_last_layer)``.
"""

import math

from . import _data, activations, losses
from ._parameters import ParameterVector
from ._saveable import Saveable
from ._seeding import make_rng
from ._summary import format_summary
from ._trainer import Trainer
from ._training_loop import TrainingDivergedWarning
from .config import check_float_dtype
from .layers import Input, Layer

#: output activations whose error signal with their cross-entropy is simply (a - y) / m
_CROSS_ENTROPY_OUTPUTS = {
    losses.BinaryCrossentropy: activations.Sigmoid,
    losses.CategoricalCrossentropy: activations.Softmax,
    losses.SparseCategoricalCrossentropy: activations.Softmax,
}


def _is_cross_entropy_output(loss, layer):
    """True for a sigmoid or softmax output layer trained with its cross-entropy on probabilities."""
    activation = _CROSS_ENTROPY_OUTPUTS.get(type(loss))
    return (
        activation is not None
        and not loss.from_logits
        and isinstance(getattr(layer, "activation", None), activation)
    )


class Sequential(Trainer, Saveable):
    """A linear stack of layers.

    ``Sequential([Dense(8, activation="relu", input_shape=(4,)), Dense(3, activation="softmax")])``

    ``seed`` (an nnlib addition) fixes the initial weights, the dropout masks
    and the shuffling, so two models made with the same seed train identically.
    ``dtype`` is "float64" (default, see ``nnlib.config``) or "float32".
    """

    def __init__(self, layers=None, name="sequential", seed=None, dtype=None):
        self.name = name
        self.dtype = check_float_dtype(dtype)
        self._rng = make_rng(seed)
        self.layers = []
        self._input_shape = None
        self.optimizer = None
        self.loss = None
        self.metric_names = []
        self.stop_training = False
        self.history = None
        self.built = False
        for item in layers or []:
            self.add(item)

    # Building

    def add(self, layer):
        """Append a layer (or, first of all, an ``Input``)."""
        if isinstance(layer, Input):
            if self.layers:
                raise ValueError("An Input can only come first in a Sequential model.")
            self._input_shape = layer.shape
            return
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential takes layers such as layers.Dense(3), but was given "
                f"{layer!r} ({type(layer).__name__}). Activation names go inside a layer: "
                f"layers.Dense(3, activation='relu') or layers.Activation('relu')."
            )
        if layer.name is None:
            count = sum(existing.default_name == layer.default_name for existing in self.layers)
            layer.name = layer.default_name if count == 0 else f"{layer.default_name}_{count}"
        if any(existing.name == layer.name for existing in self.layers):
            raise ValueError(f"A layer named {layer.name!r} is already in this model; names must be unique.")
        if not self.layers and self._input_shape is None and layer.input_shape is not None:
            self._input_shape = layer.input_shape
        self.layers.append(layer)
        self.built = False
        if self._input_shape is not None:
            self.build()

    def build(self, input_shape=None):
        """Create every layer's weights for samples of shape ``input_shape``.

        ``input_shape`` may include the batch axis as ``None``, as in Keras:
        ``build((None, 4))`` and ``build((4,))`` are the same.
        """
        if input_shape is not None:
            input_shape = tuple(input_shape)
            if input_shape and input_shape[0] is None:
                input_shape = input_shape[1:]
            self._input_shape = input_shape
        if self._input_shape is None:
            raise ValueError(
                "The model does not know the shape of its input yet. Give the first layer "
                "input_shape=(n_features,), start with layers.Input((n_features,)), or call "
                "fit / predict once."
            )
        if not self.layers:
            raise ValueError("The model has no layers. Add some with Sequential([...]) or model.add(...).")
        shape = self._input_shape
        self.output_shapes = []
        for layer in self.layers:
            if not layer.built:
                layer.build(shape, self._rng, self.dtype)
            shape = layer.compute_output_shape(shape)
            self.output_shapes.append(shape)
        self._parameters = ParameterVector(self.layers, self.dtype)
        self.built = True

    @property
    def input_shape(self):
        return None if self._input_shape is None else (None, *self._input_shape)

    # Weights

    @property
    def weights(self):
        """Every weight array, layer by layer (kernel, bias, ...). These are the live arrays."""
        return [w for layer in self.layers for w in layer.weights]

    @property
    def trainable_weights(self):
        return [w for layer in self.layers if layer.trainable for w in layer.weights]

    def get_weights(self):
        """Copies of every weight array, in layer order: kernel, bias, kernel, bias, ..."""
        self._require_built()
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        """Copy arrays (a list like ``get_weights()`` returns) into the layers."""
        self._require_built()
        weights = list(weights)
        expected = len(self.weights)
        if len(weights) != expected:
            raise ValueError(
                f"set_weights needs {expected} arrays (kernel and bias of each layer, in order), "
                f"but {len(weights)} were given."
            )
        position = 0
        for layer in self.layers:
            count = len(layer.weight_names)
            layer.set_weights(weights[position : position + count])
            position += count

    def count_params(self):
        self._require_built()
        return sum(layer.count_params() for layer in self.layers)

    def _require_built(self):
        if not self.built:
            self.build()  # raises with advice when the input shape is unknown

    def _prepare_training(self):
        """Lay the trainable weights out in one flat vector again if a layer was frozen,
        unfrozen or given new arrays, keeping the optimizer's state for the weights that
        stay trainable (Keras keeps it per weight, so freezing a layer loses nothing)."""
        if self._parameters.matches(self.layers):
            return
        old, self._parameters = self._parameters, ParameterVector(self.layers, self.dtype)
        state = self.optimizer.state
        if (
            state is not None
            and len(state) == 1
            and all(a.shape == old.values.shape for a in state[0].values())
        ):
            self.optimizer.state = [
                {name: self._parameters.carried_from(old, array) for name, array in state[0].items()}
            ]

    # The math of one step

    def forward(self, x, training=False):
        """The forward pass: each layer's output becomes the next layer's input; returns ``y_hat``."""
        for layer in self.layers:
            x = layer.forward(x, training)
        return x

    def compute_loss(self, y, y_hat):
        """The batch's loss: the loss averaged over the samples, plus every layer's penalty."""
        last = self.layers[-1]
        if _is_cross_entropy_output(self.loss, last):
            loss = self.loss.forward_from_logits(y, last.z)  # by log-sum-exp: exact, never clipped
        else:
            loss = self.loss.forward(y, y_hat)
        return loss + sum(layer.regularization_penalty() for layer in self.layers)

    def backward(self, y, y_hat):
        r"""The backward pass, from the loss back to the first trainable layer.

        Each layer receives $\partial L / \partial a$ of its output, stores the
        gradients of its weights and returns $\partial L / \partial a$ of its
        input (chapter 4's equations (1) to (4)). Layers before the first
        trainable one are skipped: nothing there needs a gradient.

        Defined in chapter 4, *Backpropagation*.
        """
        first = next(
            (i for i, layer in enumerate(self.layers) if layer.trainable and layer.weight_names),
            len(self.layers),
        )
        layers = self.layers[first:]
        if not layers:
            return
        if _is_cross_entropy_output(self.loss, layers[-1]):
            # softmax or sigmoid output with its cross-entropy: delta = (a - y) / m (chapter 4)
            gradient = layers[-1].backward_from_delta(
                self.loss.logits_gradient(y, y_hat), need_input_gradient=len(layers) > 1
            )
            layers = layers[:-1]
        else:
            gradient = self.loss.gradient(y, y_hat)
        for layer in reversed(layers):
            gradient = layer.backward(gradient, need_input_gradient=layer is not layers[0])

    def train_step(self, x, y):
        """One step of gradient descent on one batch (chapter 4, *Backpropagation*).

        Returns the batch's loss and predictions ``y_hat``, both from before the step.
        """
        y_hat = self.forward(x, training=True)  # z = a W + b, a = f(z), layer by layer
        loss = self.compute_loss(y, y_hat)  # L, a mean over the batch
        if math.isfinite(loss) and self._parameters.values.size:
            self.backward(y, y_hat)  # delta, dL/dW and dL/db, from the last layer back
            self.optimizer.step(self._parameters)  # W <- W - eta dL/dW (chapter 5's rules)
        return loss, y_hat

    def loss_and_gradients(self, x, y, training=False):
        """The loss on ``(x, y)`` and its gradient for every trainable weight array.

        Returns ``(loss, gradients)`` with ``gradients`` in the order of
        ``trainable_weights``. Nothing is updated. (An nnlib addition, for
        gradient checking and for comparing with gradients worked by hand.)
        """
        self._require_compiled("loss_and_gradients")
        x, y = _data.inputs_and_targets(self, x, y)
        self._prepare_training()
        y_hat = self.forward(x, training)
        loss = self.compute_loss(y, y_hat)
        if math.isfinite(loss):
            self.backward(y, y_hat)
        return loss, [g.copy() for g in self._parameters.gradient_views]

    def layer_outputs(self, x, training=False):
        """Every layer's output for ``x``: ``{layer name: array (n_samples, units)}``, in order.

        Inference mode unless ``training=True``. (An nnlib addition, for looking
        inside a network: activation histograms, dead units, saturation.)
        """
        output = _data.inputs(self, x)
        outputs = {}
        for layer in self.layers:
            output = layer.forward(output, training)
            outputs[layer.name] = output
        return outputs

    def __call__(self, x, training=False):
        """The forward pass on one batch: ``model(x)``."""
        return self.forward(_data.inputs(self, x), training)

    def summary(self, print_fn=None):
        """Print each layer's name, type, output shape and parameter count, then the totals."""
        self._require_built()
        (print_fn or print)(format_summary(self))

    def __repr__(self):
        return f"<Sequential name={self.name!r} layers={[layer.name for layer in self.layers]}>"


__all__ = ["Sequential", "TrainingDivergedWarning"]
