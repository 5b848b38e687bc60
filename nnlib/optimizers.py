r"""Optimizers: how a gradient becomes a step. Update rules and defaults are Keras's.

Chapter 5 (*Gradient descent and optimizers*) derives each rule. For a weight
array $w$ with gradient $g = \partial L / \partial w$ and learning rate $\eta$:

- ``SGD``: $w \leftarrow w - \eta g$; with momentum $\mu$,
  $v \leftarrow \mu v - \eta g$, $w \leftarrow w + v$ (Nesterov: $w \leftarrow w + \mu v - \eta g$).
- ``RMSprop``: $s \leftarrow \rho s + (1-\rho) g^2$, $w \leftarrow w - \eta\, g / \sqrt{s + \epsilon}$.
- ``Adam``: $m \leftarrow \beta_1 m + (1-\beta_1) g$, $v \leftarrow \beta_2 v + (1-\beta_2) g^2$,
  $w \leftarrow w - \eta_t\, m / (\sqrt{v} + \epsilon)$ with the bias correction folded
  into the rate, $\eta_t = \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)$.
- ``Adagrad``: $s \leftarrow s + g^2$, $w \leftarrow w - \eta\, g / \sqrt{s + \epsilon}$.

Each optimizer is its rule and nothing else: ``update_rule(w, g, learning_rate,
**state)`` moves ``w`` in place, and ``state_names`` names the arrays it keeps
per weight array (Adam's ``m`` and ``v``). The base class does the rest, once
for all of them: the learning rate and its schedule, the step count, gradient
clipping, and the state arrays.

It also does the one piece of speed work. An update rule makes about a dozen
passes over the weights, the gradient and the state; a large array is
therefore updated block by block (``BLOCK_BYTES`` of it at a time), so that a
block of all of them stays in a core's L2 cache across those passes instead
of being read from memory a dozen times. The rules are elementwise, so the
blocks change the speed and nothing else.

``learning_rate`` is a number or a schedule (``nnlib.optimizers.schedules``).
Gradients can be clipped before the step: ``clipnorm`` (each array's norm),
``global_clipnorm`` (the norm of all of them together) or ``clipvalue``
(each entry); at most one of the three, as in Keras.
"""

import numpy as np

from ._serialization import Configurable, to_config_value
from ._validation import check_learning_rate, lookup

#: bytes of each array an update works on at a time (see ``Optimizer._blocks``)
BLOCK_BYTES = 256 * 1024


class Optimizer(Configurable):
    """Base class: ``update(parameters, gradients)`` moves each parameter array in place.

    A subclass sets ``state_names`` and writes ``update_rule``; see the module docstring.
    """

    name = "optimizer"
    #: the arrays the rule keeps for each weight array, each starting at zero
    state_names = ()

    def __init__(self, learning_rate, clipnorm=None, clipvalue=None, global_clipnorm=None):
        self._learning_rate = check_learning_rate(learning_rate)
        clipping = {"clipnorm": clipnorm, "clipvalue": clipvalue, "global_clipnorm": global_clipnorm}
        given = {name: value for name, value in clipping.items() if value is not None}
        if len(given) > 1:
            raise ValueError(
                f"Give at most one of clipnorm, clipvalue and global_clipnorm, not {sorted(given)}."
            )
        for name, value in given.items():
            if not value > 0:
                raise ValueError(f"{name} must be a positive number, got {value!r}.")
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        #: the number of updates made so far; the next update is number ``iterations + 1``
        self.iterations = 0
        #: one dict of state arrays per parameter array (None until the first update)
        self.state = None

    # What a subclass writes

    def update_rule(self, w, g, learning_rate, **state):
        """Move ``w`` against ``g`` in place, updating the ``state`` arrays (all the same shape)."""
        raise NotImplementedError

    def initial_state(self, parameter):
        """The state kept for one parameter array: ``state_names``, each an array of zeros."""
        return {name: np.zeros_like(parameter) for name in self.state_names}

    # The learning rate: a number, or a schedule evaluated at the current step

    @property
    def learning_rate(self):
        """The rate the next update will use."""
        if callable(self._learning_rate):
            return float(self._learning_rate(self.iterations))
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        if callable(self._learning_rate):
            raise TypeError(
                "This optimizer was created with a learning-rate schedule, so its learning "
                "rate cannot be set. Create the optimizer with a number to set it by hand "
                "(for example from a LearningRateScheduler callback)."
            )
        self._learning_rate = check_learning_rate(value)

    def get_config(self):
        """The arguments that rebuild this optimizer (Keras's ``get_config``).

        ``learning_rate`` is the rate now (a ``LearningRateScheduler`` may
        have changed it) or the schedule. The state (``iterations``, moments)
        is not part of it; ``model.save`` keeps that too.
        """
        config = super().get_config()
        config["learning_rate"] = to_config_value(self._learning_rate, f"{type(self).__name__}.learning_rate")
        return config

    # Gradient clipping

    @property
    def clips(self):
        return self.clipnorm is not None or self.clipvalue is not None or self.global_clipnorm is not None

    def clip_gradients(self, gradients):
        """Clip a list of gradient arrays in place, as configured.

        Defined in chapter 6, *Weight initialization and training stability*.
        """
        if self.clipnorm is not None:
            for g in gradients:
                norm = np.sqrt(np.sum(g * g))
                if norm > self.clipnorm:
                    g *= self.clipnorm / norm
        elif self.global_clipnorm is not None:
            norm = np.sqrt(sum(np.sum(g * g) for g in gradients))
            if norm > self.global_clipnorm:
                for g in gradients:
                    g *= self.global_clipnorm / norm
        elif self.clipvalue is not None:
            for g in gradients:
                np.clip(g, -self.clipvalue, self.clipvalue, out=g)

    # Taking a step

    def apply_gradients(self, grads_and_vars):
        """Keras's entry point: ``apply_gradients(zip(gradients, parameters))``."""
        pairs = list(grads_and_vars)
        gradients = [np.array(g, copy=True) for g, _ in pairs]
        parameters = [p for _, p in pairs]
        for index, (g, w) in enumerate(zip(gradients, parameters)):
            if g.shape != np.shape(w):
                raise ValueError(
                    f"Gradient {index} has shape {g.shape}, but its variable has shape "
                    f"{np.shape(w)}. Pass (gradient, variable) pairs in which each gradient "
                    "has the shape of its variable."
                )
        if self.clips:
            self.clip_gradients(gradients)
        self.update(parameters, gradients)

    def step(self, parameters):
        """One step for a whole model: ``parameters`` is its ``ParameterVector``
        (every trainable weight in one flat array, the gradients in another)."""
        if self.clips:
            self.clip_gradients(parameters.gradient_views)
        self.update([parameters.values], [parameters.gradients])

    def update(self, parameters, gradients):
        """One step: move every array in ``parameters`` against its gradient, in place."""
        shapes = [p.shape for p in parameters]
        if self.state is None or not any(self.state):  # no state yet, or a rule that keeps none
            self.state = [self.initial_state(p) for p in parameters]
        elif self._state_shapes() != shapes:
            raise ValueError(
                f"This optimizer already holds state for parameters of shapes {self._state_shapes()}, "
                f"not {shapes}. Use a new optimizer for a new model."
            )
        learning_rate = self.learning_rate
        self.iterations += 1
        for w, g, state in zip(parameters, gradients, self.state):
            for w_block, g_block, state_block in self._blocks(w, g, state):
                self.update_rule(w_block, g_block, learning_rate, **state_block)

    def _state_shapes(self):
        return [next(iter(state.values())).shape for state in self.state]

    @staticmethod
    def _blocks(w, g, state):
        """Split a parameter, its gradient and its state into matching blocks of ``BLOCK_BYTES``.

        Yields ``(w, g, state)`` triples of views, so updating a block updates
        the arrays. A small array, or one that is not contiguous in memory, is
        a single block.
        """
        size = max(1, BLOCK_BYTES // w.itemsize)
        if w.size <= size or not (w.flags.c_contiguous and g.flags.c_contiguous):
            yield w, g, state
            return
        w, g = w.reshape(-1), g.reshape(-1)
        state = {name: array.reshape(-1) for name, array in state.items()}
        for start in range(0, w.size, size):
            block = slice(start, start + size)
            yield w[block], g[block], {name: array[block] for name, array in state.items()}

    def reset(self):
        """Forget the state (velocities, moments, step count), for new parameters."""
        self.state = None
        self.iterations = 0


class SGD(Optimizer):
    """Stochastic gradient descent, with optional (Nesterov) momentum.

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    name = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **clipping):
        super().__init__(learning_rate, **clipping)
        if not 0 <= momentum <= 1:
            raise ValueError(f"momentum must be between 0 and 1 (typically 0.9), got {momentum!r}.")
        self.momentum, self.nesterov = float(momentum), nesterov
        self.state_names = ("velocity",) if self.momentum else ()

    def update_rule(self, w, g, learning_rate, velocity=None):
        if velocity is None:
            w -= g * learning_rate  # w = w - eta g
            return
        velocity *= self.momentum
        velocity -= g * learning_rate  # v = mu v - eta g
        if self.nesterov:
            w -= g * learning_rate
            w += velocity * self.momentum  # w = w + mu v - eta g
        else:
            w += velocity  # w = w + v

    def __repr__(self):
        return (
            f"SGD(learning_rate={self._learning_rate!r}, momentum={self.momentum}, nesterov={self.nesterov})"
        )


class RMSprop(Optimizer):
    """Divide each step by a running root-mean-square of recent gradients.

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    name = "rmsprop"
    state_names = ("mean_square",)

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7, **clipping):
        super().__init__(learning_rate, **clipping)
        self.rho, self.epsilon = float(rho), float(epsilon)

    def update_rule(self, w, g, learning_rate, mean_square):
        s = mean_square
        s *= self.rho
        s += (1 - self.rho) * np.square(g)  # s = rho s + (1 - rho) g^2
        w -= g / np.sqrt(s + self.epsilon) * learning_rate  # w = w - eta g / sqrt(s + eps)

    def __repr__(self):
        return f"RMSprop(learning_rate={self._learning_rate!r}, rho={self.rho}, epsilon={self.epsilon})"


class Adam(Optimizer):
    """Momentum (first moment) and RMSprop (second moment), both bias-corrected.

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    name = "adam"
    state_names = ("m", "v")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **clipping):
        super().__init__(learning_rate, **clipping)
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)

    def update_rule(self, w, g, learning_rate, m, v):
        t = self.iterations  # this is update number t = 1, 2, ...
        m *= self.beta_1
        m += (1 - self.beta_1) * g  # m = beta_1 m + (1 - beta_1) g
        v *= self.beta_2
        v += (1 - self.beta_2) * np.square(g)  # v = beta_2 v + (1 - beta_2) g^2
        step = m / (np.sqrt(v) + self.epsilon)
        step *= learning_rate * (np.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t))  # eta_t
        w -= step  # w = w - eta_t m / (sqrt(v) + eps)

    def __repr__(self):
        return (
            f"Adam(learning_rate={self._learning_rate!r}, beta_1={self.beta_1}, "
            f"beta_2={self.beta_2}, epsilon={self.epsilon})"
        )


class Adagrad(Optimizer):
    """Divide each step by the root of the sum of all squared gradients so far.

    Keras's defaults: the sum starts at ``initial_accumulator_value`` = 0.1,
    not 0, so the first steps are not huge.
    """

    name = "adagrad"
    state_names = ("accumulator",)

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **clipping):
        super().__init__(learning_rate, **clipping)
        self.initial_accumulator_value, self.epsilon = float(initial_accumulator_value), float(epsilon)

    def initial_state(self, parameter):
        return {"accumulator": np.full_like(parameter, self.initial_accumulator_value)}

    def update_rule(self, w, g, learning_rate, accumulator):
        accumulator += np.square(g)  # s = s + g^2
        w -= g / np.sqrt(accumulator + self.epsilon) * learning_rate  # w = w - eta g / sqrt(s + eps)

    def __repr__(self):
        return (
            f"Adagrad(learning_rate={self._learning_rate!r}, "
            f"initial_accumulator_value={self.initial_accumulator_value}, epsilon={self.epsilon})"
        )


OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam, "adagrad": Adagrad}


def get(identifier):
    """Return the optimizer for a name ("adam", with its defaults), a class or an instance."""
    return lookup(identifier, OPTIMIZERS, "optimizer", Optimizer)
