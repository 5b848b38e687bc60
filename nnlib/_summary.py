"""The text of ``model.summary()``: one row per layer, then the parameter counts."""

WIDTHS = (29, 26, 10)


def _row(cells, widths):
    return "".join(str(cell).ljust(width) for cell, width in zip(cells, widths)).rstrip()


def format_summary(model):
    """A Keras-style table: ``Layer (type) | Output Shape | Param #`` and the totals."""
    cells = [
        (f"{layer.name} ({type(layer).__name__})", str((None, *shape)), f"{layer.count_params():,}")
        for layer, shape in zip(model.layers, model.output_shapes)
    ]
    # a column grows when a cell would not leave a space after it ("batch_normalization (...)")
    widths = [max([width] + [len(row[i]) + 2 for row in cells]) for i, width in enumerate(WIDTHS)]
    line = "_" * sum(widths)
    rows = [
        f'Model: "{model.name}"',
        line,
        _row(["Layer (type)", "Output Shape", "Param #"], widths),
        "=" * sum(widths),
    ]
    rows += [_row(row, widths) for row in cells]
    total = model.count_params()
    trainable = sum(w.size for w in model.trainable_weights)
    rows += [
        "=" * sum(widths),
        f"Total params: {total:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {total - trainable:,}",
        line,
    ]
    return "\n".join(rows)
