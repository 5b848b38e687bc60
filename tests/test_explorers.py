"""Every explorer works both ways: live (ipywidgets, redrawn on each change)
and kernel-free (every state precomputed into the page)."""

import json
import re

import numpy as np
import pytest

from nncourse.explorers import EXPLORERS
from nncourse.explorers.base import SCRIPT

from .chapter_sources import CHAPTERS, ROOT

ALL = [(chapter, explorer) for chapter, explorers in EXPLORERS.items() for explorer in explorers]
IDS = [explorer.__name__ for _, explorer in ALL]


def test_every_chapter_has_an_explorer_and_shows_it():
    assert sorted(EXPLORERS) == sorted(path.stem for path in CHAPTERS)
    for path in CHAPTERS:
        source = path.read_text()
        for explorer in EXPLORERS[path.stem]:
            assert f"{explorer.__name__}(" in source, f"{path.name} does not show {explorer.__name__}"


class Built(dict):
    """Each explorer, built the first time a test asks for it."""

    def __missing__(self, name):
        self[name] = next(explorer for _, explorer in ALL if explorer.__name__ == name)()
        return self[name]


@pytest.fixture(scope="module")
def built():
    return Built()


@pytest.mark.parametrize("chapter, explorer", ALL, ids=IDS)
def test_the_figure_is_plotly_json_with_traces_and_a_layout(chapter, explorer, built):
    instance = built[explorer.__name__]
    figure = instance.figure(**instance.defaults)
    assert figure["data"] and isinstance(figure["layout"], dict)
    json.dumps(instance.spec())  # every state can be written into a page


@pytest.mark.parametrize("chapter, explorer", ALL, ids=IDS)
def test_each_control_changes_some_state(chapter, explorer, built):
    instance = built[explorer.__name__]
    spec = instance.spec()
    states = spec["states"]
    stride = 1
    for position in reversed(range(len(spec["controls"]))):
        control = spec["controls"][position]
        index = [c["default"] for c in spec["controls"]]
        flat = 0
        for c, i in zip(spec["controls"], index):
            flat = flat * len(c["labels"]) + i
        neighbour = flat + stride if index[position] + 1 < len(control["labels"]) else flat - stride
        assert states[flat] != states[neighbour], f"moving {control['label']} changes nothing"
        stride *= len(control["labels"])


@pytest.mark.parametrize("chapter, explorer", ALL, ids=IDS)
def test_the_static_html_holds_the_spec_and_no_script(chapter, explorer, built):
    html = built[explorer.__name__].static_html()
    spec = re.search(
        r'<script type="application/json" class="nncourse-explorer-spec">(.*?)</script>', html, re.S
    )
    assert json.loads(spec.group(1).replace("<\\/", "</"))["states"]
    assert "<script>" not in html, "the explorers' JavaScript belongs in static/nncourse-explorer.js"


def test_the_site_serves_the_explorers_script():
    config = (ROOT / "_config.yml").read_text()
    assert "nncourse/explorers/static" in config and "nncourse-explorer.js" in config
    assert SCRIPT.exists() and ".nncourse-explorer" in SCRIPT.read_text()


@pytest.mark.parametrize("chapter, explorer", ALL, ids=IDS)
def test_the_live_view_redraws_when_a_control_moves(chapter, explorer, built):
    instance = built[explorer.__name__]
    box = instance.widget()
    first = box.figure
    control = box.children[0].children[-1]
    control.value = next(value for _, value in control.options if value != control.value)
    assert box.figure != first


@pytest.mark.parametrize("chapter, explorer", ALL, ids=IDS)
def test_displaying_an_explorer_offers_both_views(chapter, explorer, built):
    bundle = built[explorer.__name__]._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="nncourse-explorer"')


def test_the_perceptron_rule_explorer_steps_through_what_nnlib_fits():
    """Each state is one visit of ``Perceptron.fit`` (samples in order, from zero weights):
    the last shows the weights fit ends with, and the mistakes per epoch are fit's ``errors_``."""
    from nncourse.explorers.perceptron import rule_figure, rule_trace
    from nnlib.datasets import logic_gate
    from nnlib.perceptron import Perceptron

    X, y = logic_gate("and")
    fitted = Perceptron(learning_rate=1.0).fit(X, y)
    visits = rule_trace()
    assert len(visits) == 4 * len(fitted.errors_)
    np.testing.assert_array_equal(visits[-1]["new_w"], fitted.weights_)
    assert visits[-1]["new_b"] == fitted.bias_
    mistakes = [0] * len(fitted.errors_)
    for visit in visits:
        mistakes[visit["epoch"] - 1] += visit["predicted"] != visit["y"]
    assert mistakes == fitted.errors_
    first = rule_figure(1)["description"]
    assert "sample (0, 0), label 0, prediction 1; wrong" in first and "b = -1" in first
    assert "no change" in rule_figure(2)["description"]


def test_the_backprop_steps_explorer_shows_what_nnlib_computes_at_each_step():
    """Each state's values follow the chapter's delta equations from the weights of that
    state, and the next state's weights are these minus the learning rate times the gradients."""
    from nncourse.explorers.backprop_steps import LEARNING_RATE, N_STEPS, descent
    from nnlib.activations import sigmoid

    x = np.array([[0.0, 1.0]])
    steps = descent(3.0, -1.5, 1.5)
    assert len(steps) == N_STEPS + 1
    kernel_1, bias_1, kernel_2, bias_2 = steps[0]["weights"]
    assert kernel_1[1, 0] == 3.0 and list(kernel_2[:, 0]) == [-1.5, 1.5]
    for now, after in zip(steps, steps[1:]):
        kernel_1, bias_1, kernel_2, bias_2 = now["weights"]
        z1 = x @ kernel_1 + bias_1
        a1 = 1 / (1 + np.exp(-z1))
        y_hat = sigmoid(a1 @ kernel_2 + bias_2)[0, 0]
        np.testing.assert_allclose(now["z1"], z1[0])
        np.testing.assert_allclose(now["y_hat"], y_hat)
        np.testing.assert_allclose(now["loss"], -np.log(y_hat))
        np.testing.assert_allclose(now["delta2"], y_hat - 1.0)
        np.testing.assert_allclose(now["delta1"], now["delta2"] * kernel_2[:, 0] * a1[0] * (1 - a1[0]))
        np.testing.assert_allclose(now["gradients"][0], x.T @ now["delta1"][None, :])
        for weight, gradient, new in zip(now["weights"], now["gradients"], after["weights"]):
            np.testing.assert_allclose(new, weight - LEARNING_RATE * gradient)


def test_the_backprop_steps_explorer_bears_out_what_the_chapter_says_to_try():
    """Chapter 4: a zero output weight gives its hidden unit a zero delta until the first
    step; a larger input weight saturates the unit and shrinks its delta; the loss falls
    at every step of every setting; the default state starts before any step."""
    import itertools

    from nncourse.explorers import backprop_steps_explorer
    from nncourse.explorers.backprop_steps import WEIGHTS, descent, steps_figure

    cut = descent(1.5, 0.0, -1.5)
    assert cut[0]["delta1"][0] == 0 and cut[0]["gradients"][0][1, 0] == 0 and cut[1]["delta1"][0] != 0
    assert f"{descent(1.5, 1.5, -1.5)[0]['delta1'][0]:.3f}" == "-0.118"
    assert f"{descent(3.0, 1.5, -1.5)[0]['delta1'][0]:.3f}" == "-0.033"
    for weights in itertools.product(WEIGHTS, repeat=3):
        assert np.all(np.diff([step["loss"] for step in descent(*weights)]) < 0), weights
    explorer = backprop_steps_explorer()
    assert [control.label for control in explorer.controls] == [
        "weight x₂→h₁",
        "weight h₁→ŷ",
        "weight h₂→ŷ",
        "steps taken",
    ]
    figure, caption = explorer.default_state()
    assert "after 0 steps of gradient descent" in caption and "loss 0.6299" in caption
    with pytest.raises(ValueError, match="0 to 8; got 9"):
        steps_figure(step=9)


def test_the_initialization_explorer_widths_and_symmetric_schemes_are_what_nnlib_computes():
    """Each width builds nnlib's deep_mlp of that width; the zeros and constant schemes make
    every unit of a layer equal (and say so); the numbers chapter 6 quotes are the explorer's."""
    from nncourse.explorers import initialization_explorer
    from nncourse.explorers.initialization import (
        CONSTANT,
        initialization_figure,
        inputs,
        layer_activations,
        layer_gradient_norms,
        make_initializer,
        units_identical,
    )
    from nnlib.signal_propagation import deep_mlp

    for width in (10, 30):
        x, _ = inputs(width)
        model = deep_mlp(20, width, "tanh", make_initializer("constant"), n_inputs=width, seed=0)
        np.testing.assert_allclose(model.layers[0].kernel, CONSTANT)
        shown = layer_activations("constant", "tanh", width)
        assert shown[0].shape == (len(x), width)
        for mine, theirs in zip(shown, model.layer_outputs(x).values()):
            np.testing.assert_array_equal(mine, theirs)
    for scheme in ("zeros", "constant"):
        assert all(units_identical(a) for a in layer_activations(scheme, "relu", 100))
        assert (
            "all 100 units compute the same value"
            in initialization_figure(10, 100, scheme, "relu")["description"]
        )
    assert not any(units_identical(a) for a in layer_activations("he_normal", "relu", 100))
    assert "same value" not in initialization_figure(10, 100, "he_normal", "relu")["description"]
    for activation in ("tanh", "relu"):
        zeros = initialization_figure(10, 100, "zeros", activation)
        assert "every gradient is 0" in next(
            trace["text"][0]
            for trace in zeros["data"]
            if trace.get("mode") == "text" and trace["yaxis"] == "y"
        )
    assert not np.any(layer_gradient_norms("zeros", "relu", 10, 100))

    def tenth(width, scheme):
        return layer_activations(scheme, "relu", width)[9].std()

    assert [f"{tenth(width, 'uniform_pm1'):.2g}" for width in (10, 30, 100)] == ["4.2", "1.1e+03", "6.6e+05"]
    assert f"{tenth(100, 'he_normal'):.1f}" == "0.9" and f"{tenth(10, 'he_normal'):.2g}" == "0.047"
    assert all(f"{a.std():.3f}" == "0.053" for a in layer_activations("constant", "relu", 100)[:10])
    explorer = initialization_explorer()
    assert [c.label for c in explorer.controls] == [
        "layers",
        "units per layer",
        "initialization",
        "activation",
    ]
    _, caption = explorer.default_state()
    assert caption.startswith("layers = 10, units per layer = 100, initialization = Xavier")


def test_the_bump_explorer_draws_what_the_hand_built_nnlib_network_computes():
    """Nielsen, *Neural Networks and Deep Learning*, chapter 4: a pair of steep sigmoids
    with output weights h and -h is a bump of height h between their steps. The sum drawn
    is the Sequential's output; each bump is that network with the other heights at zero."""
    import itertools

    from nncourse.explorers import bump_explorer
    from nncourse.explorers.bumps import (
        EDGES,
        HEIGHTS,
        N_DRAWN,
        bump_figure,
        bump_network,
        bump_weights,
        mean_squared_error,
    )
    from nnlib.approximation import domain_grid, fitted_weights, one_hidden_layer

    heights = (0.9, -0.3, 0.0, 0.6)
    x = domain_grid()
    output = bump_network(heights).predict(x)[:, 0]
    middles = (EDGES[:-1] + EDGES[1:]) / 2
    inside = [np.abs(x[:, 0] - m) < 0.3 for m in middles]
    for height, where in zip(heights, inside):
        np.testing.assert_allclose(output[where], height, atol=1e-3)
    with pytest.raises(ValueError, match="one height per bump"):
        bump_weights([1.0, 2.0])
    with pytest.raises(TypeError, match="one height per bump, h1, h2, h3, h4"):
        bump_figure(h1=0.3)
    figure = bump_figure(h1=0.9, h2=-0.3, h3=0.0, h4=0.6)
    drawn_sum = next(trace for trace in figure["data"] if trace.get("name", "").startswith("sum"))
    expected = bump_network(heights).predict(domain_grid(N_DRAWN))[:, 0]
    np.testing.assert_allclose(drawn_sum["y"], expected, atol=5e-4)
    bumps = [trace for trace in figure["data"] if trace.get("name") == "each bump"]
    np.testing.assert_allclose(np.sum([trace["y"] for trace in bumps], axis=0), drawn_sum["y"], atol=3e-3)

    # chapter 9's numbers: the explorer starts at the best setting of the sliders
    best = min(itertools.product(HEIGHTS, repeat=4), key=mean_squared_error)
    assert best == (0.6, -0.6, 0.6, -0.6) and f"{mean_squared_error(best):.3f}" == "0.075"
    trained = one_hidden_layer(8)
    trained.set_weights(fitted_weights("sine", 8))
    trained_error = np.mean((trained.predict(x)[:, 0] - np.sin(np.pi * x[:, 0])) ** 2)
    assert f"{trained_error:.2g}" == "2.1e-05"
    explorer = bump_explorer()
    assert [c.label for c in explorer.controls][0] == "height on [-2, -1]"
    _, caption = explorer.default_state()
    assert "mean squared error 0.075" in caption and "mean squared error 2.1e-05" in caption


@pytest.mark.parametrize("chapter", sorted(EXPLORERS))
def test_a_chapters_explorers_hold_their_states_in_under_300_kilobytes_compressed(chapter, built):
    """The site serves each spec as a file of its own, gzip-compressed, fetched when the
    explorer nears the screen; 300 KB is the budget of one chapter's explorers together."""
    import gzip

    total = 0
    for explorer in EXPLORERS[chapter]:
        spec = json.dumps(built[explorer.__name__].spec(), separators=(",", ":"))
        total += len(gzip.compress(spec.encode()))
    assert total < 300_000, f"{chapter}: {total / 1000:.0f} KB of explorer data, gzip-compressed"
