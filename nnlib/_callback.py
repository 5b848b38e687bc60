"""The plumbing of callbacks: the ``Callback`` base class and the ``CallbackList`` that calls them.

``fit``, ``evaluate`` and ``predict`` each make one ``CallbackList`` and call
its hooks at fixed points of their loops, as Keras 3 does
(``keras/src/callbacks/callback.py`` and ``callback_list.py``):

- ``fit``: ``on_train_begin``, then per epoch ``on_epoch_begin``, per batch
  ``on_train_batch_begin`` and ``on_train_batch_end``, the validation
  (``on_test_begin``, ``on_test_batch_begin``/``_end``, ``on_test_end``) and
  ``on_epoch_end``; finally ``on_train_end`` with the last epoch's logs.
- ``evaluate``: the ``on_test_*`` hooks; ``predict``: the ``on_predict_*`` hooks.

Every hook gets a ``logs`` dict: empty where Keras passes nothing, the
running means of the epoch so far at a batch's end, the epoch's values
(with ``val_`` ones) at its end. Each call makes one new dict that all the
callbacks share, so a callback may add a value for the ones after it (the
``LearningRateScheduler`` adds ``"learning_rate"`` for ``History``).

Only the callbacks that override a batch hook are called per batch (and
only for the hooks they override), so a ``fit`` with none, the common case,
spends nothing on them in its inner loop.
"""

from ._progress import ProgressDisplay

#: the hooks called before and after each batch, for each of the three loops
BATCH_HOOKS = {
    "train": (("on_train_batch_begin", "on_batch_begin"), ("on_train_batch_end", "on_batch_end")),
    "test": (("on_test_batch_begin",), ("on_test_batch_end",)),
    "predict": (("on_predict_batch_begin",), ("on_predict_batch_end",)),
}


class Callback:
    """Base class with empty hooks; override the ones you need.

    ``self.model`` is the model being trained (set by ``set_model``) and
    ``self.params`` the loop's parameters (``epochs``, ``steps``,
    ``verbose``, ``batch_size``). ``logs`` is a dict of the latest values.
    Setting ``self.model.stop_training = True`` in any hook of ``fit`` ends
    training after the current batch (and that epoch's validation and
    ``on_epoch_end``), as in Keras.
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None):
        """Called once, before the first epoch."""

    def on_train_end(self, logs=None):
        """Called once, after the last epoch, with that epoch's logs."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of each epoch; ``epoch`` counts from 0."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of each epoch with its logs, validation ones prefixed ``val_``."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training batch; ``batch`` counts from 0 in each epoch."""
        self.on_batch_begin(batch, logs=logs)  # Keras's older name, still honoured

    def on_train_batch_end(self, batch, logs=None):
        """Called after each training batch with the running means of the epoch so far."""
        self.on_batch_end(batch, logs=logs)

    def on_batch_begin(self, batch, logs=None):
        """The older name of ``on_train_batch_begin``."""

    def on_batch_end(self, batch, logs=None):
        """The older name of ``on_train_batch_end``."""

    def on_test_begin(self, logs=None):
        """Called at the start of ``evaluate``, and of the validation in each epoch of ``fit``."""

    def on_test_end(self, logs=None):
        """Called at the end of ``evaluate`` or of a validation, with its results."""

    def on_test_batch_begin(self, batch, logs=None):
        """Called before each batch of ``evaluate`` or of a validation."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after each batch of ``evaluate`` or of a validation, with the running means."""

    def on_predict_begin(self, logs=None):
        """Called at the start of ``predict``."""

    def on_predict_end(self, logs=None):
        """Called at the end of ``predict``."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before each batch of ``predict``."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after each batch of ``predict``; ``logs["outputs"]`` holds the batch's outputs."""


class History(Callback):
    """Records every logged value per epoch: ``history.history["val_loss"][epoch]``.

    ``fit`` adds one after your callbacks and returns it; it is also
    ``model.history`` from the start of training.
    """

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


def overrides(callback, hook):
    """True if ``callback`` does something in ``hook`` (a method or an attribute set on it)."""
    method = getattr(callback, hook)
    return getattr(method, "__func__", method) is not getattr(Callback, hook)


class CallbackList:
    """Calls every hook of a list of callbacks, in order, as Keras's ``CallbackList`` does.

    ``add_history`` appends a ``History`` unless the list holds one, and
    ``add_progbar`` puts a ``ProgbarLogger`` first unless it holds one (first,
    so that the bar's line is finished before another callback prints). The
    ``History`` becomes ``model.history`` at once, so a ``fit`` that stops in
    its first epoch still leaves one. ``params`` (``epochs``, ``steps``,
    ``verbose``, ...) go to every callback's ``set_params``.
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        if isinstance(callbacks, Callback):
            callbacks = [callbacks]
        self.callbacks = list(callbacks or [])
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    f"callbacks must be Callback objects, got {callback!r}. Write a hook as a "
                    f"subclass of nnlib.callbacks.Callback, or wrap a function in "
                    f"callbacks.LambdaCallback(on_epoch_end=...)."
                )
        self.history = next((c for c in self.callbacks if isinstance(c, History)), None)
        if self.history is None and add_history:
            self.history = History()
            self.callbacks.append(self.history)
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.insert(0, ProgbarLogger())
        self.params = params
        self.model = None
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)
        self._find_batch_callbacks()

    def set_model(self, model):
        self.model = model
        if self.history is not None:
            model.history = self.history
        for callback in self.callbacks:
            callback.set_model(model)

    def set_params(self, params):
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def _find_batch_callbacks(self):
        self._batch_callbacks = {}
        for loop, hooks in BATCH_HOOKS.items():
            for when, names in zip(("begin", "end"), hooks):
                self._batch_callbacks[loop, when] = [
                    c for c in self.callbacks if any(overrides(c, name) for name in names)
                ]

    def batch_hooks(self, loop):
        """``(begin, end)``: whether some callback acts before, and after, each batch of ``loop``
        ("train", "test" or "predict"). The loops skip the calls that would do nothing."""
        return bool(self._batch_callbacks[loop, "begin"]), bool(self._batch_callbacks[loop, "end"])

    def append(self, callback):
        self.callbacks.append(callback)
        self._find_batch_callbacks()

    def __iter__(self):
        return iter(self.callbacks)

    def __len__(self):
        return len(self.callbacks)

    # The hooks. Begin/end hooks take logs positionally, batch hooks as a keyword, as in Keras.

    def _call(self, hook, logs):
        logs = dict(logs or {})
        for callback in self.callbacks:
            getattr(callback, hook)(logs)

    def _call_epoch(self, hook, epoch, logs):
        logs = dict(logs or {})
        for callback in self.callbacks:
            getattr(callback, hook)(epoch, logs)

    def _call_batch(self, loop, when, hook, batch, logs):
        logs = dict(logs or {})
        for callback in self._batch_callbacks[loop, when]:
            getattr(callback, hook)(batch, logs=logs)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call_epoch("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call_epoch("on_epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call_batch("train", "begin", "on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call_batch("train", "end", "on_train_batch_end", batch, logs)

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call_batch("test", "begin", "on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call_batch("test", "end", "on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call_batch("predict", "begin", "on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call_batch("predict", "end", "on_predict_batch_end", batch, logs)
