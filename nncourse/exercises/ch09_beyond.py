"""Exercises of chapter 9, beyond the MLP."""

import functools

import numpy as np

from nnlib.convolution import max_pool2d
from nnlib.datasets import load_digits
from nnlib.layers import Dense, Dropout
from nnlib.model import Sequential

from . import architecture
from .core import Case, ChoiceExercise, ExperimentExercise, FunctionExercise, ValueExercise


def wavy(x):
    """The function the learner's one-hidden-layer network approximates on [-2, 2]."""
    return np.sin(3 * x) + 0.5 * x


def _wavy_test_points():
    # points between the training grid's, inside the interval the network saw
    x_test = np.linspace(-1.99, 1.99, 157).reshape(-1, 1)
    return x_test, wavy(x_test[:, 0])


def r_squared(y, predicted):
    """1 - (sum of squared errors) / (sum of squared deviations from the mean).

    Predictions that are not one number per sample score minus infinity.
    """
    try:
        predicted = np.ravel(np.asarray(predicted, dtype=float))
    except (TypeError, ValueError):
        return float("-inf")
    if predicted.shape != y.shape:
        return float("-inf")
    return float(1 - np.sum((y - predicted) ** 2) / np.sum((y - y.mean()) ** 2))


#: the most hidden units the broken line may use
BROKEN_LINE_UNITS = 20


def one_small_relu_layer(description, answer):
    """One hidden layer of at most ``BROKEN_LINE_UNITS`` ReLU units, then the output."""
    problem = architecture.one_hidden_layer(description, answer)
    if problem:
        return problem
    (units, activation), _ = architecture.dense_layers(description)
    if activation != "relu" or units > BROKEN_LINE_UNITS:
        return (
            f"the exercise asks for a hidden layer of at most {BROKEN_LINE_UNITS} ReLU units, and "
            f"`{answer}` has {units} {activation or 'linear'} units. Keep the network to "
            f"layers.Dense(n, activation='relu') with n <= {BROKEN_LINE_UNITS}, then layers.Dense(1)."
        )
    return None


approximate_function = ExperimentExercise(
    name="approximate_function",
    title="a broken line of ReLUs, set by hand",
    answer="wavy_model",
    data=_wavy_test_points,
    score=r_squared,
    target=0.998,
    score_name="R\u00b2",
    architecture=one_small_relu_layer,
    hint="one ReLU unit relu(x - t) is 0 left of t and rises with slope 1 right of it, so the "
    "output weight of a unit is how much it changes the slope where it switches on. Choose the "
    "points where the slope may change, work out the slope of the line on each piece between "
    "them, and the weights follow; the output bias is the value at x = -2.",
)


approximation_promise = ChoiceExercise(
    name="approximation_promise",
    title="what the universal approximation theorem promises",
    answer="promise_answer",
    options={
        "a": "nothing: a wide enough network trained on the 500 samples will predict new ones well",
        "b": "the theorem holds only for sigmoid units, and the network uses ReLU",
        "c": "the theorem says that good weights exist, not that training on 500 samples finds them",
        "d": "the theorem needs at least two hidden layers for a function of several inputs",
    },
    correct="c",
    feedback={
        "a": "The theorem is about representing a known function, not about learning one from "
        "500 noisy samples. A network wide enough to pass through every sample can still "
        "do anything between them: that is overfitting.",
        "b": "Later results extend the theorem to every activation that is not a polynomial, "
        "ReLU included. The flaw in the argument lies elsewhere.",
        "d": "One hidden layer is enough for the theorem: that is what makes it surprising.",
    },
)


def _pool_cases(rng):
    return [
        Case("a 4 x 4 map, 2 x 2 windows", rng.normal(size=(4, 4)), 2),
        Case("every value negative (the maximum is below 0)", -rng.uniform(1, 5, size=(4, 6)), 2),
        Case("a 5 x 7 map: the last row and column are left over", rng.normal(size=(5, 7)), 2),
        Case("3 x 3 windows on a 6 x 9 map", rng.normal(size=(6, 9)), 3),
        Case("a 2 x 8 map, 2 x 2 windows", rng.normal(size=(2, 8)), 2),
        Case("1 x 1 windows (nothing changes)", rng.normal(size=(3, 3)), 1),
    ]


max_pooling = FunctionExercise(
    name="max_pooling",
    title="max pooling",
    answer="max_pool2d",
    cases=_pool_cases,
    reference=max_pool2d,
    forbidden=["nnlib.convolution.max_pool2d"],
    wants_float_output=True,
    hint="the output has feature_map.shape[0] // size rows and feature_map.shape[1] // size "
    "columns; entry (i, j) is the maximum of rows i*size to (i+1)*size and columns "
    "j*size to (j+1)*size. The windows do not overlap, and a maximum can be negative.",
)


#: the photos of the architecture exercise: 224 x 224 pixels, three colors, 20,000 of them
PHOTO_INPUTS = 224 * 224 * 3
N_PHOTOS = 20_000
_FIRST_LAYER = PHOTO_INPUTS * 256  # the weights of a 256-unit dense layer on the flattened photo

choose_architecture = ChoiceExercise(
    name="choose_architecture",
    title="an architecture for skin-lesion photos",
    answer="architecture_answer",
    options={
        "a": f"an MLP on the {PHOTO_INPUTS:,} pixel values of each photo, flattened: "
        f"{N_PHOTOS:,} photos are plenty of data for it",
        "b": "a convolutional network, best one pretrained on a large photo collection and "
        "fine-tuned: its kernels are shared across the image, so a pattern is found wherever "
        "it appears",
        "c": "an LSTM that reads each photo one row of pixels at a time, keeping a memory of "
        "the rows it has seen",
        "d": "an autoencoder, because it learns the important features of the photos on its own",
    },
    correct="b",
    feedback={
        "a": f"A dense layer of 256 units on those inputs alone has {_FIRST_LAYER / 1e6:.1f} "
        f"million weights, about {_FIRST_LAYER / N_PHOTOS:,.0f} per photo, and it treats a lesion "
        "moved by ten pixels as a new pattern: nothing in it knows which pixels are neighbors.",
        "c": "An LSTM is built for sequences, in which order matters. A photo has no first row; "
        "what matters is which pixels are neighbors, and that a pattern means the same anywhere. "
        f"The LSTM reads each row as {224 * 3} numbers through dense weights, so a lesion moved "
        "sideways is a new pattern to it again.",
        "d": "An autoencoder learns to compress and rebuild its inputs without the labels, so on "
        "its own it gives no benign/malignant answer, and nothing makes it keep what tells the "
        "two apart.",
    },
)


def frozen_model():
    """The model of the exercise: 784-256-(dropout)-128-10, both hidden Dense layers frozen."""
    model = Sequential(
        [
            Dense(256, activation="relu", input_shape=(784,)),
            Dropout(0.2),
            Dense(128, activation="relu"),
            Dense(10, activation="softmax"),
        ]
    )
    model.layers[0].trainable = False
    model.layers[2].trainable = False
    return model


def _frozen_counts():
    model = frozen_model()
    trainable = sum(layer.count_params() for layer in model.layers if layer.trainable)
    return [trainable, model.count_params() - trainable]


frozen_parameters = ValueExercise(
    name="frozen_parameters",
    title="trainable and frozen parameters",
    answer="frozen_counts",
    expected=_frozen_counts,
    hint="a Dense layer from n inputs to u units has n * u kernel entries and u biases; a "
    "Dropout layer has none. Frozen layers keep their parameters, they just stop "
    "training: put them in the second number. Give [trainable, non-trainable].",
    rtol=0,
    atol=0.5,
)


#: the pretrained network learned the ten digits from the first images of the training split;
#: the new task draws its few labeled images from the rest, which the network never saw
SOURCE_IMAGES = 1000
IMAGES_PER_DIGIT = 2


def _digits_network(n_outputs, seed):
    return Sequential(
        [
            Dense(64, activation="relu", input_shape=(64,)),
            Dense(32, activation="relu"),
            Dense(n_outputs, activation="softmax"),
        ],
        seed=seed,
    )


@functools.lru_cache(maxsize=1)
def _pretrained_weights():
    x_train, _, y_train, _ = load_digits(seed=0)
    model = _digits_network(10, seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train[:SOURCE_IMAGES], y_train[:SOURCE_IMAGES], epochs=30, verbose=0)
    return tuple(model.get_weights())


def pretrained_digits():
    """A new copy of chapter 9's ``source_10``: the 64-64-32-10 network trained on all ten digits.

    Trained (once per process) exactly as the chapter trains it, on the first
    1,000 images of ``load_digits(seed=0)``'s training split.
    """
    model = _digits_network(10, seed=0)
    model.set_weights([array.copy() for array in _pretrained_weights()])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def is_large(digits):
    """The new task's label: 1 for the digits 5 to 9, 0 for 0 to 4."""
    return (np.asarray(digits) >= 5).astype(int)


def few_large_digit_images():
    """``(x_few, y_few)``: two training images of each digit that ``pretrained_digits`` never saw,
    labeled by ``is_large``."""
    x_train, _, y_train, _ = load_digits(seed=0)
    rng = np.random.default_rng(0)
    pool = np.arange(SOURCE_IMAGES, len(x_train))
    picked = np.concatenate(
        [rng.choice(pool[y_train[pool] == digit], IMAGES_PER_DIGIT, replace=False) for digit in range(10)]
    )
    return x_train[picked], is_large(y_train[picked])


def _large_digits_test():
    _, x_test, _, y_test = load_digits(seed=0)
    return x_test, is_large(y_test)


freeze_and_retrain = ExperimentExercise(
    name="freeze_and_retrain",
    title="freeze and retrain: 5 or more?",
    answer="transfer_model",
    data=_large_digits_test,
    target=0.87,
    architecture=architecture.frozen_start(lambda: list(_pretrained_weights()[:4]), "pretrained"),
    weights=True,
    hint="the borrowed layers already tell the ten digits apart; what is left is to say which of "
    "them are large. Freeze them before you compile, give the model a new output layer for two "
    "classes, and train only that on the 20 images (a learning rate of about 0.01, for a hundred "
    "epochs or so). Compare with a network trained from scratch on the same images.",
)

EXERCISES = [
    approximate_function,
    approximation_promise,
    max_pooling,
    choose_architecture,
    frozen_parameters,
    freeze_and_retrain,
]
