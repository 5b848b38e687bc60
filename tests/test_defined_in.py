"""Each core function or class that a chapter derives names that chapter in its
docstring (d2l's "Defined in" habit), so a reader of the library can find the
derivation, and the chapter really shows it."""

import importlib
import inspect
import re

import pytest

from .chapter_sources import ROOT

#: nnlib object -> (chapter number, a name the chapter's code uses for it)
DERIVED = {
    "activations.Step": (1, "step"),
    "perceptron.perceptron_update": (1, "perceptron_update"),
    "perceptron.Perceptron": (1, "Perceptron"),
    "activations.Sigmoid": (2, "sigmoid"),
    "activations.Tanh": (2, "tanh"),
    "activations.ReLU": (2, "relu"),
    "activations.LeakyReLU": (2, "leaky_relu"),
    "activations.ELU": (2, "elu"),
    "activations.Softmax": (2, "softmax"),
    "layers.Dense.forward": (3, "dense_forward"),
    "losses.MeanSquaredError": (3, "mse"),
    "losses.MeanAbsoluteError": (3, "mae"),
    "losses.BinaryCrossentropy": (3, "binary_cross_entropy"),
    "losses.CategoricalCrossentropy": (3, "categorical_cross_entropy"),
    "losses.SparseCategoricalCrossentropy.forward_from_logits": (3, "cross_entropy_from_logits"),
    "layers.Dense.backward_from_delta": (4, "dense_backward"),
    "model.Sequential.backward": (4, "backward_pass"),
    "gradient_check.numerical_gradient": (4, "numerical_gradient"),
    "gradient_check.check_gradients": (4, "check_gradients"),
    "optimizers.SGD": (5, "momentum_step"),
    "optimizers.RMSprop": (5, "mean_square"),
    "optimizers.Adam": (5, "written_out_path"),
    "schedules.StepDecay": (5, "step_decay"),
    "schedules.ExponentialDecay": (5, "exponential_decay"),
    "schedules.InverseTimeDecay": (5, "inverse_time_decay"),
    "initializers.glorot_uniform_limit": (6, "glorot_uniform_limit"),
    "initializers.glorot_normal_stddev": (6, "glorot_normal"),
    "initializers.he_uniform_limit": (6, "he_uniform"),
    "initializers.he_normal_stddev": (6, "he_normal_stddev"),
    "optimizers.Optimizer.clip_gradients": (6, "clip_by_global_norm"),
    "regularizers.L1": (7, "l1_penalty"),
    "regularizers.L2": (7, "l2_penalty"),
    "layers.Dropout": (7, "dropout"),
    "callbacks.EarlyStopping": (7, "early_stopping_epoch"),
    "convolution.conv2d": (9, "conv2d"),
    "convolution.max_pool2d": (9, "max_pool2d"),
}


def resolve(path):
    module, *names = path.split(".")
    item = importlib.import_module(f"nnlib.{module}")
    for name in names:
        item = getattr(item, name)
    return item


def chapter_file(number):
    return next((ROOT / "chapters").glob(f"{number:02d}-*.md"))


@pytest.mark.parametrize("path", sorted(DERIVED))
def test_the_docstring_names_the_chapter_that_derives_it(path):
    number, _ = DERIVED[path]
    title = re.search(r"^# (.+)$", chapter_file(number).read_text(), re.M).group(1)
    docstring = inspect.getdoc(resolve(path)) or ""
    assert f"Defined in chapter {number}, *{title}*." in " ".join(docstring.split()), path


@pytest.mark.parametrize("path", sorted(DERIVED))
def test_the_chapter_writes_it_out(path):
    number, name = DERIVED[path]
    assert re.search(rf"\b{name}\b", chapter_file(number).read_text()), f"chapter {number} never shows {name}"
