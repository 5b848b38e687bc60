"""Wrong answers to chapter 8's exercises (see ``tests/wrong_answers/__init__.py``)."""

WRONG_ANSWERS = {
}
