r"""What one hidden layer can represent, and what depth buys.

The companion of chapter 9's sections on the universal approximation theorem
and on depth versus width.

- ``TARGETS``: functions of one variable on ``DOMAIN`` = [-2, 2] for a
  network to approximate (a sine, a step, ``|x|`` and a chirp).
- ``one_hidden_layer`` and ``fit_one_hidden_layer``: a 1-N-1 tanh network
  and the recipe that trains it (full-batch Adam on a grid of the domain).
  ``approximation_explorer`` shows these fits.
- ``unit_contributions``: the term $v_j f(w_j x + b_j)$ each hidden unit adds
  to the output $\hat y = b^{[2]} + \sum_j v_j f(w_j x + b_j)$.
- ``staircase_weights``: the weights of a 1-N-1 sigmoid network that climbs
  through a function's values in N steep steps, the construction behind the
  universal approximation theorem.
- ``sawtooth_network`` and ``count_linear_pieces``: a ReLU network of depth
  $k$ and two units per layer whose output has $2^k$ linear pieces with
  $6k + 1$ weights; one hidden layer needs $2^k - 1$ units for the same.
"""

from functools import cache

import numpy as np

from . import initializers, optimizers
from ._validation import check_positive_int
from .layers import Dense
from .model import Sequential

DOMAIN = (-2.0, 2.0)


def sine(x):
    r"""$\sin(\pi x)$: two periods on the domain."""
    return np.sin(np.pi * x)


def step(x):
    """0 left of zero, 1 from zero on: a jump, so not continuous."""
    return np.where(x >= 0, 1.0, 0.0)


def absolute_value(x):
    """``|x|``: continuous, with a kink at zero."""
    return np.abs(x)


def chirp(x):
    r"""$\sin(\pi x^2)$: a wave that oscillates faster and faster away from zero."""
    return np.sin(np.pi * x**2)


#: name -> (label for figures, function)
TARGETS = {
    "sine": ("sin(\u03c0x)", sine),
    "step": ("step", step),
    "absolute value": ("|x|", absolute_value),
    "chirp": ("sin(\u03c0x\u00b2)", chirp),
}

# The training recipe of fit_one_hidden_layer: full-batch Adam on a grid.
N_POINTS = 201
EPOCHS = 2000
LEARNING_RATE = 0.02
#: the hidden units' kernels and biases start uniform in [-SPREAD, SPREAD],
#: so their steep parts lie all over the domain (Glorot's small start puts
#: every unit's bend near 0 and training then takes far longer)
SPREAD = 3.0


def domain_grid(n_points=N_POINTS):
    """``n_points`` evenly spaced points of ``DOMAIN``, as a column ``(n_points, 1)``."""
    return np.linspace(*DOMAIN, check_positive_int(n_points, "n_points")).reshape(-1, 1)


def _target_function(target):
    if callable(target):
        return target
    if target not in TARGETS:
        raise ValueError(f"Unknown target {target!r}. Known targets: {', '.join(TARGETS)}.")
    return TARGETS[target][1]


def one_hidden_layer(units, activation="tanh", seed=0):
    """An untrained 1-``units``-1 network: ``Dense(units, activation)`` then a linear ``Dense(1)``."""
    spread = initializers.RandomUniform(-SPREAD, SPREAD)
    return Sequential(
        [
            Dense(
                units,
                activation=activation,
                input_shape=(1,),
                kernel_initializer=spread,
                bias_initializer=spread,
            ),
            Dense(1),
        ],
        seed=seed,
    )


def fit_one_hidden_layer(target, units, epochs=EPOCHS, learning_rate=LEARNING_RATE, seed=0):
    """A 1-``units``-1 tanh network trained to approximate ``target`` on ``domain_grid()``.

    ``target`` is a name in ``TARGETS`` or a function of a numpy array. The
    recipe: ``one_hidden_layer(units, seed=seed)``, mean squared error,
    ``Adam(learning_rate)``, ``epochs`` full-batch steps in a fixed order.
    Returns the trained ``Sequential``.
    """
    function = _target_function(target)
    x = domain_grid()
    model = one_hidden_layer(check_positive_int(units, "units"), seed=seed)
    model.compile(optimizer=optimizers.Adam(learning_rate=learning_rate), loss="mse")
    model.fit(x, function(x), epochs=epochs, batch_size=len(x), shuffle=False, verbose=0)
    return model


@cache
def fitted_weights(target_name, units, epochs=EPOCHS, seed=0):
    """The weights of ``fit_one_hidden_layer(target_name, units)``, computed once per session.

    A tuple of read-only arrays ``(kernel_1, bias_1, kernel_2, bias_2)``;
    the explorer and the chapter share them so that nothing trains twice.
    """
    weights = fit_one_hidden_layer(target_name, units, epochs=epochs, seed=seed).get_weights()
    for array in weights:
        array.flags.writeable = False
    return tuple(weights)


def unit_contributions(model, x):
    r"""Each hidden unit's share of a 1-N-1 network's output, shape ``(n_samples, N)``.

    Column $j$ is $v_j f(x w_j + b_j)$, with $w_j, b_j$ the unit's kernel and
    bias and $v_j$ its weight in the output layer. The output is
    ``unit_contributions(model, x).sum(axis=1) + output_bias``.
    """
    hidden, output = model.layers
    activations = hidden.activation.forward(np.asarray(x, dtype=float) @ hidden.kernel + hidden.bias)
    return activations * output.kernel[:, 0]


def staircase_weights(function, n_units, low=DOMAIN[0], high=DOMAIN[1], steepness=50.0):
    r"""Weights of a 1-``n_units``-1 sigmoid network that climbs through ``function`` in steps.

    The points $x_0 < x_1 < \dots < x_N$ split $[\text{low}, \text{high}]$
    into $N$ equal parts of width $h$. Hidden unit $i$ is a steep sigmoid
    $\sigma(k (x - m_i))$, a soft step at the midpoint $m_i$ of
    $[x_{i-1}, x_i]$, with $k = \text{steepness} / h$. Its weight in the
    output is the rise $f(x_i) - f(x_{i-1})$, and the output bias is
    $f(x_0)$, so between the steps the network outputs $f(x_i)$ near $x_i$.

    Returns ``[kernel_1 (1, N), bias_1 (N,), kernel_2 (N, 1), bias_2 (1,)]``,
    ready for ``set_weights`` on ``Sequential([Dense(N, "sigmoid"), Dense(1)])``.
    """
    n_units = check_positive_int(n_units, "n_units")
    points = np.linspace(low, high, n_units + 1)
    midpoints = (points[:-1] + points[1:]) / 2
    values = function(points)
    slope = steepness / (points[1] - points[0])
    return [
        np.full((1, n_units), slope),
        -slope * midpoints,
        np.diff(values).reshape(-1, 1),
        np.array([values[0]]),
    ]


def sawtooth_network(depth):
    r"""A ReLU network of ``depth`` hidden layers of 2 units whose output is a sawtooth.

    Each hidden layer computes the tent map on $[0, 1]$,
    $t(u) = 2\,\mathrm{relu}(u) - 4\,\mathrm{relu}(u - 1/2)$, of the tent
    before it, so the output is $t$ applied ``depth`` times: $2^{\text{depth}}$
    linear pieces going up and down between 0 and 1, from $6\,\text{depth} + 1$
    weights. Inputs should lie in $[0, 1]$.
    """
    depth = check_positive_int(depth, "depth")
    model = Sequential(
        [Dense(2, activation="relu", input_shape=(1,))]
        + [Dense(2, activation="relu") for _ in range(depth - 1)]
        + [Dense(1)]
    )
    bias = np.array([0.0, -0.5])  # the two units bend at u = 0 and u = 1/2
    combine = np.array([[2.0], [-4.0]])  # t(u) = 2 a_1 - 4 a_2
    weights = [np.array([[1.0, 1.0]]), bias]
    for _ in range(depth - 1):
        weights += [combine @ np.ones((1, 2)), bias]  # both units read t(u)
    weights += [combine, np.zeros(1)]
    model.set_weights(weights)
    return model


def count_linear_pieces(x, y, tolerance=1e-6):
    """How many straight pieces the polyline through ``(x, y)`` has (x sorted, 1-D).

    A new piece starts wherever the slope between neighbouring points changes
    by more than ``tolerance`` (times the largest slope). For a piecewise linear
    function this counts its pieces exactly when every bend lies on a grid point.
    """
    x, y = np.ravel(x), np.ravel(y)
    slopes = np.diff(y) / np.diff(x)
    scale = max(1.0, np.abs(slopes).max())
    return int(1 + np.sum(np.abs(np.diff(slopes)) > tolerance * scale))
