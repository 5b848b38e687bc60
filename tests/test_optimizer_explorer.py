"""Chapter 5's explorer: each contour map is stored once, the page stays small,
and the paths are nnlib's own."""

import gzip
import json

import numpy as np

from nncourse.explorers import optimizer_explorer
from nncourse.explorers.base import _rounded
from nncourse.explorers.optimizers import (
    LEARNING_RATES,
    MOMENTA,
    OPTIMIZERS,
    USES_MOMENTUM,
    optimizer_figure,
    path_of,
)
from nnlib import optimizers
from nnlib.loss_surfaces import BOWL, TILTED_BOWL, descend


def test_each_contour_map_is_stored_once_for_every_state():
    spec = optimizer_explorer().spec()
    # the pool holds traces, layouts and the states' descriptions (strings)
    contours = [
        i for i, item in enumerate(spec["pool"]) if isinstance(item, dict) and item.get("type") == "contour"
    ]
    assert len(contours) == 3
    assert all(set(contours) <= set(state["data"]) for state in spec["states"])


def test_the_layout_changes_with_the_surface_only():
    layouts = {
        (surface, optimizer, momentum, rate): repr(
            optimizer_figure(surface, optimizer, momentum, rate)["layout"]
        )
        for surface in ("bowl", "tilted", "valleys")
        for optimizer in OPTIMIZERS
        for momentum in MOMENTA[::2]
        for rate in LEARNING_RATES[::3]
    }
    for surface in ("bowl", "tilted", "valleys"):
        assert len({layout for key, layout in layouts.items() if key[0] == surface}) == 1
    assert len(set(layouts.values())) == 3


def test_the_page_holds_every_state_in_under_300_kilobytes_compressed():
    """The site serves the spec as a file of its own; 300 KB gzipped is its budget."""
    spec = json.dumps(optimizer_explorer().spec(), separators=(",", ":"))
    assert len(gzip.compress(spec.encode())) < 300_000


def test_the_path_shown_is_the_path_nnlib_takes():
    path, losses = path_of("bowl", "momentum", 0.05, 0.9)
    expected = descend(optimizers.SGD(0.05, momentum=0.9), BOWL, steps=len(path) - 1)
    np.testing.assert_allclose(path, expected)
    np.testing.assert_allclose(losses, BOWL(expected))


def test_the_text_says_when_a_path_diverges_or_reaches_a_minimum():
    def text(*values):
        return optimizer_figure(*values)["data"][-1]["text"][0]

    assert "not settled" in text("bowl", "SGD", 0.9, 0.5)
    assert "diverged" in text("bowl", "SGD", 0.9, 1.0)
    assert "reached the minimum" in text("bowl", "momentum", 0.9, 0.2)
    assert "reached the local minimum" in text("valleys", "SGD", 0.9, 0.1)
    assert "reached the global minimum" in text("valleys", "momentum", 0.9, 0.1)


def test_the_momentum_control_sets_nnlibs_momentum_on_the_tilted_bowl():
    for optimizer in USES_MOMENTUM:
        for momentum in MOMENTA:
            path, _ = path_of("tilted", optimizer, 0.1, momentum)
            made = optimizers.SGD(0.1, momentum=momentum, nesterov=optimizer == "Nesterov")
            np.testing.assert_allclose(path, descend(made, TILTED_BOWL, steps=len(path) - 1))


def test_the_other_optimizers_ignore_the_momentum_control():
    for optimizer in set(OPTIMIZERS) - set(USES_MOMENTUM):
        first, *others = [_rounded(optimizer_figure("tilted", optimizer, m, 0.1)["data"]) for m in MOMENTA]
        assert all(data == first for data in others)


def test_momentum_shows_distills_tradeoff_on_the_tilted_bowl():
    """Goh, "Why Momentum Really Works" (distill, 2017): at a fixed step, more momentum
    speeds up the slow direction until the oscillation it brings no longer dies out."""
    gap = {m: TILTED_BOWL(path_of("tilted", "momentum", 0.1, m)[0][-1]) for m in MOMENTA}
    assert gap[0.0] > gap[0.5] > gap[0.9] and gap[0.99] > gap[0.0]
    assert "\u03b2 = 0.9" in optimizer_figure("tilted", "momentum", 0.9, 0.1)["data"][-1]["text"][0]


def test_the_default_state_is_momentum_settling_on_the_tilted_bowl():
    figure, caption = optimizer_explorer().default_state()
    assert caption.startswith("surface = tilted bowl (convex), optimizer = momentum, momentum \u03b2 = 0.9")
    assert "reached the minimum" in caption


def test_a_path_that_leaves_the_map_is_marked_on_its_edge_and_said_in_words():
    """With beta = 0.99 on the tilted bowl the path swings below w2 = -3, the map's edge:
    each point off the map is marked where the drawn path is cut off, and the text says so."""
    from nncourse.explorers.optimizers import outside

    path, _ = path_of("tilted", "momentum", 0.1, 0.99)
    w2_low = TILTED_BOWL.w2_range[0]
    assert path[:, 1].min() < w2_low
    figure = optimizer_figure("tilted", "momentum", 0.99, 0.1)
    marks = figure["data"][-3]
    assert marks["mode"] == "markers" and len(marks["y"]) == int(np.sum(np.any(path[:, 1:] < w2_low, axis=1)))
    assert all(y == w2_low for y in marks["y"])
    np.testing.assert_allclose(marks["x"], path[path[:, 1] < w2_low, 0], atol=1e-3)
    assert "it leaves the map (\u00d7 on its edge)" in figure["data"][-1]["text"][0]
    assert f"w\u2082 down to {path[:, 1].min():.2f}" in figure["description"]
    inside = optimizer_figure("tilted", "momentum", 0.9, 0.1)
    assert inside["data"][-3]["x"] == [None] and "leaves the map" not in inside["description"]
    assert len(outside("tilted", path_of("tilted", "momentum", 0.1, 0.9)[0])) == 0
