"""Exercises of chapter 7, overfitting and regularization."""

import functools

import numpy as np

from nnlib.augmentation import all_shifts, random_shifts
from nnlib.callbacks import EarlyStopping
from nnlib.datasets import load_digit_images
from nnlib.losses import MeanSquaredError
from nnlib.optimizers import SGD, Adam
from nnlib.regularizers import L1, L2

from .core import Case, ChoiceExercise, ExperimentExercise, FunctionExercise, HandedOut, ValueExercise

diagnose_curves = ChoiceExercise(
    name="diagnose_curves",
    title="reading a learning curve",
    answer="curve_answer",
    options={
        "a": "add dropout after each hidden layer",
        "b": "stop training earlier, with early stopping",
        "c": "use a larger network, or train longer or with a larger learning rate",
        "d": "add an L2 penalty to the kernels",
    },
    correct="c",
    feedback={
        "a": "Dropout makes fitting the training set harder. Here the network cannot even fit "
        "the training set: the training loss is flat and high.",
        "b": "Early stopping ends training before the network overfits. This one is not "
        "overfitting: the validation loss sits just above the training loss, and both are flat.",
        "d": "A penalty pulls the weights towards zero, which makes the model simpler still. "
        "The flat, high training loss says it is already too simple (or learns too slowly).",
    },
)


# L2 on a weight that the data do not pull: plain SGD against Adam, the blank pixels of the chapter.
DECAY_START, DECAY_L2, DECAY_LEARNING_RATE, DECAY_STEPS = 0.8, 0.001, 0.001, 100


def decay_distance(optimizer):
    """How far ``optimizer`` moves, in DECAY_STEPS steps, a weight whose only gradient is the L2
    penalty's (nnlib's ``L2``)."""
    weight, penalty = np.array([DECAY_START]), L2(DECAY_L2)
    for _ in range(DECAY_STEPS):
        optimizer.update([weight], [penalty.gradient(weight)])
    return float(DECAY_START - weight[0])


def decay_ratio():
    """Adam's distance over plain SGD's, both measured with nnlib's optimizers."""
    return decay_distance(Adam(learning_rate=DECAY_LEARNING_RATE)) / decay_distance(
        SGD(learning_rate=DECAY_LEARNING_RATE)
    )


decay_under_adam = ValueExercise(
    name="decay_under_adam",
    title="an L2 penalty under SGD and under Adam",
    answer="distance_ratio",
    expected=decay_ratio,
    rtol=0.04,  # the prediction "Adam moves the weight by the learning rate per step" is 2% off
    atol=0.0,
    hint="for SGD, write one step for a weight whose gradient is the penalty's alone, and see how "
    "little 100 of them change it. For Adam, look at what it divides the gradient by when that "
    "gradient hardly changes from step to step: how large is one step then, and does it depend "
    "on lambda?",
)


#: the sparse regression of the L1 exercise: weights of several sizes, three of them 0
SPARSE_WEIGHTS = np.array([1.0, -0.8, -0.6, 0.3, -0.25, 0.15, 0.12, -0.1, 0.05, 0.0, 0.0, 0.0])
SPARSE_SAMPLES, SPARSE_NOISE, SPARSE_STRENGTH = 60, 0.1, 0.4


def sparse_regression_data():
    """X of shape (60, 12) with X.T @ X / 60 = I, and y = X @ SPARSE_WEIGHTS plus noise."""
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.normal(size=(SPARSE_SAMPLES, len(SPARSE_WEIGHTS))))
    X = q * np.sqrt(SPARSE_SAMPLES)
    y = X @ SPARSE_WEIGHTS + SPARSE_NOISE * rng.normal(size=SPARSE_SAMPLES)
    return X, y


def penalized_minimum(penalty, steps=500, learning_rate=0.25):
    """The weights that minimize nnlib's MSE of X @ w (no bias) plus ``penalty`` (L1 or L2).

    L2 by gradient descent on the sum; L1 by proximal gradient descent (a gradient step on the
    MSE, then the soft threshold of the chapter's group-penalty section), which lands on exact
    zeros where the minimum has them.
    """
    X, y = sparse_regression_data()
    loss, w = MeanSquaredError(), np.zeros(X.shape[1])
    for _ in range(steps):
        gradient = X.T @ loss.gradient(y[:, None], (X @ w)[:, None])[:, 0]
        if isinstance(penalty, L2):
            w = w - learning_rate * (gradient + penalty.gradient(w))
        else:
            w = w - learning_rate * gradient
            w = np.sign(w) * np.maximum(np.abs(w) - learning_rate * penalty.l1, 0.0)
    return w


def zero_weight_counts():
    """How many weights are exactly 0 at the minimum, with L1 and with L2 of the same strength."""
    return np.array(
        [
            np.sum(penalized_minimum(L1(SPARSE_STRENGTH)) == 0),
            np.sum(penalized_minimum(L2(SPARSE_STRENGTH)) == 0),
        ]
    )


l1_zero_count = ValueExercise(
    name="l1_zero_count",
    title="which weights L1 sets to zero",
    answer="zero_weights",
    expected=zero_weight_counts,
    rtol=0.0,
    atol=0.1,  # counts: exact or wrong
    hint="because X.T @ X / m is the identity, the gradient of the MSE is simple: write it in terms "
    "of w and c = X.T @ y / m. Then ask, weight by weight, when the penalty's pull can balance "
    "the data's pull at w = 0, and when it cannot. Mind the factor of the MSE's gradient.",
)


dropout_sweep = ChoiceExercise(
    name="dropout_sweep",
    title="the dropout sweep",
    answer="sweep_answer",
    options={
        "a": "the test accuracy rises steadily with the rate, so 0.8 is the best choice by far",
        "b": "the gap shrinks as the rate grows: the training loss rises and the validation loss falls",
        "c": "the gap stays the same, because dropout is switched off when the losses are measured",
        "d": "dropout lowers the training loss, because each kept unit is scaled up",
    },
    correct="b",
    feedback={
        "a": "Look at the right panel again: the accuracy jumps between rates 0 and 0.2, then "
        "hardly moves. 0.8 is no better than 0.2 by any useful margin.",
        "c": "Dropout is off while the losses are measured, but it was on during training: it "
        "changed the weights the network learned. Compare the gaps in the left panel.",
        "d": "Compare the training losses in the left panel: they go up with the rate. The "
        "scaling only keeps the expected activation the same; a network that loses units "
        "at random fits its training set less closely.",
    },
)


class _EpochModel:
    """A stand-in model for EarlyStopping: its 'weights' are the number of the current epoch."""

    def __init__(self):
        self.epoch, self.restored_epoch, self.stop_training = 0, None, False

    def get_weights(self):
        return [np.array(self.epoch)]

    def set_weights(self, weights):
        self.restored_epoch = int(weights[0])


def early_stopping_reference(val_losses, patience, min_delta=0.0):
    """Run nnlib's ``EarlyStopping(restore_best_weights=True)`` over a sequence of validation losses.

    Returns ``(last_epoch, best_epoch)``, counted from 0: the last epoch that
    runs, and the epoch whose weights are restored at the end.
    """
    callback = EarlyStopping(
        monitor="val_loss", patience=patience, min_delta=min_delta, restore_best_weights=True
    )
    model = _EpochModel()
    callback.set_model(model)
    callback.on_train_begin()
    last_epoch = len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        model.epoch = epoch
        callback.on_epoch_end(epoch, {"val_loss": float(loss)})
        if model.stop_training:
            last_epoch = epoch
            break
    callback.on_train_end()
    return last_epoch, model.restored_epoch


def _early_stopping_cases(rng):
    epochs = np.arange(60)
    u_shaped = 0.3 + 0.6 * np.exp(-epochs / 8) + 0.004 * epochs + 0.02 * rng.normal(size=60)
    return [
        Case("falls, then rises; patience 2", np.array([1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.6]), 2, 0.0),
        Case("improves every epoch: never stops", np.array([0.9, 0.8, 0.7, 0.65, 0.6]), 3, 0.0),
        Case(
            "patience 0: stops at the first epoch without improvement",
            np.array([0.9, 0.7, 0.72, 0.5]),
            0,
            0.0,
        ),
        Case("a tie with the best is not an improvement", np.array([0.5, 0.5, 0.5, 0.4]), 2, 0.0),
        Case(
            "min_delta 0.02: small gains do not count",
            np.array([1.0, 0.97, 0.96, 0.94, 0.935, 0.93, 0.925]),
            2,
            0.02,
        ),
        Case(
            "the best epoch is the first; patience longer than the run",
            np.array([0.4, 0.5, 0.45, 0.42]),
            10,
            0.0,
        ),
        Case("a noisy U-shaped curve of 60 epochs, patience 5", u_shaped, 5, 0.0),
        Case("the same curve, patience 5 and min_delta 0.01", u_shaped, 5, 0.01),
    ]


early_stopping_epoch = FunctionExercise(
    name="early_stopping_epoch",
    title="the early-stopping rule",
    answer="early_stopping_epoch",
    cases=_early_stopping_cases,
    reference=early_stopping_reference,
    forbidden=["nnlib.callbacks.EarlyStopping.on_epoch_end"],
    hint="keep the best loss so far and the epoch it came from. An epoch improves only if its "
    "loss is below best - min_delta (a tie does not count). Count the epochs since the last "
    "improvement, and stop at the epoch where that count reaches the patience. Return "
    "(last_epoch, best_epoch), both counted from 0; the check compares last_epoch first.",
)


# The experiment: 200 centered digits to train on, off-center digits to test on.
N_TRAIN_IMAGES, FIRST_TEST_IMAGE = 200, 1200
#: the seed of the chapter's own shifted test images, random_shifts(test_images, seed=1)
CHAPTER_SHIFT_SEED = 1


def _test_digits():
    images, labels = load_digit_images()
    return images[FIRST_TEST_IMAGE:] / 16.0, labels[FIRST_TEST_IMAGE:]


def chapter_shifted_digits():
    """The shifted test images the chapter makes and shows (``shifted_test_images``), with their labels."""
    images, labels = _test_digits()
    return random_shifts(images, max_shift=1, seed=CHAPTER_SHIFT_SEED), labels


@functools.cache
def shifted_test_digits():
    """The check's own test set: each of the last 597 digits moved by every one-pixel offset
    that does not give the image the chapter shows for it (``chapter_shifted_digits``): about
    8 x 597 images, none of which the chapter hands out."""
    images, labels = _test_digits()
    shown, _ = chapter_shifted_digits()
    moved = all_shifts(images).reshape(-1, *images.shape)  # (offsets, images, 8, 8)
    new = ~(moved == shown).all(axis=(2, 3))  # (offsets, images): not the chapter's image
    x_test, y_test = moved[new], np.broadcast_to(labels, new.shape)[new]
    x_test.flags.writeable = y_test.flags.writeable = False  # cached: shared by every check
    return x_test, y_test


shifted_digits = ExperimentExercise(
    name="shifted_digits",
    title="digits that are off-center",
    answer="digit_model",
    data=shifted_test_digits,
    target=0.75,
    # Measured: models trained on the 200 images and their shifts score 0.01 lower to 0.04
    # higher on the chapter's shifted_test_images than on the check's; trained on those
    # images as well, 0.09 to 0.14 higher.
    handed_out=HandedOut(
        chapter_shifted_digits, "the chapter's shifted test images (shifted_test_images)", max_gap=0.06
    ),
    hint="the 200 training digits are all centered, so the network never saw a shifted one. Add "
    "shifted copies to the training set (all_shifts gives the images and the matching "
    "labels) and train for a few epochs more.",
)

EXERCISES = [
    diagnose_curves,
    decay_under_adam,
    l1_zero_count,
    dropout_sweep,
    early_stopping_epoch,
    shifted_digits,
]
