r"""Convolution and max pooling on one 2-D image: the two operations of a CNN.

- ``conv2d(image, kernel)``: slide ``kernel`` over ``image`` and, at each
  position where it fits entirely ("valid" mode), add up the products

  $$\text{out}[i, j] = \sum_{p=0}^{k_h - 1} \sum_{q=0}^{k_w - 1}
  \text{image}[i + p, j + q]\, \text{kernel}[p, q].$$

  Shapes: image ``(H, W)``, kernel ``(k_h, k_w)``, output
  ``(H - k_h + 1, W - k_w + 1)``. Mathematicians call this a
  cross-correlation (a convolution would flip the kernel first); deep-learning
  libraries call it convolution, and so do we. It equals
  ``scipy.signal.correlate2d(image, kernel, mode="valid")``.
- ``max_pool2d(feature_map, size)``: the largest value in each
  ``size x size`` window, the windows side by side without overlap (stride
  ``size``). Rows and columns left over at the bottom and right edges are
  dropped, as Keras's ``MaxPooling2D`` does with ``padding="valid"``.
  Output shape ``(H // size, W // size)``.

A convolutional layer applies many kernels to many input channels and adds a
bias; these functions keep to one kernel and one channel, the part that is new.
"""

import numpy as np

from ._validation import check_positive_int


def _as_image(values, name):
    array = np.asarray(values, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows, columns), got shape {array.shape}.")
    return array


def conv2d(image, kernel):
    """Valid 2-D convolution (cross-correlation) of ``image`` with ``kernel``; see the module docstring.

    Defined in chapter 9, *Beyond the MLP*.
    """
    image, kernel = _as_image(image, "image"), _as_image(kernel, "kernel")
    kernel_h, kernel_w = kernel.shape
    out_h, out_w = image.shape[0] - kernel_h + 1, image.shape[1] - kernel_w + 1
    if out_h < 1 or out_w < 1:
        raise ValueError(
            f"The kernel {kernel.shape} is larger than the image {image.shape}: in valid mode it "
            f"must fit inside the image at least once."
        )
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            out[i, j] = np.sum(image[i : i + kernel_h, j : j + kernel_w] * kernel)
    return out


def max_pool2d(feature_map, size=2):
    """The maximum of each non-overlapping ``size x size`` window; see the module docstring.

    Defined in chapter 9, *Beyond the MLP*.
    """
    feature_map = _as_image(feature_map, "feature_map")
    size = check_positive_int(size, "size")
    out_h, out_w = feature_map.shape[0] // size, feature_map.shape[1] // size
    if out_h < 1 or out_w < 1:
        raise ValueError(
            f"A {size} x {size} window does not fit in a feature map of shape {feature_map.shape}."
        )
    kept = feature_map[: out_h * size, : out_w * size]  # drop the leftover rows and columns
    return kept.reshape(out_h, size, out_w, size).max(axis=(1, 3))
