"""``Sequential``: a stack of layers with Keras's compile / fit / evaluate / predict.

Code written for ``keras.Sequential`` runs on nnlib by changing its imports:
argument names, defaults and the meaning of ``validation_split``, ``History``
and the callbacks are Keras's. What nnlib adds is said where it happens:
``seed`` and ``dtype`` on the model, ``loss_and_gradients`` for teaching and
gradient checking, and a guard that stops training when the loss becomes NaN
or infinite.

Shapes: ``x`` is ``(n_samples, n_features)`` (or any per-sample shape the first
layer accepts), the output is ``(n_samples, units_of_last_layer)``.
"""

import math
import warnings

import numpy as np

from . import losses as losses_module
from . import metrics as metrics_module
from . import optimizers as optimizers_module
from .callbacks import Callback, History, ProgbarLogger
from .config import check_float_dtype
from .layers import Input, Layer
from .parameters import ParameterVector
from .seeding import make_rng
from .summary import format_summary
from .validation import (
    as_float_array,
    check_fraction,
    check_positive_int,
    check_same_length,
)


class TrainingDivergedWarning(RuntimeWarning):
    """The loss became NaN or infinite, so ``fit`` stopped and restored earlier weights."""


class Sequential:
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

    @property
    def output_units(self):
        return self.output_shapes[-1][-1]

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
            layer.set_weights(weights[position:position + count])
            position += count

    def count_params(self):
        self._require_built()
        return sum(layer.count_params() for layer in self.layers)

    def save_weights(self, filepath):
        """Save every weight array to ``filepath`` (a NumPy ``.npz`` archive; the name is kept)."""
        self._require_built()
        # keys such as "001/0_kernel" sort by layer, then by position in weight_names
        arrays = {f"{i:03d}/{j}_{w_name}": getattr(layer, w_name)
                  for i, layer in enumerate(self.layers)
                  for j, w_name in enumerate(layer.weight_names)}
        with open(filepath, "wb") as file:
            np.savez(file, **arrays)

    def load_weights(self, filepath):
        """Load weights saved by ``save_weights`` into this model (same architecture)."""
        self._require_built()
        with np.load(filepath) as archive:
            arrays = [archive[key] for key in sorted(archive.files)]
        try:
            self.set_weights(arrays)
        except ValueError as error:
            raise ValueError(
                f"The weights in {filepath!s} do not fit this model: {error} Build the same "
                f"architecture as the model that saved them."
            ) from None

    # Training set-up

    def compile(self, optimizer="rmsprop", loss=None, metrics=None):
        """Choose the optimizer, the loss and the metrics to report.

        Strings take the defaults (``"adam"`` is ``Adam(learning_rate=0.001)``).
        The default optimizer is RMSprop, as in Keras.
        """
        if loss is None:
            raise ValueError("compile() needs a loss, for example loss='mse' or "
                             "loss='sparse_categorical_crossentropy'.")
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = losses_module.get(loss)
        self.metric_names = list(metrics or [])
        if isinstance(metrics, str):
            self.metric_names = [metrics]

    def _require_built(self):
        if not self.built:
            self.build()  # raises with advice when the input shape is unknown

    def _require_compiled(self, action):
        if self.optimizer is None:
            raise RuntimeError(
                f"The model must be compiled before {action}(): call "
                f"model.compile(optimizer='adam', loss=...) first."
            )

    def _prepare_x(self, x, name="x"):
        """Validate ``x``, build the model from it if needed, and check its width."""
        x = as_float_array(x, name, self.dtype)
        if x.ndim == 1:
            raise ValueError(
                f"{name} has shape {x.shape}: one number per sample. Models take a 2-D array "
                f"with one row per sample; for a single feature use {name}.reshape(-1, 1)."
            )
        if self._input_shape is None:
            self.build(x.shape[1:])
        elif not self.built:
            self.build()
        if x.shape[1:] != self._input_shape:
            first = self.layers[0]
            raise ValueError(
                f"Layer {first.name!r} (the first layer) expects inputs of shape "
                f"{self.input_shape}, but {name} has shape {x.shape}. Pass data with "
                f"{self._input_shape} values per sample, or build the model with "
                f"input_shape={x.shape[1:]}."
            )
        return np.ascontiguousarray(x)

    def _prepare_xy(self, x, y, prefix=""):
        x = self._prepare_x(x, f"{prefix}x")
        y = np.asarray(y)
        check_same_length(x, y)
        y = self.loss.prepare_targets(y, self.output_units, self.dtype)
        return x, y

    def _prepare_training(self):
        """Settle what depends on the layers and the loss together."""
        if not self._parameters.matches(self.layers):
            # a layer was frozen or unfrozen, or a weight array was replaced
            self._parameters = ParameterVector(self.layers, self.dtype)
            self.optimizer.reset()
        last = self.layers[-1]
        fused = self.loss.fused_activation
        self._fused = (
            fused is not None
            and not self.loss.from_logits
            and isinstance(getattr(last, "activation", None), fused)
            and hasattr(last, "backward_from_delta")
        )
        trainable = [i for i, layer in enumerate(self.layers) if layer.trainable and layer.weight_names]
        self._first_trainable = trainable[0] if trainable else len(self.layers)
        self._regularized = [layer for layer in self.layers if layer.has_regularizers]
        self._metrics = [metrics_module.get(m, self.loss.name, self.output_units)
                         for m in self.metric_names]

    # The math of one step

    def _forward(self, x, training):
        for layer in self.layers:
            x = layer.forward(x, training)
        return x

    def _penalty(self):
        return sum(layer.regularization_penalty() for layer in self._regularized)

    def _loss_and_backward(self, x, y, training):
        """Forward pass, loss (with penalties) and, if it is finite, the backward pass."""
        output = self._forward(x, training)
        last = self.layers[-1]
        if self._fused:
            loss = self.loss.forward_from_logits(y, last.z)
        else:
            loss = self.loss.forward(y, output)
        if self._regularized:
            loss += self._penalty()
        if not math.isfinite(loss) or self._first_trainable == len(self.layers):
            return loss, output
        first = self._first_trainable
        if self._fused:
            grad = last.backward_from_delta(
                self.loss.delta_from_logits(y, last.z, output), need_input_gradient=first < len(self.layers) - 1
            )
            stop = len(self.layers) - 1
        else:
            grad = self.loss.gradient(y, output)
            stop = len(self.layers)
        for index in range(stop - 1, first - 1, -1):
            grad = self.layers[index].backward(grad, need_input_gradient=index > first)
        return loss, output

    def _train_step(self, x, y):
        loss, output = self._loss_and_backward(x, y, training=True)
        if math.isfinite(loss) and self._first_trainable < len(self.layers):
            if self.optimizer.clips:
                self.optimizer.clip_gradients(self._parameters.gradient_views)
            self.optimizer.update([self._parameters.values], [self._parameters.gradients])
        return loss, output

    def loss_and_gradients(self, x, y, training=False):
        """The loss on ``(x, y)`` and its gradient for every trainable weight array.

        Returns ``(loss, gradients)`` with ``gradients`` in the order of
        ``trainable_weights``. Nothing is updated. (An nnlib addition, for
        gradient checking and for comparing with gradients worked by hand.)
        """
        self._require_compiled("loss_and_gradients")
        x, y = self._prepare_xy(x, y)
        self._prepare_training()
        loss, _ = self._loss_and_backward(x, y, training)
        return loss, [g.copy() for g in self._parameters.gradient_views]

    # Keras's training API

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, initial_epoch=0):
        """Train for ``epochs`` passes over ``(x, y)`` in mini-batches; return a ``History``.

        ``batch_size`` None means 32. ``validation_split`` holds out the LAST
        fraction of the samples (before any shuffling) and reports ``val_``
        values on it after each epoch; ``validation_data=(x_val, y_val)``
        overrides it. ``shuffle`` reorders the training samples every epoch.
        ``verbose``: 0 silent, 1 a progress bar, 2 one line per epoch.

        If the loss becomes NaN or infinite, training stops with a
        ``TrainingDivergedWarning`` and the weights are restored to those at
        the start of that epoch (an nnlib addition: Keras would go on with NaNs).
        """
        self._require_compiled("fit")
        batch_size = 32 if batch_size is None else check_positive_int(batch_size, "batch_size")
        epochs = check_positive_int(epochs, "epochs")
        if x is None or y is None:
            raise ValueError("fit() needs both x and y: model.fit(x_train, y_train, ...).")
        x, y = self._prepare_xy(x, y)
        x_val = y_val = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("validation_data must be a tuple (x_val, y_val).")
            x_val, y_val = self._prepare_xy(*validation_data, prefix="validation ")
        elif validation_split:
            check_fraction(validation_split, "validation_split", inclusive_low=False)
            split_at = int(len(x) * (1.0 - validation_split))
            if split_at == 0 or split_at == len(x):
                raise ValueError(
                    f"validation_split={validation_split} leaves an empty training or validation "
                    f"set with {len(x)} samples. Use a split between {1 / len(x):.3g} and "
                    f"{1 - 1 / len(x):.3g}, or pass more data."
                )
            x, x_val = x[:split_at], x[split_at:]
            y, y_val = y[:split_at], y[split_at:]
        self._prepare_training()

        n_samples = len(x)
        steps = math.ceil(n_samples / batch_size)
        history = History()
        callback_list = list(callbacks or [])
        for callback in callback_list:
            if not isinstance(callback, Callback):
                raise TypeError(f"callbacks must be Callback objects, got {callback!r}.")
        if verbose:
            callback_list.insert(0, ProgbarLogger(verbose))
        callback_list.append(history)
        params = {"epochs": epochs, "steps": steps, "verbose": verbose, "batch_size": batch_size}
        for callback in callback_list:
            callback.set_model(self)
            callback.set_params(params)
        batch_callbacks = [c for c in callback_list
                           if type(c).on_train_batch_end is not Callback.on_train_batch_end
                           or type(c).on_train_batch_begin is not Callback.on_train_batch_begin]

        self.stop_training = False
        for callback in callback_list:
            callback.on_train_begin()
        for epoch in range(initial_epoch, epochs):
            for callback in callback_list:
                callback.on_epoch_begin(epoch)
            logs = self._train_epoch(x, y, batch_size, shuffle, epoch, batch_callbacks)
            if logs is None:  # diverged: weights restored, nothing to log for this epoch
                break
            if x_val is not None:
                val_logs = self._evaluate_arrays(x_val, y_val, batch_size)
                logs.update({f"val_{key}": value for key, value in val_logs.items()})
            for callback in callback_list:
                callback.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        for callback in callback_list:
            callback.on_train_end()
        return history

    def _train_epoch(self, x, y, batch_size, shuffle, epoch, batch_callbacks):
        """One pass over the data; returns the epoch's logs, or None if the loss diverged.

        The logged loss and metrics are means over the batches, weighted by
        batch size, each computed before that batch's update (as in Keras).
        """
        n_samples = len(x)
        order = self._rng.permutation(n_samples) if shuffle else None
        weights_at_start = self._parameters.values.copy()
        seen, loss_sum = 0, 0.0
        metric_sums = [0.0] * len(self._metrics)
        for step, start in enumerate(range(0, n_samples, batch_size)):
            for callback in batch_callbacks:
                callback.on_train_batch_begin(step)
            if order is None:
                x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
            else:
                indices = order[start:start + batch_size]
                x_batch, y_batch = x.take(indices, axis=0), y.take(indices, axis=0)
            loss, output = self._train_step(x_batch, y_batch)
            if not math.isfinite(loss):
                self._stop_diverged(epoch, step, loss, weights_at_start)
                return None
            seen += len(x_batch)
            loss_sum += loss * len(x_batch)
            for i, (_, metric) in enumerate(self._metrics):
                metric_sums[i] += metric(y_batch, output) * len(x_batch)
            if batch_callbacks:
                batch_logs = self._mean_logs(loss_sum, metric_sums, seen)
                for callback in batch_callbacks:
                    callback.on_train_batch_end(step, batch_logs)
                if self.stop_training:  # a callback asked to stop now, as Keras allows
                    break
        return self._mean_logs(loss_sum, metric_sums, seen)

    def _mean_logs(self, loss_sum, metric_sums, count):
        logs = {"loss": loss_sum / count}
        logs.update({name: total / count for (name, _), total in zip(self._metrics, metric_sums)})
        return logs

    def _stop_diverged(self, epoch, step, loss, weights_at_start):
        self._parameters.values[...] = weights_at_start
        self.optimizer.reset()  # its moments hold non-finite values too
        self.stop_training = True
        learning_rate = self.optimizer.learning_rate
        warnings.warn(
            f"Training stopped in epoch {epoch + 1}, batch {step + 1}: the loss became {loss}. "
            f"The weights were restored to those at the start of epoch {epoch + 1}. The "
            f"learning rate ({learning_rate:g}) is probably too high: try "
            f"{learning_rate / 10:g}, and check that the inputs are scaled.",
            TrainingDivergedWarning,
            stacklevel=3,
        )

    def _evaluate_arrays(self, x, y, batch_size):
        loss_sum = 0.0
        metric_sums = [0.0] * len(self._metrics)
        for start in range(0, len(x), batch_size):
            x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
            output = self._forward(x_batch, training=False)
            if self._fused:
                loss = self.loss.forward_from_logits(y_batch, self.layers[-1].z)
            else:
                loss = self.loss.forward(y_batch, output)
            size = len(x_batch)
            loss_sum += loss * size
            for i, (_, metric) in enumerate(self._metrics):
                metric_sums[i] += metric(y_batch, output) * size
        logs = self._mean_logs(loss_sum, metric_sums, len(x))
        if self._regularized:
            logs["loss"] += self._penalty()
        return logs

    def evaluate(self, x=None, y=None, batch_size=None, verbose=0, return_dict=False):
        """Loss (and metrics) on ``(x, y)`` in inference mode.

        Returns the loss alone when no metrics were compiled, else
        ``[loss, metric, ...]``, or a dict with ``return_dict=True``.
        """
        self._require_compiled("evaluate")
        batch_size = 32 if batch_size is None else check_positive_int(batch_size, "batch_size")
        x, y = self._prepare_xy(x, y)
        self._prepare_training()
        logs = self._evaluate_arrays(x, y, batch_size)
        if verbose:
            print(" - ".join(f"{key}: {value:.4f}" for key, value in logs.items()))
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose=0):
        """The model's outputs for ``x`` in inference mode, shape ``(n_samples, units)``."""
        batch_size = 32 if batch_size is None else check_positive_int(batch_size, "batch_size")
        x = self._prepare_x(x)
        outputs = [self._forward(x[start:start + batch_size], training=False)
                   for start in range(0, len(x), batch_size)]
        return np.concatenate(outputs)

    def layer_outputs(self, x, training=False):
        """Every layer's output for ``x``: ``{layer name: array (n_samples, units)}``, in order.

        Inference mode unless ``training=True``. (An nnlib addition, for looking
        inside a network: activation histograms, dead units, saturation.)
        """
        output = self._prepare_x(x)
        outputs = {}
        for layer in self.layers:
            output = layer.forward(output, training)
            outputs[layer.name] = output
        return outputs

    def __call__(self, x, training=False):
        """The forward pass on one batch: ``model(x)``."""
        return self._forward(self._prepare_x(x), training)

    def train_on_batch(self, x, y, return_dict=False):
        """One update on one batch; returns its loss (and metrics) before the update."""
        self._require_compiled("train_on_batch")
        x, y = self._prepare_xy(x, y)
        self._prepare_training()
        loss, output = self._train_step(x, y)
        if not math.isfinite(loss):
            warnings.warn(
                f"The loss on this batch is {loss}; no update was made. Lower the learning "
                f"rate ({self.optimizer.learning_rate:g}) or check the inputs.",
                TrainingDivergedWarning,
                stacklevel=2,
            )
        logs = {"loss": loss}
        logs.update({name: metric(y, output) for name, metric in self._metrics})
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def summary(self, print_fn=None):
        """Print each layer's name, type, output shape and parameter count, then the totals."""
        self._require_built()
        (print_fn or print)(format_summary(self))

    def __repr__(self):
        return f"<Sequential name={self.name!r} layers={[layer.name for layer in self.layers]}>"
