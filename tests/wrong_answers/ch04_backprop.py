"""Wrong answers to chapter 4's exercises (see ``tests/wrong_answers/__init__.py``)."""

WRONG_ANSWERS = {
}
