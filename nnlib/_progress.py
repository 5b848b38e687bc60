"""The progress display of ``fit``, ``evaluate`` and ``predict``, in a terminal or a notebook,
and ``ProgbarLogger``, the callback that shows it.

``ProgressDisplay`` draws ``Epoch 3/10`` and a bar such as
``12/45 [=======>......] - 0.4s - loss: 0.3012 - accuracy: 0.9120``.
In a terminal it rewrites its line with a carriage return; in a Jupyter
notebook it updates one display output in place. Redraws are limited to ten
a second so that the display costs nothing measurable.
"""

import numbers
import sys
import time

import numpy as np

from ._callback import Callback

BAR_WIDTH = 30
SECONDS_BETWEEN_REDRAWS = 0.1


def format_logs(logs):
    """``{"loss": 0.3, "accuracy": 0.9}`` -> ``"loss: 0.3000 - accuracy: 0.9000"``."""
    return " - ".join(f"{key}: {format_value(value)}" for key, value in (logs or {}).items())


def format_value(value):
    """A number to four decimals; an array (a metric at several thresholds) entry by entry;
    anything else (a string a callback logged) as it is."""
    if isinstance(value, numbers.Real):
        return f"{value:.4f}"
    if isinstance(value, np.ndarray) or (isinstance(value, (list, tuple)) and np.ndim(value)):
        return np.array2string(np.asarray(value), precision=4, separator=", ")
    return str(value)


def format_bar(done, total):
    """A text bar: ``12/45 [=======>......................]``."""
    filled = int(BAR_WIDTH * done / total) if total else BAR_WIDTH
    arrow = ">" if done < total else "="
    bar = ("=" * max(filled - 1, 0) + arrow if filled else "").ljust(BAR_WIDTH, ".")
    return f"{done}/{total} [{bar}]"


def _in_notebook():
    """True inside a Jupyter kernel, where a display can be updated in place."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class ProgressDisplay:
    """Shows the progress of ``epochs`` epochs of ``steps`` batches each (or of one pass
    of ``evaluate`` or ``predict``, started with ``start()``)."""

    def __init__(self, epochs, steps, live=True):
        self.epochs, self.steps, self.live = epochs, steps, live
        self.notebook = _in_notebook()
        self.lines = []
        self.handle = None
        self.width = 0  # of the terminal line last drawn, to blank out its tail
        if self.notebook:
            from IPython.display import display

            self.handle = display({"text/plain": ""}, raw=True, display_id=True)

    def start_epoch(self, epoch):
        self.start(f"Epoch {epoch + 1}/{self.epochs}")

    def start(self, label=None):
        """Start a new bar, with ``label`` before it (``evaluate`` and ``predict`` have none)."""
        self.label = label
        self.started = self.last_drawn = time.perf_counter()

    def update(self, step, logs):
        if not self.live:
            return
        now = time.perf_counter()
        if now - self.last_drawn < SECONDS_BETWEEN_REDRAWS:
            return
        self.last_drawn = now
        self._show(self._line(step, now, logs), final=False)

    def end_epoch(self, logs):
        self._show(self._line(self.steps, time.perf_counter(), logs), final=True)

    def _line(self, step, now, logs):
        parts = [self.label] if self.label else []
        parts += [format_bar(step, self.steps), f"{now - self.started:.1f}s"]
        if logs:
            parts.append(format_logs(logs))
        return " - ".join(parts)

    def _show(self, line, final):
        if self.notebook:
            text = "\n".join(self.lines + [line])
            if final:
                self.lines.append(line)
            self.handle.update({"text/plain": text}, raw=True)
        else:
            sys.stdout.write("\r" + line.ljust(self.width) + ("\n" if final else ""))
            sys.stdout.flush()
            self.width = 0 if final else len(line)


class ProgbarLogger(Callback):
    """The progress display: a live bar (``verbose=1``) or one line per epoch (``verbose=2``).

    ``fit``, ``evaluate`` and ``predict`` add one unless ``verbose=0``; as in
    Keras it takes ``verbose``, ``epochs`` and ``steps`` from the loop's
    parameters, and stays silent during the validation inside ``fit``. In a
    terminal the bar is redrawn in place; in a notebook it is one output that
    updates in place, so the saved notebook keeps only the final lines.
    """

    def __init__(self):
        super().__init__()
        self.verbose, self.epochs, self.steps = 1, 1, None
        self.display = None
        self._in_fit = False

    def set_params(self, params):
        super().set_params(params)
        self.verbose = params.get("verbose", 1)
        self.epochs = params.get("epochs", 1)
        self.steps = params.get("steps")

    def _new_display(self):
        if not self.verbose:
            return None
        return ProgressDisplay(epochs=self.epochs, steps=self.steps, live=self.verbose == 1)

    def _update(self, batch, logs):
        if self.display is not None:
            self.display.update(batch + 1, logs)

    def _finish(self, logs):
        if self.display is not None:
            self.display.end_epoch(logs)

    # fit: one display for all epochs (in a notebook, one output shows them all)

    def on_train_begin(self, logs=None):
        self._in_fit = True
        self.display = self._new_display()

    def on_epoch_begin(self, epoch, logs=None):
        if self.display is not None:
            self.display.start_epoch(epoch)

    def on_train_batch_end(self, batch, logs=None):
        if self.display is not None:  # (not _update: this runs after every batch)
            self.display.update(batch + 1, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._finish(logs)

    def on_train_end(self, logs=None):
        self._in_fit = False
        self.display = None

    # evaluate and predict: a bar of their own, without an epoch

    def _start_pass(self):
        self.display = self._new_display()
        if self.display is not None:
            self.display.start()

    def _end_pass(self, logs):
        self._finish(logs)
        self.display = None

    def on_test_begin(self, logs=None):
        if not self._in_fit:  # the validation inside fit is silent, as in Keras
            self._start_pass()

    def on_test_batch_end(self, batch, logs=None):
        if not self._in_fit:
            self._update(batch, logs)

    def on_test_end(self, logs=None):
        if not self._in_fit:
            self._end_pass(logs)

    def on_predict_begin(self, logs=None):
        self._start_pass()

    def on_predict_batch_end(self, batch, logs=None):
        self._update(batch, None)  # not the outputs

    def on_predict_end(self, logs=None):
        self._end_pass(None)
