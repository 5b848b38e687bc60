"""The plumbing of callbacks: the ``CallbackList`` that calls every hook of a list of them.

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

from ._callback import Callback, History
from ._progress import ProgbarLogger

#: the hooks called before and after each batch, for each of the three loops
BATCH_HOOKS = {
    "train": (("on_train_batch_begin", "on_batch_begin"), ("on_train_batch_end", "on_batch_end")),
    "test": (("on_test_batch_begin",), ("on_test_batch_end",)),
    "predict": (("on_predict_batch_begin",), ("on_predict_batch_end",)),
}


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
