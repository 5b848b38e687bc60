"""Wrong answers to chapter 9's exercises (see ``tests/wrong_answers/__init__.py``)."""

WRONG_ANSWERS = {
}
