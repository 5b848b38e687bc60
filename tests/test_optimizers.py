"""Optimizers: update rules against steps worked by hand, Keras's defaults, clipping,
schedules and the learning-rate checks."""

import math

import numpy as np
import pytest

from nnlib import Sequential, _optimizer, layers, optimizers
from nnlib.optimizers import schedules

W0 = [1.0, -2.0]
GRADIENTS = [[0.5, -1.0], [0.2, 0.4], [-0.3, 0.1]]  # three steps, given rather than computed


def run(optimizer, steps=3):
    """Apply the fixed gradients to W0 and return the weights after each step."""
    w = np.array(W0)
    trajectory = []
    for g in GRADIENTS[:steps]:
        optimizer.apply_gradients([(np.array(g), w)])
        trajectory.append(w.copy())
    return trajectory


# Update rules, worked by hand


def test_sgd_steps_by_hand():
    # w -= 0.1 g:  [1, -2] -> [0.95, -1.9] -> [0.93, -1.94] -> [0.96, -1.95]
    expected = [[0.95, -1.9], [0.93, -1.94], [0.96, -1.95]]
    np.testing.assert_allclose(run(optimizers.SGD(learning_rate=0.1)), expected, rtol=1e-14)


def test_sgd_momentum_steps_by_hand():
    # v = 0.9 v - 0.1 g; w += v
    # v1 = [-0.05, 0.1]        w1 = [0.95, -1.9]
    # v2 = [-0.065, 0.05]      w2 = [0.885, -1.85]
    # v3 = [-0.0285, 0.035]    w3 = [0.8565, -1.815]
    expected = [[0.95, -1.9], [0.885, -1.85], [0.8565, -1.815]]
    np.testing.assert_allclose(run(optimizers.SGD(learning_rate=0.1, momentum=0.9)), expected, rtol=1e-13)


def test_sgd_nesterov_steps_by_hand():
    # v = 0.9 v - 0.1 g; w += 0.9 v - 0.1 g   (Keras's form)
    # v1 = [-0.05, 0.1]      w1 = [1, -2] + [-0.095, 0.19]       = [0.905, -1.81]
    # v2 = [-0.065, 0.05]    w2 = w1 + [-0.0785, 0.005]          = [0.8265, -1.805]
    # v3 = [-0.0285, 0.035]  w3 = w2 + [0.00435, 0.0215]         = [0.83085, -1.7835]
    expected = [[0.905, -1.81], [0.8265, -1.805], [0.83085, -1.7835]]
    optimizer = optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
    np.testing.assert_allclose(run(optimizer), expected, rtol=1e-13)


def rmsprop_reference(learning_rate, rho, epsilon):
    """Keras's RMSprop in plain floats: s = rho s + (1 - rho) g^2; w -= lr g / sqrt(s + eps)."""
    w, s = list(W0), [0.0, 0.0]
    trajectory = []
    for g in GRADIENTS:
        for i in range(2):
            s[i] = rho * s[i] + (1 - rho) * g[i] ** 2
            w[i] -= learning_rate * g[i] / math.sqrt(s[i] + epsilon)
        trajectory.append(list(w))
    return trajectory


def test_rmsprop_steps_against_plain_floats():
    optimizer = optimizers.RMSprop(learning_rate=0.01)
    np.testing.assert_allclose(run(optimizer), rmsprop_reference(0.01, 0.9, 1e-7), rtol=1e-13)


def test_rmsprop_first_step_divides_by_root_of_one_tenth_of_g_squared():
    # s1 = 0.1 g^2, so the step is lr * g / sqrt(0.1 g^2) = lr * sign(g) * sqrt(10)
    w1 = run(optimizers.RMSprop(learning_rate=0.01), steps=1)[0]
    np.testing.assert_allclose(w1, [1 - 0.01 * math.sqrt(10), -2 + 0.01 * math.sqrt(10)], rtol=1e-6)


def test_rmsprop_epsilon_is_inside_the_square_root():
    """With g = 0.001 and epsilon = 1e-4, sqrt(s + eps) and sqrt(s) + eps differ a lot."""
    optimizer = optimizers.RMSprop(learning_rate=1.0, rho=0.0, epsilon=1e-4)
    w = np.array([0.0])
    optimizer.apply_gradients([(np.array([1e-3]), w)])
    assert w[0] == pytest.approx(-1e-3 / math.sqrt(1e-6 + 1e-4), rel=1e-12)  # not -1e-3 / (1e-3 + 1e-4)


def adam_reference(learning_rate, beta_1, beta_2, epsilon):
    """Keras's Adam in plain floats, bias correction folded into the rate."""
    w, m, v = list(W0), [0.0, 0.0], [0.0, 0.0]
    trajectory = []
    for t, g in enumerate(GRADIENTS, start=1):
        alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        for i in range(2):
            m[i] = beta_1 * m[i] + (1 - beta_1) * g[i]
            v[i] = beta_2 * v[i] + (1 - beta_2) * g[i] ** 2
            w[i] -= alpha * m[i] / (math.sqrt(v[i]) + epsilon)
        trajectory.append(list(w))
    return trajectory


def test_adam_steps_against_plain_floats():
    optimizer = optimizers.Adam(learning_rate=0.1)
    np.testing.assert_allclose(run(optimizer), adam_reference(0.1, 0.9, 0.999, 1e-7), rtol=1e-13)


def test_adam_first_step_has_the_size_of_the_learning_rate():
    # bias-corrected m/sqrt(v) = g/|g| on the first step
    w1 = run(optimizers.Adam(learning_rate=0.1), steps=1)[0]
    np.testing.assert_allclose(w1, [0.9, -1.9], rtol=1e-6)


def test_adam_with_other_hyperparameters_against_plain_floats():
    optimizer = optimizers.Adam(learning_rate=0.05, beta_1=0.5, beta_2=0.8, epsilon=1e-3)
    np.testing.assert_allclose(run(optimizer), adam_reference(0.05, 0.5, 0.8, 1e-3), rtol=1e-13)


# Adagrad, ported from Keras's own tests


def test_adagrad_single_step_matches_keras():
    """keras/src/optimizers/adagrad_test.py, test_single_step."""
    w = np.array([1.0, 2.0, 3.0, 4.0])
    optimizers.Adagrad(learning_rate=0.5).apply_gradients([(np.array([1.0, 6.0, 7.0, 2.0]), w)])
    np.testing.assert_allclose(w, [0.5233, 1.5007, 2.5005, 3.5061], rtol=1e-4, atol=1e-4)


def test_adagrad_matches_keras_golden_values():
    """keras/src/optimizers/adagrad_test.py, test_correctness_with_golden."""
    optimizer = optimizers.Adagrad(learning_rate=0.2, initial_accumulator_value=0.3, epsilon=1e-6)
    x = np.ones(10)
    grads = np.arange(0.1, 1.1, 0.1)
    golden = np.array(
        [
            [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
            [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
            [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
            [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
            [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
        ]
    )
    optimizer.apply_gradients([(np.full(10, 0.01), x)])
    for expected in golden:
        np.testing.assert_allclose(x, expected, rtol=5e-4, atol=5e-4)
        optimizer.apply_gradients([(grads, x)])


def test_adagrad_trains_a_model():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]])
    model = Sequential([layers.Dense(1, input_shape=(3,))], seed=0)
    model.compile(optimizer=optimizers.Adagrad(learning_rate=0.5), loss="mse")
    history = model.fit(x, y, epochs=30, verbose=0)
    assert history.history["loss"][-1] < 0.05 * history.history["loss"][0]


# Keras's defaults


def test_defaults_are_keras_defaults():
    sgd, rmsprop, adam = optimizers.SGD(), optimizers.RMSprop(), optimizers.Adam()
    adagrad = optimizers.Adagrad()
    assert (adagrad.learning_rate, adagrad.initial_accumulator_value, adagrad.epsilon) == (0.001, 0.1, 1e-7)
    assert (sgd.learning_rate, sgd.momentum, sgd.nesterov) == (0.01, 0.0, False)
    assert (rmsprop.learning_rate, rmsprop.rho, rmsprop.epsilon) == (0.001, 0.9, 1e-7)
    assert (adam.learning_rate, adam.beta_1, adam.beta_2, adam.epsilon) == (0.001, 0.9, 0.999, 1e-7)
    for optimizer in (sgd, rmsprop, adam):
        assert (
            optimizer.clipnorm is None and optimizer.clipvalue is None and optimizer.global_clipnorm is None
        )


def test_names_give_optimizers_with_their_defaults():
    assert type(optimizers.get("sgd")) is optimizers.SGD
    assert type(optimizers.get("Adam")) is optimizers.Adam
    assert optimizers.get("rmsprop").learning_rate == 0.001
    adam = optimizers.Adam(learning_rate=0.1)
    assert optimizers.get(adam) is adam


def test_unknown_optimizer_lists_the_known_ones():
    with pytest.raises(
        ValueError,
        match=r"Unknown optimizer 'adan'\. Did you mean 'adam'\? "
        r"Known optimizers: adagrad, adam, adamw, rmsprop, sgd\.",
    ):
        optimizers.get("adan")


# Clipping


def sgd_step(optimizer, gradients):
    """One step of SGD(learning_rate=1) from zero weights: returns the (clipped) gradients."""
    weights = [np.zeros_like(np.asarray(g, dtype=float)) for g in gradients]
    optimizer.apply_gradients(zip([np.asarray(g, dtype=float) for g in gradients], weights))
    return [-w for w in weights]


def test_clipnorm_rescales_each_array_to_at_most_the_norm():
    clipped = sgd_step(optimizers.SGD(learning_rate=1.0, clipnorm=1.0), [[3.0, 4.0], [0.3, 0.4]])
    np.testing.assert_allclose(clipped[0], [0.6, 0.8], rtol=1e-15)  # norm 5 -> 1
    np.testing.assert_allclose(clipped[1], [0.3, 0.4], rtol=1e-15)  # norm 0.5: untouched


def test_global_clipnorm_rescales_all_arrays_together():
    clipped = sgd_step(optimizers.SGD(learning_rate=1.0, global_clipnorm=1.0), [[3.0, 4.0], [0.0, 0.0, 12.0]])
    # the global norm is sqrt(9 + 16 + 144) = 13
    np.testing.assert_allclose(clipped[0], [3 / 13, 4 / 13], rtol=1e-15)
    np.testing.assert_allclose(clipped[1], [0.0, 0.0, 12 / 13], rtol=1e-15)


def test_global_clipnorm_leaves_small_gradients_alone():
    clipped = sgd_step(optimizers.SGD(learning_rate=1.0, global_clipnorm=10.0), [[3.0, 4.0], [0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(clipped[1], [0.0, 0.0, 1.0])


def test_clipvalue_clips_each_entry():
    clipped = sgd_step(optimizers.SGD(learning_rate=1.0, clipvalue=0.5), [[3.0, -4.0, 0.2], [-0.1, 0.7]])
    np.testing.assert_array_equal(clipped[0], [0.5, -0.5, 0.2])
    np.testing.assert_array_equal(clipped[1], [-0.1, 0.5])


def test_apply_gradients_does_not_change_the_callers_gradients():
    gradient = np.array([3.0, 4.0])
    optimizers.SGD(clipnorm=1.0).apply_gradients([(gradient, np.zeros(2))])
    np.testing.assert_array_equal(gradient, [3.0, 4.0])


def test_clipnorm_bounds_each_weight_arrays_step_in_a_model():
    rng = np.random.default_rng(0)
    x, y = 100 * rng.normal(size=(16, 3)), 100 * rng.normal(size=(16, 2))
    model = Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(2)], seed=0)
    model.compile(optimizer=optimizers.SGD(learning_rate=1.0, clipnorm=0.1), loss="mse")
    before = model.get_weights()
    model.train_on_batch(x, y)
    for old, new in zip(before, model.get_weights()):
        assert np.linalg.norm(new - old) == pytest.approx(0.1, rel=1e-9)  # huge gradients, clipped to 0.1


@pytest.mark.parametrize(
    "options",
    [
        {"clipnorm": 1.0, "clipvalue": 0.5},
        {"clipnorm": 1.0, "global_clipnorm": 1.0},
        {"clipvalue": 1.0, "global_clipnorm": 1.0},
    ],
)
def test_more_than_one_clipping_option_is_an_error(options):
    with pytest.raises(ValueError, match="Give at most one of clipnorm, clipvalue and global_clipnorm, not"):
        optimizers.Adam(**options)


@pytest.mark.parametrize("name", ["clipnorm", "clipvalue", "global_clipnorm"])
@pytest.mark.parametrize("value", [0, -1.0])
def test_clipping_thresholds_must_be_positive(name, value):
    with pytest.raises(ValueError, match=rf"{name} must be a positive number, got {value!r}"):
        optimizers.SGD(**{name: value})


# Learning rates and schedules


def test_a_schedule_is_evaluated_at_the_step_count():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    optimizer = optimizers.SGD(learning_rate=schedule)
    w = np.zeros(1)
    rates = []
    for _ in range(3):
        rates.append(optimizer.learning_rate)
        optimizer.apply_gradients([(np.ones(1), w)])
    assert rates == [0.1, 0.05, 0.025]
    assert optimizer.iterations == 3
    assert w[0] == pytest.approx(-(0.1 + 0.05 + 0.025), rel=1e-14)


def test_a_plain_function_of_the_step_works_as_a_schedule():
    optimizer = optimizers.SGD(learning_rate=lambda step: 1.0 / (step + 1))
    w = np.zeros(1)
    for _ in range(3):
        optimizer.apply_gradients([(np.ones(1), w)])
    assert w[0] == pytest.approx(-(1 + 1 / 2 + 1 / 3), rel=1e-14)


def test_schedules_are_reachable_as_keras_spells_them():
    import nnlib

    assert nnlib.optimizers.schedules.ExponentialDecay is schedules.ExponentialDecay


def test_setting_the_learning_rate_of_a_scheduled_optimizer_is_an_error():
    optimizer = optimizers.Adam(learning_rate=schedules.InverseTimeDecay(0.1, 10, 1.0))
    with pytest.raises(
        TypeError, match="created with a learning-rate schedule, so its learning rate cannot be set"
    ):
        optimizer.learning_rate = 0.01


def test_the_learning_rate_of_a_plain_optimizer_can_be_set():
    optimizer = optimizers.SGD(learning_rate=0.1)
    optimizer.learning_rate = 0.5
    w = np.zeros(1)
    optimizer.apply_gradients([(np.ones(1), w)])
    assert w[0] == -0.5


BAD_LEARNING_RATES = [0, 0.0, -0.1, float("nan"), float("inf"), "0.01", None, True]


@pytest.mark.parametrize("learning_rate", BAD_LEARNING_RATES, ids=repr)
@pytest.mark.parametrize(
    "cls", [optimizers.SGD, optimizers.RMSprop, optimizers.Adam], ids=lambda c: c.__name__
)
def test_bad_learning_rates_are_rejected_with_advice(cls, learning_rate):
    with pytest.raises(
        ValueError,
        match=r"learning_rate must be a positive number \(typical values lie between "
        r"1e-4 and 1e-1\) or a schedule from nnlib.optimizers.schedules, got",
    ):
        cls(learning_rate=learning_rate)


@pytest.mark.parametrize("learning_rate", BAD_LEARNING_RATES, ids=repr)
def test_setting_a_bad_learning_rate_is_rejected(learning_rate):
    optimizer = optimizers.SGD()
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        optimizer.learning_rate = learning_rate


@pytest.mark.parametrize("momentum", [-0.1, 1.5])
def test_momentum_must_lie_in_zero_one(momentum):
    with pytest.raises(
        ValueError, match=rf"momentum must be between 0 and 1 \(typically 0.9\), got {momentum}"
    ):
        optimizers.SGD(momentum=momentum)


def test_momentum_of_one_is_allowed_as_in_keras():
    assert optimizers.SGD(momentum=1.0).momentum == 1.0


# apply_gradients and state


def test_apply_gradients_takes_a_zip_of_gradients_and_variables():
    kernel, bias = np.ones((2, 2)), np.zeros(2)
    optimizer = optimizers.SGD(learning_rate=0.5)
    optimizer.apply_gradients(zip([np.full((2, 2), 2.0), np.array([1.0, -1.0])], [kernel, bias]))
    np.testing.assert_array_equal(kernel, np.zeros((2, 2)))  # updated in place
    np.testing.assert_array_equal(bias, [-0.5, 0.5])
    assert optimizer.iterations == 1


def test_an_optimizer_refuses_parameters_of_other_shapes():
    optimizer = optimizers.Adam()
    optimizer.apply_gradients([(np.ones(3), np.zeros(3))])
    with pytest.raises(
        ValueError, match=r"already holds state for parameters of shapes \[\(3,\)\], not \[\(4,\)\]"
    ):
        optimizer.apply_gradients([(np.ones(4), np.zeros(4))])


def test_reset_forgets_moments_and_step_count():
    optimizer = optimizers.Adam(learning_rate=0.1)
    first = run(optimizer)
    optimizer.reset()
    assert optimizer.iterations == 0
    np.testing.assert_array_equal(run(optimizer), first)


def test_updates_keep_float32_parameters_float32():
    w = np.ones(3, dtype=np.float32)
    for optimizer in (optimizers.SGD(momentum=0.9), optimizers.RMSprop(), optimizers.Adam()):
        optimizer.apply_gradients([(np.ones(3, dtype=np.float32), w)])
        assert w.dtype == np.float32


# Large arrays are updated block by block; the blocks must not change the result

BLOCKED_OPTIMIZERS = [
    lambda: optimizers.SGD(learning_rate=0.1),
    lambda: optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
    lambda: optimizers.RMSprop(),
    lambda: optimizers.Adam(),
    lambda: optimizers.Adagrad(),
]


@pytest.mark.parametrize(
    "make_optimizer", BLOCKED_OPTIMIZERS, ids=["sgd", "nesterov", "rmsprop", "adam", "adagrad"]
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_block_by_block_updates_equal_whole_array_updates(make_optimizer, dtype, monkeypatch):
    """The base class (nnlib/_optimizer.py) reads BLOCK_BYTES, so that is where it is patched."""
    rng = np.random.default_rng(0)
    size = 3 * (optimizers.BLOCK_BYTES // np.dtype(dtype).itemsize) + 17  # three blocks and a bit
    start = rng.normal(size=(size,)).astype(dtype)
    gradients = [rng.normal(size=(size,)).astype(dtype) for _ in range(3)]

    def train(block_bytes):
        monkeypatch.setattr(_optimizer, "BLOCK_BYTES", block_bytes)
        w, optimizer = start.copy(), make_optimizer()
        for g in gradients:
            optimizer.apply_gradients([(g, w)])
        return w

    blocked = train(optimizers.BLOCK_BYTES)
    whole = train(10**12)
    assert not np.array_equal(blocked, start)
    np.testing.assert_array_equal(blocked, whole)


def test_blocks_are_views_that_cover_the_array_once():
    w = np.zeros(2 * optimizers.BLOCK_BYTES // 8 + 5)  # float64: two blocks and 5 entries
    g = np.ones_like(w)
    blocks = list(optimizers.Optimizer._blocks(w, g, {"m": np.zeros_like(w)}))
    assert [len(b[0]) for b in blocks] == [optimizers.BLOCK_BYTES // 8] * 2 + [5]
    for w_block, g_block, state in blocks:
        assert len(g_block) == len(state["m"]) == len(w_block)
        w_block += g_block
    np.testing.assert_array_equal(w, 1.0)  # every entry updated, exactly once


def test_a_non_contiguous_parameter_is_updated_whole_and_in_place():
    w = np.zeros((optimizers.BLOCK_BYTES, 2))[:, 0]  # a strided view, larger than a block
    optimizers.SGD(learning_rate=0.5).apply_gradients([(np.ones_like(w), w)])
    np.testing.assert_array_equal(w, -0.5)


def test_a_gradient_of_another_shape_than_its_variable_is_named():
    w = np.zeros(4)
    with pytest.raises(ValueError, match=r"Gradient 1 has shape \(3,\), but its variable has shape \(4,\)"):
        optimizers.Adam().apply_gradients([(np.ones(2), np.zeros(2)), (np.ones(3), w)])
    np.testing.assert_array_equal(w, 0.0)  # nothing was updated


# The rules as they read now keep the exact arithmetic of nnlib 0.1, whose update
# steps were written with scratch arrays and out= (commit 3161b8d): same
# operations in the same order, so the same bits in float32 and float64. One
# exception, on purpose: Adam's eta_t is now a Python float, so a float32 model
# multiplies its step by it in float32, where 0.1 (a NumPy float64 eta_t) ran
# that multiplication in float64 and rounded back, several times slower. The
# two differ in the last bits of a float32 step, never in float64.


def _adam_0_1(w, g, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    scratch = np.empty_like(w)
    corrected = np.sqrt(1.0 - beta_2**t) / (1.0 - beta_1**t)
    m *= beta_1
    m += np.multiply(g, 1.0 - beta_1, out=scratch)
    v *= beta_2
    np.square(g, out=scratch)
    scratch *= 1.0 - beta_2
    v += scratch
    np.sqrt(v, out=scratch)
    scratch += epsilon
    np.divide(m, scratch, out=scratch)
    scratch *= learning_rate * corrected
    w -= scratch


def _rmsprop_0_1(w, g, s, learning_rate=1e-3, rho=0.9, epsilon=1e-7):
    scratch = np.empty_like(w)
    np.multiply(g, g, out=scratch)
    s *= rho
    scratch *= 1.0 - rho
    s += scratch
    np.add(s, epsilon, out=scratch)
    np.sqrt(scratch, out=scratch)
    np.divide(g, scratch, out=scratch)
    scratch *= learning_rate
    w -= scratch


def _nesterov_0_1(w, g, velocity, learning_rate=0.01, momentum=0.9):
    scratch = np.multiply(g, learning_rate)
    velocity *= momentum
    velocity -= scratch
    w -= scratch
    w += np.multiply(velocity, momentum)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_update_rules_give_the_same_bits_as_nnlib_0_1(dtype):
    rng = np.random.default_rng(0)
    start = rng.normal(size=1000).astype(dtype)
    gradients = [rng.normal(size=1000).astype(dtype) for _ in range(5)]
    cases = [
        (optimizers.Adam(), _adam_0_1, ("m", "v"), True),
        (optimizers.RMSprop(), _rmsprop_0_1, ("s",), False),
        (optimizers.SGD(momentum=0.9, nesterov=True), _nesterov_0_1, ("velocity",), False),
    ]
    for optimizer, old_rule, state_names, needs_t in cases:
        w, w_old = start.copy(), start.copy()
        state = [np.zeros_like(start) for _ in state_names]
        for t, g in enumerate(gradients, start=1):
            optimizer.apply_gradients([(g, w)])
            old_rule(w_old, g, *state, *((t,) if needs_t else ()))
        if dtype is np.float32 and isinstance(optimizer, optimizers.Adam):
            np.testing.assert_allclose(w, w_old, rtol=0, atol=1e-6, err_msg=repr(optimizer))  # a few ulps
        else:
            np.testing.assert_array_equal(w, w_old, err_msg=repr(optimizer))


# Keras's own tests, ported: one step, golden values, weight decay


KERAS_VARS, KERAS_GRADS = [1.0, 2.0, 3.0, 4.0], [1.0, 6.0, 7.0, 2.0]


@pytest.mark.parametrize(
    "make_optimizer, expected",
    [
        (lambda: optimizers.SGD(learning_rate=0.5), [0.5, -1.0, -0.5, 3.0]),
        (lambda: optimizers.Adam(learning_rate=0.5), [0.5, 1.5, 2.5, 3.5]),
        (lambda: optimizers.RMSprop(learning_rate=0.5), [-0.5811, 0.4189, 1.4189, 2.4189]),
        (lambda: optimizers.AdamW(learning_rate=0.5), [0.4980, 1.4960, 2.494, 3.492]),
    ],
    ids=["sgd", "adam", "rmsprop", "adamw"],
)
def test_a_single_step_matches_keras(make_optimizer, expected):
    """keras/src/optimizers/{sgd,adam,rmsprop,adamw}_test.py, test_single_step."""
    w = np.array(KERAS_VARS)
    make_optimizer().apply_gradients([(np.array(KERAS_GRADS), w)])
    np.testing.assert_allclose(w, expected, rtol=1e-4, atol=1e-4)


def keras_golden_run(optimizer):
    """Keras's golden-value protocol: one step with gradients 0.01, then steps with 0.1, ..., 1.0.

    Returns the weights (starting at ones) before each of the five later steps."""
    x = np.ones(10)
    optimizer.apply_gradients([(np.full(10, 0.01), x)])
    trajectory = []
    for _ in range(5):
        trajectory.append(x.copy())
        optimizer.apply_gradients([(np.arange(0.1, 1.1, 0.1), x)])
    return np.array(trajectory)


ADAMW_GOLDEN = [
    [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
    [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
    [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
    [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
    [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
]
SGD_NESTEROV_GOLDEN = [
    [0.9999] * 10,
    [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
    [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
    [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
    [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
]


@pytest.mark.parametrize(
    "make_optimizer, golden",
    [
        (
            lambda: optimizers.Adam(amsgrad=True),
            np.tile([[0.999], [0.9982], [0.9974], [0.9965], [0.9955]], 10),
        ),
        (
            lambda: optimizers.RMSprop(centered=True),
            np.tile([[0.9967], [0.9933], [0.9908], [0.9885], [0.9864]], 10),
        ),
        (lambda: optimizers.AdamW(learning_rate=1.0, weight_decay=0.5, epsilon=2), ADAMW_GOLDEN),
        (lambda: optimizers.SGD(nesterov=True), SGD_NESTEROV_GOLDEN),
    ],
    ids=["adam_amsgrad", "rmsprop_centered", "adamw", "sgd_nesterov"],
)
def test_golden_values_match_keras(make_optimizer, golden):
    """keras/src/optimizers/{adam,rmsprop,adamw,sgd}_test.py, test_correctness_with_golden
    (Adam with amsgrad=True, RMSprop with centered=True, as Keras tests them)."""
    np.testing.assert_allclose(keras_golden_run(make_optimizer()), golden, rtol=5e-4, atol=5e-4)


@pytest.mark.parametrize(
    "cls", [optimizers.SGD, optimizers.RMSprop, optimizers.Adam, optimizers.AdamW, optimizers.Adagrad]
)
def test_weight_decay_matches_keras(cls):
    """keras/src/optimizers/{sgd,rmsprop,adam,adamw}_test.py, test_weight_decay: with zero
    gradients each step only decays, w = 2 (1 - lr * 0.004) after each of three optimizers'
    step. (Keras's test also excludes variables by name; nnlib has no exclusion list.)"""
    w = np.array(2.0)
    for _ in range(3):
        cls(learning_rate=1.0, weight_decay=0.004).apply_gradients([(np.zeros(()), w)])
    assert float(w) == pytest.approx(1.9760959, abs=1e-6)
    assert float(w) == pytest.approx(2 * (1 - 0.004) ** 3, rel=1e-14)


def test_weight_decay_shrinks_before_the_rules_step():
    """Keras's order (base_optimizer.py, _apply_weight_decay then the update): with SGD,
    w = w - lr * wd * w, then w = w - lr * g, so the decay uses the weight before the step."""
    w = np.array([1.0, -2.0])
    optimizers.SGD(learning_rate=0.1, weight_decay=0.5).apply_gradients([(np.array([1.0, 1.0]), w)])
    np.testing.assert_allclose(w, [1.0 * (1 - 0.05) - 0.1, -2.0 * (1 - 0.05) - 0.1], rtol=1e-15)


def test_weight_decay_follows_the_scheduled_learning_rate():
    """The decay is lr * weight_decay with the rate of that step, as Keras reads self.learning_rate."""
    schedule = schedules.PiecewiseConstantDecay([0], [1.0, 0.5])  # 1.0 at step 0, 0.5 after
    optimizer = optimizers.SGD(learning_rate=schedule, weight_decay=0.1)
    w = np.array(1.0)
    for _ in range(2):
        optimizer.apply_gradients([(np.zeros(()), w)])
    assert float(w) == pytest.approx((1 - 0.1) * (1 - 0.05), rel=1e-15)


def test_weight_decay_in_fit_decays_every_trainable_weight_and_no_frozen_one():
    """As in Keras, biases decay too (Keras decays every trainable variable it is not told to skip)."""
    model = Sequential(
        [
            layers.Dense(2, input_shape=(3,), bias_initializer="ones"),
            layers.Dense(1, bias_initializer="ones"),
        ],
        seed=0,
    )
    model.layers[1].trainable = False
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1, weight_decay=0.5), loss="mse")
    before = model.get_weights()
    model.fit(np.zeros((4, 3)), np.zeros((4, 1)), epochs=1, batch_size=4, verbose=0)
    after = model.get_weights()
    # x = 0: the kernel's gradient is 0, so the first kernel only decays
    np.testing.assert_allclose(after[0], before[0] * (1 - 0.1 * 0.5), rtol=1e-15)
    assert np.all(after[1] < before[1])  # the bias decays (and descends)
    for old, new in zip(before[2:], after[2:]):
        np.testing.assert_array_equal(new, old)  # frozen


@pytest.mark.parametrize("weight_decay", [-0.1, "0.01", float("nan"), True])
def test_bad_weight_decay_is_rejected(weight_decay):
    with pytest.raises(ValueError, match=r"weight_decay must be None or a number of at least 0"):
        optimizers.Adam(weight_decay=weight_decay)


def test_adamw_needs_a_weight_decay():
    """keras/src/optimizers/adamw_test.py, test_weight_decay_is_none."""
    with pytest.raises(ValueError, match=r"AdamW needs a weight_decay"):
        optimizers.AdamW(learning_rate=1.0, weight_decay=None)


def test_adamw_is_adam_with_weight_decay():
    """AdamW changes Adam's default, nothing else: the same steps for the same weight decay."""
    adamw = run(optimizers.AdamW(learning_rate=0.1, weight_decay=0.01))
    adam = run(optimizers.Adam(learning_rate=0.1, weight_decay=0.01))
    np.testing.assert_array_equal(adamw, adam)
    assert optimizers.AdamW().weight_decay == 0.004
    assert type(optimizers.get("adamw")) is optimizers.AdamW


def amsgrad_reference(learning_rate, beta_1, beta_2, epsilon):
    """Keras's Adam with amsgrad (keras/src/optimizers/adam.py) in plain floats."""
    w, m, v, v_max = list(W0), [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]
    trajectory = []
    for t, g in enumerate(GRADIENTS, start=1):
        alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        for i in range(2):
            m[i] += (g[i] - m[i]) * (1 - beta_1)
            v[i] += (g[i] ** 2 - v[i]) * (1 - beta_2)
            v_max[i] = max(v_max[i], v[i])
            w[i] -= m[i] * alpha / (math.sqrt(v_max[i]) + epsilon)
        trajectory.append(list(w))
    return trajectory


def test_amsgrad_steps_against_plain_floats():
    """With beta_2 = 0.5, v of W0[0] falls after the first step (gradients 0.5, 0.2, -0.3), so
    dividing by the largest v so far differs from plain Adam."""
    amsgrad = run(optimizers.Adam(learning_rate=0.1, beta_2=0.5, amsgrad=True))
    np.testing.assert_allclose(amsgrad, amsgrad_reference(0.1, 0.9, 0.5, 1e-7), rtol=1e-13)
    assert not np.allclose(amsgrad, run(optimizers.Adam(learning_rate=0.1, beta_2=0.5)))


def rmsprop_keras_reference(learning_rate, rho, momentum, epsilon, centered):
    """Keras's RMSprop (keras/src/optimizers/rmsprop.py) in plain floats, all options."""
    w, s, mean_g, u = list(W0), [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]
    trajectory = []
    for g in GRADIENTS:
        for i in range(2):
            s[i] = rho * s[i] + (1 - rho) * g[i] ** 2
            if centered:
                mean_g[i] = rho * mean_g[i] + (1 - rho) * g[i]
                denominator = s[i] - mean_g[i] ** 2 + epsilon
            else:
                denominator = s[i] + epsilon
            increment = learning_rate * g[i] / math.sqrt(denominator)
            if momentum > 0:
                u[i] = momentum * u[i] + increment
                w[i] -= u[i]
            else:
                w[i] -= increment
        trajectory.append(list(w))
    return trajectory


@pytest.mark.parametrize("momentum", [0.0, 0.9])
@pytest.mark.parametrize("centered", [False, True])
def test_rmsprop_options_against_plain_floats(momentum, centered):
    optimizer = optimizers.RMSprop(learning_rate=0.01, momentum=momentum, centered=centered)
    expected = rmsprop_keras_reference(0.01, 0.9, momentum, 1e-7, centered)
    np.testing.assert_allclose(run(optimizer), expected, rtol=1e-12)


def test_rmsprop_momentum_accumulates_the_scaled_steps():
    """Second step with rho=0 and g constant: each raw step is lr * sign(g), so u2 = mu lr + lr."""
    optimizer = optimizers.RMSprop(learning_rate=0.1, rho=0.0, momentum=0.5, epsilon=0.0)
    w = np.array([0.0])
    for _ in range(2):
        optimizer.apply_gradients([(np.array([2.0]), w)])
    assert w[0] == pytest.approx(-(0.1 + (0.5 * 0.1 + 0.1)), rel=1e-15)


@pytest.mark.parametrize("momentum", [-0.1, 1.5])
def test_rmsprop_momentum_must_lie_in_zero_one(momentum):
    with pytest.raises(
        ValueError, match=rf"momentum must be between 0 and 1 \(typically 0.9\), got {momentum}"
    ):
        optimizers.RMSprop(momentum=momentum)


@pytest.mark.parametrize(
    "make_optimizer",
    [
        lambda: optimizers.Adam(amsgrad=True),
        lambda: optimizers.RMSprop(momentum=0.9, centered=True),
        lambda: optimizers.AdamW(),
        lambda: optimizers.SGD(momentum=0.9, weight_decay=0.01),
    ],
    ids=["amsgrad", "rmsprop_momentum_centered", "adamw", "sgd_weight_decay"],
)
def test_new_options_are_elementwise_so_blocks_change_nothing(make_optimizer, monkeypatch):
    rng = np.random.default_rng(0)
    size = 2 * (optimizers.BLOCK_BYTES // 8) + 5
    start = rng.normal(size=size)
    gradients = [rng.normal(size=size) for _ in range(3)]

    def train(block_bytes):
        monkeypatch.setattr(_optimizer, "BLOCK_BYTES", block_bytes)
        w, optimizer = start.copy(), make_optimizer()
        for g in gradients:
            optimizer.apply_gradients([(g, w)])
        return w

    np.testing.assert_array_equal(train(optimizers.BLOCK_BYTES), train(10**12))


@pytest.mark.parametrize(
    "optimizer, expected",
    [
        (
            optimizers.Adam(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5, amsgrad=True),
            {"beta_1": 0.5, "beta_2": 0.67, "epsilon": 1e-5, "amsgrad": True},
        ),
        (
            optimizers.RMSprop(learning_rate=0.5, rho=0.8, momentum=0.05, epsilon=1e-6, centered=True),
            {"rho": 0.8, "momentum": 0.05, "epsilon": 1e-6, "centered": True},
        ),
        (
            optimizers.AdamW(learning_rate=0.5, weight_decay=0.008, beta_1=0.5, beta_2=0.67, epsilon=1e-5),
            {"weight_decay": 0.008, "beta_1": 0.5, "beta_2": 0.67, "epsilon": 1e-5, "amsgrad": False},
        ),
        (
            optimizers.SGD(learning_rate=0.5, momentum=0.06, nesterov=True, weight_decay=0.004),
            {"momentum": 0.06, "nesterov": True, "weight_decay": 0.004},
        ),
    ],
    ids=["adam", "rmsprop", "adamw", "sgd"],
)
def test_get_config_gives_the_constructor_arguments_by_keras_names(optimizer, expected):
    """keras/src/optimizers/*_test.py, test_config: these options survive a config round trip."""
    config = optimizer.get_config()
    assert config["learning_rate"] == 0.5
    assert {key: config[key] for key in expected} == expected
    rebuilt = type(optimizer)(**config)
    assert rebuilt.get_config() == config
    np.testing.assert_array_equal(run(rebuilt), run(type(optimizer)(**config)))


def test_repr_shows_the_options_that_are_set():
    assert repr(optimizers.Adam(amsgrad=True, weight_decay=0.01)) == (
        "Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=True, weight_decay=0.01)"
    )
    assert "momentum=0.9, centered=True" in repr(optimizers.RMSprop(momentum=0.9, centered=True))
    assert repr(optimizers.AdamW()).startswith("AdamW(") and "weight_decay=0.004" in repr(optimizers.AdamW())


def test_fit_with_a_scheduled_adam_matches_keras_losses():
    """keras/src/optimizers/schedules/learning_rate_schedule_test.py, test_fit_lr_correctness:
    Dense(2) with ones for kernel and bias, Adam on ExponentialDecay(0.05, 1, 0.9), 16 samples
    in batches of 4, unshuffled, 3 epochs: Keras logs these three losses."""
    model = Sequential([layers.Dense(2, kernel_initializer="ones", bias_initializer="ones")])
    optimizer = optimizers.Adam(
        learning_rate=schedules.ExponentialDecay(initial_learning_rate=0.05, decay_steps=1, decay_rate=0.9)
    )
    model.compile(optimizer=optimizer, loss="mse")
    x = np.arange(32).reshape((16, 2))
    y = np.arange(32).reshape((16, 2))
    history = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    assert optimizer.iterations == 4 * 3
    np.testing.assert_allclose(
        history.history["loss"], [230.79457092285156, 128.30319213867188, 79.33648681640625], rtol=5e-5
    )
