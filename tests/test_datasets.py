"""Tests for nnlib.datasets: shapes, labels, reproducibility, scaling without leaks, and errors."""

import math

import numpy as np
import pytest
import sklearn.datasets

from nnlib import datasets

RANDOM_FUNCTIONS = {
    "noisy_line": datasets.noisy_line,
    "spirals": datasets.spirals,
    "xor_blobs": datasets.xor_blobs,
    "moons": datasets.moons,
    "circles": datasets.circles,
}


# logic_gate


@pytest.mark.parametrize(
    "name, rule",
    [
        ("and", lambda a, b: a & b),
        ("or", lambda a, b: a | b),
        ("nand", lambda a, b: 1 - (a & b)),
        ("xor", lambda a, b: a ^ b),
    ],
)
def test_logic_gate_gives_the_truth_table_of_the_gate(name, rule):
    X, y = datasets.logic_gate(name)
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert y.shape == (4,) and y.dtype.kind == "i"
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    expected = [rule(int(a), int(b)) for a, b in X]
    np.testing.assert_array_equal(y, expected)


def test_logic_gate_name_is_case_insensitive():
    np.testing.assert_array_equal(datasets.logic_gate("XoR")[1], datasets.logic_gate("xor")[1])


def test_logic_gate_unknown_name_lists_the_known_gates():
    with pytest.raises(ValueError, match="Unknown logic gate 'nor'.*'and', 'or', 'nand', 'xor'"):
        datasets.logic_gate("nor")


# noisy_line


def test_noisy_line_shapes_and_range():
    x, y = datasets.noisy_line(n_samples=50, x_range=(0, 2), seed=0)
    assert x.shape == (50, 1) and y.shape == (50,)
    assert x.dtype == np.float64 and y.dtype == np.float64
    assert x.min() >= 0 and x.max() <= 2


def test_noisy_line_defaults_recover_y_equals_2x_plus_1_by_least_squares():
    x, y = datasets.noisy_line(n_samples=5000, seed=0)
    design = np.column_stack([x[:, 0], np.ones(len(x))])
    (slope, intercept), *_ = np.linalg.lstsq(design, y, rcond=None)
    assert slope == pytest.approx(2.0, abs=0.05)
    assert intercept == pytest.approx(1.0, abs=0.05)
    residuals = y - (slope * x[:, 0] + intercept)
    assert residuals.std() == pytest.approx(1.0, abs=0.05)  # noise=1.0 is the standard deviation


def test_noisy_line_without_noise_lies_on_the_line():
    x, y = datasets.noisy_line(n_samples=20, slope=-0.5, intercept=3.0, noise=0.0, seed=1)
    np.testing.assert_allclose(y, -0.5 * x[:, 0] + 3.0)


# spirals


def test_spirals_shapes_labels_and_balance():
    X, y = datasets.spirals(n_samples=301, n_classes=3, seed=0)
    assert X.shape == (301, 2) and X.dtype == np.float64
    assert y.shape == (301,) and y.dtype.kind == "i"
    assert set(np.unique(y)) == {0, 1, 2}
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1


def test_spirals_noise_moves_points_along_the_arm_not_outward():
    X, _ = datasets.spirals(n_samples=200, noise=0.5, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.min() >= 0.05 - 1e-12 and radius.max() <= 1 + 1e-12


def test_spirals_without_noise_put_each_class_on_its_own_arm():
    X, y = datasets.spirals(n_samples=400, n_classes=2, noise=0.0, turns=1.0, seed=0)
    # on arm k the angle (measured like the generator, from the y axis) is 2*pi*(k/2 + r) mod 2*pi
    radius = np.hypot(X[:, 0], X[:, 1])
    angle = np.arctan2(X[:, 0], X[:, 1])
    offset = np.angle(np.exp(1j * (angle - 2 * np.pi * (y / 2 + radius))))
    np.testing.assert_allclose(offset, 0, atol=1e-9)


def test_spirals_rows_are_shuffled_so_a_tail_slice_holds_every_class():
    _, y = datasets.spirals(n_samples=200, seed=0)
    assert set(y[-40:]) == {0, 1}


# xor_blobs


def test_xor_blobs_labels_follow_xor_of_the_quadrant():
    X, y = datasets.xor_blobs(n_samples=400, noise=0.1, seed=0)
    assert X.shape == (400, 2) and y.shape == (400,) and y.dtype.kind == "i"
    # with noise 0.1 no point leaves its quadrant, so the label is XOR of the signs
    np.testing.assert_array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))
    assert np.bincount(y).tolist() == [200, 200]


def test_xor_blobs_without_noise_are_the_four_corners():
    X, y = datasets.xor_blobs(n_samples=8, noise=0.0, seed=0)
    assert set(map(tuple, X)) == {(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)}
    np.testing.assert_array_equal(y, X[:, 0] != X[:, 1])


def test_xor_blobs_rows_are_shuffled_so_a_tail_slice_holds_every_blob():
    X, _ = datasets.xor_blobs(n_samples=200, noise=0.0, seed=0)
    assert len(set(map(tuple, X[-40:]))) == 4


def test_xor_blobs_are_not_linearly_separable():
    from sklearn.linear_model import LogisticRegression

    X, y = datasets.xor_blobs(n_samples=400, seed=0)
    assert LogisticRegression().fit(X, y).score(X, y) < 0.75


# moons and circles


@pytest.mark.parametrize(
    "ours, theirs, options",
    [
        (datasets.moons, sklearn.datasets.make_moons, {}),
        (datasets.circles, sklearn.datasets.make_circles, {"factor": 0.5}),  # our default; sklearn's is 0.8
    ],
)
def test_int_seed_gives_scikit_learns_data_for_that_random_state(ours, theirs, options):
    X, y = ours(n_samples=100, noise=0.1, seed=7)
    X_ref, y_ref = theirs(n_samples=100, noise=0.1, random_state=7, **options)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert X.shape == (100, 2) and y.dtype == np.int64 and set(y) == {0, 1}


def test_circles_factor_is_the_inner_radius_over_the_outer_one():
    X, y = datasets.circles(n_samples=100, noise=0.0, factor=0.3, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_circles_rejects_a_factor_outside_0_1():
    with pytest.raises(ValueError, match="0 < factor < 1"):
        datasets.circles(factor=1.5)


# Reproducibility of every random function


@pytest.mark.parametrize("name", RANDOM_FUNCTIONS)
def test_same_int_seed_gives_bit_identical_data(name):
    first, second = RANDOM_FUNCTIONS[name](seed=3), RANDOM_FUNCTIONS[name](seed=3)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", RANDOM_FUNCTIONS)
def test_different_seeds_give_different_data(name):
    first, second = RANDOM_FUNCTIONS[name](seed=3), RANDOM_FUNCTIONS[name](seed=4)
    assert not np.array_equal(first[0], second[0])


@pytest.mark.parametrize("name", RANDOM_FUNCTIONS)
def test_generators_in_the_same_state_give_the_same_data(name):
    first = RANDOM_FUNCTIONS[name](seed=np.random.default_rng(5))
    second = RANDOM_FUNCTIONS[name](seed=np.random.default_rng(5))
    np.testing.assert_array_equal(first[0], second[0])


@pytest.mark.parametrize("name", RANDOM_FUNCTIONS)
def test_a_bad_seed_is_a_type_error(name):
    with pytest.raises(TypeError, match="seed must be None, an int or a numpy.random.Generator"):
        RANDOM_FUNCTIONS[name](seed="42")


# Argument errors


@pytest.mark.parametrize("name", RANDOM_FUNCTIONS)
@pytest.mark.parametrize("n_samples", [0, -5, 2.5, True])
def test_n_samples_must_be_a_positive_whole_number(name, n_samples):
    with pytest.raises(ValueError, match="n_samples must be a whole number of at least 1"):
        RANDOM_FUNCTIONS[name](n_samples=n_samples)


@pytest.mark.parametrize("name", RANDOM_FUNCTIONS)
def test_negative_noise_is_rejected(name):
    with pytest.raises(ValueError, match="noise is a standard deviation and cannot be negative"):
        RANDOM_FUNCTIONS[name](noise=-0.1)


@pytest.mark.parametrize(
    "x_range, message",
    [
        ((3, -3), "low < high"),
        ((1, 1), "low < high"),
        (5, r"pair \(low, high\)"),
        ((0, float("inf")), "x_range\\[1\\] must be a finite number"),
    ],
)
def test_noisy_line_rejects_bad_ranges(x_range, message):
    with pytest.raises(ValueError, match=message):
        datasets.noisy_line(x_range=x_range)


def test_spirals_rejects_non_positive_turns_and_classes():
    with pytest.raises(ValueError, match="turns must be positive"):
        datasets.spirals(turns=0)
    with pytest.raises(ValueError, match="n_classes must be a whole number of at least 1"):
        datasets.spirals(n_classes=0)


# scikit-learn's bundled sets

LOADERS = [
    # loader, samples, features, classes (None for regression)
    (datasets.load_digits, 1797, 64, 10),
    (datasets.load_iris, 150, 4, 3),
    (datasets.load_breast_cancer, 569, 30, 2),
    (datasets.load_diabetes, 442, 10, None),
]
LOADER_IDS = [loader.__name__ for loader, *_ in LOADERS]


@pytest.mark.parametrize("loader, n_samples, n_features, n_classes", LOADERS, ids=LOADER_IDS)
def test_loaders_return_train_test_split_in_sklearn_order(loader, n_samples, n_features, n_classes):
    x_train, x_test, y_train, y_test = loader(test_size=0.25)
    n_test = math.ceil(0.25 * n_samples)
    assert x_train.shape == (n_samples - n_test, n_features) and x_test.shape == (n_test, n_features)
    assert y_train.shape == (n_samples - n_test,) and y_test.shape == (n_test,)
    assert x_train.dtype == np.float64
    if n_classes is None:
        assert y_train.dtype == np.float64
    else:
        assert y_train.dtype == np.int64
        assert set(y_train) == set(y_test) == set(range(n_classes))


@pytest.mark.parametrize(
    "loader, n_samples, n_features, n_classes",
    [row for row in LOADERS if row[3] is not None],
    ids=LOADER_IDS[:3],
)
def test_classification_splits_are_stratified(loader, n_samples, n_features, n_classes):
    _, _, y_train, y_test = loader(test_size=0.2)
    y_all = np.concatenate([y_train, y_test])
    expected = 0.2 * np.bincount(y_all)
    assert np.all(np.abs(np.bincount(y_test) - expected) <= 1)


@pytest.mark.parametrize("loader, n_samples, n_features, n_classes", LOADERS, ids=LOADER_IDS)
def test_scaler_is_fitted_on_the_training_part_only(loader, n_samples, n_features, n_classes):
    x_train, x_test, _, _ = loader(seed=1)
    raw_train, raw_test, _, _ = loader(seed=1, scale=False)
    varying = raw_train.std(axis=0) > 0
    np.testing.assert_allclose(x_train.mean(axis=0), 0, atol=1e-10)
    np.testing.assert_allclose(x_train.std(axis=0)[varying], 1, rtol=1e-10)
    # The test part is transformed with the training statistics, not its own.
    mean, std = raw_train.mean(axis=0), np.where(varying, raw_train.std(axis=0), 1.0)
    np.testing.assert_allclose(x_test, (raw_test - mean) / std, atol=1e-10)
    assert np.abs(x_test.mean(axis=0)[varying]).max() > 1e-3


def test_constant_training_pixels_stay_zero_after_scaling():
    x_train, _, _, _ = datasets.load_digits()
    raw_train, _, _, _ = datasets.load_digits(scale=False)
    constant = raw_train.std(axis=0) == 0
    assert constant.any()  # digits has pixels that are always blank
    np.testing.assert_array_equal(x_train[:, constant], 0)


def test_unscaled_digits_are_the_raw_pixel_intensities():
    x_train, x_test, _, _ = datasets.load_digits(scale=False)
    pixels = np.concatenate([x_train, x_test])
    assert pixels.min() == 0 and pixels.max() == 16
    np.testing.assert_array_equal(pixels, np.round(pixels))


def test_diabetes_targets_are_left_unscaled():
    _, _, y_train, y_test = datasets.load_diabetes()
    reference = sklearn.datasets.load_diabetes().target
    np.testing.assert_array_equal(np.sort(np.concatenate([y_train, y_test])), np.sort(reference))


@pytest.mark.parametrize("loader", [row[0] for row in LOADERS], ids=LOADER_IDS)
def test_seed_fixes_the_split(loader):
    same = [loader(seed=3)[2] for _ in range(2)]
    np.testing.assert_array_equal(*same)
    other = loader(seed=4)[2]
    assert not np.array_equal(same[0], other)


@pytest.mark.parametrize("test_size", [0, 1, 1.5, -0.2])
def test_test_size_must_be_a_fraction(test_size):
    with pytest.raises(ValueError, match="test_size must be a number greater than 0 and less than 1"):
        datasets.load_iris(test_size=test_size)


def test_a_test_size_too_small_for_stratification_says_which_sizes_work():
    with pytest.raises(ValueError, match="at least one sample of each of the 10 classes"):
        datasets.load_digits(test_size=0.001)


def test_scale_must_be_a_bool():
    with pytest.raises(TypeError, match="scale must be True"):
        datasets.load_iris(scale="yes")


def test_digit_images_are_8_by_8_pictures_of_the_digits():
    images, labels = datasets.load_digit_images()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float64
    assert images.min() == 0 and images.max() == 16
    assert labels.shape == (1797,) and set(labels) == set(range(10))
    reference = sklearn.datasets.load_digits()
    np.testing.assert_array_equal(images.reshape(1797, 64), reference.data)


# load_mnist: never downloads in tests


def test_load_mnist_refuses_to_download_without_permission(monkeypatch, tmp_path):
    def no_network(*args, **kwargs):
        raise AssertionError("load_mnist tried to download without download=True")

    monkeypatch.setattr(sklearn.datasets, "fetch_openml", no_network)
    with pytest.raises(RuntimeError) as error:
        datasets.load_mnist(cache_dir=tmp_path)
    message = str(error.value)
    for part in ("55 MB", "openml.org", "load_digits()", "load_mnist(download=True)", str(tmp_path)):
        assert part in message


def test_load_mnist_download_must_be_a_bool():
    with pytest.raises(TypeError, match="download must be True or False"):
        datasets.load_mnist(download="yes")


def test_load_mnist_splits_and_scales_what_openml_returns(monkeypatch, tmp_path):
    # A stand-in for fetch_openml: 70 000 rows of two "pixels", labels as strings.
    calls = []

    def fake_fetch_openml(name, **kwargs):
        calls.append((name, kwargs))
        X = np.tile([[0.0, 255.0]], (70000, 1))
        y = np.array([str(i % 10) for i in range(70000)], dtype=object)
        return X, y

    monkeypatch.setattr(sklearn.datasets, "fetch_openml", fake_fetch_openml)
    x_train, x_test, y_train, y_test = datasets.load_mnist(download=True, cache_dir=tmp_path)
    ((name, kwargs),) = calls
    assert name == "mnist_784" and kwargs["data_home"] == tmp_path and kwargs["as_frame"] is False
    assert x_train.shape == (60000, 2) and x_test.shape == (10000, 2)
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    assert y_train.dtype == np.int64 and y_test[:3].tolist() == [0, 1, 2]
