"""seeding: one place that turns a seed into a numpy Generator."""

import numpy as np
import pytest

from nnlib._seeding import make_rng, set_random_seed


def test_an_int_seed_gives_the_same_draws_every_time():
    np.testing.assert_array_equal(make_rng(3).random(5), make_rng(3).random(5))
    np.testing.assert_array_equal(make_rng(np.int64(3)).random(5), make_rng(3).random(5))


def test_a_generator_is_returned_as_it_is():
    generator = np.random.default_rng(0)
    assert make_rng(generator) is generator


def test_none_draws_a_fresh_generator_from_the_global_one():
    set_random_seed(9)
    first = make_rng(None).random(3), make_rng(None).random(3)
    set_random_seed(9)
    second = make_rng(None).random(3), make_rng(None).random(3)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(first[0], first[1])


@pytest.mark.parametrize("seed", [1.5, "1", True])
def test_other_seeds_are_rejected(seed):
    with pytest.raises(
        TypeError,
        match=rf"seed must be None, an int or a numpy.random.Generator, not "
        rf"{type(seed).__name__}",
    ):
        make_rng(seed)
