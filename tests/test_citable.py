"""A report a council member can cite: figures and tables numbered through the report, the same
numbers on the site and on paper; a PDF outline to jump by; «Utkast» on every page of a draft;
every figure's table on paper, in the appendix the figure points to."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf import chapter_titles

from tilstand.publish.finish import Numbers

FIGURE = re.compile(r"Figur (\d+):")
TABLE = re.compile(r"Tabell (\d+):")


def test_numbers_continue_from_one_output_to_the_next():
    numbers = Numbers()
    first = numbers.apply('<span class="tilstand-figure__title" id="a">Meldinger</span><caption>Meldinger</caption>', "nb")
    second = numbers.apply('<span class="tilstand-figure__title" id="b">Frist</span><caption>Frist</caption>', "nn")
    assert "Figur 1:</span> Meldinger" in first and "Tabell 1:</span> Meldinger" in first
    assert "Figur 2:</span> Frist" in second and "Tabell 2:</span> Frist" in second


def _site_numbers(site: Path, pattern: re.Pattern) -> list[int]:
    """The numbers as a reader meets them, chapter after chapter in the navigation's order."""
    index = (site / "search.html").read_text(encoding="utf-8")
    order = re.findall(r'href="(?:\.\./)?chapters/([\w-]+)\.html"', index)
    found = []
    for name in dict.fromkeys(order):
        text = re.sub(r"<[^>]+>", " ", (site / "chapters" / f"{name}.html").read_text(encoding="utf-8"))
        found += [int(n) for n in pattern.findall(re.sub(r"\s+", " ", text))]
    return found


@pytest.fixture(scope="module")
def pdf(default_site) -> PdfReader:
    return PdfReader(next(default_site.glob("*.pdf")))


def test_figures_and_tables_numbered_through_the_site(default_site):
    figures, tables = _site_numbers(default_site, FIGURE), _site_numbers(default_site, TABLE)
    assert figures == list(range(1, len(figures) + 1)) and len(figures) >= 20
    assert tables == list(range(1, len(tables) + 1)) and len(tables) >= 20


def test_paper_has_the_same_numbers_and_every_table(default_site, pdf):
    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    figures, tables = _site_numbers(default_site, FIGURE), _site_numbers(default_site, TABLE)
    assert sorted({int(n) for n in FIGURE.findall(text)}) == figures
    assert sorted({int(n) for n in TABLE.findall(text)}) == tables      # every table, on paper
    assert re.search(r"Alle årene: tabell \d+ i vedlegget", text)


def test_pdf_outline_has_every_chapter_with_its_number(default_site, pdf):
    outline = [" ".join(item.title.split()) for item in pdf.outline if not isinstance(item, list)]
    for number, title in enumerate(chapter_titles(default_site), 1):
        assert f"{number} {' '.join(title.split())}" in outline
    assert any(isinstance(item, list) for item in pdf.outline)          # sections under their chapters


def test_utkast_on_every_page_of_a_draft(pdf):
    for number, page in enumerate(pdf.pages, 1):
        assert "Utkast" in (page.extract_text() or ""), f"side {number} mangler «Utkast»"
