"""Wrong answers to chapter 2's exercises (see ``tests/wrong_answers/__init__.py``)."""

WRONG_ANSWERS = {
}
