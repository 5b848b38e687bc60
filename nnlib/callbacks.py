"""Callbacks: code that ``fit``, ``evaluate`` and ``predict`` call at fixed points of their loops.

Names, arguments and behaviour are Keras 3's:

- ``History`` (returned by ``fit``) and ``ProgbarLogger`` (the progress
  display ``verbose`` turns on), which the loops add themselves;
- ``EarlyStopping`` and ``ReduceLROnPlateau``, which watch a logged value;
- ``ModelCheckpoint``, which saves the model or its weights as it trains;
- ``LearningRateScheduler``, ``CSVLogger``, ``TerminateOnNaN`` and
  ``LambdaCallback`` (a callback made of functions).

Write your own by subclassing ``Callback`` and overriding the hooks you
need (``on_epoch_end(epoch, logs)``, ``on_train_batch_end(batch, logs)``,
...; each hook's docstring says when it is called and with which logs).
``self.model`` is the model, and setting ``self.model.stop_training = True``
in any hook ends training after the current batch. ``CallbackList`` calls a
list of them, for a training loop of your own.
"""

import csv
import difflib
import inspect
import math
import numbers
import os

from . import _scope
from ._callback import Callback, History
from ._callback_list import CallbackList
from ._checkpoint import ModelCheckpoint
from ._monitor import EarlyStopping, MonitorCallback, ReduceLROnPlateau
from ._progress import ProgbarLogger

#: every hook a callback can have, for LambdaCallback's checks
HOOKS = tuple(name for name in vars(Callback) if name.startswith("on_"))


class LearningRateScheduler(Callback):
    """Set the learning rate at the start of each epoch to ``schedule(epoch, lr)``.

    ``epoch`` counts from 0 and ``lr`` is the current rate; a schedule of
    one argument, ``schedule(epoch)``, works too (Keras's older form). The
    rate used is logged as ``"learning_rate"``. A whole number is accepted as
    a rate (Keras asks for a float).
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                f"LearningRateScheduler needs a function schedule(epoch, lr) -> new rate, got "
                f"{schedule!r}. For a rate that changes with every step, pass a schedule from "
                f"nnlib.optimizers.schedules as the optimizer's learning_rate instead."
            )
        self.schedule = schedule
        self.verbose = verbose

    def _new_rate(self, epoch, learning_rate):
        try:
            inspect.signature(self.schedule).bind(epoch, learning_rate)
        except TypeError:  # it takes the epoch alone
            return self.schedule(epoch)
        except ValueError:  # no signature to read (some built-ins): call it as Keras first does
            pass
        return self.schedule(epoch, learning_rate)

    def on_epoch_begin(self, epoch, logs=None):
        learning_rate = self._new_rate(epoch, float(self.model.optimizer.learning_rate))
        if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real):
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


class LambdaCallback(Callback):
    """A callback made of functions: ``LambdaCallback(on_epoch_end=lambda epoch, logs: ...)``.

    Each keyword names a hook and gives the function to call there, with
    that hook's arguments: ``(logs)`` for ``on_train_begin``/``_end``,
    ``(epoch, logs)`` for ``on_epoch_*``, ``(batch, logs)`` for the batch
    hooks (``logs`` passed by keyword). Any hook may be given, for example
    ``on_test_begin``. As in Keras, other keywords become attributes; a
    keyword that begins with ``on_`` but is no hook is an error (a typo would
    otherwise never run).
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        functions = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
            **kwargs,
        }
        for name, function in functions.items():
            if name.startswith("on_") and name not in HOOKS:
                close = difflib.get_close_matches(name, HOOKS, n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise TypeError(
                    f"LambdaCallback has no hook {name!r}.{hint} Its hooks are: {', '.join(HOOKS)}."
                )
            if name in HOOKS and function is not None and not callable(function):
                raise TypeError(f"LambdaCallback's {name} must be a function, got {function!r}.")
            if function is not None or name not in HOOKS:
                setattr(self, name, function)


class TerminateOnNaN(Callback):
    """Stop training as soon as the loss of a batch is NaN or infinite.

    Sets ``model.stop_training``, so the other callbacks still see the end of
    training; with ``raise_error=True`` it raises a ``RuntimeError`` at once
    instead (and ``on_train_end`` is not called). nnlib's ``fit`` stops by
    itself when the loss diverges (see ``TrainingDivergedWarning``); this
    callback is for code written for Keras, and for ``raise_error``.
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                f"Terminating training immediately."
            )
        print(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True


class CSVLogger(Callback):
    """Write each epoch's logs as a row of a CSV file: ``epoch``, then the logged names, sorted.

    Keras's format (``keras/src/callbacks/csv_logger.py``): the columns are
    fixed by the first epoch; when it has no ``val_`` values, a ``val_``
    column is added for each name anyway, and a value that is missing is
    written ``NA``. ``append=True`` adds to an existing file (the header is
    written only if the file is empty); otherwise the file is replaced.
    The file is open from ``on_train_begin`` to ``on_train_end``.
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.separator = separator
        self.append = append
        self.file = None
        self.writer = None
        self.keys = None

    @property
    def sep(self):
        return self.separator  # Keras's attribute name

    def on_train_begin(self, logs=None):
        write_header = True
        if self.append and os.path.exists(self.filename):
            with open(self.filename) as existing:
                write_header = not existing.readline()
        if self.file is not None and not self.file.closed:
            self.file.close()
        self.file = open(self.filename, "a" if self.append else "w", newline="")  # noqa: SIM115
        self.write_header = write_header
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if not any(key.startswith("val_") for key in self.keys):
                self.keys += [f"val_{key}" for key in self.keys]
        if self.writer is None:
            self.writer = csv.DictWriter(
                self.file, fieldnames=["epoch", *self.keys], delimiter=self.separator
            )
            if self.write_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.file.flush()

    def on_train_end(self, logs=None):
        if self.file is not None and not self.file.closed:
            self.file.close()
        self.writer = None


def _csv_value(value):
    """A logged value as CSV text: numbers and strings as they are, a sequence as ``"[a, b]"``."""
    if isinstance(value, (str, numbers.Number)) or getattr(value, "ndim", None) == 0:
        return value
    try:
        return f"[{', '.join(map(str, value))}]"
    except TypeError:
        return value


__all__ = [
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "MonitorCallback",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "TerminateOnNaN",
]


def __getattr__(name):
    """A Keras callback nnlib does not have (``TensorBoard``, ``BackupAndRestore``): say why."""
    raise _scope.missing("nnlib.callbacks", name, __all__)
