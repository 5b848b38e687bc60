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
layer accepts), the output is ``(n_samples, units_of_last_layer)``. A model
whose input has one feature also takes a flat ``x`` of shape ``(n_samples,)``,
as Keras does.
"""

import math

from . import _data, _weights, activations, losses
from ._layer_stack import LayerStack
from ._parameters import ParameterVector
from ._saveable import Saveable
from ._seeding import make_rng
from ._summary import format_summary
from ._trainer import Trainer
from ._training_loop import TrainingDivergedWarning
from .config import check_float_dtype

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


class Sequential(Trainer, Saveable, LayerStack):
    """A linear stack of layers.

    ``Sequential([Dense(8, activation="relu", input_shape=(4,)), Dense(3, activation="softmax")])``

    The model knows the shape of its inputs from an ``Input`` first, from
    the first layer's ``input_shape`` (or ``input_dim``), from ``build``, or
    else from the first data it is given; it builds its layers as soon as
    it knows it. ``model.layers`` lists the layers (without the ``Input``);
    change them with ``add`` and ``pop``.

    A ``Sequential`` is itself a layer, as in Keras, so one model can be put
    in another: it appears as one layer in ``layers`` and ``summary()``, its
    weights count as the outer model's, and ``trainable = False`` freezes all
    of it. The outer model's forward and backward passes run through its
    layers one by one.

    ``seed`` (an nnlib addition) fixes the initial weights, the dropout masks
    and the shuffling, so two models made with the same seed train identically.
    ``dtype`` is "float64" (default, see ``nnlib.config``) or "float32".
    """

    default_name = "sequential"

    def __init__(self, layers=None, name="sequential", seed=None, dtype=None, trainable=True):
        self.name = name
        self.dtype = check_float_dtype(dtype)
        self._rng = make_rng(seed)
        self._seeded = seed is not None
        self._layers = []
        self._flat_layers = []  # the layers with nested models expanded: what the math runs through
        self._input_layer = None
        self._input_shape = None  # the shape of one sample
        self._input_source = None  # where that shape came from, for error messages
        self._trainable = bool(trainable)
        self.optimizer = None
        self.loss = None
        self.metric_names = []
        self.weighted_metric_names = []
        self._metric_objects = None
        self.stop_training = False
        self.history = None
        self.built = False
        for item in layers or []:
            self.add(item)

    # Weights

    @property
    def weights(self):
        """Every weight array, layer by layer (kernel, bias, ...). These are the live arrays."""
        self._require_built()
        return [w for layer in self._layers for w in layer.weights]

    @property
    def trainable_weights(self):
        """The weights the optimizer moves, in the order of ``loss_and_gradients``' gradients."""
        self._require_built()
        return [w for layer in self._flat_layers for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self):
        """The other weights: those of frozen layers, and moving statistics."""
        self._require_built()
        return [w for layer in self._flat_layers for w in layer.non_trainable_weights]

    def get_weights(self):
        """Copies of every weight array, in layer order: kernel, bias, kernel, bias, ..."""
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
        for layer in self._layers:
            count = len(layer.weights)
            layer.set_weights(weights[position : position + count])
            position += count

    def count_params(self):
        self._require_built()
        return sum(layer.count_params() for layer in self._layers)

    def _require_built(self):
        if not self.built:
            self.build()  # raises with advice when the input shape is unknown

    def _lay_out_parameters(self):
        """Put the trainable weights in one flat vector (again), keeping the optimizer's state
        for the weights that stay trainable (Keras keeps it per weight, so freezing a layer,
        or adding one, loses nothing)."""
        old = getattr(self, "_parameters", None)
        self._parameters = ParameterVector(self._flat_layers, self.dtype)
        state = None if self.optimizer is None else self.optimizer.state
        if (
            old is not None
            and state is not None
            and len(state) == 1
            and all(a.shape == old.values.shape for a in state[0].values())
        ):
            self.optimizer.state = [
                {name: self._parameters.carried_from(old, array) for name, array in state[0].items()}
            ]

    def _prepare_training(self):
        """Lay the trainable weights out again if a layer was frozen, unfrozen or given new arrays."""
        if not self._parameters.matches(self._flat_layers):
            self._lay_out_parameters()

    # The math of one step

    def forward(self, x, training=False):
        """The forward pass: each layer's output becomes the next layer's input; returns ``y_hat``."""
        for layer in self._flat_layers:
            x = layer.forward(x, training)
        return x

    def compute_loss(self, y, y_hat, sample_weight=None):
        """The batch's loss: the loss averaged over the samples (each times its weight), plus every
        layer's penalty."""
        last = self._flat_layers[-1]
        if _is_cross_entropy_output(self.loss, last):
            # by log-sum-exp: exact, never clipped
            loss = self.loss.forward_from_logits(y, last.z, sample_weight)
        else:
            loss = self.loss.forward(y, y_hat, sample_weight)
        return loss + sum(layer.regularization_penalty() for layer in self._flat_layers)

    def backward(self, y, y_hat, sample_weight=None):
        r"""The backward pass, from the loss back to the first trainable layer.

        Each layer receives $\partial L / \partial a$ of its output, stores the
        gradients of its weights and returns $\partial L / \partial a$ of its
        input (chapter 4's equations (1) to (4)). Layers before the first
        trainable one are skipped: nothing there needs a gradient. Sample
        weights scale each sample's error signal, as they scale its loss.

        Defined in chapter 4, *Backpropagation*.
        """
        layers = self._flat_layers
        first = next(
            (i for i, layer in enumerate(layers) if layer.trainable and layer.weight_names), len(layers)
        )
        layers = layers[first:]
        if not layers:
            return
        if _is_cross_entropy_output(self.loss, layers[-1]):
            # softmax or sigmoid output with its cross-entropy: delta = (a - y) / m (chapter 4)
            gradient = layers[-1].backward_from_delta(
                self.loss.logits_gradient(y, y_hat, sample_weight), need_input_gradient=len(layers) > 1
            )
            layers = layers[:-1]
        else:
            gradient = self.loss.gradient(y, y_hat, sample_weight)
        for layer in reversed(layers):
            gradient = layer.backward(gradient, need_input_gradient=layer is not layers[0])

    def train_step(self, x, y, sample_weight=None):
        """One step of gradient descent on one batch (chapter 4, *Backpropagation*).

        Returns the batch's loss and predictions ``y_hat``, both from before the step.
        """
        y_hat = self.forward(x, training=True)  # z = a W + b, a = f(z), layer by layer
        loss = self.compute_loss(y, y_hat, sample_weight)  # L, a mean over the batch
        if math.isfinite(loss) and self._parameters.values.size:
            self.backward(y, y_hat, sample_weight)  # delta, dL/dW and dL/db, from the last layer back
            self.optimizer.step(self._parameters)  # W <- W - eta dL/dW (chapter 5's rules)
        return loss, y_hat

    def loss_and_gradients(self, x, y, training=False, sample_weight=None):
        """The loss on ``(x, y)`` and its gradient for every trainable weight array.

        Returns ``(loss, gradients)`` with ``gradients`` in the order of
        ``trainable_weights``; ``sample_weight`` weights each sample's loss, as in
        ``fit``. Nothing is updated. (An nnlib addition, for gradient checking
        and for comparing with gradients worked by hand.)
        """
        self._require_compiled("loss_and_gradients")
        x, y = _data.inputs_and_targets(self, x, y)
        sample_weight = _weights.sample_weights(sample_weight, len(x), self.dtype)
        self._prepare_training()
        y_hat = self.forward(x, training)
        loss = self.compute_loss(y, y_hat, sample_weight)
        if math.isfinite(loss):
            self.backward(y, y_hat, sample_weight)
        return loss, [g.copy() for g in self._parameters.gradient_views]

    def layer_outputs(self, x, training=False):
        """Every layer's output for ``x``: ``{layer name: array (n_samples, units)}``, in order.

        Inference mode unless ``training=True``. (An nnlib addition, for looking
        inside a network: activation histograms, dead units, saturation.)
        """
        output = _data.inputs(self, x)
        outputs = {}
        for layer in self._layers:
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
        return f"<Sequential name={self.name!r} layers={[layer.name for layer in self._layers]}>"


__all__ = ["Sequential", "TrainingDivergedWarning"]
