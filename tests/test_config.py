"""config: the default float type of new models."""

import numpy as np
import pytest

from nnlib import Sequential, config, layers


@pytest.fixture
def restore_floatx():
    yield
    config.set_floatx("float64")


def test_the_default_float_type_is_float64():
    assert config.floatx() == "float64"
    assert Sequential([layers.Dense(2, input_shape=(3,))]).get_weights()[0].dtype == np.float64


def test_set_floatx_changes_the_type_of_new_models(restore_floatx):
    config.set_floatx("float32")
    assert config.floatx() == "float32"
    model = Sequential([layers.Dense(2, input_shape=(3,))])
    assert model.dtype == "float32" and model.get_weights()[0].dtype == np.float32


def test_float_types_can_be_given_as_numpy_types():
    assert config.check_float_dtype(np.float32) == "float32"
    assert config.check_float_dtype("float64") == "float64"


@pytest.mark.parametrize("dtype", ["float16", "int64", "complex128"])
def test_other_types_are_rejected(dtype, restore_floatx):
    with pytest.raises(ValueError, match=rf"nnlib trains in float32 or float64, not '{dtype}'"):
        config.set_floatx(dtype)
