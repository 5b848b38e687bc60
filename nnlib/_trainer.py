"""Keras's training API: ``compile``, ``fit``, ``evaluate``, ``predict``, ``train_on_batch``.

``Sequential`` (``model.py``) is what the network is and what one step
computes; ``Trainer``, its base class, is how Keras asks for training and
inference. Each method checks what it is given (``_data.py``) and hands the
repeating to ``_training_loop.py``. As in Keras, where ``Model`` inherits
its ``fit`` from a ``Trainer``.
"""

import math
import warnings

from . import _data, _training_loop, _weights, losses, optimizers
from . import metrics as _metrics_module
from ._callback_list import CallbackList
from ._scope import check_in_memory
from ._training_loop import TrainingDivergedWarning
from ._validation import check_positive_int


class Trainer:
    """The training and inference API of a model; see the module docstring."""

    def compile(self, optimizer="rmsprop", loss=None, metrics=None, weighted_metrics=None):
        """Choose the optimizer, the loss and the metrics to report.

        Strings take the defaults (``"adam"`` is ``Adam(learning_rate=0.001)``).
        The default optimizer is RMSprop, as in Keras. ``metrics`` are names,
        ``Metric`` objects or functions (see ``nnlib.metrics``);
        ``weighted_metrics`` are the same, updated with the sample or class
        weights that ``fit`` and ``evaluate`` are given (``metrics`` ignore them,
        as in Keras).
        """
        if loss is None:
            raise ValueError(
                "compile() needs a loss, for example loss='mse' or loss='sparse_categorical_crossentropy'."
            )
        loss = losses.get(loss)
        if loss.reduction in (None, "none"):
            raise ValueError(
                f"{loss!r} returns one value per sample (reduction={loss.reduction!r}), but training "
                f"needs one number per batch. Use reduction='sum_over_batch_size' (the default) or 'sum'."
            )
        metric_list = _as_list(metrics, "metrics")
        weighted_list = _as_list(weighted_metrics, "weighted_metrics")
        _metrics_module.check_names(metric_list + weighted_list)
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self.metric_names = metric_list
        self.weighted_metric_names = weighted_list
        self._metric_objects = None  # made at the first fit or evaluate, when y's shape is known

    def _require_compiled(self, action):
        if self.optimizer is None:
            raise RuntimeError(
                f"The model must be compiled before {action}(): call "
                f"model.compile(optimizer='adam', loss=...) first."
            )

    @property
    def metrics_names(self):
        """The names ``evaluate`` and ``train_on_batch`` report, in their order: ``["loss", ...]``.

        Empty until the model is compiled. Each compiled metric is named, as
        Keras 2 did (Keras 3 lists them together as "compile_metrics"), so
        ``dict(zip(model.metrics_names, model.evaluate(x, y)))`` pairs them.
        """
        if self.loss is None:
            return []
        if getattr(self, "_metric_objects", None) is not None:
            return ["loss", *(name for name, _, _ in self._metric_objects)]
        entries = [
            (_metrics_module.log_name(identifier), weighted)
            for identifier, weighted in self._metric_entries()
        ]
        return ["loss", *_log_names(entries)]

    def _n_classes(self):
        """The classes the output can stand for: one per unit, or 0 and 1 for a single unit."""
        return max(2, self.output_shapes[-1][-1])

    def _metric_entries(self):
        """``[(identifier, weighted)]``: the compiled metrics, then the weighted ones."""
        entries = [(identifier, False) for identifier in self.metric_names]
        return entries + [(identifier, True) for identifier in getattr(self, "weighted_metric_names", [])]

    def _compiled_metrics(self, y):
        """``[(log name, Metric, weighted)]`` for the compiled metrics, made once for targets like ``y``."""
        if getattr(self, "_metric_objects", None) is None:
            n_outputs = self.output_shapes[-1][-1]
            entries = self._metric_entries()
            made = [_metrics_module.compiled(identifier, y, n_outputs) for identifier, _ in entries]
            names = _log_names([(metric.name, weighted) for metric, (_, weighted) in zip(made, entries)])
            self._metric_objects = [
                (name, metric, weighted) for name, metric, (_, weighted) in zip(names, made, entries)
            ]
        return self._metric_objects

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
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_batch_size=None,
    ):
        """Train for ``epochs`` passes over ``(x, y)`` in mini-batches; return a ``History``.

        ``batch_size`` None means 32. ``validation_split`` holds out the LAST
        fraction of the samples (before any shuffling), and of their
        ``sample_weight``, and reports ``val_`` values on it after each epoch;
        ``validation_data=(x_val, y_val)`` or ``(x_val, y_val, val_sample_weight)``
        overrides it. ``shuffle`` reorders the training samples every epoch.
        ``verbose``: 0 silent, 1 a progress bar, 2 one line per epoch.

        ``sample_weight`` (one number per sample) or ``class_weight`` (a dict
        from class label to weight, for the training samples only) multiply
        each sample's loss, as in Keras; give one or the other.

        ``steps_per_epoch`` makes an epoch that many batches: each epoch goes
        on where the last one stopped, a new (reshuffled) pass over the data
        starts once one is used up, and an epoch that runs out of batches
        first ends early with a warning, as Keras's ``fit`` does with arrays.
        Given without ``batch_size``, the batch size is
        ``ceil(n_samples / steps_per_epoch)`` (Keras's rule).
        ``validation_batch_size`` (default: ``batch_size``) batches the validation.

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
        check_in_memory(x)
        if steps_per_epoch is not None:
            steps_per_epoch = check_positive_int(steps_per_epoch, "steps_per_epoch")
        if batch_size is not None:
            batch_size = check_positive_int(batch_size, "batch_size")
        epochs = check_positive_int(epochs, "epochs")
        if x is None or y is None:
            raise ValueError("fit() needs both x and y: model.fit(x_train, y_train, ...).")
        if class_weight is not None and sample_weight is not None:
            raise ValueError(
                "fit() takes class_weight or sample_weight, not both (as in Keras). To use both, "
                "multiply them: sample_weight * np.array([class_weight[label] for label in y])."
            )
        x, y = _data.inputs_and_targets(self, x, y)
        weights = _weights.sample_weights(sample_weight, len(x), self.dtype)
        train, validation = _data.validation_arrays(self, x, y, weights, validation_split, validation_data)
        if class_weight is not None:
            weights = _weights.class_weights(class_weight, train[1], self._n_classes(), self.dtype)
            train = (train[0], train[1], weights)
        if batch_size is None:  # Keras: from steps_per_epoch if given, else 32
            batch_size = math.ceil(len(train[0]) / steps_per_epoch) if steps_per_epoch else 32
        validation_batch_size = (
            batch_size
            if validation_batch_size is None
            else check_positive_int(validation_batch_size, "validation_batch_size")
        )
        self._prepare_training()
        batches = _training_loop.EpochBatches(self, len(train[0]), batch_size, shuffle, steps_per_epoch)
        return _training_loop.fit(
            self, train, validation, batches, validation_batch_size, epochs, verbose, callbacks, initial_epoch
        )

    def evaluate(
        self,
        x=None,
        y=None,
        batch_size=None,
        verbose=0,
        sample_weight=None,
        callbacks=None,
        return_dict=False,
    ):
        """Loss (and metrics) on ``(x, y)`` in inference mode.

        ``sample_weight`` (one number per sample) weights each sample's loss,
        and the ``weighted_metrics``. Returns the loss alone when no metrics were compiled, else
        ``[loss, metric, ...]``, or a dict with ``return_dict=True``.
        ``callbacks`` get the ``on_test_*`` hooks. ``verbose`` 1 shows a
        progress bar, 2 only its last line. (Keras's default is to show it;
        nnlib's is 0, quiet, as a chapter's printed results read better.)
        """
        self._require_compiled("evaluate")
        batch_size = 32 if batch_size is None else check_positive_int(batch_size, "batch_size")
        x, y = _data.inputs_and_targets(self, x, y)
        weights = _weights.sample_weights(sample_weight, len(x), self.dtype)
        callbacks = self._one_pass_callbacks(callbacks, verbose, len(x), batch_size)
        logs = _training_loop.evaluate(self, x, y, weights, batch_size, callbacks)
        return _returned(logs, return_dict)

    def predict(self, x, batch_size=None, verbose=0, callbacks=None):
        """The model's outputs for ``x`` in inference mode, shape ``(n_samples, units)``.

        ``callbacks`` get the ``on_predict_*`` hooks; ``verbose`` 1 shows a
        progress bar (nnlib's default is 0, quiet).
        """
        batch_size = 32 if batch_size is None else check_positive_int(batch_size, "batch_size")
        x = _data.inputs(self, x)
        callbacks = self._one_pass_callbacks(callbacks, verbose, len(x), batch_size)
        return _training_loop.predict(self, x, batch_size, callbacks)

    def _one_pass_callbacks(self, callbacks, verbose, n_samples, batch_size):
        """The ``CallbackList`` of one pass over ``n_samples`` (``evaluate`` or ``predict``), with a
        progress bar unless ``verbose`` is 0."""
        return CallbackList(
            callbacks,
            add_progbar=verbose != 0,
            model=self,
            epochs=1,
            steps=math.ceil(n_samples / batch_size),
            verbose=verbose,
            batch_size=batch_size,
        )

    def train_on_batch(self, x, y, sample_weight=None, class_weight=None, return_dict=False):
        """One update on one batch; returns its loss (and metrics) before the update."""
        self._require_compiled("train_on_batch")
        if class_weight is not None and sample_weight is not None:
            raise ValueError("train_on_batch() takes class_weight or sample_weight, not both (as in Keras).")
        x, y = _data.inputs_and_targets(self, x, y)
        weights = _weights.sample_weights(sample_weight, len(x), self.dtype)
        if class_weight is not None:
            weights = _weights.class_weights(class_weight, y, self._n_classes(), self.dtype)
        self._prepare_training()
        loss, y_hat = self.train_step(x, y, weights)
        if not math.isfinite(loss):
            warnings.warn(
                f"The loss on this batch is {loss}; no update was made. Lower the learning "
                f"rate ({self.optimizer.learning_rate:g}) or check the inputs.",
                TrainingDivergedWarning,
                stacklevel=2,
            )
        means = _training_loop.BatchMeans(self._compiled_metrics(y))
        means.add(loss, y, y_hat, weights)
        return _returned(means.logs(), return_dict)

    def test_on_batch(self, x, y, sample_weight=None, return_dict=False):
        """The loss (and metrics) on one batch in inference mode, as ``evaluate`` on that batch alone."""
        self._require_compiled("test_on_batch")
        x, y = _data.inputs_and_targets(self, x, y)
        weights = _weights.sample_weights(sample_weight, len(x), self.dtype)
        logs = _training_loop.evaluate(self, x, y, weights, len(x), CallbackList(model=self))
        return _returned(logs, return_dict)


def _as_list(metrics, argument):
    """compile's ``metrics`` as a list: None is none, one name or object is a list of one."""
    if metrics is None:
        return []
    if isinstance(metrics, dict):
        raise TypeError(
            f"{argument} is a dict, which Keras uses for models with several outputs; a Sequential "
            f"model has one output: pass a list, such as {argument}=['accuracy']."
        )
    if isinstance(metrics, (list, tuple)):
        return list(metrics)
    return [metrics]


def _returned(logs, return_dict):
    """What evaluate and train_on_batch return, as in Keras: the dict, the loss alone, or a list."""
    if return_dict:
        return logs
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _log_names(entries):
    """Keras's log names for ``[(name, weighted)]``: a name twice becomes ``name_1``; a weighted
    metric whose name is taken becomes ``weighted_<name>``."""
    used, names = {"loss"}, []
    for name, weighted in entries:
        name = f"weighted_{name}" if weighted and name in used else name
        base, count = name, 1
        while name in used:
            name, count = f"{base}_{count}", count + 1
        used.add(name)
        names.append(name)
    return names
