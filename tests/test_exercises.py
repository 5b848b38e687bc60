"""Every exercise's check can fail: it rejects the stub and plausible wrong
answers, and accepts the worked solution, all taken from the chapters."""

import pytest

from nncourse.exercises import EXERCISES, ExerciseFailure
from nncourse.exercises.core import FunctionExercise

from .chapter_sources import CHAPTERS, exercises, setup_code
from .wrong_answers import WRONG_ANSWERS

CASES = [(path, exercise) for path in CHAPTERS for exercise in exercises(path)]
EXERCISES_BY_NAME = {exercise.name: exercise for chapter in EXERCISES.values() for exercise in chapter}
IDS = [f"{path.stem}:{exercise.name or exercise.label}" for path, exercise in CASES]


def fresh_namespace(path):
    namespace = {}
    exec(setup_code(path), namespace)
    return namespace


def run_check(path, answer_code, check_cell):
    namespace = fresh_namespace(path)
    exec(answer_code, namespace)
    exec(check_cell, namespace)


def test_every_chapter_has_at_least_three_exercises():
    for path in CHAPTERS:
        assert len(exercises(path)) >= 3, f"{path.name} has {len(exercises(path))} exercises"


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_chapter_and_nnlib_list_the_same_exercises_in_the_same_order(path):
    in_chapter = [exercise.name for exercise in exercises(path)]
    assert in_chapter == [exercise.name for exercise in EXERCISES[path.stem]]


@pytest.mark.parametrize("path, exercise", CASES, ids=IDS)
def test_the_check_cell_is_tagged_so_the_book_builds(path, exercise):
    assert "raises-exception" in exercise.check_cell.metadata.get("tags", [])


@pytest.mark.parametrize("path, exercise", CASES, ids=IDS)
def test_the_check_fails_on_the_stub(path, exercise):
    assert exercise.answer_cells, f"exercise {exercise.label} has no cell for the answer"
    with pytest.raises(ExerciseFailure):
        run_check(path, "\n".join(cell.source for cell in exercise.answer_cells), exercise.check_cell.source)


@pytest.mark.parametrize("path, exercise", CASES, ids=IDS)
def test_the_check_passes_on_the_solution(path, exercise, capsys):
    assert exercise.solution_cells, f"exercise {exercise.label} has no solution"
    solution = "\n".join(cell.source for cell in exercise.solution_cells)
    assert f"check.{exercise.name}(" in solution, "the solution should end by running its check"
    namespace = fresh_namespace(path)
    exec(solution, namespace)
    assert "\N{CHECK MARK}" in capsys.readouterr().out


@pytest.mark.parametrize("path, exercise", CASES, ids=IDS)
def test_the_check_rejects_at_least_two_plausible_wrong_answers(path, exercise):
    wrong = WRONG_ANSWERS.get(exercise.name, [])
    assert len(wrong) >= 2, f"keep at least two wrong answers for {exercise.name} in tests/wrong_answers/"
    for mistake, code in wrong:
        with pytest.raises(ExerciseFailure):
            run_check(path, code, exercise.check_cell.source)
            pytest.fail(f"the check accepted a wrong answer: {mistake}")


#: a wrong answer whose mistake starts with this hands the work to a forbidden implementation
DELEGATES = "delegates"
FUNCTION_CASES = [(path, e) for path, e in CASES if isinstance(EXERCISES_BY_NAME[e.name], FunctionExercise)]


@pytest.mark.parametrize(
    "path, exercise", FUNCTION_CASES, ids=[f"{p.stem}:{e.name}" for p, e in FUNCTION_CASES]
)
def test_an_answer_that_delegates_to_a_forbidden_implementation_is_told_so(path, exercise):
    """Each "implement X" exercise keeps a wrong answer that calls nnlib's (or a library's) own X,
    and the check turns it down for that reason, naming the function called."""
    delegating = [(m, code) for m, code in WRONG_ANSWERS.get(exercise.name, []) if m.startswith(DELEGATES)]
    assert delegating, f"keep a wrong answer for {exercise.name} that delegates to what it forbids"
    forbidden = EXERCISES_BY_NAME[exercise.name].forbidden
    for mistake, code in delegating:
        with pytest.raises(ExerciseFailure) as failure:
            run_check(path, code, exercise.check_cell.source)
        text = " ".join(str(failure.value).split())
        assert "asks you to write" in text and any(f"`{name}`" in text for name in forbidden), (mistake, text)
