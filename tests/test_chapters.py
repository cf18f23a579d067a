"""The built report, read as a reader reads it: the figures of the source reports, charts whose
CSV holds the figures of their table, missing data explained, and no program output on a page.

Expected figures come from the source documents in /work/shared/seeds:
000 = Bærum's tilstandsrapport for 2024, 001 = Bærum's report with figures for 2013–2018.
Other municipalities and years are checked on the figures' blocks (no site build needed).
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest
from sitetools import block_for, site_pages

from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.publish.stage import read_toc, toc_files

NBSP = "\u00a0"
CHAPTERS = [Path(name).stem for name in toc_files(read_toc(DEFAULT_WORKSPACE.toc))[1:]]  # the book's, root aside
FORBIDDEN = ["Traceback", "Error", "<pandas", "DataFrame", "nan", "None", "NaN", "True", "False"]


def main_html(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    match = re.search(r"<main\b.*?</main>", text, re.S)
    return match.group(0) if match else text


def visible_text(page: Path) -> str:
    """The page's main text as a reader sees it (scripts holding chart specs left out)."""
    body = re.sub(r"<script\b.*?</script>", " ", main_html(page), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body)).replace(NBSP, " ")
    return re.sub(r"\s+", " ", text)


def chapter(site: Path, name: str) -> Path:
    return site / "chapters" / f"{name}.html"


# --- Bærum 2024: the figures of the source report ---------------------------------------------


@pytest.mark.parametrize(
    "page, expected",
    [
        ("meldinger", "826 nye meldinger"),  # 000, tabell 1 «Totalt … 826»
        ("meldinger", "11,7 % av meldingene henlagt"),  # 000, tabell 3 «% henlagt … 11,7%»
        ("akuttplasseringer", "24 akuttplasseringer"),  # 000, 4.2.3 «24 akuttplasseringer»
        ("barn_med_tiltak", "54 barn omsorgstiltak"),  # 000, figur 9 «Omsorgstiltak … 54»
        ("hr", "var 8,28 % i 2024"),  # 000, figur 19 «… 8,28»
    ],
)
def test_baerum_2024_states_the_source_figures(default_site, page, expected):
    assert expected in visible_text(chapter(default_site, page))


def test_every_chapter_is_built(default_site):
    for name in CHAPTERS:
        assert chapter(default_site, name).exists(), name


def test_summary_shows_key_figures_with_change(default_site):
    text = visible_text(chapter(default_site, "sammendrag"))
    # 000: 799 new reports in 2023 and 826 in 2024 → +27; dismissed 14,0 % → 11,7 % = −2,3 pp
    assert "Nye meldinger 799 826 +27" in text
    assert "14,0 % 11,7 % \u22122,3 prosentpoeng" in text


def test_leaders_assessment_is_never_invented_and_the_draft_says_what_belongs_there(default_site):
    text = visible_text(chapter(default_site, "leders_vurdering"))
    assert "Utkast" in text and "ikke skrevet ennå" in text and "Er tjenesten forsvarlig?" in text
    assert "narrative/" not in text


def test_prognosis_is_marked_as_such(default_site):
    page = main_html(chapter(default_site, "okonomi"))
    assert "Prognose" in page and "prognose" in page
    assert "2020–2022" in visible_text(chapter(default_site, "okonomi"))  # the years left out are said


# --- every chart: its CSV holds the figures of its table -----------------------------------------


def _numbers(text: str) -> str:
    return re.sub(r"[^\d,\u2212-]", "", text).replace("\u2212", "-")


def _figure_tables(site: Path):
    for page in site_pages(site):
        for figure in re.findall(r'<figure class="tilstand-figure[^"]*".*?</figure>', main_html(page), re.S):
            table = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
            cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", table)]
            link = re.search(r'href="\.\./_static/data/([^"]+\.csv)"', figure).group(1)
            yield page, cells, site / "_static" / "data" / link


def test_each_chart_csv_holds_the_figures_of_its_table(default_site):
    checked = 0
    for page, cells, csv_path in _figure_tables(default_site):
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        shown = sorted(_numbers(c) for c in cells if _numbers(c) and not c.startswith("skjult"))  # «skjult, 1–4»
        in_csv = sorted(_numbers(r["Verdi"]) for r in rows if r["Verdi"])
        assert shown == in_csv, f"{page.name}: {csv_path.name}"
        checked += 1
    assert checked >= 30


def test_every_csv_is_what_norwegian_excel_reads_as_numbers(default_site):
    """Semicolons, a BOM, decimal comma, ASCII minus, no thousands separator: every value a number."""
    files = sorted((default_site / "_static" / "data").glob("*.csv"))
    assert len(files) >= 30
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name
        text = raw.decode("utf-8-sig")
        assert "\u2212" not in text and "\u00a0" not in text, path.name
        for row in csv.DictReader(text.splitlines(), delimiter=";"):
            assert re.fullmatch(r"-?\d+(,\d+)?", row["Verdi"]) or row["Verdi"] == "", (path.name, row["Verdi"])


def test_no_two_charts_share_a_csv_file_or_an_anchor(default_site):
    """One indicator shown twice (over time and in a comparison) must not overwrite its own CSV."""
    links = [csv_path for _, _, csv_path in _figure_tables(default_site)]
    assert len(links) == len(set(links))
    for page in site_pages(default_site):
        ids = re.findall(r'id="(chart-[^"]+)"', main_html(page))
        assert len(ids) == len(set(ids)), page.name


def test_no_page_shows_program_output(default_site):
    for page in site_pages(default_site):
        text = visible_text(page)
        for word in FORBIDDEN:
            assert not re.search(rf"(?<![\w<]){re.escape(word)}(?!\w)", text), f"{page.name}: «{word}»"
        assert not re.search(r"<(tilstand|IPython|matplotlib)\.[\w.]+ object at 0x", main_html(page)), page.name
        assert "output_error" not in main_html(page) and "stderr" not in main_html(page), page.name


# --- other municipalities and years, on the blocks a chapter shows -------------------------------


def test_baerum_2018_shows_2013_to_2018():
    block = block_for("3201", 2018, "meldinger_henlagt_andel")
    assert block.table.header[1:] == ("2013", "2014", "2015", "2016", "2017", "2018")
    cells = block.table.rows[0][1]
    assert cells[0] == f"26,1{NBSP}%" and cells[-1] == f"15,4{NBSP}%"  # 001: % henlagte 2013 and 2018


def test_a_year_without_figures_gives_no_block_and_no_empty_chart():
    assert block_for("3203", 2017, "undersokelser_gjennomfort") is None  # Asker: no investigations 2017


def test_unit_costs_in_fixed_kroner_match_the_asss_text():
    """002: f244 per child 74 373 (2021) and 97 063 (2022) kroner are 83 005 and 101 431 in 2023 kroner."""
    from tilstand.compute.view import open_view
    from tilstand.present.sections import in_fixed_kroner

    view = open_view("3201", 2023)
    fixed = in_fixed_kroner(view, view.series("enhetskostnad_f244_per_barn"))
    assert (fixed.value(2021), fixed.value(2022), fixed.value(2023)) == (83005, 101431, 105785)
    assert "faste 2023-kroner" in fixed.indicator.title("nb")


def test_unit_costs_in_2024_kroner_say_which_price_growth_was_used(default_site):
    text = visible_text(chapter(default_site, "okonomi"))
    assert "faste 2024-kroner" in text and "4,3 % i 2024" in text
