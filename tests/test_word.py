"""The editable Word document (`build --docx`), read back as the service would open it: the
cover, chapters in Word's heading styles, the charts as pictures with their numbered captions, the
tables as Word tables, «Utkast» on a draft, the report's language; and opened by LibreOffice."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from sitetools import pdf_pages
from test_pdf import chapter_titles

from tilstand.publish.pdf import Cover
from tilstand.publish.word import fit_columns, running_header, word_html

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "width": "container",
    "height": 100,
    "description": "Nye meldinger 2023–2024",
    "data": {"values": [{"år": "2023", "n": 799}, {"år": "2024", "n": 826}]},
    "mark": "bar",
    "encoding": {"x": {"field": "år", "type": "ordinal"}, "y": {"field": "n", "type": "quantitative"}},
}
PAGE = f"""<html><body><article><h1>Rapporten</h1><section><h2>Meldinger<a class="headerlink" href="#m">#</a></h2>
<figure class="tilstand-figure"><figcaption><span class="tilstand-figure__title">Figur 1: Nye meldinger</span>
<span class="tilstand-figure__subtitle">Antall. Kilde: SSB</span></figcaption>
<div class="tilstand-chart" data-spec-id="spec-a"></div><script type="application/json" id="spec-a">{json.dumps(SPEC)}</script>
<details><summary>Vis tabell</summary><table><caption>Tabell 1: Nye meldinger</caption><tr><th>2023</th><th>2024</th></tr>
<tr><td>799</td><td>826</td></tr></table></details>
<p class="tilstand-download"><a href="x.csv">Last ned</a></p></figure></section></article></body></html>"""


def test_page_for_word_has_the_chart_as_picture_and_the_table_unfolded(tmp_path):
    made = word_html(PAGE, tmp_path)
    pictures = list(tmp_path.glob("*.png"))
    assert len(pictures) == 1 and pictures[0].read_bytes()[:4] == b"\x89PNG"
    assert f'src="{pictures[0]}"' in made and 'alt="Nye meldinger 2023–2024"' in made
    assert "<details" not in made and "Vis tabell" not in made and "<table" in made
    assert 'data-custom-style="Image Caption"' in made and "Figur 1: Nye meldinger" in made
    assert "<script" not in made and "Last ned" not in made and "Rapporten" not in made and "#</a>" not in made


def test_a_chart_with_every_part_hidden_is_still_drawn(tmp_path):
    """9904: the unaccompanied minors by housing, every part hidden: the chart (axes and years, as on
    the site) is a picture, not a failed build; a chart with parts keeps its colour key."""

    def stacked(rows, parts):
        return {
            "$schema": SPEC["$schema"],
            "width": "container",
            "height": 100,
            "description": "Skjult",
            "data": {"values": rows},
            "mark": "bar",
            "encoding": {
                "x": {"field": "år", "type": "ordinal", "scale": {"domain": ["2023", "2024"]}},
                "y": {"field": "n", "type": "quantitative", "stack": "zero"},
                "color": {
                    "field": "del",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": parts, "range": ["#1a4f8b", "#b34700"][: len(parts)]},
                },
            },
        }

    from tilstand.publish.word import chart_png

    hidden = chart_png(stacked([], []))
    shown = chart_png(stacked([{"år": "2024", "n": 5, "del": "a"}, {"år": "2024", "n": 7, "del": "b"}], ["a", "b"]))
    assert hidden[:4] == shown[:4] == b"\x89PNG"
    height = lambda png: int.from_bytes(png[20:24], "big")  # the PNG header's height
    assert height(shown) > height(hidden), "the chart with parts has its colour key under it"


def test_row_names_get_the_room_they_need_beside_ten_years_of_figures():
    from docx.shared import Cm

    document = Document()
    years = [str(year) for year in range(2015, 2025)]
    rows = [["", *years], ["Barnehage", *["12"] * 10], ["Barnevernstjenesten/barnevernvakten", *["1 234"] * 10]]
    table = document.add_table(rows=len(rows), cols=len(years) + 1)
    for row, texts in zip(table.rows, rows):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    fit_columns(table, Cm(17))
    names, first_year = table.columns[0].width, table.columns[1].width
    assert names >= 4 * first_year and names >= Cm(4.5)  # the name on one or two lines, not four
    assert first_year >= Cm(0.9)  # «1 234» still fits
    assert sum(column.width for column in table.columns) <= Cm(17)
    assert all(row.cells[0].width == names for row in table.rows)  # Word reads the cells' widths


def test_a_word_in_a_column_of_figures_is_never_split():
    """The key figures: «mangler» in a year's column beside a long name and a long change, on A4."""
    from docx.shared import Cm, Pt

    document = Document()
    rows = [
        ["Nøkkeltall", "2023", "2024", "Endring fra 2023"],
        ["Barn med hjelpetiltak som har en evaluert tiltaksplan", "mangler", "88,3 %", "kan ikke sammenlignes"],
        ["Fristbrudd på undersøkelser", "5", "0", "−3,1 prosentpoeng"],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    fit_columns(table, Cm(17))
    margins, char = Cm(0.38), Pt(9) * 0.6  # a cell's two margins; a wide character at 9 pt
    for column, texts in zip(list(table.columns)[1:], list(zip(*rows))[1:]):
        longest_word = max(len(word) for text in texts for word in text.split())
        assert column.width >= margins + longest_word * char, (texts, column.width)


def test_running_header_says_utkast_only_on_a_draft():
    draft = Cover("Tilstandsrapport", "Voss herad", 2024, "nn", final=False)
    final = Cover("Tilstandsrapport", "Voss herad", 2024, "nn", final=True)
    assert running_header(draft).startswith("Utkast") and "Voss herad" in running_header(draft)
    assert "Utkast" not in running_header(final)


@pytest.fixture(scope="module")
def default_word(default_site) -> Path:
    return next(default_site.glob("*.docx"))


def test_word_document_has_cover_chapters_charts_and_tables(default_word, default_site):
    document = Document(str(default_word))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Tilstandsrapport for barnevernstjenesten") in styles
    chapters = [text for style, text in styles if style == "Heading 1"]
    assert chapters == chapter_titles(default_site) and len(chapters) >= 10  # «6 Meldinger», as on the site
    assert len(document.inline_shapes) >= 20  # the charts, as pictures
    captions = [text for style, text in styles if style == "Image Caption"]
    assert any("Kilde" in caption for caption in captions)
    tables = document.tables
    assert len(tables) >= 20
    years = [cell.text for cell in tables[-1].rows[0].cells]
    assert len(tables[-1].rows) >= 2 and len(years) >= 2
    reporters = next(t for t in tables if any("Politi" in row.cells[0].text for row in t.rows))
    name, figures = reporters.columns[0].width, [column.width for column in list(reporters.columns)[1:]]
    assert name > 2 * max(figures), "the reporters' names beside ten years are not squeezed"
    section = document.sections[-1]
    assert (
        sum(column.width for column in reporters.columns)
        <= section.page_width - section.left_margin - section.right_margin
    )


def test_word_draft_says_utkast_on_every_page_and_has_properties(default_word):
    document = Document(str(default_word))
    assert all("Utkast" in section.header.paragraphs[0].text for section in document.sections)
    properties = document.core_properties
    assert properties.language == "nb-NO" and "Bærum" in properties.title and properties.author


def test_word_in_nynorsk(nynorsk_site):
    document = Document(str(next(nynorsk_site.glob("*.docx"))))
    assert document.core_properties.language == "nn-NO"
    assert "Meldingar" in [p.text.split(" ", 1)[1] for p in document.paragraphs if p.style.name == "Heading 1"]


def test_libreoffice_opens_the_word_document(default_word, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice er ikke installert")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(default_word),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages = pdf_pages(next(tmp_path.glob("*.pdf")))
    text = "\n".join(page.text for page in pages)
    assert len(pages) >= 10 and "Meldinger" in text and "Utkast" in text
    assert f"side 2 av {len(pages)}" in pages[1].text, "page numbers in the footer"
