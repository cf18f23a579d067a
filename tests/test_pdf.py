"""The case PDF, read back as the council's secretary would: cover, contents with the right page
numbers, every page numbered, no heading left alone at the foot of a page, at most 45 pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sitetools import PdfPage, pdf_pages

HEADING_PT = 11.8  # body text is 10 pt, figure titles 10.5 pt; headings are 12 pt and up
FOOTER_PT = 8


def chapter_titles(site: Path) -> list[str]:
    """The chapters as the site's navigation lists them, in its order, with their numbers («6 Meldinger»;
    the report's front page is not one)."""
    page = (site / "search.html").read_text(encoding="utf-8")
    nav = page[page.index("bd-docs-nav") :]
    return [
        re.sub(r"\s+", " ", title).strip()
        for title in re.findall(r'class="[^"]*reference internal[^"]*" href="[^"#]*">([^<]+)</a>', nav)
    ]


def is_heading(size: float, text: str) -> bool:
    """Large text with letters: a heading (a key figure such as «96,4 %» is large, but a number)."""
    return size >= HEADING_PT and bool(re.search(r"[^\W\d_]", text))


def contents(pages: list[PdfPage]) -> list[tuple[str, int]]:
    lines = pages[1].text.splitlines()
    return [
        (m.group(1), int(m.group(2)))
        for line in lines
        if (m := re.fullmatch(r"(.+?) (\d+)", line.strip()))
        and not line.startswith(
            (
                "side ",
                "Tilstandsrapport for barnevernstjenesten – ",
                "Utkast – Tilstandsrapport for barnevernstjenesten – ",
            )
        )
    ]


def test_fits_the_political_case(default_pages):
    assert len(default_pages) <= 45


def test_cover_names_report_municipality_year_and_draft(default_pages):
    cover = default_pages[0].text
    for expected in ("Tilstandsrapport for barnevernstjenesten", "Bærum", "2024", "Dato: ", "Utkast"):
        assert expected in cover


def test_contents_list_every_chapter_on_the_page_it_starts(default_site, default_pages):
    listed = contents(default_pages)
    # the site's chapters with the numbers of its navigation, then the appendix of every figure's
    # table (on paper only: the site has them under the figures)
    numbered = chapter_titles(default_site)
    assert [int(title.split()[0]) for title in numbered] == list(range(1, len(numbered) + 1))
    assert [title for title, _ in listed] == numbered + ["Vedlegg: Tallene til figurene"]
    for title, number in listed:
        headings = " ".join(text for _, size, text in default_pages[number - 1].runs if size >= HEADING_PT)
        assert title in headings, f"«{title}» står ikke som overskrift på side {number}"
    assert [number for _, number in listed] == sorted(number for _, number in listed)


def test_every_page_numbered_with_header(default_pages):
    total = len(default_pages)
    for number, page in enumerate(default_pages, start=1):
        text = page.text
        assert f"side {number} av {total}" in text, f"side {number} mangler sidetall"
        assert "Tilstandsrapport for barnevernstjenesten – Bærum 2024" in text


def test_no_page_ends_with_a_heading(default_pages):
    """A heading at the foot of a page, its text or chart on the next, reads as a gap."""
    alone = []
    for number, page in enumerate(default_pages[2:], start=3):  # after the cover and the contents
        body = [run for run in page.runs if run[1] > FOOTER_PT + 0.1]
        if body:
            lowest = min(body, key=lambda run: run[0])
            if is_heading(lowest[1], lowest[2]):
                alone.append((number, lowest[2]))
    assert not alone, f"sider som slutter med en overskrift: {alone}"


def test_no_page_more_than_half_empty_except_before_a_chapter(default_pdf, default_pages):
    """Figures and headings kept with what follows must not leave half pages blank; a chapter may
    start on a new page, and the last page may end where the report ends."""
    starts = {number for _, number in contents(default_pages)}
    height = float(default_pdf.pages[0].mediabox.height)
    top, bottom = 15 / 25.4 * 72, 14 / 25.4 * 72  # the page's margins (mm → pt)
    half_empty = []
    for number, page in enumerate(default_pages[2:-1], start=3):
        if number + 1 in starts:
            continue
        body = [
            y
            for y, size, text in page.runs
            if not re.fullmatch(r"side \d+ av \d+", text) and top < height - y < height - bottom / 2
        ]
        used = (height - top - min(body)) / (height - top - bottom) if body else 0
        if used < 0.5:
            half_empty.append((number, round(used, 2)))
    assert not half_empty, f"sider som er mer enn halvt tomme: {half_empty}"


def test_tables_at_least_9_pt(default_pages):
    """Body and table text is at least 9 pt (chart labels and the running header aside)."""
    # the ASSS profile is the report's one large table
    page = next(
        p for p in default_pages if "Tjenesteprofil for barnevern i ASSS-nettverket" in p.text and "Laveste i" in p.text
    )
    found = page.runs  # the table's cells: below its caption, above a figure that may follow on the page
    caption = max(y for y, _, text in found if "Tjenesteprofil for barnevern i ASSS-nettverket" in text)
    end = max([y for y, _, text in found if y < caption and re.match(r"Figur \d+:", text)], default=0)
    cells = [
        size for y, size, text in found if end < y < caption and re.fullmatch(r"[\d\s ,.%−-]+", text) and "," in text
    ]
    assert cells and min(cells) >= 9 - 0.05


@pytest.mark.parametrize("site", ["default_site", "nynorsk_site"])
def test_copied_text_has_no_ligatures(site, request):
    """«fi», not «ﬁ», where the text is copied or searched for, in the pages and in the running header
    («Fjordbygd kommune (fiktiv)»): poppler reads a ligature as its letters, so this reads what the
    fonts' glyphs stand for (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ are U+FB00-FB06)."""
    pdf = PdfReader(next(request.getfixturevalue(site).glob("*.pdf")))
    maps = {
        font.get_object()["/ToUnicode"].get_object().get_data()
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
        if "/ToUnicode" in font.get_object()
    }
    assert maps and not [m for m in maps if re.search(rb"<FB0[0-6]>", m, re.IGNORECASE)]


def test_metadata_title_author_language(default_pdf):
    info = default_pdf.metadata
    assert info.title == "Tilstandsrapport for barnevernstjenesten – Bærum 2024"
    assert "Bærum" in info.author
    assert default_pdf.trailer["/Root"]["/Lang"] == "nb"


def test_nynorsk_pdf_in_nynorsk(nynorsk_site):
    pdf = next(nynorsk_site.glob("*.pdf"))
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "nn"
    pages = pdf_pages(pdf)
    assert "Innhald" in pages[1].text
    assert "side 2 av" in pages[1].text
    assert "Tilstandsrapport for barnevernstenesta – Fjordbygd" in pages[2].text
    assert len(pages) <= 45
