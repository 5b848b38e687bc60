"""What a reader of the website needs from a chapter's source: code that fits
the page, figures with alt text and captions, and the parts every chapter has."""

import re

import pytest

from .chapter_sources import CHAPTERS, read

MAX_CODE_LINE = 72  # characters of code visible in the page's column at desktop width


@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_code_lines_fit_the_page(path):
    long_lines = [
        line
        for cell in read(path).cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if len(line) > MAX_CODE_LINE
    ]
    assert not long_lines, f"{len(long_lines)} code lines longer than {MAX_CODE_LINE}: {long_lines[:3]}"


@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_every_figure_cell_has_alt_text_and_a_caption(path):
    for cell in read(path).cells:
        if cell.cell_type == "code" and re.search(r"plt\.show\(\)|plot_\w+\(|draw_network\(", cell.source):
            options = cell.metadata.get("mystnb", {})
            assert options.get("image", {}).get("alt"), f"no alt text for:\n{cell.source[:200]}"
            assert options.get("figure", {}).get("caption"), f"no caption for:\n{cell.source[:200]}"


@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_the_chapter_has_objectives_summary_further_reading_and_exercises(path):
    text = path.read_text()
    assert re.search(r"^\(chapter-[a-z-]+\)=\n# ", text, re.M), "a (chapter-...)= label before the title"
    assert "Learning objectives" in text
    for heading in ("## Summary", "## Further reading", "## Exercises"):
        assert f"\n{heading}\n" in text, f"missing {heading}"
    assert "{cite}" in text, "cite the papers the chapter draws on"
