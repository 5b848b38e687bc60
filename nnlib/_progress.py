"""The text of a training progress display, shown in a terminal or a notebook.

``ProgressDisplay`` draws ``Epoch 3/10`` and a bar such as
``12/45 [=======>......] - 0.4s - loss: 0.3012 - accuracy: 0.9120``.
In a terminal it rewrites its line with a carriage return; in a Jupyter
notebook it updates one display output in place. Redraws are limited to ten
a second so that the display costs nothing measurable.
"""

import numbers
import sys
import time

BAR_WIDTH = 30
SECONDS_BETWEEN_REDRAWS = 0.1


def format_logs(logs):
    """``{"loss": 0.3, "accuracy": 0.9}`` -> ``"loss: 0.3000 - accuracy: 0.9000"``."""
    return " - ".join(
        f"{key}: {value:.4f}" if isinstance(value, numbers.Real) else f"{key}: {value}"
        for key, value in (logs or {}).items()
    )


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
