"""The ``Callback`` base class, with every hook Keras 3 has, and ``History``.

``CallbackList`` (``_callback_list.py``) calls the hooks; ``ProgbarLogger``
(``_progress.py``) is the progress display. As in Keras's
``keras/src/callbacks/callback.py`` and ``history.py``.
"""


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
