r"""Learning-rate schedules: functions of the optimizer's step count.

Pass one wherever a learning rate goes, ``Adam(learning_rate=ExponentialDecay(...))``;
the optimizer asks it for the rate at every update. ``step`` counts updates
(mini-batches), from 0, as in ``keras.optimizers.schedules``.

- ``StepDecay``: $\eta_t = \eta_0 \cdot \text{factor}^{\lfloor t / \text{step\_size} \rfloor}$
  (an nnlib addition)
- ``ExponentialDecay``: $\eta_t = \eta_0 \cdot r^{t / s}$ (staircase: $r^{\lfloor t/s \rfloor}$)
- ``InverseTimeDecay``: $\eta_t = \eta_0 / (1 + r \, t / s)$ (the "1/t" decay)
- ``PiecewiseConstantDecay``: given values between given boundaries
- ``PolynomialDecay``: $\eta_t = (\eta_0 - \eta_\text{end})(1 - t/s)^p + \eta_\text{end}$ until step $s$
- ``CosineDecay``: $\eta_t = \eta_0 \left((1 - \alpha) \tfrac{1}{2}(1 + \cos(\pi t / s)) + \alpha\right)$,
  after an optional linear warmup

Names, arguments and defaults are Keras's
(keras/src/optimizers/schedules/learning_rate_schedule.py). Each schedule's
``get_config()`` returns its constructor arguments.
"""

import bisect
import math
import numbers

from ._serialization import Configurable


class LearningRateSchedule(Configurable):
    """Base class: ``schedule(step) -> learning rate``."""

    def __call__(self, step):
        raise NotImplementedError


class StepDecay(LearningRateSchedule):
    """Multiply the rate by ``factor`` every ``step_size`` steps.

    An nnlib addition: Keras has no ``StepDecay``. The same rates in Keras
    are ``ExponentialDecay(initial_learning_rate, decay_steps=step_size,
    decay_rate=factor, staircase=True)``, or ``PiecewiseConstantDecay`` with
    the boundaries written out.

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    def __init__(self, initial_learning_rate, step_size, factor=0.5):
        self.initial_learning_rate = initial_learning_rate
        self.step_size = step_size
        self.factor = factor

    def __call__(self, step):
        return self.initial_learning_rate * self.factor ** math.floor(step / self.step_size)

    def __repr__(self):
        return (
            f"StepDecay(initial_learning_rate={self.initial_learning_rate}, "
            f"step_size={self.step_size}, factor={self.factor})"
        )


class DecaySchedule(LearningRateSchedule):
    """What Keras's exponential and inverse-time decays share: the progress $t / s$."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase

    def progress(self, step):
        """``step / decay_steps``, rounded down when ``staircase``."""
        progress = step / self.decay_steps
        return math.floor(progress) if self.staircase else progress

    def __repr__(self):
        return (
            f"{type(self).__name__}(initial_learning_rate={self.initial_learning_rate}, "
            f"decay_steps={self.decay_steps}, decay_rate={self.decay_rate}, "
            f"staircase={self.staircase})"
        )


class ExponentialDecay(DecaySchedule):
    """Keras's ``ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase)``.

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    def __call__(self, step):
        return self.initial_learning_rate * self.decay_rate ** self.progress(step)


class InverseTimeDecay(DecaySchedule):
    """Keras's ``InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase)``.

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    def __call__(self, step):
        return self.initial_learning_rate / (1.0 + self.decay_rate * self.progress(step))


class PiecewiseConstantDecay(LearningRateSchedule):
    """Keras's ``PiecewiseConstantDecay(boundaries, values)``: a constant rate between boundaries.

    The rate is ``values[0]`` while ``step <= boundaries[0]``, ``values[i]``
    while ``boundaries[i - 1] < step <= boundaries[i]``, and ``values[-1]``
    after the last boundary. ``[100, 200]`` and ``[0.1, 0.01, 0.001]`` give
    0.1 for steps 0 to 100, 0.01 for 101 to 200, then 0.001.
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        boundaries, values = list(boundaries), list(values)
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                f"PiecewiseConstantDecay needs one value more than boundaries (a value before "
                f"the first boundary, one between each two, one after the last), but got "
                f"{len(boundaries)} boundaries {boundaries} and {len(values)} values {values}."
            )
        if any(later <= earlier for earlier, later in zip(boundaries, boundaries[1:])):
            raise ValueError(f"PiecewiseConstantDecay's boundaries must increase strictly, got {boundaries}.")
        self.boundaries, self.values, self.name = boundaries, values, name

    def __call__(self, step):
        return self.values[bisect.bisect_left(self.boundaries, step)]

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}

    def __repr__(self):
        return f"PiecewiseConstantDecay(boundaries={self.boundaries}, values={self.values})"


class PolynomialDecay(LearningRateSchedule):
    r"""Keras's ``PolynomialDecay``: from ``initial_learning_rate`` to ``end_learning_rate`` in
    ``decay_steps`` steps.

    $\eta_t = (\eta_0 - \eta_\text{end}) (1 - t/s)^p + \eta_\text{end}$ with
    $t$ capped at $s$ = ``decay_steps``, so the rate stays at
    $\eta_\text{end}$ afterwards; ``power`` $p = 1$ is a straight line. With
    ``cycle=True`` the decay starts again: $s$ becomes the first multiple of
    ``decay_steps`` that is at least $t$ (``decay_steps`` itself at $t = 0$).
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name="PolynomialDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = _check_decay_steps(decay_steps, "PolynomialDecay")
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        if self.cycle:
            decay_steps = self.decay_steps * (1 if step == 0 else math.ceil(step / self.decay_steps))
        else:
            decay_steps, step = self.decay_steps, min(step, self.decay_steps)
        fraction_left = 1.0 - step / decay_steps
        return (self.initial_learning_rate - self.end_learning_rate) * fraction_left**self.power + (
            self.end_learning_rate
        )

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }

    def __repr__(self):
        return (
            f"PolynomialDecay(initial_learning_rate={self.initial_learning_rate}, "
            f"decay_steps={self.decay_steps}, end_learning_rate={self.end_learning_rate}, "
            f"power={self.power}, cycle={self.cycle})"
        )


class CosineDecay(LearningRateSchedule):
    r"""Keras 3's ``CosineDecay``: half a cosine from the rate down to ``alpha`` times it,
    after an optional linear warmup.

    Without warmup (``warmup_target=None``), for $t \le s$ = ``decay_steps``,

    $$\eta_t = \eta_0 \left((1 - \alpha)\, \tfrac{1}{2}\left(1 + \cos\frac{\pi t}{s}\right) + \alpha\right),$$

    and $\eta_0 \alpha$ after step $s$. With ``warmup_target`` $\eta_w$ and
    ``warmup_steps`` $w$, the rate first rises in a straight line from
    ``initial_learning_rate`` to $\eta_w$ over steps 0 to $w$, then decays
    as above from $\eta_w$ over the next $s$ steps (Loshchilov and Hutter's
    SGDR without restarts; the warmup as in Goyal et al.).
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = _check_decay_steps(decay_steps, "CosineDecay")
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def decayed(self, step, decay_from):
        """``decay_from`` times the cosine factor after ``step`` steps of decay."""
        step = min(step, self.decay_steps)
        cosine = 0.5 * (1.0 + math.cos(math.pi * step / self.decay_steps))
        return decay_from * ((1.0 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        if self.warmup_target is None:
            return self.decayed(step, self.initial_learning_rate)
        if step < self.warmup_steps:  # linear warmup from the initial rate to the target
            return self.initial_learning_rate + (self.warmup_target - self.initial_learning_rate) * (
                step / self.warmup_steps
            )
        return self.decayed(step - self.warmup_steps, self.warmup_target)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }

    def __repr__(self):
        warmup = (
            ""
            if self.warmup_target is None
            else f", warmup_target={self.warmup_target}, warmup_steps={self.warmup_steps}"
        )
        return (
            f"CosineDecay(initial_learning_rate={self.initial_learning_rate}, "
            f"decay_steps={self.decay_steps}, alpha={self.alpha}{warmup})"
        )


def _check_decay_steps(decay_steps, schedule):
    if isinstance(decay_steps, bool) or not isinstance(decay_steps, numbers.Real) or not decay_steps > 0:
        raise ValueError(f"{schedule}'s decay_steps must be a number greater than 0, got {decay_steps!r}.")
    return decay_steps
