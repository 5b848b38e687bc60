r"""Learning-rate schedules: functions of the optimizer's step count.

Pass one wherever a learning rate goes, ``Adam(learning_rate=ExponentialDecay(...))``;
the optimizer asks it for the rate at every update. ``step`` counts updates
(mini-batches), from 0, as in ``keras.optimizers.schedules``.

- ``StepDecay``: $\eta_t = \eta_0 \cdot \text{factor}^{\lfloor t / \text{step\_size} \rfloor}$
- ``ExponentialDecay``: $\eta_t = \eta_0 \cdot r^{t / s}$ (staircase: $r^{\lfloor t/s \rfloor}$)
- ``InverseTimeDecay``: $\eta_t = \eta_0 / (1 + r \, t / s)$ (the "1/t" decay)
"""

import math

from ._serialization import Configurable


class LearningRateSchedule(Configurable):
    """Base class: ``schedule(step) -> learning rate``."""

    def __call__(self, step):
        raise NotImplementedError


class StepDecay(LearningRateSchedule):
    """Multiply the rate by ``factor`` every ``step_size`` steps.

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
