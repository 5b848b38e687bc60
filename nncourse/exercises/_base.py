"""What every kind of exercise shares: its name, title and hint, and ``check``."""

from . import collector
from ._feedback import wrap


class ExerciseFailure(AssertionError):
    """A check found a problem. The message is written for the learner."""

    def _render_traceback_(self):
        # IPython shows this instead of a traceback: the feedback is the point
        lines = str(self).splitlines()
        return [f"\N{BALLOT X} {lines[0]}"] + lines[1:]


class Case:
    """One call of the learner's function: a label for the feedback, and the arguments."""

    def __init__(self, label, *args, **kwargs):
        self.label, self.args, self.kwargs = label, args, kwargs


class Exercise:
    """Base class. ``answer`` is the name the learner's object has in the notebook."""

    kind = "exercise"

    def __init__(self, name, title, answer, hint, points=1, time_limit=5.0):
        self.name, self.title, self.answer = name, title, answer
        self.hint, self.points, self.time_limit = hint, points, time_limit

    #: the function of ``collector.py`` that runs the answer, and what it needs
    collector_function = "collect_value"

    def inputs(self, seed=0):
        """What collect and judge need, as JSON-safe data; random cases are drawn with ``seed``."""
        return {}

    def collector_arguments(self, inputs):
        """The arguments of ``collector_function`` after the answer itself, JSON-safe."""
        return []

    def collect(self, answer, inputs):
        """Run the answer (the learner's code) and record what it did."""
        return getattr(collector, self.collector_function)(answer, *self.collector_arguments(inputs))

    def judge(self, record, inputs):
        """Return ``None`` when the answer passes, else the feedback text."""
        raise NotImplementedError

    def success(self, record, inputs):
        """The line printed when the answer passes (after the title)."""
        return "passed."

    def check(self, answer, seed=0):
        """Check ``answer``: print a line when it passes, raise ``ExerciseFailure`` when not."""
        inputs = self.inputs(seed)
        record = self.collect(answer, inputs)
        problem = self.judge(record, inputs)
        if problem is not None:
            raise ExerciseFailure(wrap(f"{self.title}: {problem}"))
        print(f"\N{CHECK MARK} {self.title}: {self.success(record, inputs)}")

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}: {self.title}>"
