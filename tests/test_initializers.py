"""Initializers: Keras's formulas for the bounds and spreads, and seeding."""

import math

import numpy as np
import pytest

from nnlib import Sequential, initializers, layers

FAN_IN, FAN_OUT = 300, 200
SHAPE = (FAN_IN, FAN_OUT)  # 60,000 samples: the std of a sample std is about 0.3%


def sample(initializer, shape=SHAPE, seed=0, dtype="float64"):
    return initializer(shape, dtype, np.random.default_rng(seed))


def truncated_standard_normal_std():
    """The standard deviation of N(0, 1) truncated to [-2, 2], from the normal pdf and cdf."""
    pdf_2 = math.exp(-2.0) / math.sqrt(2 * math.pi)
    mass = math.erf(2 / math.sqrt(2))  # P(-2 <= Z <= 2)
    return math.sqrt(1 - 2 * 2 * pdf_2 / mass)


def test_truncation_factor_is_the_std_of_a_normal_truncated_at_two():
    assert initializers.TRUNCATED_NORMAL_STDDEV_FACTOR == pytest.approx(
        truncated_standard_normal_std(), rel=1e-12
    )
    assert initializers.TRUNCATED_NORMAL_STDDEV_FACTOR == pytest.approx(0.87962566103423978, rel=1e-15)


@pytest.mark.parametrize(
    "initializer, limit",
    [
        (initializers.GlorotUniform(), math.sqrt(6 / (FAN_IN + FAN_OUT))),
        (initializers.HeUniform(), math.sqrt(6 / FAN_IN)),
        (initializers.RandomUniform(), 0.05),
        (initializers.RandomUniform(minval=-0.3, maxval=0.3), 0.3),
    ],
    ids=["glorot_uniform", "he_uniform", "random_uniform", "random_uniform_0.3"],
)
def test_uniform_initializers_fill_minus_limit_to_limit(initializer, limit):
    w = sample(initializer)
    assert w.shape == SHAPE
    assert np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.999 * limit  # and they use the whole range
    assert abs(w.mean()) < 0.01 * limit
    assert w.std() == pytest.approx(limit / math.sqrt(3), rel=0.02)


@pytest.mark.parametrize(
    "initializer, target_std",
    [
        (initializers.GlorotNormal(), math.sqrt(2 / (FAN_IN + FAN_OUT))),
        (initializers.HeNormal(), math.sqrt(2 / FAN_IN)),
    ],
    ids=["glorot_normal", "he_normal"],
)
def test_truncated_normals_stay_within_two_stddev_and_have_the_keras_std(initializer, target_std):
    """Keras draws with stddev sqrt(scale/n)/0.8796 and truncates at two of those stddevs,
    which brings the spread of the values back to sqrt(scale/n)."""
    stddev = target_std / 0.87962566103423978
    w = sample(initializer)
    assert np.abs(w).max() <= 2 * stddev
    assert np.abs(w).max() > 1.99 * stddev
    assert abs(w.mean()) < 0.01 * target_std
    assert w.std() == pytest.approx(target_std, rel=0.02)


def test_random_normal_has_the_keras_default_spread():
    w = sample(initializers.RandomNormal())
    assert abs(w.mean()) < 0.001
    assert w.std() == pytest.approx(0.05, rel=0.02)
    w = sample(initializers.RandomNormal(mean=1.0, stddev=0.2))
    assert w.mean() == pytest.approx(1.0, abs=0.005)
    assert w.std() == pytest.approx(0.2, rel=0.02)


def test_constant_initializers():
    np.testing.assert_array_equal(sample(initializers.Zeros(), (2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(sample(initializers.Ones(), (2, 3)), np.ones((2, 3)))
    np.testing.assert_array_equal(sample(initializers.Constant(0.7), (4,)), np.full(4, 0.7))


def test_fans_of_a_kernel_and_of_a_bias():
    assert initializers.compute_fans((5, 3)) == (5, 3)
    assert initializers.compute_fans((7,)) == (7, 7)


def test_glorot_uniform_of_a_bias_uses_its_length_for_both_fans():
    w = sample(initializers.GlorotUniform(), (6000,))
    assert np.abs(w).max() <= math.sqrt(6 / 12000)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_initializers_return_the_requested_dtype(dtype):
    assert sample(initializers.HeNormal(), (3, 4), dtype=dtype).dtype == np.dtype(dtype)


# Seeds

SEEDED = [
    initializers.GlorotUniform,
    initializers.GlorotNormal,
    initializers.HeUniform,
    initializers.HeNormal,
    initializers.RandomNormal,
    initializers.RandomUniform,
]


@pytest.mark.parametrize("cls", SEEDED, ids=lambda cls: cls.__name__)
def test_same_int_seed_gives_bit_identical_arrays(cls):
    first = cls(seed=7)((5, 4))
    np.testing.assert_array_equal(first, cls(seed=7)((5, 4)))
    # a seeded initializer gives the same values on every call, as in Keras 3
    initializer = cls(seed=7)
    np.testing.assert_array_equal(initializer((5, 4)), initializer((5, 4)))
    assert not np.array_equal(first, cls(seed=8)((5, 4)))


@pytest.mark.parametrize("cls", SEEDED, ids=lambda cls: cls.__name__)
def test_generator_seed_advances_between_calls(cls):
    initializer = cls(seed=np.random.default_rng(3))
    first, second = initializer((5, 4)), initializer((5, 4))
    assert not np.array_equal(first, second)
    # and the draws are the generator's: a fresh generator with that seed repeats them
    np.testing.assert_array_equal(first, cls(seed=np.random.default_rng(3))((5, 4)))


def test_an_int_seed_ignores_the_generator_passed_by_the_layer():
    initializer = initializers.GlorotUniform(seed=1)
    np.testing.assert_array_equal(
        initializer((3, 3), "float64", np.random.default_rng(100)),
        initializer((3, 3), "float64", np.random.default_rng(200)),
    )


def test_an_unseeded_initializer_draws_from_the_generator_it_is_given():
    initializer = initializers.GlorotUniform()
    np.testing.assert_array_equal(
        initializer((3, 3), "float64", np.random.default_rng(5)),
        initializer((3, 3), "float64", np.random.default_rng(5)),
    )


def test_seeded_kernel_initializer_fixes_a_dense_layer_whatever_the_model_seed():
    def kernel(model_seed):
        model = Sequential(
            [layers.Dense(3, kernel_initializer=initializers.HeNormal(seed=11), input_shape=(4,))],
            seed=model_seed,
        )
        return model.layers[0].kernel

    np.testing.assert_array_equal(kernel(0), kernel(1))


def test_a_seed_of_the_wrong_type_is_rejected():
    with pytest.raises(TypeError, match="seed must be None, an int or a numpy.random.Generator, not str"):
        initializers.GlorotUniform(seed="42")((2, 2))


# Lookup


@pytest.mark.parametrize(
    "name, cls",
    [
        ("glorot_uniform", initializers.GlorotUniform),
        ("xavier_uniform", initializers.GlorotUniform),
        ("glorot_normal", initializers.GlorotNormal),
        ("he_uniform", initializers.HeUniform),
        ("he_normal", initializers.HeNormal),
        ("zeros", initializers.Zeros),
        ("ones", initializers.Ones),
        ("random_normal", initializers.RandomNormal),
        ("random_uniform", initializers.RandomUniform),
    ],
)
def test_get_by_name(name, cls):
    assert type(initializers.get(name)) is cls


def test_unknown_initializer_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"Unknown initializer 'glorot'\..*Known initializers: ") as info:
        initializers.get("glorot")
    for name in initializers.INITIALIZERS:
        assert name in str(info.value)
