"""Learning-rate schedules against their formulas, step by step, and against Keras's own tests."""

import math

import numpy as np
import pytest

from nnlib import optimizers
from nnlib.optimizers import schedules

STEPS = [0, 1, 2, 5, 9, 10, 11, 25, 100, 1000]


@pytest.mark.parametrize("step", STEPS)
def test_step_decay_halves_every_step_size_steps(step):
    schedule = schedules.StepDecay(0.1, step_size=10)
    assert schedule(step) == pytest.approx(0.1 * 0.5 ** (step // 10), rel=1e-15)


def test_step_decay_values_by_hand():
    schedule = schedules.StepDecay(1.0, step_size=3, factor=0.1)
    assert [schedule(step) for step in range(7)] == pytest.approx([1, 1, 1, 0.1, 0.1, 0.1, 0.01], rel=1e-15)


@pytest.mark.parametrize("step", STEPS)
def test_exponential_decay_is_continuous_by_default(step):
    schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.96)
    assert schedule(step) == pytest.approx(0.1 * 0.96 ** (step / 10), rel=1e-14)


@pytest.mark.parametrize("step", STEPS)
def test_exponential_decay_with_staircase_decays_in_whole_periods(step):
    schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.96, staircase=True)
    assert schedule(step) == pytest.approx(0.1 * 0.96 ** math.floor(step / 10), rel=1e-14)


def test_exponential_decay_values_by_hand():
    schedule = schedules.ExponentialDecay(1.0, decay_steps=2, decay_rate=0.25)
    assert schedule(0) == 1.0
    assert schedule(1) == pytest.approx(0.5)  # 0.25 ** 0.5
    assert schedule(2) == pytest.approx(0.25)
    assert schedules.ExponentialDecay(1.0, 2, 0.25, staircase=True)(3) == pytest.approx(0.25)


@pytest.mark.parametrize("step", STEPS)
def test_inverse_time_decay(step):
    schedule = schedules.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert schedule(step) == pytest.approx(0.1 / (1 + 0.5 * step / 10), rel=1e-14)


@pytest.mark.parametrize("step", STEPS)
def test_inverse_time_decay_with_staircase(step):
    schedule = schedules.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    assert schedule(step) == pytest.approx(0.1 / (1 + 0.5 * math.floor(step / 10)), rel=1e-14)


def test_inverse_time_decay_values_by_hand():
    schedule = schedules.InverseTimeDecay(1.0, decay_steps=1, decay_rate=1.0)
    assert [schedule(step) for step in range(4)] == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4], rel=1e-15)


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.StepDecay(0.1, 5),
        schedules.ExponentialDecay(0.1, 5, 0.9),
        schedules.InverseTimeDecay(0.1, 5, 0.9),
        schedules.PiecewiseConstantDecay([5, 20], [0.1, 0.05, 0.01]),
        schedules.PolynomialDecay(0.1, 30, power=2.0),
        schedules.CosineDecay(0.1, 40, alpha=0.2),
    ],
    ids=lambda s: type(s).__name__,
)
def test_schedules_start_at_the_initial_rate_and_never_increase(schedule):
    rates = [schedule(step) for step in range(50)]
    assert rates[0] == 0.1
    assert all(later <= earlier for earlier, later in zip(rates, rates[1:]))
    assert isinstance(schedule, schedules.LearningRateSchedule)


# StepDecay is an nnlib addition; Keras writes it as ExponentialDecay with staircase=True


def test_step_decay_equals_keras_exponential_decay_with_staircase():
    step_decay = schedules.StepDecay(0.1, step_size=7, factor=0.3)
    keras_form = schedules.ExponentialDecay(0.1, decay_steps=7, decay_rate=0.3, staircase=True)
    for step in range(60):
        assert step_decay(step) == pytest.approx(keras_form(step), rel=1e-14)


# Keras's own tests (keras/src/optimizers/schedules/learning_rate_schedule_test.py), ported


def test_piecewise_constant_values():
    """PiecewiseConstantDecayTest.test_piecewise_values: values[i] up to and including boundaries[i]."""
    schedule = schedules.PiecewiseConstantDecay([100, 110, 120], [1.0, 0.1, 0.01, 0.001])
    for step, expected in [(-999, 1.0), (100, 1.0), (105, 0.1), (110, 0.1), (120, 0.01), (999, 0.001)]:
        assert schedule(step) == pytest.approx(expected, rel=1e-6), step


def test_piecewise_constant_boundary_values():
    """PiecewiseConstantDecayTest.test_boundary_values."""
    schedule = schedules.PiecewiseConstantDecay([1, 2, 3], [0.4, 0.5, 0.6, 0.7])
    assert [schedule(step) for step in range(5)] == [0.4, 0.4, 0.5, 0.6, 0.7]


def test_piecewise_constant_needs_one_value_more_than_boundaries():
    with pytest.raises(
        ValueError, match=r"needs one value more than boundaries.*got 2 boundaries \[10, 20\] "
    ):
        schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5])


def test_piecewise_constant_boundaries_must_increase():
    with pytest.raises(ValueError, match=r"boundaries must increase strictly, got \[20, 10\]"):
        schedules.PiecewiseConstantDecay([20, 10], [1.0, 0.5, 0.1])


@pytest.mark.parametrize(
    "step, end, power, cycle, expected",
    [
        (5, 0.0, 1.0, False, 0.05 * 0.5),  # LinearDecayTest.test_halfway
        (10, 0.001, 1.0, False, 0.001),  # test_end
        (5, 0.001, 1.0, False, (0.05 + 0.001) * 0.5),  # test_halfway_with_end
        (15, 0.001, 1.0, False, 0.001),  # test_beyond_end
        (15, 0.001, 1.0, True, (0.05 - 0.001) * 0.25 + 0.001),  # test_beyond_end_with_cycle
        (5, 0.0, 0.5, False, 0.05 * 0.5**0.5),  # SqrtDecayTest.test_halfway
        (10, 0.001, 0.5, False, 0.001),  # test_end
        (5, 0.001, 0.5, False, (0.05 - 0.001) * 0.5**0.5 + 0.001),  # test_halfway_with_end
        (15, 0.001, 0.5, False, 0.001),  # test_beyond_end
        (15, 0.001, 0.5, True, (0.05 - 0.001) * 0.25**0.5 + 0.001),  # test_beyond_end_with_cycle
    ],
)
def test_polynomial_decay_matches_keras(step, end, power, cycle, expected):
    """LinearDecayTest and SqrtDecayTest: PolynomialDecay(0.05, 10, end, power, cycle)."""
    schedule = schedules.PolynomialDecay(0.05, 10, end, power=power, cycle=cycle)
    assert schedule(step) == pytest.approx(expected, rel=1e-6)


def test_polynomial_decay_with_cycle_begins_at_the_initial_rate():
    """SqrtDecayTest.test_begin_with_cycle (and Keras's default end_learning_rate, 0.0001)."""
    schedule = schedules.PolynomialDecay(0.001, 10, cycle=True)
    assert schedule(0) == pytest.approx(0.001, rel=1e-12)
    assert schedule.end_learning_rate == 0.0001


def keras_cosine_decay(step, decay_steps, alpha=0.0):
    """CosineDecayTest.np_cosine_decay."""
    step = min(step, decay_steps)
    decay = 0.5 * (1.0 + math.cos(math.pi * step / decay_steps))
    return (1.0 - alpha) * decay + alpha


@pytest.mark.parametrize("alpha", [0.0, 0.1])
@pytest.mark.parametrize("step", range(0, 1500, 250))
def test_cosine_decay_matches_keras(step, alpha):
    """CosineDecayTest.test_decay and test_alpha: the rate stays at alpha after decay_steps."""
    schedule = schedules.CosineDecay(1.0, 1000, alpha)
    assert schedule(step) == pytest.approx(keras_cosine_decay(step, 1000, alpha), rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("step", range(0, 1500, 250))
def test_cosine_decay_warmup_matches_keras(step):
    """CosineDecayTest.test_warmup: a straight line from 0 to warmup_target over warmup_steps."""
    schedule = schedules.CosineDecay(0.0, 10, warmup_target=10.0, warmup_steps=1500)
    assert schedule(step) == pytest.approx(step / 1500 * 10.0, rel=1e-6)


@pytest.mark.parametrize("step", range(0, 3000, 250))
def test_cosine_decay_after_warmup_matches_keras(step):
    """CosineDecayTest.test_warmup_decay: warmup to 10 over 2000 steps, then cosine over 1000."""
    schedule = schedules.CosineDecay(0.0, 1000, warmup_target=10.0, warmup_steps=2000)
    if step < 2000 + 1:
        expected = step / 2000 * 10.0
    else:
        expected = 10.0 * keras_cosine_decay(step - 2000, 1000)
    assert schedule(step) == pytest.approx(expected, rel=1e-6, abs=1e-12)


def test_cosine_decay_warmup_starts_from_the_initial_rate():
    schedule = schedules.CosineDecay(0.01, 100, warmup_target=0.1, warmup_steps=10)
    assert [schedule(step) for step in (0, 5, 10)] == pytest.approx([0.01, 0.055, 0.1], rel=1e-12)
    assert schedule(110) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    "make", [lambda: schedules.PolynomialDecay(0.1, 0), lambda: schedules.CosineDecay(0.1, -5)]
)
def test_decay_steps_must_be_positive(make):
    with pytest.raises(ValueError, match=r"decay_steps must be a number greater than 0, got"):
        make()


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.PiecewiseConstantDecay(boundaries=[10, 20], values=[1, 2, 3], name="my_pcd"),
        schedules.PolynomialDecay(0.1, 100, end_learning_rate=0.005, power=1.0, cycle=False, name="my_ld"),
        schedules.CosineDecay(0.05, 10, alpha=0.1, warmup_target=0.2, warmup_steps=2, name="my_cd"),
    ],
    ids=lambda s: type(s).__name__,
)
def test_get_config_rebuilds_the_same_schedule(schedule):
    """The *Test.test_config cases: the config holds the constructor's arguments by Keras's names."""
    config = schedule.get_config()
    assert config["name"].startswith("my_")
    rebuilt = type(schedule)(**config)
    assert rebuilt.get_config() == config
    assert [rebuilt(step) for step in range(30)] == [schedule(step) for step in range(30)]


def test_new_schedules_drive_an_optimizer():
    optimizer = optimizers.SGD(learning_rate=schedules.PiecewiseConstantDecay([1], [0.5, 0.1]))
    w = np.zeros(1)
    for _ in range(3):
        optimizer.apply_gradients([(np.ones(1), w)])
    assert w[0] == pytest.approx(-(0.5 + 0.5 + 0.1), rel=1e-15)
