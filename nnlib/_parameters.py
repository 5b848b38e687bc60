"""All trainable weights of a model in one flat array, their gradients in another.

Each layer keeps its own ``kernel``, ``bias``, ``dW`` and ``db`` and uses them
as usual, but those arrays are views into two flat vectors. The optimizer then
updates every weight of the model in a handful of vectorised operations
instead of a handful per array, which is where a small network spends most
of its time. Frozen layers (``trainable = False``) are left out, so the
optimizer never touches them.
"""

import numpy as np


class ParameterVector:
    """Flat ``values`` and ``gradients`` of the trainable weights of ``layers``."""

    def __init__(self, layers, dtype):
        self.entries = [
            (layer, weight_name, gradient_name)
            for layer in layers
            if layer.trainable
            for weight_name, gradient_name in zip(layer.weight_names, layer.gradient_names)
        ]
        size = sum(getattr(layer, name).size for layer, name, _ in self.entries)
        self.values = np.empty(size, dtype=dtype)
        self.gradients = np.zeros(size, dtype=dtype)
        self.value_views, self.gradient_views = [], []
        self.slices = {}  # (layer, weight name) -> where that weight lies in values
        offset = 0
        for layer, weight_name, gradient_name in self.entries:
            weight = getattr(layer, weight_name)
            end = offset + weight.size
            value_view = self.values[offset:end].reshape(weight.shape)
            value_view[...] = weight
            gradient_view = self.gradients[offset:end].reshape(weight.shape)
            setattr(layer, weight_name, value_view)
            setattr(layer, gradient_name, gradient_view)
            self.value_views.append(value_view)
            self.gradient_views.append(gradient_view)
            self.slices[layer, weight_name] = slice(offset, end)
            offset = end

    def matches(self, layers):
        """True while the layers' trainable weights are still exactly these views."""
        expected = [(layer, name) for layer in layers if layer.trainable for name in layer.weight_names]
        if expected != [(layer, name) for layer, name, _ in self.entries]:
            return False
        return all(
            getattr(layer, name) is view for (layer, name, _), view in zip(self.entries, self.value_views)
        )

    def carried_from(self, old, array):
        """A flat array laid out like ``values``, holding ``array``'s entries (laid out as
        ``old`` was) for the weights both vectors hold, and zeros for the others.

        For optimizer state (Adam's moments) when a layer is frozen or unfrozen:
        the weights that stay trainable keep theirs, new ones start at zero.
        """
        carried = np.zeros_like(self.values)
        for key, where in self.slices.items():
            if key in old.slices:
                carried[where] = array[old.slices[key]]
        return carried
