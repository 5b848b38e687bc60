"""The CSV of grades and the feedback files, written so that no student name becomes a formula.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
in some programs, a tab or a carriage return) as a formula, and a student
chooses their folder's or file's name. Following OWASP's advice on CSV
injection, every text field of the CSV that begins with one of those
characters is written with a single quote in front (``'=1+1``), which a
spreadsheet shows as text, and every field is enclosed in double quotes. A
field that really begins with a quote gets one more, so ``read_grades`` gives
back exactly what was written: commas, quotes, newlines and any Unicode
(UTF-8) survive the round trip.
"""

import csv
import os
import tempfile
from pathlib import Path

FIELDS = ["student", "chapter", "exercise", "points", "max_points", "feedback"]
TEXT_FIELDS = ("student", "chapter", "exercise", "feedback")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape(text):
    """``text`` as a spreadsheet cell that cannot be a formula."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS + ("'",)) else text


def unescape(text):
    """Undo ``escape``."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS + ("'",)) else text


def _escaped(row):
    return {name: escape(row[name]) if name in TEXT_FIELDS else row[name] for name in FIELDS}


def write_grades(path, rows):
    """Write the CSV afresh: the header, then ``rows``."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, FIELDS, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(_escaped(row) for row in rows)


def append_grades(path, rows):
    with open(path, "a", newline="", encoding="utf-8") as file:
        csv.DictWriter(file, FIELDS, quoting=csv.QUOTE_ALL).writerows(_escaped(row) for row in rows)


def read_rows(path):
    """Every row of the CSV, unescaped."""
    with open(path, newline="", encoding="utf-8") as file:
        return [
            {name: unescape(value) if name in TEXT_FIELDS else value for name, value in row.items()}
            for row in csv.DictReader(file)
        ]


def read_grades(path, exercises):
    """Rows already written, keeping only whole notebooks (a row per exercise of ``exercises[chapter]``)."""
    if not Path(path).exists():
        return []
    rows = read_rows(path)
    groups = {}
    for row in rows:
        groups.setdefault((row["student"], row["chapter"]), []).append(row)
    complete = [
        row
        for (student, chapter), group in groups.items()
        if chapter in exercises and len(group) == len(exercises[chapter])
        for row in group
    ]
    return sorted(complete, key=lambda row: (row["student"], row["chapter"]))


def feedback_text(student, rows):
    lines = [f"Feedback for {student}", ""]
    for chapter in sorted({row["chapter"] for row in rows}):
        group = [row for row in rows if row["chapter"] == chapter]
        points = sum(float(row["points"]) for row in group)
        total = sum(float(row["max_points"]) for row in group)
        lines += [f"{chapter}: {points:g} / {total:g}", ""]
        for row in group:
            mark = "\N{CHECK MARK}" if row["feedback"] == "passed" else "\N{BALLOT X}"
            lines.append(f"  {mark} {row['exercise']}: {row['feedback']}".replace("\n", "\n      "))
        lines.append("")
    return "\n".join(lines)


def feedback_path(folder, student):
    """``folder/<student>.txt``; a name that is not a plain file name (it cannot be one from a
    folder, but a flat file's name could hold an odd character) is refused."""
    name = f"{student}.txt"
    if os.sep in name or (os.altsep and os.altsep in name) or student in ("", ".", ".."):
        raise ValueError(f"{student!r} cannot be a feedback file's name")
    return Path(folder) / name


def write_feedback(folder, student, rows):
    """Write ``folder/<student>.txt`` atomically (a reader never sees half a file), in UTF-8."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    target = feedback_path(folder, student)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".feedback-", suffix=".tmp")
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(feedback_text(student, rows))
    os.replace(temporary, target)
