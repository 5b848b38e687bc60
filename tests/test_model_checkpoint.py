"""ModelCheckpoint with Keras's rules (keras/src/callbacks/model_checkpoint.py): file names
filled in from the epoch, the batch and the logs; save_best_only with mode and
initial_value_threshold; save_freq by epoch or by batches; whole models or weights only;
and a message for every bad argument. Most cases are ported from Keras's
keras/src/callbacks/model_checkpoint_test.py (test_model_checkpoint_options, cases 1 to 15,
and test_model_checkpoint_loading)."""

import os

import numpy as np
import pytest

from nnlib import Sequential, callbacks, layers
from nnlib.models import load_model


def data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    return x, np.eye(3)[rng.integers(0, 3, size=n)]


X_TRAIN, Y_TRAIN = data(30, 42)
X_TEST, Y_TEST = data(30, 43)


def get_model():
    """Keras's test model: Dense(5, relu), Dense(3, softmax), categorical cross-entropy, SGD."""
    model = Sequential(
        [layers.Dense(5, activation="relu", input_shape=(3,)), layers.Dense(3, activation="softmax")]
    )
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["acc"])
    return model


def fit(model, checkpoint, epochs=1, batch_size=5):
    return model.fit(
        X_TRAIN,
        Y_TRAIN,
        batch_size=batch_size,
        validation_data=(X_TEST, Y_TEST),
        callbacks=[checkpoint],
        epochs=epochs,
        verbose=0,
    )


@pytest.mark.parametrize(
    "monitor, mode, save_best_only",
    [
        ("val_loss", "auto", False),
        ("val_loss", "min", False),
        ("val_acc", "max", False),
        ("val_acc", "max", True),
    ],
)
def test_a_checkpoint_is_written_in_a_directory_it_creates(tmp_path, monitor, mode, save_best_only):
    """Cases 1 to 4: one epoch writes the file, in a subdirectory created for it."""
    filepath = tmp_path / "subdir" / "checkpoint.keras"
    fit(
        get_model(),
        callbacks.ModelCheckpoint(filepath, monitor=monitor, save_best_only=save_best_only, mode=mode),
    )
    assert filepath.exists()


def test_a_monitored_value_that_is_not_logged_warns_and_saves(tmp_path):
    """Case 5: monitor="unknown" with save_best_only warns, and the model is saved anyway."""
    filepath = tmp_path / "checkpoint.keras"
    checkpoint = callbacks.ModelCheckpoint(filepath, monitor="unknown", save_best_only=True, mode="min")
    with pytest.warns(
        UserWarning, match=r"ModelCheckpoint can save the best model only when 'unknown' is logged"
    ):
        fit(get_model(), checkpoint)
    assert filepath.exists()


def test_an_unknown_mode_is_an_error():
    """Case 6: Keras warns "ModelCheckpoint mode 'unknown' is unknown" and falls back to auto;
    nnlib raises, as its EarlyStopping does, so that a typo cannot watch the wrong way."""
    with pytest.raises(
        ValueError, match=r"ModelCheckpoint mode must be 'auto', 'min' or 'max', got 'unknown'"
    ):
        callbacks.ModelCheckpoint("checkpoint.keras", mode="unknown")


@pytest.mark.parametrize("ending", [".keras", ".weights.h5"])
def test_an_integer_save_freq_saves_every_that_many_batches(tmp_path, ending):
    """Cases 8a and 8b: 30 samples in batches of 6 are 5 batches an epoch, so save_freq=15
    saves at the end of epochs 3, 6 and 9."""
    filepath = str(tmp_path / f"checkpoint.epoch{{epoch:02d}}{ending}")
    checkpoint = callbacks.ModelCheckpoint(filepath, save_freq=15, save_weights_only=ending != ".keras")
    fit(get_model(), checkpoint, epochs=10, batch_size=6)
    saved = [epoch for epoch in range(1, 11) if os.path.exists(filepath.format(epoch=epoch))]
    assert saved == [3, 6, 9]


@pytest.mark.parametrize("save_freq", ["invalid_save_freq", 0, -3, 2.5, True])
def test_save_freq_is_epoch_or_a_number_of_batches(save_freq):
    """Case 9."""
    with pytest.raises(ValueError, match=r"Unrecognized save_freq: .*Use save_freq='epoch'"):
        callbacks.ModelCheckpoint("checkpoint.keras", save_freq=save_freq)
    callbacks.ModelCheckpoint("x.weights.h5", save_weights_only=True, save_freq="epoch")
    callbacks.ModelCheckpoint("x.weights.h5", save_weights_only=True, save_freq=3)


@pytest.mark.parametrize("ending", [".keras", ".weights.h5"])
def test_the_batch_can_be_part_of_the_file_name(tmp_path, ending):
    """Cases 10a and 10b: save_freq=1 with {batch} in the name writes one file per batch
    (batches counted from 1 in each epoch)."""
    filepath = str(tmp_path / f"checkpoint.epoch{{epoch:02d}}batch{{batch:02d}}{ending}")
    checkpoint = callbacks.ModelCheckpoint(filepath, save_freq=1, save_weights_only=ending != ".keras")
    fit(get_model(), checkpoint, epochs=5, batch_size=15)
    expected = {filepath.format(epoch=epoch, batch=batch) for epoch in range(1, 6) for batch in (1, 2)}
    assert {str(path) for path in tmp_path.iterdir()} == expected


@pytest.mark.parametrize(
    "monitor, mode, threshold, saved",
    [
        ("val_acc", "max", -0.01, True),  # case 11: any accuracy beats -0.01
        ("val_loss", "auto", None, True),  # case 12: no threshold, the first epoch improves
        ("val_loss", "min", 0, False),  # case 13: no loss beats 0
        ("val_loss", "auto", 0, False),  # case 14
        ("val_accuracy", "auto", 1, False),  # case 15 (val_auc in Keras): no accuracy beats 1
    ],
)
def test_initial_value_threshold_is_the_best_to_beat(tmp_path, monitor, mode, threshold, saved):
    filepath = tmp_path / "checkpoint.keras"
    model = get_model()
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy", "acc"])
    checkpoint = callbacks.ModelCheckpoint(
        filepath, monitor=monitor, save_best_only=True, initial_value_threshold=threshold, mode=mode
    )
    fit(model, checkpoint)
    assert filepath.exists() == saved


def test_save_best_only_keeps_the_best_epoch(tmp_path):
    """model_checkpoint.py: with save_best_only the file holds the model of the best epoch so
    far, and a file name with {epoch} names each improvement."""
    filepath = str(tmp_path / "model-{epoch:02d}-{val_loss:.2f}.keras")
    best = callbacks.ModelCheckpoint(tmp_path / "best.keras", save_best_only=True)
    every = callbacks.ModelCheckpoint(filepath, save_best_only=True)
    model = get_model()
    history = model.fit(
        X_TRAIN, Y_TRAIN, epochs=6, validation_data=(X_TEST, Y_TEST), callbacks=[best, every], verbose=0
    )
    val_loss = history.history["val_loss"]
    improved = [i for i in range(6) if val_loss[i] < min(val_loss[:i], default=np.inf)]
    names = sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("model-"))
    assert names == [f"model-{i + 1:02d}-{val_loss[i]:.2f}.keras" for i in improved]
    loaded = load_model(tmp_path / "best.keras")
    assert loaded.evaluate(X_TEST, Y_TEST)[0] == pytest.approx(min(val_loss), rel=1e-12)
    assert best.best == min(val_loss)


def test_a_loaded_checkpoint_has_the_weights_of_the_model(tmp_path):
    """test_model_checkpoint_loading: load_model of the checkpoint (a whole model), and
    load_weights of a weights-only checkpoint, give the model's weights."""
    model = get_model()
    fit(model, callbacks.ModelCheckpoint(tmp_path / "checkpoint.model.keras", save_best_only=True))
    for saved, loaded in zip(
        model.get_weights(), load_model(tmp_path / "checkpoint.model.keras").get_weights()
    ):
        np.testing.assert_array_equal(saved, loaded)

    model = get_model()
    fit(
        model,
        callbacks.ModelCheckpoint(
            tmp_path / "checkpoint.weights.h5", save_best_only=True, save_weights_only=True
        ),
    )
    new_model = get_model()
    new_model.load_weights(tmp_path / "checkpoint.weights.h5")
    for saved, loaded in zip(model.get_weights(), new_model.get_weights()):
        np.testing.assert_array_equal(saved, loaded)


def test_verbose_says_what_it_saved_and_why(tmp_path, capsys):
    """The messages of model_checkpoint.py (_should_save_model), without its leading newline."""
    filepath = tmp_path / "m.keras"
    checkpoint = callbacks.ModelCheckpoint(filepath, monitor="loss", save_best_only=True, verbose=1)
    checkpoint.set_model(get_model())
    checkpoint.on_train_begin()
    checkpoint.on_epoch_end(0, {"loss": 0.5})
    checkpoint.on_epoch_end(1, {"loss": 0.7})
    out = capsys.readouterr().out
    assert f"Epoch 1: loss improved from None to 0.50000, saving model to {filepath}" in out
    assert "Epoch 2: loss did not improve from 0.50000" in out
    every = callbacks.ModelCheckpoint(filepath, verbose=1)
    every.set_model(get_model())
    every.on_epoch_end(2, {"val_loss": 0.9})
    assert capsys.readouterr().out == f"Epoch 3: saving model to {filepath}\n"


# Bad input


@pytest.mark.parametrize(
    "filepath, weights_only, message",
    [
        ("model.h5", False, r"The filepath must end in \.keras \(a whole model; nnlib does not write HDF5"),
        ("model.weights.h5", False, r"The filepath must end in \.keras"),
        ("model.keras", True, r"With save_weights_only=True the filepath must end in \.weights\.h5 or "),
    ],
)
def test_the_file_name_must_fit_what_is_saved(filepath, weights_only, message):
    """model_checkpoint.py (__init__): .keras for a model, .weights.h5 for weights."""
    with pytest.raises(ValueError, match=message + r".*Received: filepath="):
        callbacks.ModelCheckpoint(filepath, save_weights_only=weights_only)


def test_a_name_in_the_file_path_that_is_not_logged_is_an_error(tmp_path):
    """model_checkpoint.py (_get_file_path): a KeyError that names the file path."""
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "m-{val_auc:.2f}.keras"))
    with pytest.raises(
        KeyError, match=r"cannot fill in the filepath .*'val_auc' is neither epoch nor a logged"
    ):
        fit(get_model(), checkpoint)


def test_a_format_that_does_not_fit_the_value_is_an_error(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "m-{val_loss:02d}.keras"))
    with pytest.raises(ValueError, match=r"cannot fill in the filepath .*Unknown format code 'd'"):
        fit(get_model(), checkpoint)


def test_a_directory_is_not_a_file_path(tmp_path):
    """model_checkpoint.py (_save_model): an existing directory as the file path is an error."""
    (tmp_path / "dir.keras").mkdir()
    with pytest.raises(
        IsADirectoryError, match=r"ModelCheckpoint cannot save to .*dir\.keras.*: it is a directory"
    ):
        fit(get_model(), callbacks.ModelCheckpoint(tmp_path / "dir.keras"))


def test_save_best_only_asks_for_a_mode_when_the_direction_is_unknown(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(tmp_path / "m.keras", monitor="f2", save_best_only=True)
    with pytest.raises(ValueError, match=r"ModelCheckpoint cannot tell whether 'f2' should go up or down"):
        fit(get_model(), checkpoint)
