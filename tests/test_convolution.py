"""Convolution and max pooling agree with scipy and with the loops that define them."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.signal import convolve2d, correlate2d

from nnlib.convolution import conv2d, max_pool2d

from .strategies import float_arrays


@st.composite
def images_and_kernels(draw):
    """An image of 1-9 x 1-9 pixels and a kernel that fits inside it."""
    height, width = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    kernel_h, kernel_w = draw(st.integers(1, height)), draw(st.integers(1, width))
    return draw(float_arrays((height, width))), draw(float_arrays((kernel_h, kernel_w)))


@given(images_and_kernels())
def test_conv2d_is_scipys_valid_cross_correlation(pair):
    image, kernel = pair
    np.testing.assert_allclose(conv2d(image, kernel), correlate2d(image, kernel, mode="valid"), atol=1e-12)


@given(images_and_kernels())
def test_conv2d_with_a_flipped_kernel_is_a_true_convolution(pair):
    image, kernel = pair
    np.testing.assert_allclose(
        conv2d(image, kernel[::-1, ::-1]), convolve2d(image, kernel, mode="valid"), atol=1e-12
    )


def test_conv2d_output_shape_shrinks_by_the_kernel_size_minus_one():
    assert conv2d(np.zeros((8, 8)), np.zeros((3, 3))).shape == (6, 6)
    assert conv2d(np.zeros((5, 7)), np.zeros((2, 4))).shape == (4, 4)


def test_conv2d_with_a_one_pixel_kernel_scales_the_image():
    image = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(conv2d(image, np.array([[2.0]])), 2 * image)


def test_conv2d_worked_by_hand():
    image = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 0.0, 1.0]])
    kernel = np.array([[1.0, -1.0], [0.0, 2.0]])
    # top left: 1*1 + 2*(-1) + 0*0 + 1*2 = 1; top right: 2 - 0 + 0 + 6 = 8; ...
    np.testing.assert_array_equal(conv2d(image, kernel), [[1.0, 8.0], [-1.0, 0.0]])


def test_conv2d_refuses_a_kernel_larger_than_the_image():
    with pytest.raises(ValueError, match="larger than the image"):
        conv2d(np.zeros((3, 3)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="2-D"):
        conv2d(np.zeros(5), np.zeros((1, 1)))


def pool_by_loops(feature_map, size):
    rows, columns = feature_map.shape[0] // size, feature_map.shape[1] // size
    out = np.empty((rows, columns))
    for i in range(rows):
        for j in range(columns):
            out[i, j] = feature_map[i * size : (i + 1) * size, j * size : (j + 1) * size].max()
    return out


@st.composite
def maps_and_sizes(draw):
    size = draw(st.integers(1, 4))
    shape = (draw(st.integers(size, 10)), draw(st.integers(size, 10)))
    return draw(float_arrays(shape)), size


@given(maps_and_sizes())
def test_max_pool2d_takes_the_maximum_of_each_window(pair):
    feature_map, size = pair
    np.testing.assert_array_equal(max_pool2d(feature_map, size), pool_by_loops(feature_map, size))


def test_max_pool2d_drops_leftover_rows_and_columns():
    feature_map = np.zeros((5, 7))
    feature_map[4, :] = feature_map[:, 6] = 100.0  # only in the leftover row and column
    pooled = max_pool2d(feature_map, 2)
    assert pooled.shape == (2, 3)
    assert pooled.max() == 0.0


def test_max_pool2d_keeps_negative_maxima():
    np.testing.assert_array_equal(
        max_pool2d(-np.arange(1.0, 17.0).reshape(4, 4), 2), [[-1.0, -3.0], [-9.0, -11.0]]
    )


def test_max_pool2d_with_windows_of_one_pixel_changes_nothing():
    feature_map = np.random.default_rng(0).normal(size=(3, 5))
    np.testing.assert_array_equal(max_pool2d(feature_map, 1), feature_map)


def test_max_pool2d_refuses_a_window_larger_than_the_map():
    with pytest.raises(ValueError, match="does not fit"):
        max_pool2d(np.zeros((3, 8)), 4)
    with pytest.raises(ValueError, match="whole number"):
        max_pool2d(np.zeros((4, 4)), 0)
