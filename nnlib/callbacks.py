"""Callbacks: code that ``fit`` calls at the start and end of training, epochs and batches.

Names, arguments and behaviour are Keras's: ``History`` (returned by ``fit``),
``EarlyStopping``, ``LearningRateScheduler`` and ``ProgbarLogger`` (the
progress display that ``verbose=1`` turns on). Write your own by subclassing
``Callback`` and overriding the hooks you need; ``self.model`` is the model
being trained, and setting ``self.model.stop_training = True`` ends training
after the current epoch.
"""

import math
import warnings

import numpy as np

from ._progress import ProgressDisplay


class Callback:
    """Base class with empty hooks. ``logs`` is a dict of the latest values."""

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        pass

    def on_train_batch_end(self, batch, logs=None):
        pass


class History(Callback):
    """Records every logged value per epoch: ``history.history["val_loss"][epoch]``."""

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        self.model.history = self

    def __repr__(self):
        return f"<History epochs={len(self.epoch)} keys={list(self.history)}>"


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved for ``patience`` epochs.

    An epoch improves when the value beats the best so far by more than
    ``min_delta`` (lower for losses, higher for accuracies; ``mode`` "min" or
    "max" overrides the guess). The first monitored epoch always improves.
    With ``restore_best_weights=True`` the weights of the best epoch are put
    back when training ends, whether or not it stopped early (as in Keras).
    ``baseline``: training also stops unless the value beats it.
    ``start_from_epoch``: epochs of warm-up before monitoring starts.

    Defined in chapter 7, *Overfitting and regularization*.
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"EarlyStopping mode must be 'auto', 'min' or 'max', got {mode!r}.")
        self.monitor = monitor
        self.min_delta = abs(min_delta)
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch

    @property
    def higher_is_better(self):
        if self.mode != "auto":
            return self.mode == "max"
        name = self.monitor.removeprefix("val_")
        if name.endswith(("accuracy", "acc")):
            return True
        if name.endswith(("loss", "error", "mae", "mse")):
            return False
        raise ValueError(
            f"EarlyStopping cannot tell whether {self.monitor!r} should go up or down. Pass "
            f"mode='max' to keep its highest value or mode='min' to keep its lowest."
        )

    def _is_improvement(self, value, reference):
        if self.higher_is_better:
            return value - self.min_delta > reference
        return value + self.min_delta < reference

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = -math.inf if self.higher_is_better else math.inf
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"EarlyStopping is watching {self.monitor!r}, which is not logged. Logged "
                f"values are: {', '.join(logs)}. (val_ values need validation_split or "
                f"validation_data.)",
                stacklevel=2,
            )
            return
        if epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)


class LearningRateScheduler(Callback):
    """Set the learning rate at the start of each epoch to ``schedule(epoch, lr)``.

    ``epoch`` counts from 0 and ``lr`` is the current rate; the rate used is
    logged as ``"learning_rate"``.
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        learning_rate = self.schedule(epoch, float(self.model.optimizer.learning_rate))
        if not isinstance(learning_rate, (int, float, np.floating)):
            raise ValueError(
                f"The schedule given to LearningRateScheduler must return a number, "
                f"got {learning_rate!r} for epoch {epoch}."
            )
        self.model.optimizer.learning_rate = float(learning_rate)
        if self.verbose > 0:
            print(f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {learning_rate}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.learning_rate)


class ProgbarLogger(Callback):
    """The progress display of ``fit(verbose=1)`` (a live bar) or ``verbose=2`` (a line per epoch).

    In a terminal the bar is redrawn in place; in a notebook it is one output
    that updates in place, so the saved notebook keeps only the final lines.
    """

    def __init__(self, verbose=1):
        super().__init__()
        self.verbose = verbose

    def on_train_begin(self, logs=None):
        self.display = ProgressDisplay(
            epochs=self.params["epochs"], steps=self.params["steps"], live=self.verbose == 1
        )

    def on_epoch_begin(self, epoch, logs=None):
        self.display.start_epoch(epoch)

    def on_train_batch_end(self, batch, logs=None):
        self.display.update(batch + 1, logs)

    def on_epoch_end(self, epoch, logs=None):
        self.display.end_epoch(logs)
