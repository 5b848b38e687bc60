"""The loops around the math: epochs, mini-batches, callbacks and the logged means.

``Sequential`` holds the math of one step (``forward``, ``backward``,
``train_step``); these functions repeat it over the data as Keras's ``fit``
and ``evaluate`` do. What a step computes is in ``model.py``; what is
repeated, in which order, and what gets logged is here.
"""

import math
import warnings

import numpy as np

from ._callback_list import CallbackList


class TrainingDivergedWarning(RuntimeWarning):
    """The loss became NaN or infinite, so ``fit`` stopped and restored earlier weights."""


class BatchMeans:
    """The logs of an epoch: the loss's running mean and each compiled metric's state.

    The loss is a mean over the batches weighted by their sizes (as Keras
    logs it). Each metric accumulates its own state batch by batch
    (``update_state``) from a fresh start (``reset_state``), so its result is
    over every sample seen, as in Keras; weighted metrics also get the weights.
    """

    def __init__(self, metrics):
        self.metrics = metrics  # [(log name, Metric, weighted)], see Trainer._compiled_metrics
        for _, metric, _ in metrics:
            metric.reset_state()
        self.count, self.loss = 0, 0.0

    def add(self, loss, y, y_hat, sample_weight=None):
        size = len(y)
        self.count += size
        self.loss += loss * size
        for _, metric, weighted in self.metrics:
            metric.update_state(y, y_hat, sample_weight if weighted else None)

    def logs(self):
        logs = {"loss": self.loss / self.count}
        logs.update({name: metric.result() for name, metric, _ in self.metrics})
        return logs


def batches(n_samples, batch_size, order=None):
    """The index of each mini-batch: slices in order, or slices of the permutation ``order``."""
    for start in range(0, n_samples, batch_size):
        yield slice(start, start + batch_size) if order is None else order[start : start + batch_size]


class EpochBatches:
    """The mini-batches of each epoch, as index slices or index arrays into the training data.

    Without ``steps_per_epoch`` an epoch is one pass over the data, in a new
    random order if ``shuffle``. With it, as Keras's ``EpochIterator`` over
    arrays, an epoch is the next ``steps_per_epoch`` batches of the current
    pass; the next pass starts (reshuffled) once one is used up, and an epoch
    that runs out of batches before its count ends early with a warning.
    """

    def __init__(self, model, n_samples, batch_size, shuffle, steps_per_epoch=None):
        self.model, self.n_samples, self.batch_size = model, n_samples, batch_size
        self.shuffle, self.steps_per_epoch = shuffle, steps_per_epoch
        self.steps = steps_per_epoch or math.ceil(n_samples / batch_size)
        self._pass, self._position = None, 0

    def next_epoch(self):
        """The batches of the next epoch (the order is drawn here, when a pass starts)."""
        if self._pass is None:
            order = self.model._rng.permutation(self.n_samples) if self.shuffle else None
            self._pass, self._position = list(batches(self.n_samples, self.batch_size, order)), 0
        if self.steps_per_epoch is None:
            epoch, self._pass = self._pass, None
            return epoch
        epoch = self._pass[self._position : self._position + self.steps_per_epoch]
        self._position += len(epoch)
        if len(epoch) < self.steps_per_epoch:
            warnings.warn(
                f"The data ran out after {len(epoch)} of the {self.steps_per_epoch} batches of this "
                f"epoch (steps_per_epoch): {self.n_samples} samples make "
                f"{math.ceil(self.n_samples / self.batch_size)} batches of {self.batch_size}. The "
                f"next epoch starts a new pass. Give steps_per_epoch at most that many batches.",
                stacklevel=4,
            )
        if self._position >= len(self._pass):
            self._pass = None
        return epoch


def fit(model, train, validation, batches, validation_batch_size, epochs, verbose, callbacks, initial_epoch):
    """Train ``model`` for ``epochs`` epochs of ``batches`` (an ``EpochBatches``); return the ``History``.

    ``train`` is ``(x, y, sample_weight)``, ``validation`` the same or None;
    a weight array may be None.

    The loop of Keras's ``fit``: ``model.stop_training``, set by any hook,
    is read after every batch and every epoch. The epoch in which the loss
    diverges is logged with its non-finite loss, and NaN for each validation
    value (that model has none to report), then training stops.
    """
    callbacks = CallbackList(
        callbacks,
        add_history=True,
        add_progbar=verbose != 0,
        model=model,
        epochs=epochs,
        steps=batches.steps,
        verbose=verbose,
        batch_size=batches.batch_size,
    )
    model.stop_training = False
    callbacks.on_train_begin()
    training_logs = {}
    for epoch in range(initial_epoch, epochs):
        callbacks.on_epoch_begin(epoch)
        logs, diverged = run_epoch(model, *train, batches.next_epoch(), epoch, callbacks)
        if validation is not None:
            if diverged:
                val_logs = dict.fromkeys(logs, math.nan)
            else:
                val_logs = evaluate(model, *validation, validation_batch_size, callbacks)
            logs.update({f"val_{key}": value for key, value in val_logs.items()})
        callbacks.on_epoch_end(epoch, logs)
        training_logs = logs
        if model.stop_training:
            break
    callbacks.on_train_end(training_logs)
    return callbacks.history


def run_epoch(model, x, y, sample_weight, epoch_batches, epoch, callbacks):
    """One epoch over ``epoch_batches``; returns the epoch's logs and whether the loss diverged.

    The logged loss and metrics are means over the batches, weighted by
    batch size, each computed before that batch's update (as in Keras).
    """
    weights_at_start = model._parameters.values.copy()
    means = BatchMeans(model._compiled_metrics(y))
    begin_hooks, end_hooks = callbacks.batch_hooks("train")
    diverged, w_batch = False, None
    for step, batch in enumerate(epoch_batches):
        if begin_hooks:
            callbacks.on_train_batch_begin(step)
        if isinstance(batch, slice):
            x_batch, y_batch = x[batch], y[batch]
        else:
            x_batch, y_batch = x.take(batch, axis=0), y.take(batch, axis=0)
        if sample_weight is not None:
            w_batch = sample_weight[batch]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            # a diverging step overflows deep inside numpy; the non-finite loss is then
            # reported once, by stop_diverged, in words, instead of numpy's RuntimeWarnings
            loss, y_hat = model.train_step(x_batch, y_batch, w_batch)
        if not math.isfinite(loss):
            stop_diverged(model, epoch, step, loss, weights_at_start)
            diverged = True
        means.add(loss, y_batch, y_hat, w_batch)
        if end_hooks:
            callbacks.on_train_batch_end(step, means.logs())
        if model.stop_training:  # set by a hook, or by the divergence guard: end the epoch now
            break
    return means.logs(), diverged


def stop_diverged(model, epoch, step, loss, weights_at_start):
    """Put back the weights from the start of the epoch, and say why training stopped."""
    model._parameters.values[...] = weights_at_start
    model.optimizer.reset()  # its moments hold non-finite values too
    model.stop_training = True
    learning_rate = model.optimizer.learning_rate
    warnings.warn(
        f"Training stopped in epoch {epoch + 1}, batch {step + 1}: the loss became {loss}. "
        f"The weights were restored to those at the start of epoch {epoch + 1}. The "
        f"learning rate ({learning_rate:g}) is probably too high: try "
        f"{learning_rate / 10:g}, and check that the inputs are scaled.",
        TrainingDivergedWarning,
        stacklevel=5,  # the line of the caller of fit()
    )


def evaluate(model, x, y, sample_weight, batch_size, callbacks):
    """The loss and metrics on ``(x, y)`` in inference mode, as a dict of means over the samples.

    Calls the ``on_test_*`` hooks of ``callbacks`` (a ``CallbackList``);
    ``model.stop_evaluating = True`` in a hook ends the pass after that batch.
    """
    means = BatchMeans(model._compiled_metrics(y))
    begin_hooks, end_hooks = callbacks.batch_hooks("test")
    model.stop_evaluating = False
    callbacks.on_test_begin()
    w_batch = None
    for step, batch in enumerate(batches(len(x), batch_size)):
        if begin_hooks:
            callbacks.on_test_batch_begin(step)
        y_hat = model.forward(x[batch], training=False)
        if sample_weight is not None:
            w_batch = sample_weight[batch]
        means.add(model.compute_loss(y[batch], y_hat, w_batch), y[batch], y_hat, w_batch)
        if end_hooks:
            callbacks.on_test_batch_end(step, means.logs())
        if model.stop_evaluating:
            break
    logs = means.logs()
    callbacks.on_test_end(logs)
    return logs


def predict(model, x, batch_size, callbacks):
    """The outputs for ``x`` in inference mode, batch by batch, calling the ``on_predict_*`` hooks.

    ``model.stop_predicting = True`` in a hook ends the pass after that
    batch; the outputs are then those of the batches so far.
    """
    begin_hooks, end_hooks = callbacks.batch_hooks("predict")
    model.stop_predicting = False
    callbacks.on_predict_begin()
    outputs = []
    for step, batch in enumerate(batches(len(x), batch_size)):
        if begin_hooks:
            callbacks.on_predict_batch_begin(step)
        outputs.append(model.forward(x[batch], training=False))
        if end_hooks:
            callbacks.on_predict_batch_end(step, {"outputs": outputs[-1]})
        if model.stop_predicting:
            break
    callbacks.on_predict_end()
    return np.concatenate(outputs)
