r"""Optimizers: how a gradient becomes a step. Update rules and defaults are Keras's.

Chapter 5 (*Gradient descent and optimizers*) derives each rule. For a weight
array $w$ with gradient $g = \partial L / \partial w$ and learning rate $\eta$:

- ``SGD``: $w \leftarrow w - \eta g$; with momentum $\mu$,
  $v \leftarrow \mu v - \eta g$, $w \leftarrow w + v$ (Nesterov: $w \leftarrow w + \mu v - \eta g$).
- ``RMSprop``: $s \leftarrow \rho s + (1-\rho) g^2$, $w \leftarrow w - \eta\, g / \sqrt{s + \epsilon}$;
  ``centered`` divides by the variance $s - \bar g^2$ instead, ``momentum`` adds a velocity.
- ``Adam``: $m \leftarrow \beta_1 m + (1-\beta_1) g$, $v \leftarrow \beta_2 v + (1-\beta_2) g^2$,
  $w \leftarrow w - \eta_t\, m / (\sqrt{v} + \epsilon)$ with the bias correction folded
  into the rate, $\eta_t = \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)$; ``amsgrad``
  divides by the largest $v$ so far. ``AdamW`` is Adam with weight decay on by default.
- ``Adagrad``: $s \leftarrow s + g^2$, $w \leftarrow w - \eta\, g / \sqrt{s + \epsilon}$.

Each optimizer is its rule and nothing else: ``update_rule(w, g, learning_rate,
**state)`` moves ``w`` in place, and ``state_names`` names the arrays it keeps
per weight array (Adam's ``m`` and ``v``). The base class ``Optimizer``
(``_optimizer.py``) does the rest for all of them: the learning rate and its
schedule (``nnlib.optimizers.schedules``), the step count, gradient clipping
(``clipnorm``, ``clipvalue``, ``global_clipnorm``), weight decay
(``weight_decay``) and the state arrays.

**Where nnlib (and Keras) differ from PyTorch.** Code ported from PyTorch
needs these numbers changed, not only the names:

- ``epsilon`` defaults to 1e-7 (PyTorch's ``eps``: 1e-8), and RMSprop and
  Adagrad add it *inside* the root, $\sqrt{s + \epsilon}$ (PyTorch:
  $\sqrt{s} + \epsilon$). Adam adds it to $\sqrt{v}$ before the bias
  correction (the "epsilon hat" of Kingma and Ba); PyTorch adds it after,
  to $\sqrt{v / (1 - \beta_2^t)}$.
- RMSprop's ``rho`` is 0.9 (PyTorch's ``alpha``: 0.99); with momentum the
  velocity accumulates $\eta g / \sqrt{\cdot}$, so a change of learning rate
  acts on new steps only (PyTorch's buffer holds $g / \sqrt{\cdot}$).
- ``weight_decay`` is decoupled in every optimizer. PyTorch's SGD, RMSprop,
  Adagrad and Adam instead add $\lambda w$ to the gradient (an L2 penalty);
  only its AdamW decays as here (by default 0.01 there, 0.004 here).
- SGD's velocity holds $-\eta g$ steps ($v \leftarrow \mu v - \eta g$);
  PyTorch's holds gradients ($b \leftarrow \mu b + g$, then $w \mathrel{-}= \eta b$).
  Both agree while the learning rate is constant.
"""

import math

import numpy as np

from ._optimizer import BLOCK_BYTES, Optimizer
from ._validation import lookup


class SGD(Optimizer):
    """Stochastic gradient descent, with optional (Nesterov) momentum.

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    name = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **options):
        super().__init__(learning_rate, **options)
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

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}

    def __repr__(self):
        return (
            f"SGD(learning_rate={self._learning_rate!r}, momentum={self.momentum}, "
            f"nesterov={self.nesterov}{self._options_repr()})"
        )


class RMSprop(Optimizer):
    r"""Divide each step by a running root-mean-square of recent gradients.

    Keras's arguments and defaults: ``learning_rate=0.001``, ``rho=0.9``,
    ``momentum=0.0``, ``epsilon=1e-7``, ``centered=False``. With
    ``centered=True`` the rule also keeps the running mean of the gradients,
    $\bar g \leftarrow \rho \bar g + (1-\rho) g$, and divides by the root of
    their variance, $\sqrt{s - \bar g^2 + \epsilon}$, instead of their mean
    square. With ``momentum`` $\mu > 0$ the scaled steps are accumulated,
    $u \leftarrow \mu u + \eta\, g / \sqrt{\cdot}$, $w \leftarrow w - u$
    (keras/src/optimizers/rmsprop.py). ``epsilon`` is inside the root, where
    PyTorch puts it outside (see the module docstring).

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    name = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, **options):
        super().__init__(learning_rate, **options)
        if not 0 <= momentum <= 1:
            raise ValueError(f"momentum must be between 0 and 1 (typically 0.9), got {momentum!r}.")
        self.rho, self.momentum, self.epsilon = float(rho), float(momentum), float(epsilon)
        self.centered = bool(centered)
        self.state_names = (
            ("mean_square",)
            + (("average_gradient",) if self.centered else ())
            + (("velocity",) if self.momentum else ())
        )

    def update_rule(self, w, g, learning_rate, mean_square, average_gradient=None, velocity=None):
        s = mean_square
        s *= self.rho
        s += (1 - self.rho) * np.square(g)  # s = rho s + (1 - rho) g^2
        if average_gradient is None:
            denominator = s + self.epsilon
        else:
            average_gradient *= self.rho
            average_gradient += (1 - self.rho) * g  # g_bar = rho g_bar + (1 - rho) g
            denominator = s - np.square(average_gradient) + self.epsilon  # the variance of g, + eps
        if velocity is None:
            w -= g / np.sqrt(denominator) * learning_rate  # w = w - eta g / sqrt(s + eps)
        else:
            velocity *= self.momentum
            velocity += g / np.sqrt(denominator) * learning_rate  # u = mu u + eta g / sqrt(...)
            w -= velocity  # w = w - u

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }

    def __repr__(self):
        extra = (f", momentum={self.momentum}" if self.momentum else "") + (
            ", centered=True" if self.centered else ""
        )
        return (
            f"RMSprop(learning_rate={self._learning_rate!r}, rho={self.rho}, epsilon={self.epsilon}"
            f"{extra}{self._options_repr()})"
        )


class Adam(Optimizer):
    r"""Momentum (first moment) and RMSprop (second moment), both bias-corrected.

    Keras's arguments and defaults: ``learning_rate=0.001``, ``beta_1=0.9``,
    ``beta_2=0.999``, ``epsilon=1e-7``, ``amsgrad=False``. With
    ``amsgrad=True`` (Reddi, Kale and Kumar) the step divides by the largest
    second moment seen so far, $\hat v \leftarrow \max(\hat v, v)$, so that the
    effective learning rate of a weight never grows
    (keras/src/optimizers/adam.py). ``epsilon`` is added before the bias
    correction, where PyTorch adds it after (see the module docstring).

    Defined in chapter 5, *Gradient descent and optimizers*.
    """

    name = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, **options):
        super().__init__(learning_rate, **options)
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)
        self.amsgrad = bool(amsgrad)
        self.state_names = ("m", "v", "v_max") if self.amsgrad else ("m", "v")

    def update_rule(self, w, g, learning_rate, m, v, v_max=None):
        t = self.iterations  # this is update number t = 1, 2, ...
        m *= self.beta_1
        m += (1 - self.beta_1) * g  # m = beta_1 m + (1 - beta_1) g
        v *= self.beta_2
        v += (1 - self.beta_2) * np.square(g)  # v = beta_2 v + (1 - beta_2) g^2
        if v_max is not None:
            np.maximum(v_max, v, out=v_max)  # AMSGrad: the largest v so far
            v = v_max
        step = m / (np.sqrt(v) + self.epsilon)
        # eta_t, a Python float (math.sqrt): a NumPy float64 here would run a float32 model's
        # step in float64, several times slower
        step *= learning_rate * (math.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t))
        w -= step  # w = w - eta_t m / (sqrt(v) + eps)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }

    def __repr__(self):
        return (
            f"{type(self).__name__}(learning_rate={self._learning_rate!r}, beta_1={self.beta_1}, "
            f"beta_2={self.beta_2}, epsilon={self.epsilon}"
            f"{', amsgrad=True' if self.amsgrad else ''}{self._options_repr()})"
        )


class AdamW(Adam):
    r"""Adam with decoupled weight decay, on by default: ``weight_decay=0.004``, as in Keras.

    Each step first shrinks every weight, $w \leftarrow w - \eta \lambda w$, then
    takes Adam's step (Loshchilov and Hutter). Weight decay passed to
    ``Adam`` does the same; ``AdamW`` only changes the default and requires
    it. PyTorch's ``AdamW`` decays the same way, with ``weight_decay=0.01``.
    """

    name = "adamw"

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        **options,
    ):
        if weight_decay is None:
            raise ValueError(
                "AdamW needs a weight_decay (a number such as 0.004, its default). For Adam "
                "without weight decay use optimizers.Adam."
            )
        super().__init__(
            learning_rate, beta_1, beta_2, epsilon, amsgrad, weight_decay=weight_decay, **options
        )


class Adagrad(Optimizer):
    """Divide each step by the root of the sum of all squared gradients so far.

    Keras's defaults: the sum starts at ``initial_accumulator_value`` = 0.1,
    not 0, so the first steps are not huge.
    """

    name = "adagrad"
    state_names = ("accumulator",)

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **options):
        super().__init__(learning_rate, **options)
        self.initial_accumulator_value, self.epsilon = float(initial_accumulator_value), float(epsilon)

    def initial_state(self, parameter):
        return {"accumulator": np.full_like(parameter, self.initial_accumulator_value)}

    def update_rule(self, w, g, learning_rate, accumulator):
        accumulator += np.square(g)  # s = s + g^2
        w -= g / np.sqrt(accumulator + self.epsilon) * learning_rate  # w = w - eta g / sqrt(s + eps)

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }

    def __repr__(self):
        return (
            f"Adagrad(learning_rate={self._learning_rate!r}, "
            f"initial_accumulator_value={self.initial_accumulator_value}, epsilon={self.epsilon}"
            f"{self._options_repr()})"
        )


OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW, "adagrad": Adagrad}


def get(identifier):
    """Return the optimizer for a name ("adam", with its defaults), a class or an instance."""
    return lookup(identifier, OPTIMIZERS, "optimizer", Optimizer)


__all__ = ["BLOCK_BYTES", "Optimizer", "SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "OPTIMIZERS", "get"]
