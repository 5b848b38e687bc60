r"""The base class of the optimizers: what every update rule shares.

An optimizer is its rule and nothing else: ``update_rule(w, g, learning_rate,
**state)`` moves ``w`` in place, and ``state_names`` names the arrays it keeps
per weight array (Adam's ``m`` and ``v``). The base class does the rest, once
for all of them: the learning rate and its schedule, the step count, gradient
clipping, weight decay, and the state arrays.

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

``weight_decay`` (every optimizer, None by default) shrinks every trainable
weight before each step, as Keras does: $w \leftarrow w - \eta \lambda w$,
then the rule's step. The decay is *decoupled* from the gradient
(Loshchilov and Hutter's AdamW): it never passes through Adam's or RMSprop's
division, so every weight shrinks by the same fraction $\eta\lambda$.
"""

import numbers

import numpy as np

from ._serialization import Configurable, to_config_value
from ._validation import check_learning_rate

#: bytes of each array an update works on at a time (see ``Optimizer._blocks``)
BLOCK_BYTES = 256 * 1024


class Optimizer(Configurable):
    """Base class: ``update(parameters, gradients)`` moves each parameter array in place.

    A subclass sets ``state_names`` and writes ``update_rule``; see the module docstring.
    """

    name = "optimizer"
    #: the arrays the rule keeps for each weight array, each starting at zero
    state_names = ()

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None):
        self._learning_rate = check_learning_rate(learning_rate)
        self.weight_decay = _check_weight_decay(weight_decay)
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
        decay = None if not self.weight_decay else self.weight_decay * learning_rate
        self.iterations += 1
        for w, g, state in zip(parameters, gradients, self.state):
            for w_block, g_block, state_block in self._blocks(w, g, state):
                if decay is not None:
                    w_block -= w_block * decay  # w = w - eta lambda w, before the rule's step (Keras)
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

    def get_config(self):
        """The constructor's arguments, by Keras's names, as JSON: ``learning_rate`` is the rate
        now (a ``LearningRateScheduler`` may have changed it) or the schedule's config. The state
        (``iterations``, moments) is not part of it; ``model.save`` keeps that too."""
        return {
            "learning_rate": to_config_value(self._learning_rate, f"{type(self).__name__}.learning_rate"),
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "clipvalue": self.clipvalue,
            "global_clipnorm": self.global_clipnorm,
        }

    def _options_repr(self):
        """The weight decay and clipping options that are set, for ``__repr__``."""
        options = {
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "clipvalue": self.clipvalue,
            "global_clipnorm": self.global_clipnorm,
        }
        return "".join(f", {name}={value!r}" for name, value in options.items() if value is not None)


def _check_weight_decay(weight_decay):
    """None, or a number >= 0 (Keras's ``weight_decay``: the fraction eta * lambda is decayed per step)."""
    if weight_decay is None:
        return None
    if (
        isinstance(weight_decay, bool)
        or not isinstance(weight_decay, numbers.Real)
        or not np.isfinite(weight_decay)
        or weight_decay < 0
    ):
        raise ValueError(
            f"weight_decay must be None or a number of at least 0 (Keras's AdamW uses 0.004), "
            f"got {weight_decay!r}."
        )
    return float(weight_decay)
