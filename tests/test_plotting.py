"""Tests for nnlib.plotting: what each function draws, and that nnlib works without matplotlib."""

import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display in tests; must come before pyplot is imported

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

from nnlib import (  # noqa: E402
    Sequential,
    activations,
    datasets,
    layers,
    plotting,  # noqa: E402
)
from nnlib.callbacks import History  # noqa: E402
from nnlib.perceptron import Perceptron  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [text.get_text() for text in ax.texts]


def labelled_lines(ax):
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def boundary_points(ax):
    """The points of the drawn decision boundary (the line contour), shape (n, 2)."""
    (lines,) = [c for c in ax.collections if isinstance(c, ContourSet) and not c.filled]
    return np.concatenate([segment for level in lines.allsegs for segment in level])


# import nnlib stays free of matplotlib (and of scikit-learn)


def test_import_nnlib_does_not_import_matplotlib_or_sklearn():
    code = (
        "import sys, nnlib, nnlib.datasets; "
        "print(sorted(m for m in ('matplotlib', 'sklearn') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]"


# plot_decision_boundary


def step_model():
    """A Sequential whose sigmoid output is above 0.5 exactly where x1 > 0."""
    model = Sequential([layers.Dense(1, activation="sigmoid", input_shape=(2,))])
    model.set_weights([np.array([[5.0], [0.0]]), np.array([0.0])])
    return model


def test_decision_boundary_of_a_sequential_is_where_its_output_crosses_one_half():
    X, y = datasets.xor_blobs(n_samples=40, seed=0)
    ax = plotting.plot_decision_boundary(step_model(), X, y, resolution=101, title="a line")
    np.testing.assert_allclose(boundary_points(ax)[:, 0], 0, atol=0.05)
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert ax.get_title() == "a line" and ax.get_xlabel() and ax.get_ylabel()


def test_decision_boundary_of_a_softmax_model_uses_argmax():
    X, y = datasets.spirals(n_samples=60, n_classes=3, seed=0)
    model = Sequential([layers.Dense(3, activation="softmax", input_shape=(2,))])
    # the logits are x1, -x1 and 0: class 0 on the right, class 1 on the left, class 2 never wins
    model.set_weights([np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 0.0]]), np.zeros(3)])
    ax = plotting.plot_decision_boundary(model, X, y, resolution=51)
    np.testing.assert_allclose(boundary_points(ax)[:, 0], 0, atol=0.1)
    assert len([c for c in ax.collections if isinstance(c, PathCollection)]) == 3


def test_decision_boundary_of_a_perceptron_is_its_line():
    X, y = datasets.logic_gate("and")
    perceptron = Perceptron().fit(X, y)
    ax = plotting.plot_decision_boundary(perceptron, X, y, resolution=201)
    points = boundary_points(ax)
    distance = np.abs(points @ perceptron.weights_ + perceptron.bias_) / np.linalg.norm(perceptron.weights_)
    assert distance.max() < 0.02


def test_decision_boundary_of_a_plain_function_returning_labels_or_probabilities():
    X, y = datasets.xor_blobs(n_samples=40, seed=0)
    labels = plotting.plot_decision_boundary(lambda grid: grid[:, 1] > 0.3, X, y, resolution=101)
    np.testing.assert_allclose(boundary_points(labels)[:, 1], 0.3, atol=0.05)

    def probabilities(grid):
        p = 1 / (1 + np.exp(-10 * grid[:, 1]))
        return np.column_stack([1 - p, p])

    probs = plotting.plot_decision_boundary(probabilities, X, y, resolution=101)
    np.testing.assert_allclose(boundary_points(probs)[:, 1], 0, atol=0.05)


def test_decision_boundary_draws_on_the_given_axes_and_makes_the_figure_opaque():
    X, y = datasets.xor_blobs(n_samples=20, seed=0)
    with plt.rc_context({"figure.facecolor": (1, 1, 1, 0)}):  # Jupyter's transparent default
        fig, ax = plt.subplots()
        assert plotting.plot_decision_boundary(step_model(), X, y, ax=ax, resolution=20) is ax
    assert fig.get_facecolor()[3] == 1


def test_decision_boundary_needs_two_features():
    X = np.zeros((5, 3))
    with pytest.raises(ValueError, match=r"must have shape \(n_samples, 2\).*X\[:, :2\]"):
        plotting.plot_decision_boundary(lambda grid: grid[:, 0] > 0, X, np.zeros(5))


def test_decision_boundary_needs_something_that_predicts():
    X, y = datasets.xor_blobs(n_samples=8, seed=0)
    with pytest.raises(TypeError, match="needs a model with a predict method"):
        plotting.plot_decision_boundary("model", X, y)


def test_decision_boundary_needs_one_integer_label_per_sample():
    X, _ = datasets.xor_blobs(n_samples=8, seed=0)
    with pytest.raises(ValueError, match="one label per row of X"):
        plotting.plot_decision_boundary(step_model(), X, np.zeros(5))
    with pytest.raises(ValueError, match="integer class labels"):
        plotting.plot_decision_boundary(step_model(), X, np.full(8, 0.5))


# plot_history


def test_history_draws_training_and_validation_curves_from_epoch_1():
    ax = plotting.plot_history({"loss": [3.0, 2.0, 1.5], "val_loss": [3.5, 2.5, 2.2]})
    training, validation = labelled_lines(ax)
    assert (training.get_label(), validation.get_label()) == ("training", "validation")
    np.testing.assert_array_equal(training.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(validation.get_ydata(), [3.5, 2.5, 2.2])
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    assert ax.get_legend() is not None


def test_history_accepts_the_history_returned_by_fit_and_the_model():
    X, y = datasets.logic_gate("or")
    model = Sequential([layers.Dense(1, activation="sigmoid", input_shape=(2,))], seed=0)
    model.compile("sgd", "binary_crossentropy")
    history = model.fit(X, y, epochs=4, verbose=0)
    assert isinstance(history, History)
    for source in (history, model):
        (line,) = labelled_lines(plotting.plot_history(source))
        np.testing.assert_array_equal(line.get_ydata(), history.history["loss"])


def test_history_with_several_metrics_draws_one_subplot_each():
    logs = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.9], "val_loss": [1.1, 0.7]}
    axes = plotting.plot_history(logs, metrics=("loss", "accuracy"))
    assert isinstance(axes, np.ndarray) and axes.shape == (2,)
    assert axes[0].figure is axes[1].figure
    assert [len(labelled_lines(ax)) for ax in axes] == [2, 1]  # accuracy has no val_accuracy
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]


def test_history_draws_on_the_given_axes():
    _, ax = plt.subplots()
    assert plotting.plot_history({"loss": [1.0, 0.5]}, ax=ax) is ax
    _, pair = plt.subplots(1, 2)
    axes = plotting.plot_history({"loss": [1.0], "mae": [2.0]}, metrics=("loss", "mae"), ax=pair)
    assert list(axes) == list(pair) and pair[1].get_ylabel() == "mae"


def test_history_names_the_logged_values_when_a_metric_is_missing():
    with pytest.raises(ValueError, match="no 'accuracy'; it holds: loss, val_loss"):
        plotting.plot_history({"loss": [1.0], "val_loss": [1.0]}, metrics=["loss", "accuracy"])


def test_history_needs_one_axes_per_metric():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="2 metrics need 2 Axes"):
        plotting.plot_history({"loss": [1.0], "mae": [1.0]}, metrics=("loss", "mae"), ax=[ax])


# plot_activation


def test_activation_plot_shows_the_function_and_its_derivative():
    ax = plotting.plot_activation("relu")
    function, derivative = labelled_lines(ax)
    z = function.get_xdata()
    assert z[0] == -5 and z[-1] == 5 and len(z) == 401
    np.testing.assert_array_equal(function.get_ydata(), np.maximum(z, 0))
    np.testing.assert_array_equal(derivative.get_ydata(), (z > 0).astype(float))
    assert derivative.get_linestyle() == "--"
    assert ax.get_title() == "ReLU" and ax.get_xlabel() == "$z$"


def test_activation_plot_takes_objects_and_custom_z_and_can_hide_the_derivative():
    z = np.linspace(-2, 2, 9)
    ax = plotting.plot_activation(activations.LeakyReLU(alpha=0.1), z=z, show_derivative=False)
    (function,) = labelled_lines(ax)
    np.testing.assert_allclose(function.get_ydata(), np.where(z > 0, z, 0.1 * z))
    assert ax.get_title() == "LeakyReLU(alpha=0.1)"


def test_softmax_has_no_single_curve_and_the_error_suggests_another_plot():
    with pytest.raises(ValueError, match="Softmax is not elementwise.*Plot one output"):
        plotting.plot_activation("softmax")


# draw_network


def circles(ax):
    return [patch for patch in ax.patches if isinstance(patch, Circle)]


def test_network_from_sizes_draws_every_unit_and_connection():
    ax = plotting.draw_network([2, 3, 1])
    assert len(circles(ax)) == 6
    connections = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert [len(c.get_segments()) for c in connections] == [6, 3]
    labels = texts(ax)
    for expected in ("input", "hidden 1", "output"):
        assert expected in labels
    assert any("9 params" in text for text in labels) and any("4 params" in text for text in labels)
    assert "13 parameters" in ax.get_title()


def test_network_from_a_sequential_notes_dropout_and_counts_its_parameters():
    model = Sequential(
        [
            layers.Dense(4, activation="relu", input_shape=(3,)),
            layers.Dropout(0.5),
            layers.Dense(2, activation="softmax"),
        ]
    )
    ax = plotting.draw_network(model)
    assert len(circles(ax)) == 3 + 4 + 2
    joined = "\n".join(texts(ax))
    assert "dropout 0.5" in joined and "relu" in joined and "softmax" in joined
    assert f"{model.count_params()} parameters" in ax.get_title()


def test_network_handles_flatten_and_activation_layers():
    model = Sequential(
        [layers.Input((4, 4)), layers.Flatten(), layers.Dense(3), layers.Activation("tanh"), layers.Dense(1)]
    )
    ax = plotting.draw_network(model)
    joined = "\n".join(texts(ax))
    assert "16 features" in joined and "from 4\u00d74" in joined
    assert "tanh" in joined
    assert len(circles(ax)) == 10 + 3 + 1  # 16 inputs are collapsed to 10 circles


def test_large_layers_are_collapsed_with_an_ellipsis_and_their_true_size():
    ax = plotting.draw_network([784, 30, 10], max_units_shown=6)
    assert len(circles(ax)) == 6 + 6 + 6
    assert texts(ax).count("\u22ee") == 3
    joined = "\n".join(texts(ax))
    assert "784 features" in joined and "30 units" in joined and "23,550 params" in joined


def test_network_without_counts_has_no_parameter_labels():
    ax = plotting.draw_network([2, 2], show_counts=False)
    assert not any("params" in text for text in texts(ax)) and ax.get_title() == ""


def test_network_errors_say_what_to_pass():
    with pytest.raises(ValueError, match="at least two layer sizes"):
        plotting.draw_network([3])
    with pytest.raises(ValueError, match="needs the model's input width"):
        plotting.draw_network(Sequential([layers.Dense(2)]))
    with pytest.raises(ValueError, match="max_units_shown must be at least 2"):
        plotting.draw_network([2, 2], max_units_shown=1)


# plot_layer_histograms and layer_activations


def test_layer_histograms_draw_one_titled_histogram_per_layer():
    rng = np.random.default_rng(0)
    values = {"dense": rng.normal(0, 1, 500), "dense_1": rng.normal(0, 0.1, (50, 10))}
    axes = plotting.plot_layer_histograms(values, bins=20, title="activations")
    assert axes.shape == (2,)
    for ax, (name, array) in zip(axes, values.items()):
        assert len(ax.patches) == 20
        mean = f"{array.mean():.2f}".replace("-0.00", "0.00")
        assert ax.get_title().splitlines() == [name, f"mean {mean}", f"std {array.std():.2g}"]
    assert axes[0].get_xlim() == axes[1].get_xlim()  # shared bins, so widths compare
    assert axes[0].figure.get_suptitle() == "activations"


def test_layer_histograms_of_a_list_are_numbered_and_wrap_after_six():
    axes = plotting.plot_layer_histograms([np.arange(10.0) * i for i in range(1, 11)])
    assert len(axes) == 10
    assert axes[0].get_title().startswith("layer 1") and axes[9].get_title().startswith("layer 10")
    assert len(axes[0].figure.axes) == 10


def test_layer_histograms_reject_empty_input_and_nan():
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_layer_histograms({})
    with pytest.raises(ValueError, match="NaN"):
        plotting.plot_layer_histograms([np.array([1.0, np.nan])])


def test_layer_activations_returns_each_layers_output_in_inference_mode():
    model = Sequential(
        [layers.Dense(5, activation="relu", input_shape=(3,)), layers.Dropout(0.9), layers.Dense(2)], seed=0
    )
    x = np.random.default_rng(0).normal(size=(8, 3))
    outputs = plotting.layer_activations(model, x)
    assert list(outputs) == ["dense", "dropout", "dense_1"]
    relu = np.maximum(x @ model.layers[0].kernel + model.layers[0].bias, 0)
    np.testing.assert_allclose(outputs["dense"], relu)
    np.testing.assert_array_equal(outputs["dropout"], outputs["dense"])  # no dropout at inference
    np.testing.assert_allclose(outputs["dense_1"], model.predict(x))
