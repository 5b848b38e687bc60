"""The text of ``model.summary()``: one row per layer, then the parameter counts."""

WIDTHS = (29, 26, 10)


def _row(cells):
    return "".join(str(cell).ljust(width) for cell, width in zip(cells, WIDTHS)).rstrip()


def format_summary(model):
    """A Keras-style table: ``Layer (type) | Output Shape | Param #`` and the totals."""
    line = "_" * sum(WIDTHS)
    rows = [
        f'Model: "{model.name}"',
        line,
        _row(["Layer (type)", "Output Shape", "Param #"]),
        "=" * sum(WIDTHS),
    ]
    for layer, shape in zip(model.layers, model.output_shapes):
        rows.append(
            _row([f"{layer.name} ({type(layer).__name__})", str((None, *shape)), f"{layer.count_params():,}"])
        )
    total = model.count_params()
    trainable = sum(w.size for w in model.trainable_weights)
    rows += [
        "=" * sum(WIDTHS),
        f"Total params: {total:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {total - trainable:,}",
        line,
    ]
    return "\n".join(rows)
