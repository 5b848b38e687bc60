r"""Loss surfaces of two weights, and the path an optimizer takes over one.

A network's loss depends on thousands of weights, so its surface cannot be
drawn. A loss of two weights $w = (w_1, w_2)$ can: as a contour map, with the
path of an optimizer on top. Chapter 5 uses three such surfaces:

- ``BOWL``: $L(w) = 0.0125\, w_1^2 + 1.25\, w_2^2$. Convex, with one minimum
  at the origin, and elongated: the curvature along $w_2$ (2.5) is 100 times
  the curvature along $w_1$ (0.025), so gradient descent must keep its steps
  small for $w_2$ and then crawls along $w_1$.
- ``TWO_VALLEYS``: $L(w) = (w_1^2 - 1)^2 + 0.3\, w_1 + 2\,(w_2 - w_1/2)^2$.
  Not convex: a deep valley on the left (the global minimum), a shallow one
  on the right (a local minimum) and a saddle point between them.
- ``TILTED_BOWL``: $L(w) = 0.05\, u^2 + 2.5\, v^2$, where $(u, v)$ is $w$ turned
  by 30 degrees, $u = w_1 \cos 30° + w_2 \sin 30°$, $v = -w_1 \sin 30° + w_2 \cos 30°$.
  Convex, with curvatures 0.1 and 5 (condition number 50) along axes that are
  not the weights' own, so that no optimizer that scales each weight
  separately can undo the elongation; the surface of the momentum explorer.

``descend(optimizer, surface)`` runs any nnlib optimizer on a surface through
``optimizer.update([w], [gradient])``, the same call ``Sequential.fit`` makes,
and returns the path. Points are 1-D arrays ``(2,)``; paths are ``(steps + 1, 2)``.
"""

import numpy as np


class LossSurface:
    """A loss of two weights with its gradient, a starting point and the box to draw.

    ``loss(w1, w2)`` takes numbers or arrays of the same shape (a grid) and
    ``gradient(w)`` a point ``(2,)``. ``minima`` lists ``(point, label)``,
    the lowest first; ``w1_range`` and ``w2_range`` are the box to draw.
    """

    def __init__(self, name, formula, loss, gradient, start, minima, w1_range, w2_range):
        self.name, self.formula = name, formula
        self._loss, self._gradient = loss, gradient
        self.start = np.array(start, dtype=float)
        self.minima = [(np.array(point, dtype=float), label) for point, label in minima]
        self.w1_range, self.w2_range = tuple(w1_range), tuple(w2_range)

    def loss(self, w1, w2):
        """$L(w_1, w_2)$, elementwise over arrays."""
        return self._loss(np.asarray(w1, dtype=float), np.asarray(w2, dtype=float))

    def __call__(self, w):
        """The loss at the point ``w`` (2,), or at every row of ``w`` (n, 2)."""
        w = np.asarray(w, dtype=float)
        return self.loss(w[..., 0], w[..., 1])

    def gradient(self, w):
        r"""$\nabla L(w) = (\partial L/\partial w_1, \partial L/\partial w_2)$, a new array ``(2,)``."""
        w1, w2 = np.asarray(w, dtype=float)
        return np.array(self._gradient(w1, w2), dtype=float)

    @property
    def lowest(self):
        """The loss at the global minimum."""
        return float(self(self.minima[0][0]))

    def grid(self, resolution=101):
        """``(w1, w2, L)``: the box's axes ``(resolution,)`` and the loss on their grid
        ``(resolution, resolution)``, with rows along ``w2`` (as contour plots want)."""
        w1 = np.linspace(*self.w1_range, resolution)
        w2 = np.linspace(*self.w2_range, resolution)
        W1, W2 = np.meshgrid(w1, w2)
        return w1, w2, self.loss(W1, W2)

    def __repr__(self):
        return f"<LossSurface {self.name}: L = {self.formula}>"


def _bowl_loss(w1, w2):
    return 0.0125 * w1**2 + 1.25 * w2**2


def _bowl_gradient(w1, w2):
    return 0.025 * w1, 2.5 * w2


def _valleys_loss(w1, w2):
    return (w1**2 - 1) ** 2 + 0.3 * w1 + 2 * (w2 - 0.5 * w1) ** 2


def _valleys_gradient(w1, w2):
    r = w2 - 0.5 * w1  # how far w2 is from the valley floor w2 = w1 / 2
    return 4 * w1 * (w1**2 - 1) + 0.3 - 2 * r, 4 * r


BOWL = LossSurface(
    name="elongated bowl",
    formula="0.0125 w₁² + 1.25 w₂²",
    loss=_bowl_loss,
    gradient=_bowl_gradient,
    start=(-4.0, 1.5),
    minima=[((0.0, 0.0), "minimum")],
    w1_range=(-4.5, 4.5),
    w2_range=(-2.0, 2.0),
)

# The minima and the saddle of TWO_VALLEYS, found by Newton's method (gradient
# below 1e-10); tests/test_loss_surfaces.py checks them.
TWO_VALLEYS = LossSurface(
    name="two valleys",
    formula="(w₁² − 1)² + 0.3 w₁ + 2 (w₂ − w₁/2)²",
    loss=_valleys_loss,
    gradient=_valleys_gradient,
    start=(2.0, 1.8),
    minima=[
        ((-1.035578714089, -0.517789357044), "global minimum"),
        ((0.960149555519, 0.480074777760), "local minimum"),
    ],
    w1_range=(-2.2, 2.2),
    w2_range=(-2.0, 2.2),
)
SADDLE = np.array([0.075429158570, 0.037714579285])  # of TWO_VALLEYS

TILT = np.deg2rad(30.0)  # the angle between the tilted bowl's long axis and w1
TILTED_CURVATURES = (0.1, 5.0)  # the second derivatives along u and v


def _tilted_uv(w1, w2):
    return np.cos(TILT) * w1 + np.sin(TILT) * w2, -np.sin(TILT) * w1 + np.cos(TILT) * w2


def _tilted_loss(w1, w2):
    u, v = _tilted_uv(w1, w2)
    return 0.5 * TILTED_CURVATURES[0] * u**2 + 0.5 * TILTED_CURVATURES[1] * v**2


def _tilted_gradient(w1, w2):
    u, v = _tilted_uv(w1, w2)
    dL_du, dL_dv = TILTED_CURVATURES[0] * u, TILTED_CURVATURES[1] * v
    # back from (u, v) to (w1, w2): the transpose of the rotation
    return np.cos(TILT) * dL_du - np.sin(TILT) * dL_dv, np.sin(TILT) * dL_du + np.cos(TILT) * dL_dv


TILTED_BOWL = LossSurface(
    name="tilted bowl",
    formula="0.05 u² + 2.5 v², (u, v) = (w₁, w₂) turned 30°",
    loss=_tilted_loss,
    gradient=_tilted_gradient,
    start=(-3.5, 0.5),
    minima=[((0.0, 0.0), "minimum")],
    w1_range=(-4.0, 4.0),
    w2_range=(-3.0, 3.0),
)

SURFACES = {"bowl": BOWL, "tilted": TILTED_BOWL, "valleys": TWO_VALLEYS}


def descend(optimizer, surface, steps=100, start=None, limit=1e3):
    """Run ``optimizer`` (an nnlib optimizer) on ``surface`` for ``steps`` updates.

    Starts from ``start`` (default ``surface.start``) and returns the path,
    an array ``(steps + 1, 2)`` whose first row is the start. Each update is
    ``optimizer.update([w], [surface.gradient(w)])``, which moves ``w`` in
    place, exactly as in training. If ``w`` leaves the square
    ``|w_i| <= limit`` or stops being finite, the path ends there (shorter).
    """
    w = np.array(surface.start if start is None else start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        optimizer.update([w], [surface.gradient(w)])
        path.append(w.copy())
        if not (np.all(np.isfinite(w)) and np.max(np.abs(w)) <= limit):
            break
    return np.array(path)
