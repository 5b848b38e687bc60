"""Wrong answers to chapter 5's exercises (see ``tests/wrong_answers/__init__.py``)."""

WRONG_ANSWERS = {
}
