"""Learning-rate schedules against their formulas, step by step."""

import math

import pytest

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
    ],
    ids=lambda s: type(s).__name__,
)
def test_schedules_start_at_the_initial_rate_and_never_increase(schedule):
    rates = [schedule(step) for step in range(50)]
    assert rates[0] == 0.1
    assert all(later <= earlier for earlier, later in zip(rates, rates[1:]))
    assert isinstance(schedule, schedules.LearningRateSchedule)
