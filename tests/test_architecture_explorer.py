"""Chapter 3's explorer counts parameters exactly as a Sequential model does."""

import re

import pytest

from nncourse.explorers import architecture_explorer
from nnlib import Sequential, layers


@pytest.mark.parametrize(
    "inputs, hidden_layers, units, outputs", [(2, 1, 3, 1), (784, 2, 128, 10), (4, 0, 8, 3), (64, 4, 2, 10)]
)
def test_the_total_shown_equals_count_params(inputs, hidden_layers, units, outputs):
    figure = architecture_explorer().figure(
        n_inputs=inputs, hidden_layers=hidden_layers, width=units, n_outputs=outputs
    )
    texts = " ".join(
        str(t) for trace in figure["data"] if trace.get("mode") == "text" for t in trace.get("text", [])
    )
    model = Sequential(
        [layers.Input((inputs,))]
        + [layers.Dense(units) for _ in range(hidden_layers)]
        + [layers.Dense(outputs)]
    )
    total = f"{model.count_params():,}"
    assert re.search(rf"\b{re.escape(total)}\b", texts), (total, texts)
