"""Answer boxes on the chapter pages: readers without a kernel can still answer.

For each ``{exercise}`` of a chapter, the extension finds the exercise's
object in ``nncourse.exercises.EXERCISES`` (through the name of the check its
check cell calls, as the student notebooks and the grader do) and adds, at
the end of the exercise's box:

- for a value or choice exercise, a small form and the JSON spec of
  ``nncourse.exercises.answer_boxes.spec``, made from that same object, which
  ``nncourse-answers.js`` judges in the browser (no kernel, no request);
- for an exercise answered with code, links to the chapter's notebook and
  student notebook, where its check runs.

The form is hidden until the script runs (without it, the box could not
check anything), is labeled, submits with Enter or its button, and
announces the result in a ``role="status"`` region.
"""

import html
import json
from pathlib import Path

from chapter_downloads import download_links
from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

STATIC = Path(__file__).resolve().parent.parent / "nncourse" / "exercises" / "static"
SCRIPT, STYLE = "nncourse-answers.js", "nncourse-answers.css"


def chapter_exercises(path, stem):
    """``{exercise label: Exercise}`` for the chapter at ``path``."""
    from nncourse.exercises import EXERCISES
    from nncourse.notebooks import exercises, read

    by_name = {exercise.name: exercise for exercise in EXERCISES.get(stem, [])}
    found = {}
    for block in exercises(read(path)):
        if block.name not in by_name:
            raise ExtensionError(
                f"{path}: the exercise {block.label} calls check.{block.name}, which "
                f"nncourse.exercises.EXERCISES[{stem!r}] does not list."
            )
        found[block.label] = by_name[block.name]
    return found


def box_html(exercise, label):
    """The form of a value or choice exercise, with its spec."""
    from nncourse.exercises import answer_boxes

    spec = json.dumps(answer_boxes.spec(exercise)).replace("</", "<\\/")  # never closes the <script>
    ids = f"answer-{label}"
    answer = html.escape(exercise.answer)
    return (
        f'<form class="nncourse-answer" id="{ids}" data-exercise="{html.escape(exercise.name)}" '
        f'data-kind="{exercise.kind}" hidden>\n'
        f'<p class="nncourse-answer-intro">Check your answer here, as the check cell would:</p>\n'
        f'<div class="nncourse-answer-row">\n'
        f'<label for="{ids}-input">Your answer: <code>{answer}</code> =</label>\n'
        f'<input id="{ids}-input" type="text" autocomplete="off" autocapitalize="off" '
        f'spellcheck="false" aria-describedby="{ids}-format">\n'
        f'<button type="submit">Check</button>\n'
        f"</div>\n"
        f'<p class="nncourse-answer-format" id="{ids}-format">'
        f"{html.escape(answer_boxes.format_note(exercise))}</p>\n"
        f'<p class="nncourse-answer-result" role="status" aria-live="polite"></p>\n'
        f'<script type="application/json" class="nncourse-answer-spec">{spec}</script>\n'
        f"</form>\n"
    )


def notebook_note(docname):
    """'Answered with code: run it in the notebook' with the two download links."""
    paragraph = nodes.paragraph(classes=["nncourse-answer-notebook"])
    paragraph += nodes.Text("This exercise is answered with code: download ")
    notebook, student = download_links(docname, ["the notebook", "the student notebook"])
    paragraph += [notebook, nodes.Text(" or "), student]
    paragraph += nodes.Text(", write your answer in its cell and run the check cell.")
    return paragraph


def add_answer_boxes(app, doctree):
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    from nncourse.exercises import answer_boxes

    stem = docname.split("/")[-1]
    by_label = chapter_exercises(app.env.doc2path(docname), stem)
    for node in list(doctree.findall(lambda n: isinstance(n, (exercise_node, exercise_enumerable_node)))):
        exercise = by_label.get(node.get("label"))
        if exercise is None:
            continue
        if answer_boxes.has_box(exercise):
            node += nodes.raw("", box_html(exercise, node.get("label")), format="html")
        else:
            node += notebook_note(docname)


def add_script(app, pagename, templatename, context, doctree):
    # only the pages with a box load the script and its style
    if 'class="nncourse-answer"' in context.get("body", ""):
        app.add_js_file(SCRIPT)
        app.add_css_file(STYLE)


def add_static_path(app, config):
    config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("config-inited", add_static_path)
    # before Sphinx's own collector (priority 500) copies the files download links point to
    app.connect("doctree-read", add_answer_boxes, priority=450)
    # before site_offline's handler, which replaces the page's list of scripts by a filtered copy
    app.connect("html-page-context", add_script, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
