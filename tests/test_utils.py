"""utils: to_categorical and set_random_seed, with Keras's names."""

import numpy as np
import pytest

import nnlib
from nnlib import Sequential, initializers, layers, utils


def test_to_categorical_one_hot_encodes_labels():
    np.testing.assert_array_equal(utils.to_categorical([0, 2, 1]), [[1, 0, 0], [0, 0, 1], [0, 1, 0]])


def test_to_categorical_with_more_classes_than_seen():
    assert utils.to_categorical([1, 0], num_classes=4).tolist() == [[0, 1, 0, 0], [1, 0, 0, 0]]


def test_to_categorical_accepts_a_column_of_labels_and_float_labels():
    np.testing.assert_array_equal(utils.to_categorical(np.array([[2.0], [0.0]])), [[0, 0, 1], [1, 0, 0]])


def test_to_categorical_round_trips_with_argmax():
    labels = np.random.default_rng(0).integers(0, 7, size=50)
    np.testing.assert_array_equal(utils.to_categorical(labels, 7).argmax(axis=1), labels)


@pytest.mark.parametrize("labels", [[0, -1], [0.5, 1]])
def test_to_categorical_needs_non_negative_whole_labels(labels):
    with pytest.raises(ValueError, match=r"to_categorical takes integer class labels 0, 1, 2, \.\.\."):
        utils.to_categorical(labels)


def test_to_categorical_label_beyond_num_classes_is_an_error():
    with pytest.raises(ValueError, match="Label 3 does not fit num_classes=3"):
        utils.to_categorical([0, 3], num_classes=3)


def unseeded_weights():
    return Sequential([layers.Dense(4, input_shape=(3,)), layers.Dropout(0.5), layers.Dense(2)]).get_weights()


def test_set_random_seed_makes_unseeded_models_reproducible():
    utils.set_random_seed(5)
    first = unseeded_weights()
    utils.set_random_seed(5)
    second = unseeded_weights()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    utils.set_random_seed(6)
    assert not np.array_equal(unseeded_weights()[0], first[0])


def test_set_random_seed_makes_unseeded_initializers_reproducible():
    utils.set_random_seed(1)
    first = initializers.HeNormal()((3, 3))
    utils.set_random_seed(1)
    np.testing.assert_array_equal(initializers.HeNormal()((3, 3)), first)


def test_unseeded_models_differ_from_one_another():
    utils.set_random_seed(0)
    assert not np.array_equal(unseeded_weights()[0], unseeded_weights()[0])


def test_set_random_seed_is_exported_where_keras_has_it():
    assert nnlib.set_random_seed is utils.set_random_seed
