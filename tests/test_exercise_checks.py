"""A check survives whatever a learner hands it, and says what went wrong.

Each kind of answer below is thrown at every exercise of its kind; the check
must answer with an ExerciseFailure (never another exception, never a pass).
"""

import numpy as np
import pytest
import scipy.special

from nncourse.exercises import EXERCISES, ExerciseFailure, collector
from nncourse.exercises.core import (
    ChoiceExercise,
    ExperimentExercise,
    FunctionExercise,
    ValueExercise,
    accuracy,
)
from nnlib import activations

ALL = [exercise for exercises in EXERCISES.values() for exercise in exercises]


def of_kind(kind):
    found = [exercise for exercise in ALL if isinstance(exercise, kind)]
    return pytest.mark.parametrize("exercise", found, ids=[e.name for e in found])


def raises_value_error(*args, **kwargs):
    raise ValueError("something inside broke")


def calls_sys_exit(*args, **kwargs):
    raise SystemExit(1)


def returns_nan(*args, **kwargs):
    return np.full(np.shape(args[0]) if args else (), np.nan)


def mutates_its_input(*args, **kwargs):
    for arg in args:
        if isinstance(arg, np.ndarray):
            arg[...] = 12345.0
    raise_if_nothing_mutated = not any(isinstance(arg, np.ndarray) for arg in args)
    return 0.0 if raise_if_nothing_mutated else args[0]


def runs_forever(*args, **kwargs):
    while True:
        pass


HOSTILE_FUNCTIONS = {
    "raises an error": (raises_value_error, "raised ValueError: something inside broke"),
    "calls sys.exit": (calls_sys_exit, "raised SystemExit"),
    "returns None": (lambda *a, **k: None, ""),
    "returns a string": (lambda *a, **k: "the answer", ""),
    "returns a wrong shape": (lambda *a, **k: np.zeros((7, 3, 2)), ""),
    "returns NaN": (returns_nan, ""),
    "returns an object": (lambda *a, **k: object(), ""),
    "is not a function": (42, "should be a function"),
}


def feedback(failure):
    """The feedback with its line wrapping undone, for matching phrases."""
    return " ".join(str(failure.value).split())


@of_kind(FunctionExercise)
@pytest.mark.parametrize("kind", sorted(HOSTILE_FUNCTIONS))
def test_function_checks_reject_hostile_answers(exercise, kind):
    answer, expected_text = HOSTILE_FUNCTIONS[kind]
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(answer)
    assert expected_text in feedback(failure)


@of_kind(FunctionExercise)
def test_function_checks_stop_code_that_runs_forever(exercise, monkeypatch):
    monkeypatch.setattr(exercise, "time_limit", 0.2)
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(runs_forever)
    assert "did not finish within 0.2 s" in feedback(failure)


@of_kind(FunctionExercise)
def test_function_checks_notice_a_changed_input(exercise):
    with pytest.raises(ExerciseFailure):
        exercise.check(mutates_its_input)


@of_kind(FunctionExercise)
def test_function_checks_pass_the_reference_when_nothing_is_forbidden(exercise, capsys, monkeypatch):
    monkeypatch.setattr(exercise, "forbidden", ())
    first = exercise.cases(np.random.default_rng(0))[0]
    exercise.reference(
        *first.args, **first.kwargs
    )  # imports (scikit-learn's: seconds) outside the time limit
    exercise.check(exercise.reference)
    assert "\N{CHECK MARK}" in capsys.readouterr().out


@of_kind(FunctionExercise)
def test_function_checks_turn_down_nnlibs_own_implementation_and_name_it(exercise):
    """The reference is nnlib's own code, which is just what an "implement X" exercise forbids."""
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(exercise.reference)
    text = feedback(failure)
    assert f"asks you to write {exercise.task} yourself" in text
    assert any(f"calls `{name}`" in text for name in exercise.forbidden)


@of_kind(FunctionExercise)
def test_every_forbidden_name_exists(exercise):
    """A misspelled or renamed name would forbid nothing, silently."""
    assert exercise.forbidden, f"{exercise.name} forbids nothing"
    assert collector.forbidden_names_found(exercise.forbidden) == list(exercise.forbidden)


def test_forbidding_restores_every_function_after_a_timeout():
    exercise = EXERCISES["02-activation-functions"][0]  # the activations and their slopes
    code = activations.Sigmoid.forward.__code__

    def activation_and_slope(name, z):
        try:
            activations.sigmoid(z)
        except BaseException:  # noqa: BLE001 - a learner's catch-all, which must not hide the call
            pass
        while True:
            pass

    exercise.time_limit, limit = 0.2, exercise.time_limit
    try:
        with pytest.raises(ExerciseFailure) as failure:
            exercise.check(activation_and_slope)
    finally:
        exercise.time_limit = limit
    assert "calls `nnlib.activations.sigmoid`" in feedback(failure)
    assert activations.Sigmoid.forward.__code__ is code and activations.sigmoid(np.array(0.0)) == 0.5


def test_a_forbidden_call_caught_by_the_learner_still_counts():
    exercise = EXERCISES["02-activation-functions"][0]

    def activation_and_slope(name, z):
        try:
            s = scipy.special.expit(z)
        except BaseException:  # noqa: BLE001
            e = np.exp(-np.abs(z))
            s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
        return s, s * (1 - s)

    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(activation_and_slope)
    assert "calls `scipy.special.expit`" in feedback(failure)
    assert scipy.special.expit(0.0) == 0.5  # the ufunc is back in its module


def test_a_forbidden_ufunc_is_caught_under_its_own_name_in_the_learners_globals():
    namespace = {"np": np}
    exec("from scipy.special import expit as e\ndef sigmoid(z):\n    return e(z)", namespace)
    record = collector.call_cases(
        namespace["sigmoid"], [{"args": collector.encode([1.0])}], 1.0, ["scipy.special.expit"]
    )
    assert record["outcomes"][0]["forbidden"] == "scipy.special.expit"
    assert namespace["e"] is scipy.special.expit


def test_a_forbidden_function_with_a_closure_is_swapped_and_restored():
    """scikit-learn's metrics are wrapped by a decorator: a function with free variables."""
    from sklearn.metrics import mean_squared_error

    assert mean_squared_error.__closure__
    record = collector.call_cases(
        lambda a, b: mean_squared_error(a, b),
        [{"args": collector.encode([[1.0, 2.0], [1.0, 3.0]])}],
        1.0,
        ["sklearn.metrics.mean_squared_error"],
    )
    assert record["outcomes"][0]["forbidden"] == "sklearn.metrics.mean_squared_error"
    assert mean_squared_error([1.0, 2.0], [1.0, 3.0]) == 0.5


FUNCTION_EXERCISES = [
    exercise for chapter in EXERCISES.values() for exercise in chapter if exercise.kind == "function"
]


@pytest.mark.parametrize("exercise", FUNCTION_EXERCISES, ids=lambda exercise: exercise.name)
def test_a_stub_gets_told_to_replace_not_implemented_error_and_no_hint(exercise):
    """Issue 11: a hint must not give the answer away before a real attempt has failed."""

    def stub(*args, **kwargs):
        raise NotImplementedError

    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(stub)
    assert "still raises NotImplementedError: replace that line with your code" in feedback(failure)
    assert "Hint" not in feedback(failure) and exercise.hint not in feedback(failure)


HOSTILE_VALUES = {
    "None": None,
    "Ellipsis": ...,
    "a string": "text",
    "a mixed list": [1, "a"],
    "a wrong shape": np.zeros((9, 9)),
    "NaN": float("nan"),
    "a dict": {"a": 1},
    "an object": object(),
}


@of_kind(ValueExercise)
@pytest.mark.parametrize("value", list(HOSTILE_VALUES.values()), ids=list(HOSTILE_VALUES))
def test_value_checks_reject_hostile_answers_without_revealing_the_answer(exercise, value):
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(value)
    expected = np.ravel(np.asarray(exercise.expected(), dtype=float))
    for number in expected:
        assert f"{number:.4g}" not in str(failure.value)


@of_kind(ChoiceExercise)
@pytest.mark.parametrize(
    "value",
    [None, ..., 3, "zz", ["a"], object()],
    ids=["None", "Ellipsis", "a number", "an unknown letter", "a list", "an object"],
)
def test_choice_checks_reject_hostile_answers(exercise, value):
    with pytest.raises(ExerciseFailure):
        exercise.check(value)


def test_a_choice_given_a_function_says_it_is_a_function():
    exercise = next(e for e in ALL if isinstance(e, ChoiceExercise))
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(lambda: "a")
    assert "but it is a function." in feedback(failure)


@of_kind(ChoiceExercise)
def test_choice_checks_accept_any_case_and_spacing(exercise, capsys):
    exercise.check(f"  {exercise.correct.upper()} ")
    assert "\N{CHECK MARK}" in capsys.readouterr().out


class PredictRaises:
    def predict(self, x):
        raise RuntimeError("not fitted")


class PredictWrongLength:
    def predict(self, x):
        return np.zeros(len(x) + 1)


class PredictWords:
    def predict(self, x):
        return np.array(["seven"] * len(x))


class PredictThreeAxes:
    def predict(self, x):
        return np.zeros((len(x), 2, 2))


class PredictForever:
    def predict(self, x):
        while True:
            pass


@of_kind(ExperimentExercise)
@pytest.mark.parametrize(
    "model",
    [None, ..., object(), PredictRaises(), PredictWrongLength(), PredictThreeAxes(), PredictWords()],
    ids=["None", "Ellipsis", "object", "predict raises", "wrong length", "three axes", "words"],
)
def test_experiment_checks_reject_hostile_models(exercise, model):
    with pytest.raises(ExerciseFailure):
        exercise.check(model)


@of_kind(ExperimentExercise)
def test_experiment_checks_stop_a_predict_that_runs_forever(exercise, monkeypatch):
    monkeypatch.setattr(exercise, "time_limit", 0.2)
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(PredictForever())
    assert "took too long" in feedback(failure)


def test_predictions_that_are_not_numbers_are_told_so():
    exercise = next(e for e in ALL if isinstance(e, ExperimentExercise))
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(PredictWords())
    assert "a numpy array of numbers" in feedback(failure) and "an array of dtype <U5" in feedback(failure)


def test_a_three_axis_prediction_is_told_the_shapes_that_work():
    exercise = next(e for e in ALL if isinstance(e, ExperimentExercise) and e.score is accuracy)
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(PredictThreeAxes())
    assert "should return an array of shape" in feedback(failure) and ", 2, 2)" in feedback(failure)


@pytest.mark.parametrize(
    "y, predicted, expected",
    [
        ([0, 1, 1, 0], [0, 1, 0, 0], 0.75),  # labels
        ([0, 1, 1, 0], [0.2, 0.5, 0.49, 0.9], 0.5),  # probabilities of class 1, from 0.5 on
        ([0, 1, 1, 0], [[0.2], [0.7], [0.6], [0.1]], 1.0),  # the same as one column
        ([2, 0, 1], [[0.1, 0.2, 0.7], [0.5, 0.4, 0.1], [0.6, 0.3, 0.1]], 2 / 3),  # softmax rows
        ([3, 7, 7], [3, 7, 1], 2 / 3),  # labels of more than two classes are not thresholded
    ],
)
def test_accuracy_reads_labels_probabilities_and_softmax_rows(y, predicted, expected):
    assert accuracy(np.array(y), predicted) == pytest.approx(expected)


class PredictLabels:
    """A 'model' that knows the test labels: it reaches any accuracy target."""

    def __init__(self, labels):
        self.labels = labels

    def predict(self, x):
        return self.labels


def test_a_passing_experiment_is_told_the_score_it_reached(capsys):
    exercise = next(e for e in ALL if e.name == "train_deep_relu")
    exercise.check(PredictLabels(exercise.data()[1]))
    assert "test accuracy 1.000, target 0.900." in capsys.readouterr().out


def test_an_experiment_that_checks_the_layers_turns_down_a_model_it_cannot_read():
    exercise = next(e for e in ALL if e.name == "digits_model")
    with pytest.raises(ExerciseFailure) as failure:
        exercise.check(PredictLabels(exercise.data()[1]))
    assert "has none that it can read" in feedback(failure) and "test accuracy 1.000" in feedback(failure)


def test_the_layer_rules_read_activation_layers_and_scikit_learn_mlps():
    from sklearn.neural_network import MLPRegressor

    from nncourse.exercises import architecture
    from nnlib import Sequential, layers

    model = Sequential([layers.Dense(64, input_shape=(8,)), layers.Activation("relu"), layers.Dense(10)])
    description = collector.describe_model(model)
    assert architecture.dense_layers(description) == [(64, "relu"), (10, "linear")]
    assert architecture.nonlinear_hidden_layer(description, "m") is None
    assert architecture.one_hidden_layer(description, "m") is None
    two = collector.describe_model(MLPRegressor(hidden_layer_sizes=(16, 16)))
    assert "has 2" in architecture.one_hidden_layer(two, "m")
    assert architecture.exactly([(64, "relu"), (10, "linear")])(description, "m") is None
    assert "has 64 relu, 10 linear" in architecture.exactly([(32, "relu"), (10, "linear")])(description, "m")


def test_the_frozen_start_rule_reads_weights_recorded_only_when_asked():
    """A frozen layer that kept its weights passes; one nudged by a thousandth of its largest entry, one still
    trainable, or a model that was never asked for its weights does not."""
    from nncourse.exercises import architecture
    from nnlib import Sequential, layers

    model = Sequential([layers.Dense(4, activation="relu", input_shape=(3,)), layers.Dense(2)], seed=0)
    kept = [w.copy() for w in model.get_weights()[:2]]
    rule = architecture.frozen_start(lambda: kept, "source")
    model.layers[0].trainable = False
    assert "weights" not in collector.describe_model(model)["layers"][0]
    assert "no longer those" in rule(collector.describe_model(model), "m")  # no weights recorded
    assert rule(collector.describe_model(model, weights=True), "m") is None
    model.layers[0].kernel[0, 0] += 1e-3 * abs(model.layers[0].kernel).max()
    assert "no longer those" in rule(collector.describe_model(model, weights=True), "m")
    model.layers[0].kernel[0, 0] = kept[0][0, 0]
    model.layers[0].trainable = True
    assert "but it is trainable" in rule(collector.describe_model(model, weights=True), "m")
    model.layers[1].trainable = model.layers[0].trainable = False
    assert "the new head has to train" in rule(collector.describe_model(model, weights=True), "m")
