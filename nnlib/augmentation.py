r"""Data augmentation for small images: new training samples from old ones.

A shifted or slightly noisy picture of a 3 is still a 3, so a model can
learn from it as from a new sample. The functions take a stack of images of
shape ``(n_images, height, width)`` (or one image ``(height, width)``), such
as ``nnlib.datasets.load_digit_images()`` gives, and return new arrays of the
same shape; the inputs are never changed.

- ``shift_images(images, rows, columns)``: move every image by whole pixels,
  filling the uncovered border with the background value 0;
- ``all_shifts(images, max_shift)``: every shift by at most ``max_shift``
  pixels in each direction, stacked, for augmenting a training set;
- ``random_shifts(images, max_shift, seed)``: each image moved by its own
  random shift, for a test set of off-center digits;
- ``add_noise(images, std, seed, low, high)``: Gaussian noise, clipped to the
  range of valid intensities.

Horizontal flips, a common augmentation for photographs, are missing on
purpose: a mirrored 2, 3, 4, 5, 6, 7 or 9 is not the same digit.
"""

import numbers

import numpy as np

from ._seeding import make_rng
from ._validation import as_float_array


def _check_images(images):
    images = as_float_array(images, "images")
    if images.ndim < 2:
        raise ValueError(
            f"images must have shape (height, width) or (n_images, height, width), got shape "
            f"{images.shape}. Flat rows of 64 pixels become images with x.reshape(-1, 8, 8)."
        )
    return images


def _check_stack(images, function):
    images = _check_images(images)
    if images.ndim != 3:
        raise ValueError(
            f"{function} takes a stack of images (n_images, height, width), got shape {images.shape}. "
            f"For one image use image[np.newaxis]."
        )
    return images


def _check_shift(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number of pixels, got {value!r}.")
    return int(value)


def shift_images(images, rows=0, columns=0):
    """Move every image ``rows`` pixels down and ``columns`` pixels right.

    Negative values move up and left. Pixels that leave the frame are lost;
    the ones that enter it are 0 (the background of the digit images). The
    last two axes are the image's height and width. Returns a new array.
    """
    images = _check_images(images)
    rows, columns = _check_shift(rows, "rows"), _check_shift(columns, "columns")
    height, width = images.shape[-2:]
    shifted = np.zeros_like(images)
    if abs(rows) >= height or abs(columns) >= width:
        return shifted
    # the target window, and the source window it is copied from
    target = (
        ...,
        slice(max(rows, 0), height + min(rows, 0)),
        slice(max(columns, 0), width + min(columns, 0)),
    )
    source = (
        ...,
        slice(max(-rows, 0), height + min(-rows, 0)),
        slice(max(-columns, 0), width + min(-columns, 0)),
    )
    shifted[target] = images[source]
    return shifted


def shift_offsets(max_shift=1):
    """Every ``(rows, columns)`` with both between ``-max_shift`` and ``max_shift``, (0, 0) first."""
    max_shift = _check_shift(max_shift, "max_shift")
    if max_shift < 0:
        raise ValueError(f"max_shift must be 0 or more pixels, got {max_shift}.")
    steps = range(-max_shift, max_shift + 1)
    offsets = [(r, c) for r in steps for c in steps if (r, c) != (0, 0)]
    return [(0, 0)] + offsets


def all_shifts(images, labels=None, max_shift=1):
    """The images ``(n, height, width)`` moved by every offset of ``shift_offsets(max_shift)``, stacked.

    For ``n`` images and ``max_shift=1`` that is ``9 n`` images: the
    originals first, then all of them moved by each of the 8 one-pixel
    steps (diagonals included). With ``labels`` (shape ``(n,)``), returns
    ``(images, labels)`` with the labels repeated to match, in the same order.
    """
    images = _check_stack(images, "all_shifts")
    offsets = shift_offsets(max_shift)
    stacked = np.concatenate([shift_images(images, r, c) for r, c in offsets])
    if labels is None:
        return stacked
    labels = np.asarray(labels)
    if labels.shape != (len(images),):
        raise ValueError(
            f"labels must hold one label per image: images have shape {images.shape}, labels {labels.shape}."
        )
    return stacked, np.tile(labels, len(offsets))


def random_shifts(images, max_shift=1, seed=None):
    """Each image of a stack ``(n, height, width)`` moved by its own random offset.

    The offset is drawn uniformly from ``shift_offsets(max_shift)`` (so
    with ``max_shift=1`` one image in nine stays where it is). Returns a new
    stack of the same shape; ``seed`` fixes the offsets.
    """
    images = _check_stack(images, "random_shifts")
    offsets = shift_offsets(max_shift)
    chosen = make_rng(seed).integers(len(offsets), size=len(images))
    return np.stack([shift_images(image, *offsets[k]) for image, k in zip(images, chosen)])


def add_noise(images, std, seed=None, low=0.0, high=1.0):
    """``images`` plus Gaussian noise of standard deviation ``std``, clipped to ``[low, high]``.

    Give ``low=None`` or ``high=None`` to leave that side unclipped. The
    defaults suit intensities scaled to ``[0, 1]``.
    """
    images = _check_images(images)
    if isinstance(std, bool) or not isinstance(std, numbers.Real) or not std >= 0:
        raise ValueError(f"std is a standard deviation and must be a number of at least 0, got {std!r}.")
    noisy = images + std * make_rng(seed).standard_normal(images.shape)
    if low is not None or high is not None:
        noisy = np.clip(noisy, low, high)
    return noisy
