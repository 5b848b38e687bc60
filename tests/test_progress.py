"""progress: the text of the training progress display."""

from nnlib._progress import BAR_WIDTH, ProgressDisplay, format_bar, format_logs


def test_format_bar_draws_the_fraction_done():
    assert format_bar(12, 45) == "12/45 [=======>" + "." * 22 + "]"
    assert format_bar(0, 10) == "0/10 [" + "." * BAR_WIDTH + "]"
    assert format_bar(10, 10) == "10/10 [" + "=" * BAR_WIDTH + "]"


def test_format_logs_joins_values_with_four_decimals():
    assert format_logs({"loss": 0.3, "accuracy": 0.91234}) == "loss: 0.3000 - accuracy: 0.9123"
    assert format_logs(None) == ""


def test_a_display_that_is_not_live_prints_one_line_per_epoch(capsys):
    display = ProgressDisplay(epochs=2, steps=3, live=False)
    for epoch in range(2):
        display.start_epoch(epoch)
        for step in range(1, 4):
            display.update(step, {"loss": 1.0})
        display.end_epoch({"loss": 0.5})
    lines = capsys.readouterr().out.replace("\r", "").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Epoch 1/2 - 3/3 [") and lines[0].endswith("loss: 0.5000")
    assert lines[1].startswith("Epoch 2/2 - 3/3 [")
