"""parameters: the weights of a model as views into one flat vector."""

import numpy as np

from nnlib import Sequential, layers
from nnlib._parameters import ParameterVector


def model():
    return Sequential([layers.Dense(3, input_shape=(2,)), layers.Dense(1)], seed=0)


def test_weights_become_views_of_one_flat_vector_in_layer_order():
    m = model()
    expected = np.concatenate([w.ravel() for w in m.get_weights()])
    vector = ParameterVector(m.layers, "float64")
    np.testing.assert_array_equal(vector.values, expected)
    vector.values[:] = 0.0
    assert all(np.all(w == 0.0) for w in m.get_weights())  # the layers see the change
    m.layers[1].dW[...] = 1.0
    assert vector.gradients[-4:-1].tolist() == [1.0, 1.0, 1.0]  # dense_1's dW: the 3 entries before its db


def test_frozen_layers_are_left_out():
    m = model()
    m.layers[0].trainable = False
    vector = ParameterVector(m.layers, "float64")
    assert vector.values.size == 3 + 1


def test_matches_notices_a_frozen_layer_or_a_replaced_array():
    m = model()
    vector = ParameterVector(m.layers, "float64")
    assert vector.matches(m.layers)
    m.layers[0].trainable = False
    assert not vector.matches(m.layers)
    m.layers[0].trainable = True
    m.layers[1].bias = np.zeros(1)
    assert not vector.matches(m.layers)
