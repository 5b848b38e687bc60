"""``ModelCheckpoint``: save the model (or its weights) during training, as Keras does.

The rules are those of ``keras/src/callbacks/model_checkpoint.py``: the
file name may hold ``{epoch}`` (counted from 1), ``{batch}`` and any logged
value (``"model-{epoch:02d}-{val_loss:.2f}.keras"``); with
``save_best_only`` a file is written only when ``monitor`` improves on the
best so far; ``save_freq`` is ``"epoch"`` or a number of batches.
"""

import os
import warnings

from ._monitor import MonitorCallback

#: how the name of the file must end, for a whole model and for weights only
MODEL_ENDINGS = (".keras",)
WEIGHTS_ENDINGS = (".weights.h5", ".weights.npz")


class ModelCheckpoint(MonitorCallback):
    """Save the model to ``filepath`` at the end of each epoch (or every ``save_freq`` batches).

    ``filepath`` ends in ``.keras`` (a whole model, read back with
    ``nnlib.models.load_model``) or, with ``save_weights_only=True``, in
    ``.weights.h5`` or ``.weights.npz`` (weights only, read back with
    ``model.load_weights``; nnlib writes a NumPy archive whatever the name).
    It may name ``{epoch}``, ``{batch}`` and logged values, formatted as
    Python's ``str.format`` does. Missing directories are created.

    ``save_best_only=True`` saves only when ``monitor`` improves on the best
    so far (``mode`` and the first value as in ``EarlyStopping``;
    ``initial_value_threshold`` is a best to beat from the start). If the
    monitored value is not logged, it warns and saves anyway, as Keras does.
    ``verbose=1`` says what it saved and why.
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__(monitor, mode, baseline=initial_value_threshold)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        is_count = isinstance(save_freq, int) and not isinstance(save_freq, bool)
        if save_freq != "epoch" and not (is_count and save_freq >= 1):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq!r}. Use save_freq='epoch' to save after "
                f"every epoch, or a whole number of batches such as save_freq=100."
            )
        endings = WEIGHTS_ENDINGS if save_weights_only else MODEL_ENDINGS
        if not self.filepath.endswith(endings):
            if save_weights_only:
                what = "With save_weights_only=True the filepath must end in .weights.h5 or .weights.npz"
            else:
                what = "The filepath must end in .keras (a whole model; nnlib does not write HDF5 files)"
            raise ValueError(f"{what}. Received: filepath={self.filepath!r}.")
        self._current_epoch = 0
        self._batches_since_saving = 0

    def on_train_begin(self, logs=None):
        if self.save_best_only:
            self.higher_is_better  # noqa: B018 (an unknown direction fails now, not after an epoch)

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_since_saving += 1
        if self._batches_since_saving >= self.save_freq:
            self._batches_since_saving = 0
            self._save(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _save(self, epoch, batch, logs):
        logs = logs or {}
        filepath = self._file_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, filepath):
            return
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                f"ModelCheckpoint cannot save to {filepath!r}: it is a directory. Give a file "
                f"name, such as {os.path.join(filepath, 'model.keras')!r}."
            )
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)

    def _should_save(self, epoch, logs, filepath):
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"Epoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"ModelCheckpoint can save the best model only when {self.monitor!r} is logged, "
                f"so it saved this one. Logged values are: {', '.join(logs)}.",
                stacklevel=2,
            )
            return True
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print(
                    f"Epoch {epoch + 1}: {self.monitor} improved from {best} to {current:.5f}, "
                    f"saving model to {filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            print(f"Epoch {epoch + 1}: {self.monitor} did not improve from {best}")
        return False

    def _file_path(self, epoch, batch, logs):
        """``filepath`` filled in: ``epoch`` and ``batch`` count from 1, the other names from ``logs``."""
        names = dict(logs)
        names["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            names["batch"] = batch + 1
        try:
            return self.filepath.format(**names)
        except KeyError as error:
            raise KeyError(
                f"ModelCheckpoint cannot fill in the filepath {self.filepath!r}: {error} is "
                f"neither epoch nor a logged value. Logged values are: {', '.join(names)}."
            ) from None
        except (ValueError, IndexError) as error:
            raise ValueError(
                f"ModelCheckpoint cannot fill in the filepath {self.filepath!r}: {error}. Name "
                f"logged values with formats such as {{epoch:02d}} and {{val_loss:.2f}}."
            ) from None
