"""The loops around the math: epochs, mini-batches, callbacks and the logged means.

``Sequential`` holds the math of one step (``forward``, ``backward``,
``train_step``); these functions repeat it over the data as Keras's ``fit``
and ``evaluate`` do. What a step computes is in ``model.py``; what is
repeated, in which order, and what gets logged is here.
"""

import math
import warnings

from .callbacks import Callback, History, ProgbarLogger


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


def fit(model, train, validation, batch_size, epochs, verbose, callbacks, shuffle, initial_epoch):
    """Train ``model`` for ``epochs`` passes over ``train``; return the ``History``.

    ``train`` is ``(x, y, sample_weight)``, ``validation`` the same or None;
    a weight array may be None.
    """
    x = train[0]
    history = History()
    callback_list = list(callbacks or [])
    for callback in callback_list:
        if not isinstance(callback, Callback):
            raise TypeError(f"callbacks must be Callback objects, got {callback!r}.")
    if verbose:
        callback_list.insert(0, ProgbarLogger(verbose))
    callback_list.append(history)
    steps = math.ceil(len(x) / batch_size)
    params = {"epochs": epochs, "steps": steps, "verbose": verbose, "batch_size": batch_size}
    for callback in callback_list:
        callback.set_model(model)
        callback.set_params(params)
    batch_callbacks = [
        c
        for c in callback_list
        if type(c).on_train_batch_end is not Callback.on_train_batch_end
        or type(c).on_train_batch_begin is not Callback.on_train_batch_begin
    ]

    model.stop_training = False
    for callback in callback_list:
        callback.on_train_begin()
    for epoch in range(initial_epoch, epochs):
        for callback in callback_list:
            callback.on_epoch_begin(epoch)
        logs = run_epoch(model, *train, batch_size, shuffle, epoch, batch_callbacks)
        if logs is None:  # diverged: weights restored, nothing to log for this epoch
            break
        if validation is not None:
            val_logs = evaluate(model, *validation, batch_size)
            logs.update({f"val_{key}": value for key, value in val_logs.items()})
        for callback in callback_list:
            callback.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    for callback in callback_list:
        callback.on_train_end()
    return history


def run_epoch(model, x, y, sample_weight, batch_size, shuffle, epoch, batch_callbacks):
    """One pass over the data; returns the epoch's logs, or None if the loss diverged.

    The logged loss and metrics are means over the batches, weighted by
    batch size, each computed before that batch's update (as in Keras).
    """
    order = model._rng.permutation(len(x)) if shuffle else None
    weights_at_start = model._parameters.values.copy()
    means = BatchMeans(model._compiled_metrics(y))
    w_batch = None
    for step, batch in enumerate(batches(len(x), batch_size, order)):
        for callback in batch_callbacks:
            callback.on_train_batch_begin(step)
        if order is None:
            x_batch, y_batch = x[batch], y[batch]
        else:
            x_batch, y_batch = x.take(batch, axis=0), y.take(batch, axis=0)
        if sample_weight is not None:
            w_batch = sample_weight[batch]
        loss, y_hat = model.train_step(x_batch, y_batch, w_batch)
        if not math.isfinite(loss):
            stop_diverged(model, epoch, step, loss, weights_at_start)
            return None
        means.add(loss, y_batch, y_hat, w_batch)
        if batch_callbacks:
            batch_logs = means.logs()
            for callback in batch_callbacks:
                callback.on_train_batch_end(step, batch_logs)
            if model.stop_training:  # a callback asked to stop now, as Keras allows
                break
    return means.logs()


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


def evaluate(model, x, y, sample_weight, batch_size):
    """The loss and metrics on ``(x, y)`` in inference mode, as a dict of means over the samples."""
    means = BatchMeans(model._compiled_metrics(y))
    w_batch = None
    for batch in batches(len(x), batch_size):
        y_hat = model.forward(x[batch], training=False)
        if sample_weight is not None:
            w_batch = sample_weight[batch]
        means.add(model.compute_loss(y[batch], y_hat, w_batch), y[batch], y_hat, w_batch)
    return means.logs()
