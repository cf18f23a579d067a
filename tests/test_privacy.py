"""Small counts of persons (1–4 children, or cases that each concern a child) never reach a reader: not in page text, tables, the chart data
embedded in the page, the CSV downloads or the numbers glued into the narrative.

The test builds the fictitious small municipality 9902 «Småby kommune (fiktiv)» and reads the
suppressed cells from its source files, independently of tilstand.suppression.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.settings import load_settings
from tilstand.paths import REPO_ROOT
from tilstand.present.tables import slug

SMALL = "9902"
SOURCE = REPO_ROOT / "data" / "own_figures" / SMALL


@pytest.fixture(scope="module")
def small_site(build_site) -> Path:
    if not SOURCE.exists():
        pytest.fail(f"Testdataene for småkommunen {SMALL} mangler ({SOURCE}).")
    return build_site(SMALL)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def hidden_cells(catalogue) -> pd.DataFrame:
    """Every count of 1 up to the threshold in the source files: these must never be published."""
    frame = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(SOURCE.glob("*.csv"))])
    frame["number"] = pd.to_numeric(frame["value"], errors="coerce")
    threshold = load_settings(SMALL).small_count_max
    counts = frame["indicator"].map(lambda i: i in catalogue and catalogue.get(i).persons)
    cells = frame[counts & frame["number"].between(1, threshold)].copy()
    assert not cells.empty, "testdataene for småkommunen skal ha små tall, ellers tester dette ingenting"
    cells["label"] = [
        catalogue.get(i).category_label(c, "nb") if c else "" for i, c in zip(cells["indicator"], cells["category"])
    ]
    return cells


def _by_slug(catalogue) -> dict[str, object]:
    return {slug(indicator.id): indicator for indicator in catalogue}


def _number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _csv_rows(site: Path) -> dict[str, list[dict]]:
    rows = {}
    for path in sorted((site / "_static" / "data").glob(f"*-{SMALL}-*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows[path.name] = list(csv.DictReader(handle, delimiter=";"))
    return rows


def _indicator_of(name: str, by_slug: dict) -> object | None:
    """A figure's CSV is named after its indicator (slug of its id); None for other figures."""
    return by_slug.get(re.sub(rf"-{SMALL}-\d{{4}}\.csv$", "", name))


def test_csv_downloads_hold_no_small_count(small_site, catalogue):
    """Every count of persons; a count the catalogue says is no person (staff, media) may be small."""
    threshold = load_settings(SMALL).small_count_max
    problems = []
    files = _csv_rows(small_site)
    assert files, "bygget for småkommunen har ingen CSV-filer"
    for name, rows in files.items():
        indicator = _indicator_of(name, _by_slug(catalogue))
        if indicator is not None and not indicator.persons:
            continue
        for row in rows:
            value = _number(row["Verdi"]) if row["Verdi"] else None
            if row.get("Enhet") == "Antall" and value is not None and 1 <= value <= threshold:
                problems.append(f"{name}: {row['År']} {row['Kategori'] or 'i alt'} = {row['Verdi']}")
    assert not problems, "små tall i nedlastingene:\n" + "\n".join(problems)


def test_shares_of_hidden_counts_are_hidden(small_site, hidden_cells, catalogue):
    """A share of a hidden count gives it away (share × total): its «_andel» cell is hidden too."""
    files = _csv_rows(small_site)
    problems = []
    for cell in hidden_cells.itertuples():
        share_id = f"{cell.indicator}_andel"
        if share_id not in catalogue:
            continue
        share = catalogue.get(share_id)
        label = share.category_label(cell.category, "nb") if cell.category else ""
        for name, rows in files.items():
            if not name.startswith(f"{slug(share_id)}-{SMALL}-"):
                continue
            for row in rows:
                if row["År"] == cell.year and row["Kategori"] == label and row["Verdi"]:
                    problems.append(
                        f"{name}: {cell.year} {label or 'i alt'} = {row['Verdi']} (antallet {cell.value} er skjult)"
                    )
    assert not problems, "\n".join(problems)


def test_hidden_part_cannot_be_worked_out_from_the_total(small_site, catalogue):
    """If the total is shown and just one part is hidden, total minus the others gives it away."""
    problems = []
    for name, rows in _csv_rows(small_site).items():
        indicator = _indicator_of(name, _by_slug(catalogue))
        if indicator is None or not indicator.is_count or not indicator.parts_sum_to_total:
            continue
        for year in sorted({row["År"] for row in rows}):
            in_year = [row for row in rows if row["År"] == year]
            total = [row for row in in_year if not row["Kategori"]]
            parts = [
                row for row in in_year if row["Kategori"] and row["Kategori"] != "Skjulte tall til sammen (personvern)"
            ]
            hidden = [row for row in parts if row["Merknad"].startswith("skjult")]
            if total and total[0]["Verdi"] and len(hidden) == 1 and all(r["Verdi"] for r in parts if r not in hidden):
                problems.append(f"{name} {year}: bare «{hidden[0]['Kategori']}» er skjult, men summen vises")
    assert not problems, "\n".join(problems)


def test_pages_hold_no_small_count(small_site, hidden_cells, catalogue):
    """Tables, chart data and the written text of every page."""
    threshold = load_settings(SMALL).small_count_max
    problems = []
    pages = [p for p in small_site.rglob("*.html") if "_static" not in p.parts]
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        name = page.relative_to(small_site).as_posix()
        for figure in soup.select("figure.tilstand-figure"):
            if _shows_counts(figure, _by_slug(catalogue)):
                problems += _figure_problems(figure, name, threshold)
        problems += _text_problems(soup, name, hidden_cells, catalogue)
    assert not problems, "små tall på sidene:\n" + "\n".join(problems)


def _shows_counts(figure, by_slug) -> bool:
    """A figure of an indicator that counts persons; for other figures, every figure's source line
    starts with its unit, and «Antall.» marks counts."""
    indicator = by_slug.get(figure.get("id", "").removeprefix("figur-"))
    if indicator is not None:
        return indicator.persons
    subtitle = figure.select_one(".tilstand-figure__subtitle")
    return subtitle is not None and subtitle.get_text().startswith("Antall.")


def _figure_problems(figure, name, threshold) -> list[str]:
    title = figure.select_one(".tilstand-figure__title").get_text()
    problems = []
    for row in figure.select("tbody tr"):
        for cell in row.find_all("td"):
            value = _number(cell.get_text())
            if value is not None and 1 <= value <= threshold:
                problems.append(f"{name}: tabellen «{title}», raden «{row.th.get_text()}»: {cell.get_text()}")
    for script in figure.select('script[type="application/json"]'):
        for rows in json.loads(script.string).get("datasets", {}).values():
            for row in rows:
                value = row.get("value")
                if isinstance(value, (int, float)) and 1 <= value <= threshold:
                    problems.append(f"{name}: figurdataene for «{title}» har {row}")
                label = _number(str(row.get("label", "")))
                if label is not None and 1 <= label <= threshold:
                    problems.append(f"{name}: figurteksten for «{title}» viser {row.get('label')}")
    return problems


def _text_problems(soup, name, hidden_cells, catalogue) -> list[str]:
    """A hidden figure named in a sentence: its label (or the indicator's title) with the number
    within the same sentence, e.g. «politi (3)» or «var 3 i 2024»."""
    descriptions = [
        json.loads(script.string).get("description", "") for script in soup.select('script[type="application/json"]')
    ]
    for node in soup(["script", "style", "table"]):
        node.decompose()
    text = " ".join([soup.get_text(" ")] + descriptions)
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|;", re.sub(r"\s+", " ", text))
    problems = []
    for cell in hidden_cells.itertuples():
        name_in_text = (cell.label or catalogue.get(cell.indicator).title("nb")).lower()
        number = re.compile(
            rf"(?<![\d,§–\-.]){int(cell.number)}(?![\d,.\-–]|\u00a0%| %|\u00a0prosent| prosent|\u00a0mill)"
        )
        for sentence in sentences:
            lowered = sentence.lower()
            if name_in_text not in lowered or cell.year not in sentence:
                continue
            position = lowered.index(name_in_text)
            window = sentence[max(0, position - 60) : position + len(name_in_text) + 60]
            if number.search(window.replace(cell.year, "")):
                problems.append(
                    f"{name}: «{sentence.strip()[:160]}» (skjult: {cell.indicator} "
                    f"{cell.label or 'i alt'} {cell.year} = {cell.value})"
                )
    return problems
