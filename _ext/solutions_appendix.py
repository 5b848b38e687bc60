"""In the PDF, every solution moves to an appendix at the end of the book.

On the website a solution is a closed dropdown under its exercise. On paper
there is no dropdown: a solution printed under its exercise gives the answer
away before the reader has tried. So the LaTeX build takes each solution
(sphinx-exercise's ``solution_node``, made from the gated
``{solution-start}``/``{solution-end}`` blocks) out of its chapter, leaves a
line that gives the page of the solution, and prints all of them, chapter by
chapter, in an appendix called "Solutions" after the last chapter.

The LaTeX builder assembles the whole book into one doctree and emits
``doctree-resolved`` for it once, before writing: that is where this runs.
"""

from docutils import nodes
from sphinx_exercise.nodes import solution_node

APPENDIX_LABEL = "nncourse-solutions"


def _chapter_file(app, solution):
    """The chapter a solution belongs to: ``(docname, title)``, from sphinx-exercise's
    registry of labels (the assembled book no longer says which file a node came from)."""
    entry = getattr(app.env, "sphinx_exercise_registry", {}).get(solution.get("label"), {})
    docname = entry.get("docname")
    title = app.env.titles[docname].astext() if docname in app.env.titles else None
    return docname, title


def _keep_links_to_the_chapter(solution, docname):
    """A link within a chapter names its target by id alone, which LaTeX reads as
    an id of the file it is in: in the appendix, name the chapter's file too."""
    if not docname:
        return
    for reference in solution.findall(nodes.reference):
        if reference.get("refid"):
            reference["refuri"] = f"%{docname}#{reference['refid']}"
            del reference["refid"]
        elif reference.get("refuri", "").startswith("#"):
            reference["refuri"] = f"%{docname}{reference['refuri']}"


def _label(solution):
    return "nncourse-solution-" + (solution.get("label") or str(id(solution)))


def latex(text):
    return nodes.raw("", text, format="latex")


def move_solutions_to_an_appendix(app, doctree, docname):
    if app.builder.format != "latex":
        return
    solutions = list(doctree.findall(solution_node))
    if not solutions:
        return
    appendix = [latex(f"\n\\appendix\n\\chapter{{Solutions}}\n\\label{{{APPENDIX_LABEL}}}\n")]
    chapter = None
    for solution in solutions:
        docname, title = _chapter_file(app, solution)
        label = _label(solution)
        _keep_links_to_the_chapter(solution, docname)
        pointer = nodes.paragraph(classes=["nncourse-solution-pointer"])
        pointer += latex(f"\\emph{{The solution is in the appendix, on page \\pageref{{{label}}}.}}")
        solution.replace_self(pointer)
        if title != chapter:
            chapter = title
            appendix.append(latex(f"\n\\section*{{{_escape(title or 'Solutions')}}}\n"))
        appendix.append(latex(f"\n\\label{{{label}}}\n"))
        appendix.append(solution)
    doctree.extend(appendix)


def _escape(text):
    special = {
        "\\": r"\textbackslash{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "{": r"\{",
        "}": r"\}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
    return "".join(special.get(character, character) for character in text)


def setup(app):
    app.connect("doctree-resolved", move_solutions_to_an_appendix)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
