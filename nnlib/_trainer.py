"""Keras's training API: ``compile``, ``fit``, ``evaluate``, ``predict``, ``train_on_batch``.

``Sequential`` (``model.py``) is what the network is and what one step
computes; ``Trainer``, its base class, is how Keras asks for training and
inference. Each method checks what it is given (``_data.py``) and hands the
repeating to ``_training_loop.py``. As in Keras, where ``Model`` inherits
its ``fit`` from a ``Trainer``.
"""

import math
import warnings

from . import _data, _training_loop, losses, metrics, optimizers
from ._callback_list import CallbackList
from ._training_loop import TrainingDivergedWarning
from ._validation import check_positive_int


class Trainer:
    """The training and inference API of a model; see the module docstring."""

    def compile(self, optimizer="rmsprop", loss=None, metrics=None):
        """Choose the optimizer, the loss and the metrics to report.

        Strings take the defaults (``"adam"`` is ``Adam(learning_rate=0.001)``).
        The default optimizer is RMSprop, as in Keras.
        """
        if loss is None:
            raise ValueError(
                "compile() needs a loss, for example loss='mse' or loss='sparse_categorical_crossentropy'."
            )
        self.optimizer = optimizers.get(optimizer)
        self.loss = losses.get(loss)
        self.metric_names = [metrics] if isinstance(metrics, str) else list(metrics or [])

    def _require_compiled(self, action):
        if self.optimizer is None:
            raise RuntimeError(
                f"The model must be compiled before {action}(): call "
                f"model.compile(optimizer='adam', loss=...) first."
            )

    def _compiled_metrics(self):
        """``[(name, function)]`` for the compiled metric names, given the loss and the output."""
        return [metrics.get(name, self.loss.name, self.output_shapes[-1][-1]) for name in self.metric_names]

    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose=1,
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        initial_epoch=0,
    ):
        """Train for ``epochs`` passes over ``(x, y)`` in mini-batches; return a ``History``.

        ``batch_size`` None means 32. ``validation_split`` holds out the LAST
        fraction of the samples (before any shuffling) and reports ``val_``
        values on it after each epoch; ``validation_data=(x_val, y_val)``
        overrides it. ``shuffle`` reorders the training samples every epoch.
        ``verbose``: 0 silent, 1 a progress bar, 2 one line per epoch.

        ``callbacks`` are called at every step (see ``nnlib.callbacks``); any
        hook may set ``model.stop_training = True`` to end training after the
        current batch. ``model.history`` is the returned ``History`` from the
        start of training.

        If the loss becomes NaN or infinite, training stops with a
        ``TrainingDivergedWarning`` and the weights are restored to those at
        the start of that epoch (an nnlib addition: Keras would go on with
        NaNs). That epoch is still logged, with its non-finite loss (and NaN
        validation values), so the ``History`` shows where it happened.
        """
        self._require_compiled("fit")
        batch_size = 32 if batch_size is None else check_positive_int(batch_size, "batch_size")
        epochs = check_positive_int(epochs, "epochs")
        if x is None or y is None:
            raise ValueError("fit() needs both x and y: model.fit(x_train, y_train, ...).")
        x, y = _data.inputs_and_targets(self, x, y)
        x, y, x_val, y_val = _data.validation_arrays(self, x, y, validation_split, validation_data)
        self._prepare_training()
        return _training_loop.fit(
            self, x, y, x_val, y_val, batch_size, epochs, verbose, callbacks, shuffle, initial_epoch
        )

    def evaluate(self, x=None, y=None, batch_size=None, verbose=0, callbacks=None, return_dict=False):
        """Loss (and metrics) on ``(x, y)`` in inference mode.

        Returns the loss alone when no metrics were compiled, else
        ``[loss, metric, ...]``, or a dict with ``return_dict=True``.
        ``callbacks`` get the ``on_test_*`` hooks. ``verbose`` 1 shows a
        progress bar, 2 only its last line. (Keras's default is to show it;
        nnlib's is 0, quiet, as a chapter's printed results read better.)
        """
        self._require_compiled("evaluate")
        batch_size = 32 if batch_size is None else check_positive_int(batch_size, "batch_size")
        x, y = _data.inputs_and_targets(self, x, y)
        callbacks = CallbackList(
            callbacks,
            add_progbar=verbose != 0,
            model=self,
            epochs=1,
            steps=math.ceil(len(x) / batch_size),
            verbose=verbose,
            batch_size=batch_size,
        )
        logs = _training_loop.evaluate(self, x, y, batch_size, callbacks)
        return _returned(logs, return_dict)

    def predict(self, x, batch_size=None, verbose=0, callbacks=None):
        """The model's outputs for ``x`` in inference mode, shape ``(n_samples, units)``.

        ``callbacks`` get the ``on_predict_*`` hooks; ``verbose`` 1 shows a
        progress bar (nnlib's default is 0, quiet).
        """
        batch_size = 32 if batch_size is None else check_positive_int(batch_size, "batch_size")
        x = _data.inputs(self, x)
        callbacks = CallbackList(
            callbacks,
            add_progbar=verbose != 0,
            model=self,
            epochs=1,
            steps=math.ceil(len(x) / batch_size),
            verbose=verbose,
            batch_size=batch_size,
        )
        return _training_loop.predict(self, x, batch_size, callbacks)

    def train_on_batch(self, x, y, return_dict=False):
        """One update on one batch; returns its loss (and metrics) before the update."""
        self._require_compiled("train_on_batch")
        x, y = _data.inputs_and_targets(self, x, y)
        self._prepare_training()
        loss, y_hat = self.train_step(x, y)
        if not math.isfinite(loss):
            warnings.warn(
                f"The loss on this batch is {loss}; no update was made. Lower the learning "
                f"rate ({self.optimizer.learning_rate:g}) or check the inputs.",
                TrainingDivergedWarning,
                stacklevel=2,
            )
        means = _training_loop.BatchMeans(self._compiled_metrics())
        means.add(loss, y, y_hat)
        return _returned(means.logs(), return_dict)


def _returned(logs, return_dict):
    """What evaluate and train_on_batch return, as in Keras: the dict, the loss alone, or a list."""
    if return_dict:
        return logs
    values = list(logs.values())
    return values[0] if len(values) == 1 else values
