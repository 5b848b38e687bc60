"""references.bib and the pages agree: every entry is cited by a page of the book, every
citation has an entry.

A page is a file the table of contents (_toc.yml) lists: the intro, the chapters, the
glossary and the references page. An entry no page cites would sit in the bibliography
with nothing pointing at it; it is cited where its idea appears, or removed.
"""

import re

import yaml

from .chapter_sources import CHAPTERS, ROOT

#: ``{cite}`key` ``, ``{cite:p}`a,b` `` and the other cite roles of sphinxcontrib-bibtex
CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
BIB_ENTRY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def toc_files(entry):
    """The file names in one entry of _toc.yml and everything below it."""
    if isinstance(entry, dict):
        names = [entry["file"]] if "file" in entry else []
        if "root" in entry:
            names.append(entry["root"])
        for value in entry.values():
            if isinstance(value, list):
                for child in value:
                    names += toc_files(child)
        return names
    return []


def pages():
    """Path of every page in the table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [ROOT / f"{name}.md" for name in toc_files(toc)]


def bib_keys():
    return BIB_ENTRY.findall((ROOT / "references.bib").read_text(encoding="utf-8"))


def cited_keys():
    """{key: [pages citing it]} over all pages of the book."""
    cited = {}
    for page in pages():
        for keys in CITE_ROLE.findall(page.read_text(encoding="utf-8")):
            for key in keys.split(","):
                cited.setdefault(key.strip(), []).append(page.name)
    return cited


def test_the_pages_are_read_from_the_table_of_contents():
    found = pages()
    assert set(CHAPTERS) <= set(found)
    assert {ROOT / "intro.md", ROOT / "glossary.md", ROOT / "references.md"} <= set(found)
    assert all(page.exists() for page in found), [page.name for page in found if not page.exists()]


def test_the_bibliography_has_no_duplicate_keys():
    keys = bib_keys()
    assert len(keys) > 30
    assert len(keys) == len(set(keys)), sorted(key for key in set(keys) if keys.count(key) > 1)


def test_every_entry_of_references_bib_is_cited_by_a_page():
    uncited = sorted(set(bib_keys()) - set(cited_keys()))
    assert not uncited, (
        f"references.bib has entries no page cites: {uncited}. Cite each where its idea "
        "appears ({cite}`key`), or remove it."
    )


def test_every_citation_has_an_entry_in_references_bib():
    missing = {key: pages for key, pages in cited_keys().items() if key not in set(bib_keys())}
    assert not missing, f"cited but not in references.bib: {missing}"


def test_the_cite_pattern_reads_every_form_of_the_role():
    text = "see {cite}`a2020x` and {cite:p}`b2021y, c2022z`; {cite:t}`d2023w`."
    keys = [key.strip() for found in CITE_ROLE.findall(text) for key in found.split(",")]
    assert keys == ["a2020x", "b2021y", "c2022z", "d2023w"]
