"""A value hidden for privacy is shown one way everywhere: a small count «skjult, 1–4» (the range from
the settings), a value hidden only so that a small count cannot be worked out «skjult*» with its key
under the table; in the CSV an empty value and the reason. Never 0, «mangler» or «ingen tall»."""

from __future__ import annotations

import csv
import html
import re

import pandas as pd
import pytest

from tilstand.compute.series import select
from tilstand.compute.suppression import suppress
from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.dataset import Dataset, load_dataset_for
from tilstand.ingest.settings import load_settings
from tilstand.present.tables import series_csv, series_table, slug

CATALOGUE = load_catalogue()
PARAGRAPHS = "akuttplasseringer_etter_paragraf"


def paragraphs_series(language: str = "nb", threshold: int = 4):
    """30 placements = 20 (§ 4-1) + 1 (§ 4-2) + 0 (§ 4-3) + 2 (§ 4-4) + 7 (§ 4-5): 1 and 2 are small,
    the 7 is hidden only so that 30 − 20 − 0 does not tell 3."""
    rows = [("akuttplasseringer", "", 30)] + [
        (PARAGRAPHS, c, v) for c, v in [("bvl_4_1", 20), ("bvl_4_2", 1), ("bvl_4_3", 0), ("bvl_4_4", 2), ("bvl_4_5", 7)]
    ]
    frame = pd.DataFrame(
        [
            {
                "kommunenummer": "9902",
                "year": 2024,
                "indicator": i,
                "category": c,
                "value": float(v),
                "status": "",
                "source": "egne",
                "source_ref": "",
                "note": "",
            }
            for i, c, v in rows
        ]
    )
    published = Dataset(suppress(frame, CATALOGUE, threshold))
    return select(published, CATALOGUE.get(PARAGRAPHS), "9902", 2024, small_count_max=threshold)


def cells_by_label(table) -> dict[str, str]:
    return {name: cells[-1] for name, cells in table.rows}


def test_table_marks_a_small_count_with_its_range_and_a_protecting_one_apart():
    table = series_table(paragraphs_series(), "Akuttplasseringer", "nb")
    cells = cells_by_label(table)
    assert cells["§ 4-2 (tvang)"] == "skjult, 1–4" and cells["§ 4-4 (tvang)"] == "skjult, 1–4"
    assert cells["§ 4-5 (tvang)"] == "skjult*"
    assert cells["§ 4-1 (frivillig)"] == "20" and cells["§ 4-3 (tvang)"] == "0"
    assert "Skjult*: skjult for at et lite tall ikke skal kunne regnes ut." in table.notes
    assert any(note.startswith("Skjult, 1–4:") for note in table.notes)


def test_the_range_follows_the_threshold_of_the_settings():
    table = series_table(paragraphs_series(threshold=5), "Akuttplasseringer", "nb")
    assert cells_by_label(table)["§ 4-2 (tvang)"] == "skjult, 1–5"


def test_nynorsk_table_says_the_same_in_nynorsk():
    table = series_table(paragraphs_series("nn"), "Akuttplasseringar", "nn")
    assert cells_by_label(table)["§ 4-5 (tvang)"] == "skjult*"
    assert "Skjult*: skjult for at eit lite tal ikkje skal kunne reknast ut." in table.notes


def test_csv_row_has_no_value_and_says_why_in_plain_text():
    text = series_csv(paragraphs_series(), "nb", {"9902": "Småby"})
    rows = {row["Kategori"]: row for row in csv.DictReader(text.lstrip("\ufeff").splitlines(), delimiter=";")}
    assert (rows["§ 4-2 (tvang)"]["Verdi"], rows["§ 4-2 (tvang)"]["Merknad"]) == ("", "skjult, 1-4")
    assert (rows["§ 4-5 (tvang)"]["Verdi"], rows["§ 4-5 (tvang)"]["Merknad"]) == ("", "skjult, sekundær")
    assert rows["§ 4-3 (tvang)"]["Verdi"] == "0" and rows["§ 4-3 (tvang)"]["Merknad"] == ""
    assert not re.search("[\u2013\u2212\u00a0]", rows["§ 4-2 (tvang)"]["Merknad"])


# --- on the built sites -----------------------------------------------------------------------


def figure_table(site, chapter: str, indicator_id: str) -> tuple[list[str], dict[str, list[str]], str]:
    """The figure's table as the page has it: its years, its rows' cells, and the table's frame."""
    page = (site / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    figure = re.search(rf'<figure [^>]*id="figur-{slug(indicator_id)}".*?</figure>', page, re.S).group(0)
    wrap = re.search(r'<div class="tilstand-table-wrap".*?</div>', figure, re.S).group(0)
    years = [html.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', wrap)][1:]
    rows = {
        html.unescape(name): [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", cells)]
        for name, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', wrap)
    }
    return years, rows, html.unescape(wrap)


def hidden_in_page(site, kommunenummer: str, chapter: str, indicator_id: str, language: str) -> list[str]:
    """Each own figure of the indicator, as reported, against its cell on the page: a reported 1–4 must
    read «skjult, 1–4»; a larger one not shown must read «skjult*». Returns what does not."""
    threshold = load_settings(kommunenummer).small_count_max
    years, rows, _ = figure_table(site, chapter, indicator_id)
    indicator = CATALOGUE.get(indicator_id)
    raw = load_dataset_for(kommunenummer).rows(indicator_id, [kommunenummer])
    problems = []
    for row in raw.itertuples():
        label = indicator.category_label(row.category, language) if row.category else "I alt"
        if str(row.year) not in years or label not in rows or pd.isna(row.value):
            continue
        cell = rows[label][years.index(str(row.year))]
        if 1 <= row.value <= threshold and cell != f"skjult, 1–{threshold}":
            problems.append(f"{label} {row.year}: {row.value:g} vises som «{cell}»")
        if row.value > threshold and not re.fullmatch(r"[\d\s\u00a0,]+", cell) and cell != "skjult*":
            problems.append(f"{label} {row.year}: {row.value:g} skjult som «{cell}»")
    return problems


def test_built_page_shows_small_and_protecting_hidden_cells_in_the_figures_table(default_site):
    _, rows, wrap = figure_table(default_site, "akuttplasseringer", PARAGRAPHS)
    cells = [c for row in rows.values() for c in row]
    assert "skjult, 1–4" in cells and "skjult*" in cells
    assert not hidden_in_page(default_site, "3201", "akuttplasseringer", PARAGRAPHS, "nb")
    assert "Skjult*: skjult for at et lite tall ikke skal kunne regnes ut." in wrap
    assert "ingen tall" not in wrap


def test_built_csv_gives_each_hidden_cell_its_reason(default_site):
    name = next((default_site / "_static" / "data").glob(f"{slug(PARAGRAPHS)}-3201-2024.csv"))
    with name.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    blank = [row for row in rows if not row["Verdi"]]
    assert {row["Merknad"] for row in blank} <= {"skjult, 1-4", "skjult, sekundær", "mangler"}
    assert {"skjult, 1-4", "skjult, sekundær"} <= {row["Merknad"] for row in blank}


def test_word_document_keeps_the_key_under_the_table(default_site):
    from docx import Document

    document = Document(str(next(default_site.glob("*.docx"))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Skjult*: skjult for at et lite tall ikke skal kunne regnes ut." in text


@pytest.mark.parametrize(
    "chapter, indicator_id", [("akuttplasseringer", PARAGRAPHS), ("meldinger", "meldinger_fristbrudd")]
)
def test_nynorsk_page_marks_hidden_cells_in_nynorsk(nynorsk_site, chapter, indicator_id):
    assert not hidden_in_page(nynorsk_site, "9904", chapter, indicator_id, "nn")
    _, rows, wrap = figure_table(nynorsk_site, chapter, indicator_id)
    assert "skjult, 1–4" in [c for row in rows.values() for c in row]
    assert "Skjult, 1–4: eit tal frå 1 til 4, som ikkje blir vist av omsyn til personvernet." in wrap


def test_pdf_appendix_says_the_key_once(default_pages):
    text = " ".join(" ".join(page.text.split()) for page in default_pages)
    appendix = text[text.rindex("Vedlegg: Tallene til figurene") :]
    assert appendix.count("Skjult*: skjult for at et lite tall ikke skal kunne regnes ut.") == 1
    assert "skjult, 1–4" in appendix and "skjult*" in appendix
