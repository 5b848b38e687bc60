"""The two-weight loss surfaces: gradients against finite differences, the
minima and the saddle where they are said to be, and descend taking the same
steps as the update rules written out by hand."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import optimizers
from nnlib.loss_surfaces import BOWL, SADDLE, SURFACES, TWO_VALLEYS, descend

from .strategies import bounded_floats

points = st.tuples(bounded_floats(-3, 3), bounded_floats(-3, 3)).map(np.array)


def central_difference(surface, w, epsilon=1e-6):
    gradient = np.zeros(2)
    for i in range(2):
        step = np.zeros(2)
        step[i] = epsilon
        gradient[i] = (surface(w + step) - surface(w - step)) / (2 * epsilon)
    return gradient


def hessian(surface, w, epsilon=1e-5):
    """Central differences of the gradient: a 2 x 2 matrix."""
    columns = []
    for i in range(2):
        step = np.zeros(2)
        step[i] = epsilon
        columns.append((surface.gradient(w + step) - surface.gradient(w - step)) / (2 * epsilon))
    return np.column_stack(columns)


@pytest.mark.parametrize("name", sorted(SURFACES))
@given(w=points)
def test_the_gradient_matches_central_differences(name, w):
    surface = SURFACES[name]
    np.testing.assert_allclose(surface.gradient(w), central_difference(surface, w), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_the_gradient_vanishes_at_every_minimum_and_the_hessian_is_positive_definite(name):
    for point, label in SURFACES[name].minima:
        np.testing.assert_allclose(SURFACES[name].gradient(point), 0, atol=1e-10, err_msg=label)
        assert np.all(np.linalg.eigvalsh(hessian(SURFACES[name], point)) > 0), label


def test_the_first_minimum_is_the_lowest():
    for surface in SURFACES.values():
        values = [surface(point) for point, _ in surface.minima]
        assert values[0] == min(values) == surface.lowest


def test_the_saddle_of_two_valleys_has_a_zero_gradient_and_curvatures_of_both_signs():
    np.testing.assert_allclose(TWO_VALLEYS.gradient(SADDLE), 0, atol=1e-10)
    low, high = np.linalg.eigvalsh(hessian(TWO_VALLEYS, SADDLE))
    assert low < 0 < high


def test_the_bowl_is_convex_and_two_valleys_is_not():
    """Convex: the loss at the midpoint of two points is at most the mean of their losses."""
    rng = np.random.default_rng(0)
    a, b = rng.uniform(-3, 3, size=(2, 500, 2))
    assert np.all(BOWL((a + b) / 2) <= (BOWL(a) + BOWL(b)) / 2 + 1e-12)
    left, right = TWO_VALLEYS.minima[0][0], TWO_VALLEYS.minima[1][0]
    assert TWO_VALLEYS((left + right) / 2) > (TWO_VALLEYS(left) + TWO_VALLEYS(right)) / 2


def test_the_loss_takes_a_grid_and_a_batch_of_points():
    w1, w2, loss = BOWL.grid(resolution=7)
    assert w1.shape == w2.shape == (7,) and loss.shape == (7, 7)
    assert loss[3, 3] == 0  # the grid's centre is the bowl's minimum
    assert loss[0, 3] == pytest.approx(BOWL.loss(0.0, w2[0]))  # rows run along w2
    np.testing.assert_allclose(BOWL(np.array([[2.0, 2.0], [0.0, 0.0]])), [0.05 + 5.0, 0.0])


def test_descend_with_sgd_takes_the_steps_of_gradient_descent():
    w = BOWL.start.copy()
    expected = [w.copy()]
    for _ in range(20):
        w = w - 0.3 * BOWL.gradient(w)
        expected.append(w)
    np.testing.assert_allclose(descend(optimizers.SGD(0.3), BOWL, steps=20), expected, rtol=1e-14)


def test_descend_with_momentum_takes_the_steps_of_momentum():
    w, velocity = TWO_VALLEYS.start.copy(), np.zeros(2)
    expected = [w.copy()]
    for _ in range(30):
        velocity = 0.9 * velocity - 0.01 * TWO_VALLEYS.gradient(w)
        w = w + velocity
        expected.append(w)
    path = descend(optimizers.SGD(0.01, momentum=0.9), TWO_VALLEYS, steps=30)
    np.testing.assert_allclose(path, expected, rtol=1e-12)


def test_descend_starts_where_it_is_told_and_leaves_the_surface_alone():
    start = np.array([1.0, -1.0])
    path = descend(optimizers.Adam(0.1), TWO_VALLEYS, steps=5, start=start)
    assert path.shape == (6, 2)
    np.testing.assert_array_equal(path[0], start)
    np.testing.assert_array_equal(start, [1.0, -1.0])
    np.testing.assert_array_equal(TWO_VALLEYS.start, [2.0, 1.8])


def test_descend_stops_when_the_path_diverges():
    # on the bowl, gradient descent diverges once the rate passes 2 / 2.5 = 0.8
    path = descend(optimizers.SGD(1.0), BOWL, steps=200, limit=1e3)
    assert len(path) < 201
    assert np.max(np.abs(path[-1])) > 1e3
    assert np.max(np.abs(path[-2])) <= 1e3
    assert len(descend(optimizers.SGD(0.7), BOWL, steps=200)) == 201


@pytest.mark.parametrize(
    "make",
    [
        lambda: optimizers.SGD(0.5),
        lambda: optimizers.SGD(0.1, momentum=0.9),
        lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
        lambda: optimizers.Adam(0.1),
    ],
    ids=["sgd", "momentum", "nesterov", "adam"],
)
def test_good_settings_reach_the_minimum_of_the_bowl(make):
    path = descend(make(), BOWL, steps=600)
    assert BOWL(path[-1]) < 1e-6
