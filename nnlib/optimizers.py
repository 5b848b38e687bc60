r"""Optimizers: how a gradient becomes a step. Update rules and defaults are Keras's.

- ``SGD``: $v \leftarrow \mu v - \eta g$, $w \leftarrow w + v$
  (Nesterov: $w \leftarrow w + \mu v - \eta g$); with $\mu = 0$ plain $w \leftarrow w - \eta g$.
- ``RMSprop``: $s \leftarrow \rho s + (1-\rho) g^2$, $w \leftarrow w - \eta\, g / \sqrt{s + \epsilon}$.
- ``Adam``: $m \leftarrow \beta_1 m + (1-\beta_1) g$, $v \leftarrow \beta_2 v + (1-\beta_2) g^2$,
  $w \leftarrow w - \hat\eta_t\, m / (\sqrt{v} + \epsilon)$ with the bias correction folded
  into $\hat\eta_t = \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)$.

``learning_rate`` is a number or a schedule (``nnlib.optimizers.schedules``).
Gradients can be clipped before the step: ``clipnorm`` (each array's norm),
``global_clipnorm`` (the norm of all of them together) or ``clipvalue``
(each entry); at most one of the three, as in Keras.

Updates happen in place, through scratch arrays kept per parameter, so a
training step allocates no new arrays the size of the weights. A large
parameter array is updated block by block (``BLOCK_BYTES`` of it at a time):
an update rule makes about a dozen passes over the weights, the gradient and
the optimizer's state, and one block of all of them fits in a core's L2
cache, so the passes read from the cache instead of from memory. The rules
are elementwise, so the blocks change the speed and nothing else.
"""

import numpy as np

from .validation import check_learning_rate, lookup

#: bytes of each array an update works on at a time (see ``Optimizer.blocks``)
BLOCK_BYTES = 256 * 1024


class Optimizer:
    """Base class: ``update(parameters, gradients)`` moves each parameter array in place."""

    name = "optimizer"

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
        self.iterations = 0
        self.slots = None

    # The learning rate: a number, or a schedule evaluated at the current step.

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

    @property
    def clips(self):
        return self.clipnorm is not None or self.clipvalue is not None or self.global_clipnorm is not None

    def clip_gradients(self, gradients):
        """Clip a list of gradient arrays in place, as configured."""
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

    def update(self, parameters, gradients):
        """One step: move every array in ``parameters`` against its gradient, in place."""
        shapes = [p.shape for p in parameters]
        if self.slots is None or self._slot_shapes != shapes:
            if self.slots is not None:
                raise ValueError(
                    "This optimizer already holds state for parameters of shapes "
                    f"{self._slot_shapes}, not {shapes}. Use a new optimizer for a new model."
                )
            self.slots = [self.build_slots(p) for p in parameters]
            self._slot_shapes = shapes
        learning_rate = self.learning_rate
        self.iterations += 1
        for w, g, slots in zip(parameters, gradients, self.slots):
            for w_block, g_block, slots_block in self.blocks(w, g, slots):
                self.update_step(w_block, g_block, slots_block, learning_rate)

    @staticmethod
    def blocks(w, g, slots):
        """Split a parameter, its gradient and its slots into matching blocks of ``BLOCK_BYTES``.

        Yields ``(w, g, slots)`` triples of views, so updating a block updates
        the arrays. A small array, or one that is not contiguous in memory, is
        a single block.
        """
        size = max(1, BLOCK_BYTES // w.itemsize)
        if w.size <= size or not (w.flags.c_contiguous and g.flags.c_contiguous):
            yield w, g, slots
            return
        w, g = w.reshape(-1), g.reshape(-1)
        slots = {name: slot.reshape(-1) for name, slot in slots.items()}
        for start in range(0, w.size, size):
            block = slice(start, start + size)
            yield w[block], g[block], {name: slot[block] for name, slot in slots.items()}

    def reset(self):
        """Forget the state (velocities, moments, step count), for new parameters."""
        self.slots = None
        self.iterations = 0

    def build_slots(self, parameter):
        """The state kept for one parameter array, as a dict of arrays."""
        return {"scratch": np.zeros_like(parameter)}

    def update_step(self, w, g, slots, learning_rate):
        """Update one block of entries in place (elementwise, so any block will do)."""
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, with optional (Nesterov) momentum."""

    name = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **clipping):
        super().__init__(learning_rate, **clipping)
        if not 0 <= momentum <= 1:
            raise ValueError(f"momentum must be between 0 and 1 (typically 0.9), got {momentum!r}.")
        self.momentum, self.nesterov = float(momentum), nesterov

    def build_slots(self, parameter):
        slots = super().build_slots(parameter)
        if self.momentum:
            slots["velocity"] = np.zeros_like(parameter)
        return slots

    def update_step(self, w, g, slots, learning_rate):
        step = np.multiply(g, learning_rate, out=slots["scratch"])  # eta * g
        if not self.momentum:
            w -= step
            return
        v = slots["velocity"]
        v *= self.momentum
        v -= step  # v = mu v - eta g
        if self.nesterov:
            w -= step
            w += np.multiply(v, self.momentum, out=slots["scratch"])  # w += mu v - eta g
        else:
            w += v

    def __repr__(self):
        return f"SGD(learning_rate={self._learning_rate!r}, momentum={self.momentum}, nesterov={self.nesterov})"


class RMSprop(Optimizer):
    """Divide each step by a running root-mean-square of recent gradients."""

    name = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7, **clipping):
        super().__init__(learning_rate, **clipping)
        self.rho, self.epsilon = float(rho), float(epsilon)

    def build_slots(self, parameter):
        slots = super().build_slots(parameter)
        slots["mean_square"] = np.zeros_like(parameter)
        return slots

    def update_step(self, w, g, slots, learning_rate):
        s, scratch = slots["mean_square"], slots["scratch"]
        np.multiply(g, g, out=scratch)
        s *= self.rho
        scratch *= 1.0 - self.rho
        s += scratch  # s = rho s + (1 - rho) g^2
        np.add(s, self.epsilon, out=scratch)
        np.sqrt(scratch, out=scratch)
        np.divide(g, scratch, out=scratch)
        scratch *= learning_rate
        w -= scratch  # w -= eta g / sqrt(s + eps)

    def __repr__(self):
        return f"RMSprop(learning_rate={self._learning_rate!r}, rho={self.rho}, epsilon={self.epsilon})"


class Adam(Optimizer):
    """Momentum (first moment) and RMSprop (second moment), both bias-corrected."""

    name = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **clipping):
        super().__init__(learning_rate, **clipping)
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)

    def build_slots(self, parameter):
        slots = super().build_slots(parameter)
        slots["m"] = np.zeros_like(parameter)
        slots["v"] = np.zeros_like(parameter)
        return slots

    def update(self, parameters, gradients):
        t = self.iterations + 1
        # the bias correction of both moments, folded into this step's rate
        self._corrected_factor = np.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        super().update(parameters, gradients)

    def update_step(self, w, g, slots, learning_rate):
        m, v, scratch = slots["m"], slots["v"], slots["scratch"]
        m *= self.beta_1
        m += np.multiply(g, 1.0 - self.beta_1, out=scratch)  # m = beta_1 m + (1 - beta_1) g
        v *= self.beta_2
        np.square(g, out=scratch)
        scratch *= 1.0 - self.beta_2
        v += scratch  # v = beta_2 v + (1 - beta_2) g^2
        np.sqrt(v, out=scratch)
        scratch += self.epsilon
        np.divide(m, scratch, out=scratch)
        scratch *= learning_rate * self._corrected_factor
        w -= scratch  # w -= eta_t m / (sqrt(v) + eps)

    def __repr__(self):
        return (f"Adam(learning_rate={self._learning_rate!r}, beta_1={self.beta_1}, "
                f"beta_2={self.beta_2}, epsilon={self.epsilon})")


OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}


def get(identifier):
    """Return the optimizer for a name ("adam", with its defaults), a class or an instance."""
    return lookup(identifier, OPTIMIZERS, "optimizer", Optimizer)
