r"""Rebuild a scikit-learn MLP as an nnlib ``Sequential`` that trains identically.

scikit-learn's ``MLPClassifier``/``MLPRegressor`` and nnlib (which follows
Keras) compute the same network with two differences of convention:

1. **Squared loss.** scikit-learn minimises $\frac{1}{2}\,\text{MSE}$, nnlib the
   MSE, so nnlib's regression gradients are twice as large. Plain and momentum
   SGD take the same steps with half the learning rate; Adam, which divides by
   the root of the squared gradients, takes the same steps with twice the
   $\epsilon$.
2. **L2 penalty.** scikit-learn adds $\frac{\alpha}{2n}\lVert W\rVert^2$ for a
   mini-batch of $n$ samples; Keras's ``L2(l2)`` adds $l_2 \lVert W\rVert^2$. So
   $l_2 = \alpha / (2n)$ (classification) or $\alpha / n$ (regression, where
   the whole objective is doubled). Biases are not penalised in either.

With those accounted for, ``sequential_from_mlp`` gives a model whose losses
and weights follow scikit-learn's step for step (the course's tests check
agreement to 1e-8 with full-batch SGD and Adam).
"""

from . import layers, optimizers, regularizers
from .model import Sequential

_HIDDEN_ACTIVATIONS = {"identity": "linear", "logistic": "sigmoid", "tanh": "tanh", "relu": "relu"}
_OUTPUTS = {  # scikit-learn's output activation -> (nnlib activation, nnlib loss)
    "softmax": ("softmax", "sparse_categorical_crossentropy"),
    "logistic": ("sigmoid", "binary_crossentropy"),
    "identity": (None, "mse"),
}


def sequential_from_mlp(mlp, batch_size):
    """A compiled ``Sequential`` with the layers, current weights and training settings of ``mlp``.

    ``mlp`` must be fitted (its ``coefs_`` give the architecture and the
    starting weights). ``batch_size`` is the mini-batch size the two will be
    trained with, which scikit-learn's L2 penalty depends on. For a
    classifier, train nnlib on the class indices ``np.searchsorted(mlp.classes_, y)``.
    """
    if mlp.solver not in ("sgd", "adam"):
        raise ValueError(f"Only the 'sgd' and 'adam' solvers have an nnlib twin, not {mlp.solver!r}.")
    if mlp.solver == "sgd" and mlp.learning_rate != "constant":
        raise ValueError(
            "Only learning_rate='constant' is converted; scikit-learn's schedules count samples."
        )
    if mlp.out_activation_ == "logistic" and mlp.coefs_[-1].shape[1] > 1:
        raise ValueError(
            "Multi-label outputs are not converted: scikit-learn sums their losses, Keras averages."
        )
    regression = mlp.out_activation_ == "identity"
    scale = 2.0 if regression else 1.0  # nnlib's gradient / scikit-learn's gradient

    penalty = regularizers.L2(scale * mlp.alpha / (2 * batch_size)) if mlp.alpha else None
    output_activation, loss = _OUTPUTS[mlp.out_activation_]
    hidden_activation = _HIDDEN_ACTIVATIONS[mlp.activation]
    n_layers = len(mlp.coefs_)
    model = Sequential(
        [
            layers.Dense(
                kernel.shape[1],
                activation=output_activation if i == n_layers - 1 else hidden_activation,
                kernel_regularizer=penalty,
                input_shape=(kernel.shape[0],) if i == 0 else None,
            )
            for i, kernel in enumerate(mlp.coefs_)
        ],
        dtype=mlp.coefs_[0].dtype,
    )
    model.set_weights([w for pair in zip(mlp.coefs_, mlp.intercepts_) for w in pair])

    if mlp.solver == "sgd":
        optimizer = optimizers.SGD(
            mlp.learning_rate_init / scale, momentum=mlp.momentum, nesterov=mlp.nesterovs_momentum
        )
    else:
        optimizer = optimizers.Adam(
            mlp.learning_rate_init, beta_1=mlp.beta_1, beta_2=mlp.beta_2, epsilon=mlp.epsilon * scale
        )
    model.compile(optimizer=optimizer, loss=loss)
    return model
