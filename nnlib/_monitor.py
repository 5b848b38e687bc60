"""Callbacks that watch one logged value and act when it stops improving.

``MonitorCallback`` holds what they share, as Keras's does
(``keras/src/callbacks/monitor_callback.py``): the name of the value
(``monitor``), whether lower or higher is better (``mode``), the smallest
change that counts (``min_delta``) and the best value so far (``best``,
None until the first value is seen, so the first one always improves).
``EarlyStopping`` stops training, ``ReduceLROnPlateau`` lowers the learning
rate, and ``ModelCheckpoint`` (``_checkpoint.py``) keeps the best model.
"""

import warnings

from ._callback import Callback

#: endings of logged names that are better when higher, and when lower (for mode="auto")
HIGHER_IS_BETTER = ("accuracy", "acc", "precision", "recall", "auc", "f1_score")
LOWER_IS_BETTER = ("loss", "error", "mae", "mse", "crossentropy", "hinge")


class MonitorCallback(Callback):
    """Base class: watches ``logs[monitor]`` and tells whether a value improves on the best.

    ``mode`` "min" or "max" says which way is better; "auto" reads it from
    the name (``"val_accuracy"`` up, ``"loss"`` down). ``baseline`` is the
    starting best (None: the first value counts as an improvement).
    An improvement must beat the best by more than ``min_delta``.
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            # Keras warns and falls back to "auto"; a typo here silently watching the wrong way is worse
            raise ValueError(f"{type(self).__name__} mode must be 'auto', 'min' or 'max', got {mode!r}.")
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)

    @property
    def higher_is_better(self):
        """True if a higher value of ``monitor`` is better, from ``mode`` or, in "auto", its name."""
        if self.mode != "auto":
            return self.mode == "max"
        name = self.monitor.removeprefix("val_")
        if name.endswith(HIGHER_IS_BETTER):
            return True
        if name.endswith(LOWER_IS_BETTER):
            return False
        raise ValueError(
            f"{type(self).__name__} cannot tell whether {self.monitor!r} should go up or down. "
            f"Pass mode='max' to keep its highest value or mode='min' to keep its lowest."
        )

    def _is_improvement(self, value, reference):
        """``value`` beats ``reference`` (None: nothing to beat yet) by more than ``min_delta``."""
        if reference is None:
            return True
        if self.higher_is_better:
            return value - self.min_delta > reference
        return value + self.min_delta < reference

    def _monitored_value(self, logs):
        """``logs[monitor]``, or None with a warning that lists what is logged."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"{type(self).__name__} is watching {self.monitor!r}, which is not logged. "
                f"Logged values are: {', '.join(logs)}. (val_ values need validation_split "
                f"or validation_data.)",
                stacklevel=3,
            )
        return value


class EarlyStopping(MonitorCallback):
    """Stop when ``monitor`` has not improved for ``patience`` epochs.

    An epoch improves when the value beats the best so far by more than
    ``min_delta`` (lower for losses, higher for accuracies; ``mode`` "min" or
    "max" overrides the guess). ``best`` is None when training begins, so the
    first monitored epoch always improves, as in Keras 3 (Keras 2 started
    from infinity, or from ``baseline``). With ``restore_best_weights=True`` the
    weights of the best epoch are put back when training ends, whether or not
    it stopped early (as in Keras). ``baseline``: training also stops unless
    the value beats it. ``start_from_epoch``: epochs of warm-up before
    monitoring starts.

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
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights = None
        self.best_epoch = 0

    def on_train_begin(self, logs=None):
        self.higher_is_better  # noqa: B018 (an unknown direction fails now, not after an epoch)
        # everything of a previous fit is forgotten, so one instance can serve several
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        current = self._monitored_value(logs)
        if current is None or epoch < self.start_from_epoch:
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


class ReduceLROnPlateau(MonitorCallback):
    r"""Multiply the learning rate by ``factor`` when ``monitor`` has not improved for ``patience`` epochs.

    Keras's rules (``keras/src/callbacks/reduce_lr_on_plateau.py``): an
    epoch improves when it beats the best by more than ``min_delta``; after
    ``patience`` epochs without, $\eta \leftarrow \max(\eta \cdot
    \text{factor}, \text{min\_lr})$, and the count starts again after
    ``cooldown`` epochs in which nothing is counted. The rate is never
    lowered below ``min_lr``. Every epoch logs the rate as ``"learning_rate"``.
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        if not 0 < factor < 1:
            raise ValueError(
                f"ReduceLROnPlateau needs a factor between 0 and 1 (the new rate is the old one "
                f"times factor), got factor={factor!r}."
            )
        self.factor = float(factor)
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.min_lr = min_lr
        self.wait = 0
        self.cooldown_counter = 0

    def on_train_begin(self, logs=None):
        self.higher_is_better  # noqa: B018 (an unknown direction fails now, not after an epoch)
        self.best = None
        self.wait = 0
        self.cooldown_counter = 0

    def on_epoch_end(self, epoch, logs=None):
        optimizer = self.model.optimizer
        if logs is not None:
            logs["learning_rate"] = float(optimizer.learning_rate)
        current = self._monitored_value(logs)
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                old_rate = float(optimizer.learning_rate)
                if old_rate > self.min_lr:
                    new_rate = max(old_rate * self.factor, self.min_lr)
                    optimizer.learning_rate = new_rate  # a schedule's rate cannot be set: TypeError
                    if self.verbose > 0:
                        print(f"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_rate}.")
                    self.cooldown_counter = self.cooldown
                    self.wait = 0

    def in_cooldown(self):
        return self.cooldown_counter > 0
