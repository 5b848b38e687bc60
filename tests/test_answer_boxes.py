"""The answer boxes of the built website, in a real browser.

Every value and choice exercise of every chapter page has a box; the right
answer, taken from the exercise object, is judged right, and a wrong one
gets the message the notebook's check gives, typed with the keyboard and
sent with Enter or the button, with no request. Exercises answered with code
link to the notebooks instead. Uses the site, server and browser of
``test_site.py`` (the same strict build).
"""

import json
import re

import numpy as np

from nncourse.exercises import EXERCISES, answer_boxes
from nncourse.exercises.collector import collect_value

from . import test_site
from .test_site import SCREENSHOTS, pages, visit

# test_site's fixtures, shared: the same build, server and browser
site, server, browser = test_site.site, test_site.server, test_site.browser

CHAPTERS = {stem: exercises for stem, exercises in EXERCISES.items()}


def typed(value):
    """A value as a reader types it: nested lists of full-precision numbers."""
    return json.dumps(np.asarray(value, dtype=float).tolist())


def python_says(exercise, value):
    problem = exercise.judge(collect_value(value), {})
    return None if problem is None else f"{exercise.title}: {problem}"


def shown(message):
    """A message as the page shows it: `code` spans become <code>, so the backticks go."""
    return message.replace("`", "")


def chapter_pages(site):
    return [page for page in pages(site) if page.startswith("chapters/")]


def check_structure(page, page_path, exercises):
    """One box per value and choice exercise, in order, visible and labeled, with the spec the
    exercise object gives; notebook links in the others."""
    boxes = page.locator("form.nncourse-answer")
    names = [boxes.nth(i).get_attribute("data-exercise") for i in range(boxes.count())]
    assert names == [e.name for e in exercises if answer_boxes.has_box(e)], page_path
    links = page.locator("p.nncourse-answer-notebook")
    assert links.count() == sum(not answer_boxes.has_box(e) for e in exercises), page_path
    for index in range(links.count()):
        assert links.nth(index).locator("a[download]").count() == 2, page_path
    for index, name in enumerate(names):
        exercise = next(e for e in exercises if e.name == name)
        box = boxes.nth(index)
        assert box.is_visible(), f"{page_path}: the box of {name} stays hidden (did the script load?)"
        spec = json.loads(box.locator("script.nncourse-answer-spec").text_content())
        assert spec == json.loads(json.dumps(answer_boxes.spec(exercise))), f"{page_path}: {name}"
        assert box.locator("[role=status]").count() == 1


def check_box(page, box, text, press="Enter"):
    """Type ``text`` in ``box`` and send it with Enter, or with the button (Tab, then Space)."""
    field = box.get_by_label(re.compile("Your answer"))
    field.fill(text)
    if press == "Enter":
        field.press("Enter")
    else:
        field.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Check"
        page.keyboard.press("Space")
    page.wait_for_function("box => box.dataset.result !== undefined", arg=box.element_handle())
    message = box.locator(".nncourse-answer-message").inner_text()
    result = box.get_attribute("data-result")
    box.evaluate("box => delete box.dataset.result")
    return result, message


def test_each_box_judges_the_right_answer_right_and_a_wrong_one_as_the_check_does(site, server, browser):
    """Every chapter page is visited once: its boxes and links are checked, then every box is used."""
    checked = 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for page_path in chapter_pages(site):
        stem = page_path.removeprefix("chapters/").removesuffix(".html")
        by_name = {exercise.name: exercise for exercise in CHAPTERS[stem]}
        context, page, record = visit(browser, server, page_path)
        check_structure(page, page_path, CHAPTERS[stem])
        requests_before = len(not_images(record["requests"]))
        for box in page.locator("form.nncourse-answer").all():
            exercise = by_name[box.get_attribute("data-exercise")]
            box.scroll_into_view_if_needed()
            if exercise.kind == "value":
                expected = np.asarray(exercise.expected(), dtype=float)
                result, message = check_box(page, box, typed(expected))
                assert (result, message) == ("right", f"{exercise.title}: passed."), exercise.name
                wrong = expected * 1.5 + 1
                said = python_says(exercise, wrong)
                assert said is not None and "is not right yet" in said
                result, message = check_box(page, box, typed(wrong), press="button")
                quoted = f"{exercise.title}: {exercise.wrong_message(typed(wrong))}"
                assert (result, message) == ("wrong", shown(quoted)), exercise.name
            else:
                result, message = check_box(page, box, exercise.correct.upper())
                assert (result, message) == ("right", f"{exercise.title}: passed."), exercise.name
                for letter in exercise.options:
                    if letter != exercise.correct:
                        result, message = check_box(page, box, f"({letter})", press="button")
                        assert (result, message) == ("wrong", shown(python_says(exercise, letter)))
            checked += 1
        if page.locator("form.nncourse-answer[data-kind=value]").count():
            page.locator("form.nncourse-answer").last.scroll_into_view_if_needed()
            page.screenshot(path=SCREENSHOTS / f"answers-{stem}.png", full_page=False)
        # scrolling to a box loads the lazy images near it; judging itself requests nothing
        assert len(not_images(record["requests"])) == requests_before, f"{page_path}: judging made a request"
        assert not record["errors"], f"{page_path}: {record['errors']}"
        context.close()
    assert checked == sum(answer_boxes.has_box(e) for chapter in CHAPTERS.values() for e in chapter)


def not_images(urls):
    """The requests that are not images (the chapters' images load lazily, as the page scrolls)."""
    return [url for url in urls if not re.search(r"\.(png|jpe?g|gif|svg|webp)(\?|$)", url)]
