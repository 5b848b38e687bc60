"""Chapter 5's explorer: each contour map is stored once, the page stays small,
and the paths are nnlib's own."""

import numpy as np

from nncourse.explorers import optimizer_explorer
from nncourse.explorers.optimizers import LEARNING_RATES, OPTIMIZERS, optimizer_figure, path_of
from nnlib import optimizers
from nnlib.loss_surfaces import BOWL, descend


def test_each_contour_map_is_stored_once_for_every_state():
    spec = optimizer_explorer().spec()
    # the pool holds traces, layouts and the states' descriptions (strings)
    contours = [
        i for i, item in enumerate(spec["pool"]) if isinstance(item, dict) and item.get("type") == "contour"
    ]
    assert len(contours) == 2
    assert all(set(contours) <= set(state["data"]) for state in spec["states"])


def test_the_layout_changes_with_the_surface_only():
    layouts = {
        (surface, optimizer, rate): repr(optimizer_figure(surface, optimizer, rate)["layout"])
        for surface in ("bowl", "valleys")
        for optimizer in OPTIMIZERS
        for rate in LEARNING_RATES[::3]
    }
    assert len({layout for key, layout in layouts.items() if key[0] == "bowl"}) == 1
    assert len({layout for key, layout in layouts.items() if key[0] == "valleys"}) == 1
    assert len(set(layouts.values())) == 2


def test_the_page_holds_every_state_in_under_a_megabyte():
    assert len(optimizer_explorer().static_html()) < 1_000_000


def test_the_path_shown_is_the_path_nnlib_takes():
    path, losses = path_of("bowl", "momentum (0.9)", 0.05)
    expected = descend(optimizers.SGD(0.05, momentum=0.9), BOWL, steps=len(path) - 1)
    np.testing.assert_allclose(path, expected)
    np.testing.assert_allclose(losses, BOWL(expected))


def test_the_text_says_when_a_path_diverges_or_reaches_a_minimum():
    def text(*values):
        return optimizer_figure(*values)["data"][-1]["text"][0]

    assert "diverged" in text("bowl", "SGD", 1.0)
    assert "not settled" in text("bowl", "SGD", 0.5)
    assert "reached the minimum" in text("bowl", "momentum (0.9)", 0.2)
    assert "reached the local minimum" in text("valleys", "SGD", 0.1)
    assert "reached the global minimum" in text("valleys", "momentum (0.9)", 0.1)
