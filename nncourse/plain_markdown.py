"""A chapter's MyST markup turned into the plain Markdown that Jupyter renders, for the student
notebooks: directives become headings and paragraphs, {term}, {ref} and {numref} become their
text, {cite} becomes "(Author et al. year)" read from the book's BibTeX file.
"""

import re
from pathlib import Path

DIRECTIVE = re.compile(r"^(`{3,})\{([\w-]+)\}[ \t]*(.*)\n((?:.*\n)*?)\1[ \t]*$", re.M)
OPTION = re.compile(r"^:[\w-]+:.*\n?", re.M)


def plain_markdown(markdown, titles, citations, exercise_numbers):
    """MyST markup that Jupyter cannot render, turned into plain Markdown."""
    markdown = re.sub(r"^\([\w-]+\)=[ \t]*\n", "", markdown, flags=re.M)

    def directive(match):
        name, argument, body = match.group(2), match.group(3).strip(), OPTION.sub("", match.group(4))
        if name == "exercise":
            label = re.search(r":label:\s*(\S+)", match.group(4)).group(1)
            return f"### Exercise {exercise_numbers[label]}: {argument}\n\n{body.strip()}\n"
        heading = argument or name.capitalize()
        return f"**{heading}**\n\n{body.strip()}\n"

    markdown = DIRECTIVE.sub(directive, markdown)
    markdown = re.sub(r"\{term\}`([^`<]+?)\s*<[^`]+>`", r"\1", markdown)
    markdown = re.sub(r"\{term\}`([^`]+)`", r"\1", markdown)
    markdown = re.sub(r"\{(?:ref|numref)\}`([^`<]+?)\s*<[^`]+>`", r"\1", markdown)
    markdown = re.sub(r"\{numref\}`([^`]+)`", "the figure", markdown)
    markdown = re.sub(r"\{ref\}`([^`]+)`", lambda m: titles.get(m.group(1), m.group(1)), markdown)
    markdown = re.sub(
        r"\{cite(?::\w+)?\}`([^`]+)`",
        lambda m: "(" + "; ".join(citations.get(k.strip(), k.strip()) for k in m.group(1).split(",")) + ")",
        markdown,
    )
    return markdown


def label_titles(chapter_dir):
    """``{label: the heading that follows it}`` across all chapters, for {ref} links."""
    titles = {}
    for path in sorted(Path(chapter_dir).glob("*.md")):
        for match in re.finditer(r"^\(([\w-]+)\)=\n#+ (.+)$", path.read_text(), re.M):
            titles[match.group(1)] = match.group(2).strip()
    return titles


def bibliography(bib_path):
    """``{key: "Author et al. (year)"}`` from a BibTeX file, for {cite} references."""
    entries = {}
    text = Path(bib_path).read_text() if bib_path and Path(bib_path).exists() else ""
    for match in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S):
        key, body = match.group(1).strip(), match.group(2)
        authors = re.search(r"author\s*=\s*\{(.+?)\},?\n", body)
        year = re.search(r"year\s*=\s*\{?(\d{4})", body)
        names = [
            name.split(",")[0].strip(" {}") for name in (authors.group(1) if authors else key).split(" and ")
        ]
        who = (
            names[0]
            if len(names) == 1
            else f"{names[0]} and {names[1]}"
            if len(names) == 2
            else f"{names[0]} et al."
        )
        entries[key] = f"{who} {year.group(1) if year else ''}".strip()
    return entries
