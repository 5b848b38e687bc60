"""Exercises of chapter 8, multilayer perceptrons in practice."""

import numpy as np

from nnlib.datasets import load_digits

from . import architecture
from .core import Case, ChoiceExercise, ExperimentExercise, FunctionExercise, ValueExercise


def _scaling_cases(rng):
    pixels = rng.integers(0, 17, size=(6, 4))
    pixels[:, 0] = 0  # a pixel that is always blank, as in the digits
    return [
        Case("a 2 x 2 table", np.array([[0.0, 10.0], [2.0, 30.0]]), np.array([[1.0, 20.0], [4.0, 0.0]])),
        Case(
            "a test set outside the training range (use the training statistics)",
            rng.normal(0.0, 1.0, size=(8, 3)),
            rng.normal(5.0, 3.0, size=(4, 3)),
        ),
        Case(
            "a constant column (range 0)",
            np.array([[7.0, 1.0], [7.0, 2.0], [7.0, 6.0]]),
            np.array([[7.0, 3.0], [8.0, 0.0]]),
        ),
        Case("a single test sample", rng.normal(2.0, 4.0, size=(5, 3)), rng.normal(size=(1, 3))),
        Case("integer pixel values with a blank pixel", pixels, rng.integers(0, 17, size=(3, 4))),
    ]


def min_max_reference(x_train, x_test):
    """scikit-learn's MinMaxScaler, fitted on ``x_train``."""
    from sklearn.preprocessing import MinMaxScaler

    scaler = MinMaxScaler().fit(np.asarray(x_train, dtype=float))
    return scaler.transform(np.asarray(x_train, dtype=float)), scaler.transform(
        np.asarray(x_test, dtype=float)
    )


min_max_scaling = FunctionExercise(
    name="min_max_scaling",
    title="min-max scaling with the training statistics",
    answer="min_max_scale",
    cases=_scaling_cases,
    reference=min_max_reference,
    forbidden=[
        "sklearn.preprocessing.MinMaxScaler.fit",
        "sklearn.preprocessing.MinMaxScaler.partial_fit",
        "sklearn.preprocessing.MinMaxScaler.transform",
        "sklearn.preprocessing.minmax_scale",
    ],
    hint="take the minimum and the maximum of each column of x_train (axis=0), use 1 where their "
    "difference is 0, and compute (x - min) / (max - min) for x_train and for x_test with those "
    "same numbers. Return a tuple of the two arrays.",
)


GRID_HIDDEN_LAYER_SIZES = [(32,), (64,), (32, 32)]
GRID_ALPHAS = [1e-4, 1e-3, 1e-2, 1e-1]
GRID_FOLDS = 5


def count_grid_search_fits():
    """How many times ``GridSearchCV`` with the exercise's grid and ``cv=5`` fits the network.

    Counted, not computed: scikit-learn's own search runs over a stand-in for
    ``MLPClassifier`` (same step name and parameters in a pipeline after a
    scaler) whose ``fit`` only counts, on 40 samples of two classes.
    """
    from sklearn.base import BaseEstimator, ClassifierMixin
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    fits = []

    class CountingClassifier(ClassifierMixin, BaseEstimator):
        def __init__(self, hidden_layer_sizes=(100,), alpha=1e-4):
            self.hidden_layer_sizes, self.alpha = hidden_layer_sizes, alpha

        def fit(self, x, y):
            fits.append((self.hidden_layer_sizes, self.alpha))
            self.classes_ = np.unique(y)
            return self

        def predict(self, x):
            return np.full(len(x), self.classes_[0])

    pipeline = Pipeline([("standardscaler", StandardScaler()), ("mlpclassifier", CountingClassifier())])
    grid = {"mlpclassifier__hidden_layer_sizes": GRID_HIDDEN_LAYER_SIZES, "mlpclassifier__alpha": GRID_ALPHAS}
    x = np.random.default_rng(0).normal(size=(40, 3))
    GridSearchCV(pipeline, grid, cv=GRID_FOLDS).fit(x, np.arange(40) % 2)
    return len(fits)


grid_search_fits = ValueExercise(
    name="grid_search_fits",
    title="the cost of a grid search",
    answer="n_fits",
    expected=count_grid_search_fits,
    hint="count the settings the grid holds first; then ask how many networks cross-validation "
    "trains for each setting, and what refit=True does once the search is over.",
)


def _digits_test_split():
    _, x_test, _, y_test = load_digits()
    return x_test, y_test


digits_model = ExperimentExercise(
    name="digits_model",
    title="three bugs in a digits classifier",
    answer="digits_model",
    data=_digits_test_split,
    target=0.95,
    architecture=architecture.nonlinear_hidden_layer,
    hint="read what the training printed: a loss that grows, or ends as inf or nan, is not a "
    "network that is too small. Then compare the images the model learned from with the images "
    "the check tests it on, and ask what each layer computes.",
)


architecture_choice = ChoiceExercise(
    name="architecture_choice",
    title="reading the architecture comparison",
    answer="architecture_answer",
    options={
        "a": "the one with the highest mean test accuracy in the table",
        "b": "4-20-20-20-3, because more layers can learn more complex patterns",
        "c": "4-50-3, the smallest: the three means lie within one standard deviation of each other",
        "d": "none of them: a test accuracy of about 0.95 shows that all three overfit",
    },
    correct="c",
    feedback={
        "a": "The means differ by a few thousandths, while the runs of each network spread "
        "by about 0.04: with another set of seeds the ranking would change.",
        "b": "They can, but iris does not need them: the deeper networks score no better here, "
        "and they cost more parameters.",
        "d": "Overfitting is a gap between training and test accuracy, and the test accuracy "
        "alone cannot show it. About 0.95 is also close to the best anyone gets on iris.",
    },
)


learning_curve_remedy = ChoiceExercise(
    name="learning_curve_remedy",
    title="from learning curves to remedies",
    answer="remedy_answer",
    options={
        "a": "A: lower the learning rate; B: add dropout or L2; C: train for more epochs",
        "b": "A: add regularization or stop early; B: lower the learning rate; "
        "C: a bigger network or longer training",
        "c": "A: a bigger network; B: add regularization; C: lower the learning rate",
        "d": "A: add regularization or stop early; B: a bigger network; C: lower the learning rate",
    },
    correct="b",
    feedback={
        "a": "In A the training loss falls to almost 0 while the validation loss climbs: the "
        "network memorizes the training set. A smaller step would memorize it just as well.",
        "c": "In A the network already fits the training set perfectly; a bigger one would "
        "memorize it even faster. And B's loss grows by orders of magnitude: no penalty "
        "on the weights stops steps that are too large.",
        "d": "A is right. But B's loss grows by orders of magnitude from the first epochs: that "
        "is a learning rate too large, not a network too small. C is the one whose "
        "curves stay high and close together.",
    },
)

EXERCISES = [min_max_scaling, grid_search_fits, digits_model, architecture_choice, learning_curve_remedy]
