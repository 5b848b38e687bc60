"""scikit-learn's bundled data sets, split and scaled (part of ``nnlib.datasets``).

The scaler learns each feature's mean and standard deviation from the
training part only and applies them to both parts: the test set stays
unseen, as it will be in use. Scaling before splitting would leak the test
set's statistics into training.
"""

import importlib

import numpy as np

from ._seeding import make_rng
from ._validation import check_fraction


def load_digits(test_size=0.2, seed=0, scale=True):
    """Handwritten digits, 8x8 pixels: the course's offline stand-in for MNIST.

    1797 images; features are the 64 pixel intensities (0 to 16), labels the
    digits 0 to 9. Returns ``(x_train, x_test, y_train, y_test)`` like
    ``sklearn.model_selection.train_test_split``: ``x`` float
    ``(n, 64)``, ``y`` int ``(n,)``. The split is stratified (each part keeps
    the class proportions) and ``seed`` fixes it. With ``scale=True`` each
    feature is standardised with a ``StandardScaler`` fitted on the training
    part only, so no information from the test part leaks into training
    (pixels that are always 0 in training stay 0); ``scale=False`` returns the
    raw intensities. For pictures of the digits see ``load_digit_images``.
    """
    sklearn_datasets = _import_sklearn("datasets")
    bunch = sklearn_datasets.load_digits()
    return _split_and_scale(bunch.data, bunch.target, test_size, seed, scale, stratify=True)


def load_digit_images():
    """The 1797 digit images as pictures: ``(images, labels)``.

    ``images`` float ``(1797, 8, 8)`` with intensities from 0 (background) to
    16; ``labels`` int ``(1797,)``. Show one with
    ``plt.imshow(images[0], cmap="gray_r")``. Row ``i`` is the same digit as
    row ``i`` of ``sklearn.datasets.load_digits().data``, before any split.
    """
    sklearn_datasets = _import_sklearn("datasets")
    bunch = sklearn_datasets.load_digits()
    return bunch.images.astype(float), bunch.target.astype(np.int64)


def load_iris(test_size=0.2, seed=0, scale=True):
    """Fisher's iris flowers: 150 samples, 4 measurements (cm), 3 species.

    Returns ``(x_train, x_test, y_train, y_test)``: ``x`` float ``(n, 4)``,
    ``y`` int ``(n,)`` in 0, 1, 2. Stratified split fixed by ``seed``;
    ``scale=True`` standardises with a scaler fitted on the training part
    only (no test information leaks), ``scale=False`` keeps centimetres.
    """
    sklearn_datasets = _import_sklearn("datasets")
    bunch = sklearn_datasets.load_iris()
    return _split_and_scale(bunch.data, bunch.target, test_size, seed, scale, stratify=True)


def load_breast_cancer(test_size=0.2, seed=0, scale=True):
    """Wisconsin breast cancer: 569 tumours, 30 features, label 1 benign, 0 malignant.

    Returns ``(x_train, x_test, y_train, y_test)``: ``x`` float ``(n, 30)``,
    ``y`` int 0/1 ``(n,)``. Stratified split fixed by ``seed``. The raw
    features range from about 0.001 to 4000, so scaling matters here:
    ``scale=True`` standardises with a scaler fitted on the training part only
    (no test information leaks).
    """
    sklearn_datasets = _import_sklearn("datasets")
    bunch = sklearn_datasets.load_breast_cancer()
    return _split_and_scale(bunch.data, bunch.target, test_size, seed, scale, stratify=True)


def load_diabetes(test_size=0.2, seed=0, scale=True):
    """Diabetes progression, a regression set: 442 patients, 10 features.

    Returns ``(x_train, x_test, y_train, y_test)``: ``x`` float ``(n, 10)``,
    ``y`` float ``(n,)``, a measure of disease progression one year later
    (25 to 346). The split is random, not stratified (``y`` is not a class),
    and fixed by ``seed``. The features start from scikit-learn's raw values
    (``scaled=False``: age in years, sex 1/2, ...); ``scale=True``
    standardises them with a scaler fitted on the training part only (no test
    information leaks). ``y`` is left as it is: an MSE in the thousands is
    expected; divide ``y`` by ``y_train.std()`` if you want losses near 1.
    """
    sklearn_datasets = _import_sklearn("datasets")
    bunch = sklearn_datasets.load_diabetes(scaled=False)
    return _split_and_scale(bunch.data, bunch.target.astype(float), test_size, seed, scale, stratify=False)


MNIST_MESSAGE = (
    "load_mnist downloads the MNIST data set (about 55 MB) from openml.org the first "
    "time, then reads it from the cache in {cache}. The course itself uses "
    "nnlib.datasets.load_digits(), 8x8 digits that ship with scikit-learn and need no "
    "download. To download MNIST, call load_mnist(download=True)."
)


def load_mnist(download=False, cache_dir=None):
    """The real MNIST: 70 000 handwritten digits of 28x28 pixels, from openml.org.

    Nothing is downloaded unless ``download=True``: without it this raises a
    ``RuntimeError`` that explains the download. The data (about 55 MB) come
    from ``sklearn.datasets.fetch_openml("mnist_784")`` and are cached in
    ``cache_dir`` (default scikit-learn's, ``~/scikit_learn_data``).

    Returns ``(x_train, x_test, y_train, y_test)`` with the standard split,
    the first 60 000 images for training and the last 10 000 for testing:
    ``x`` float ``(n, 784)`` with pixel intensities divided by 255 into
    ``[0, 1]`` (``x.reshape(-1, 28, 28)`` gives the images), ``y`` int
    ``(n,)`` in 0 to 9.
    """
    if not isinstance(download, bool):
        raise TypeError(f"download must be True or False, got {download!r}.")
    sklearn_datasets = _import_sklearn("datasets")
    if not download:
        cache = cache_dir if cache_dir is not None else sklearn_datasets.get_data_home()
        raise RuntimeError(MNIST_MESSAGE.format(cache=cache))
    # The pandas parser is faster but needs pandas; the pure-Python one always works.
    parser = "pandas" if importlib.util.find_spec("pandas") else "liac-arff"
    X, y = sklearn_datasets.fetch_openml(
        "mnist_784", version=1, data_home=cache_dir, return_X_y=True, as_frame=False, parser=parser
    )
    X = np.asarray(X, dtype=float) / 255.0
    y = np.asarray(y).astype(np.int64)  # openml gives the labels as strings "0" .. "9"
    return X[:60000], X[60000:], y[:60000], y[60000:]


def _split_and_scale(X, y, test_size, seed, scale, stratify):
    """Split ``(X, y)`` into train and test, then standardise with the training statistics."""
    test_size = check_fraction(test_size, "test_size", inclusive_low=False)
    if not isinstance(scale, bool):
        raise TypeError(f"scale must be True (standardise the features) or False (raw), got {scale!r}.")
    random_state = _random_state(seed)
    n_test = int(np.ceil(test_size * len(X)))
    n_train = len(X) - n_test
    if stratify:
        n_classes = len(np.unique(y))
        if min(n_test, n_train) < n_classes:
            raise ValueError(
                f"test_size={test_size} gives {n_train} training and {n_test} test samples, but a "
                f"stratified split needs at least one sample of each of the {n_classes} classes in "
                f"each part. Use a test_size between {n_classes / len(X):.3g} and "
                f"{1 - n_classes / len(X):.3g}."
            )
    model_selection = _import_sklearn("model_selection")
    x_train, x_test, y_train, y_test = model_selection.train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y if stratify else None
    )
    x_train, x_test = x_train.astype(float), x_test.astype(float)
    if scale:
        preprocessing = _import_sklearn("preprocessing")
        scaler = preprocessing.StandardScaler().fit(x_train)  # training part only
        x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
    if stratify:
        y_train, y_test = y_train.astype(np.int64), y_test.astype(np.int64)
    return x_train, x_test, y_train, y_test


def _random_state(seed):
    """scikit-learn's ``random_state`` for an nnlib ``seed``: ints pass through, else draw one."""
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        if seed < 0:
            raise ValueError(f"seed must be a non-negative int, None or a numpy Generator, got {seed!r}.")
        return int(seed)
    return int(make_rng(seed).integers(2**32 - 1))


def _import_sklearn(submodule):
    """Import ``sklearn.<submodule>``, or explain how to install scikit-learn."""
    try:
        return importlib.import_module(f"sklearn.{submodule}")
    except ImportError:
        raise ImportError(
            "This data set comes from scikit-learn, which is not installed. Install it with "
            "pip install scikit-learn (or pip install nnlib[datasets])."
        ) from None
