"""Walks every row of a municipality's own-figures files and finds each figure on the built site:
in the CSV file of the figure that shows it (the same rows as the figure's table), with its value
or with «skjult» as the reason it is not shown, or named in the appendix («Ikke med i rapporten»)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bs4 import BeautifulSoup

from tilstand.ingest.catalogue import load_catalogue
from tilstand.language import Texts
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.present.tables import slug


def own_rows(kommunenummer: str, year: int) -> list[dict]:
    """Every row with a value in the municipality's own-figures files up to the year."""
    rows = []
    for file in sorted((DEFAULT_WORKSPACE.own_figures / kommunenummer).glob("*.csv")):
        for row in csv.DictReader(file.read_text(encoding="utf-8-sig").splitlines()):
            if row["value"].strip() and int(row["year"]) <= year:
                rows.append({**row, "file": file.name})
    return rows


def site_csvs(site: Path, indicator_id: str, kommunenummer: str, year: int) -> list[list[dict]]:
    """The downloads of the figures showing the indicator (its own key, or a key starting with it)."""
    found = []
    for file in sorted((site / "_static" / "data").glob(f"{slug(indicator_id)}-*{kommunenummer}-{year}.csv")):
        text = file.read_text(encoding="utf-8-sig")
        found.append(list(csv.reader(io.StringIO(text), delimiter=";"))[1:])
    return found


def appendix_text(site: Path) -> str:
    page = site / "chapters" / "utelatt.html"
    if not page.exists():
        return ""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ", strip=True)


REASONS = ("omitted.hidden", "omitted.part_off", "omitted.appendix_only")  # why a figure with figures is kept off


def listed_with_reason(appendix: str, title: str, t: Texts) -> bool:
    """The title stands in the appendix after one of the reasons a reported figure is kept off a page
    (all hidden: personvern; an optional part not used; shown by no chapter), not after «no figures»."""
    starts = [appendix.find(t(key)) for key in REASONS]
    return any(start >= 0 and title in appendix[start:] for start in starts)


def unaccounted(site: Path, kommunenummer: str, year: int, language: str) -> list[str]:
    """The own rows found neither in a figure's file (value, or «skjult») nor in the appendix with
    the reason they are not shown."""
    catalogue, t = load_catalogue(), Texts(language)
    hidden_word = t("status.hidden")
    appendix = appendix_text(site)
    problems = []
    for row in own_rows(kommunenummer, year):
        indicator = catalogue.get(row["indicator"])
        label = indicator.category_label(row["category"], language) if row["category"] else ""
        value = float(row["value"])
        found = False
        for records in site_csvs(site, indicator.id, kommunenummer, year):
            for record in records:
                if record[0] != row["year"] or record[2] != label:
                    continue
                shown = record[3].replace(",", ".").replace("\u2212", "-")
                if (shown and abs(float(shown) - value) < 0.051) or (not shown and record[5].startswith(hidden_word)):
                    found = True
        if not found and not listed_with_reason(appendix, indicator.title(language).split("{")[0].strip(), t):
            problems.append(f"{row['file']}: {row['indicator']} {row['category']} {row['year']} = {row['value']}")
    return problems
