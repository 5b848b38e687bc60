"""Augmentation: shifts move pixels and fill with background, noise is seeded
and clipped, and nothing changes the images it is given."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib.augmentation import add_noise, all_shifts, random_shifts, shift_images, shift_offsets
from nnlib.datasets import load_digit_images

from .strategies import bounded_floats, seeds

stacks = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 4), st.integers(2, 6), st.integers(2, 6)),
    elements=bounded_floats(0.0, 1.0),
)
shifts = st.integers(min_value=-3, max_value=3)


def test_a_shift_moves_a_single_pixel_down_and_right():
    image = np.zeros((4, 5))
    image[1, 2] = 7.0
    moved = shift_images(image, rows=2, columns=-1)
    expected = np.zeros((4, 5))
    expected[3, 1] = 7.0
    np.testing.assert_array_equal(moved, expected)


@given(stacks)
def test_the_zero_shift_is_the_identity(images):
    np.testing.assert_array_equal(shift_images(images, 0, 0), images)


@given(stacks, shifts, shifts)
def test_a_shift_keeps_the_pixels_that_stay_in_the_frame_and_fills_the_rest_with_zeros(images, rows, columns):
    moved = shift_images(images, rows, columns)
    height, width = images.shape[-2:]
    assert moved.shape == images.shape
    for r in range(height):
        for c in range(width):
            source_r, source_c = r - rows, c - columns
            inside = 0 <= source_r < height and 0 <= source_c < width
            expected = images[:, source_r, source_c] if inside else 0.0
            np.testing.assert_array_equal(moved[:, r, c], expected)


@given(stacks, shifts, shifts)
def test_shifting_back_restores_the_part_that_never_left_the_frame(images, rows, columns):
    there_and_back = shift_images(shift_images(images, rows, columns), -rows, -columns)
    height, width = images.shape[-2:]
    kept = (
        slice(None),
        slice(max(-rows, 0), height - max(rows, 0)),
        slice(max(-columns, 0), width - max(columns, 0)),
    )
    np.testing.assert_array_equal(there_and_back[kept], images[kept])


def test_a_shift_by_the_whole_height_leaves_only_background():
    assert not shift_images(np.ones((2, 3, 3)), rows=3).any()


def test_a_digit_with_an_empty_border_keeps_its_total_ink_when_moved_one_pixel():
    images, _ = load_digit_images()
    digit = images[0]
    assert not digit[:, 0].any() and not digit[:, -1].any()  # the first digit, a 0, has empty side columns
    assert shift_images(digit, 0, 1).sum() == digit.sum()
    assert shift_images(digit, 0, -1).sum() == digit.sum()


@given(stacks, seeds)
def test_nothing_changes_the_images_it_is_given(images, seed):
    original = images.copy()
    shift_images(images, 1, -1)
    all_shifts(images)
    random_shifts(images, seed=seed)
    add_noise(images, 0.3, seed=seed)
    np.testing.assert_array_equal(images, original)


def test_the_offsets_start_with_no_shift_and_cover_the_square_once():
    offsets = shift_offsets(1)
    assert offsets[0] == (0, 0)
    assert sorted(offsets) == [(r, c) for r in (-1, 0, 1) for c in (-1, 0, 1)]
    assert len(shift_offsets(2)) == 25 and shift_offsets(0) == [(0, 0)]


def test_all_shifts_stacks_the_originals_then_each_shift_with_matching_labels():
    images = np.arange(2 * 4 * 4, dtype=float).reshape(2, 4, 4)
    labels = np.array([3, 8])
    stacked, repeated = all_shifts(images, labels)
    assert stacked.shape == (18, 4, 4)
    np.testing.assert_array_equal(stacked[:2], images)
    for k, (r, c) in enumerate(shift_offsets(1)):
        np.testing.assert_array_equal(stacked[2 * k : 2 * k + 2], shift_images(images, r, c))
    np.testing.assert_array_equal(repeated, np.tile(labels, 9))


def test_all_shifts_rejects_labels_that_do_not_match_the_images():
    with pytest.raises(ValueError, match="one label per image"):
        all_shifts(np.zeros((3, 4, 4)), np.arange(4))


@given(stacks, seeds)
def test_random_shifts_moves_each_image_by_one_of_the_offsets_and_repeats_with_its_seed(images, seed):
    moved = random_shifts(images, seed=seed)
    np.testing.assert_array_equal(moved, random_shifts(images, seed=seed))
    for image, result in zip(images, moved):
        assert any(np.array_equal(result, shift_images(image, r, c)) for r, c in shift_offsets(1))


def test_random_shifts_uses_every_offset_about_equally_often():
    images = np.zeros((900, 3, 3))
    images[:, 1, 1] = 1.0  # a lone pixel in the middle shows where each image went
    moved = random_shifts(images, seed=0)
    positions = np.argmax(moved.reshape(900, 9), axis=1)
    counts = np.bincount(positions, minlength=9)
    assert counts.min() > 70 and counts.max() < 130


def test_noise_has_the_requested_spread_and_is_seeded():
    images = np.full((200, 8, 8), 0.5)
    noisy = add_noise(images, 0.1, seed=3)
    assert np.std(noisy - images) == pytest.approx(0.1, rel=0.05)
    np.testing.assert_array_equal(noisy, add_noise(images, 0.1, seed=3))
    assert not np.array_equal(noisy, add_noise(images, 0.1, seed=4))


def test_noise_is_clipped_to_the_valid_range_unless_asked_not_to():
    images = np.zeros((10, 8, 8))
    clipped = add_noise(images, 1.0, seed=0)
    assert clipped.min() == 0.0 and clipped.max() <= 1.0
    unclipped = add_noise(images, 1.0, seed=0, low=None, high=None)
    assert unclipped.min() < 0.0 and unclipped.max() > 1.0


@pytest.mark.parametrize("bad", [-0.1, "0.1", True, float("nan")])
def test_noise_rejects_a_standard_deviation_that_is_not_a_non_negative_number(bad):
    with pytest.raises(ValueError, match="standard deviation"):
        add_noise(np.zeros((2, 3, 3)), bad)


@pytest.mark.parametrize("bad", [0.5, "1", None])
def test_shifts_must_be_whole_pixels(bad):
    with pytest.raises(TypeError, match="whole number of pixels"):
        shift_images(np.zeros((3, 3)), rows=bad)


def test_flat_rows_are_refused_with_a_hint_to_reshape():
    with pytest.raises(ValueError, match="reshape"):
        shift_images(np.zeros(64), 1, 0)


@pytest.mark.parametrize("function", [all_shifts, random_shifts])
def test_functions_that_stack_images_refuse_a_single_image(function):
    with pytest.raises(ValueError, match="stack of images"):
        function(np.zeros((8, 8)))
