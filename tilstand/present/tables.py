"""The figures of a series as a table a reader can scan, and as a CSV file Norwegian Excel opens
with every number as a number (semicolons, decimal comma, ASCII minus, UTF-8 with BOM).

The table, the CSV, the chart and the sentence are made from the same Series, so they can never
disagree.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from tilstand.compute.series import Series
from tilstand.compute.suppression import HIDDEN_REMAINDER
from tilstand.formatting import format_plain, is_missing, status_word
from tilstand.language import Texts


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]                       # first column's heading, then one per column
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (row heading, cells)


@dataclass(frozen=True)
class Download:
    name: str      # the file name on the site
    text: str      # the file's contents


def slug(text: str) -> str:
    """A name for a file or an anchor: «Fjordbygd kommune (fiktiv)» → «fjordbygd-kommune-fiktiv», æ ø å → ae o a."""
    ascii_text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _row_label(series: Series, category: str, t: Texts) -> str:
    if category == HIDDEN_REMAINDER:
        return t("table.hidden_remainder")
    return series.indicator.category_label(category, t.language) if category else t("table.total")


def series_table(series: Series, caption: str, language: str, names: dict[str, str] | None = None) -> Table:
    """One row per category (or, with names, per region), one column per year."""
    t = Texts(language)
    years = series.years
    if names is not None:
        keys = [(code, "") for code in dict.fromkeys(series.frame["region"])]
        label = {key: names[key[0]] for key in keys}
        first = t("table.region")
    else:
        categories = series.categories + ([HIDDEN_REMAINDER] if (series.frame["category"] == HIDDEN_REMAINDER).any() else [])
        keys = [(None, c) for c in ([""] if series.has_total else []) + categories]
        label = {key: _row_label(series, key[1], t) for key in keys}
        first = t("table.category") if series.categories else ""
    rows = []
    for region, category in keys:
        cells = []
        for year in years:
            cell = series.cell(year, category, region)
            cells.append(series.text(cell["value"], cell["status"], language) if cell
                         else status_word("", language))
        rows.append((label[(region, category)], tuple(cells)))
    return Table(caption, (first, *map(str, years)), tuple(rows))


def csv_text(header: list[str], records: list[list[str]]) -> str:
    """Semicolon-separated with CRLF and a BOM: how Norwegian Excel reads a file right (plain
    spaces and an ASCII minus, which Excel reads as numbers where the page has typographic ones)."""
    def plain(text) -> str:
        return str(text).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-")

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([plain(cell) for cell in header])
    writer.writerows([[plain(cell) for cell in record] for record in records])
    return "\ufeff" + out.getvalue()


def series_csv(series: Series, language: str, names: dict[str, str]) -> str:
    """Every row of the series: year, region, category, value, unit, remark (why a value is
    missing) and source. Numbers without thousands separators, with decimal comma."""
    t = Texts(language)
    records = []
    for row in series.frame.itertuples():
        value = "" if is_missing(row.value) else format_plain(row.value, series.decimals_of(row.value))
        category = _row_label(series, row.category, t) if row.category else ""
        remark = "" if value else status_word(row.status, language)
        records.append([str(row.year), names[row.region], category, value, t(f"unit.{series.indicator.unit}"),
                        remark, f"{row.source} {row.source_ref}".strip()])
    return csv_text([t(f"csv.{column}") for column in ("year", "region", "category", "value", "unit", "remark",
                                                       "source")], records)


def table_csv(table: Table, values: list[list[str]], units: list[str], language: str) -> str:
    """A table written for readers (a service profile) as a CSV file: one line per cell, with the
    plain number (values, aligned with the table's cells) and the row's unit."""
    t = Texts(language)
    records = [[name, column, value, t(f"unit.{unit}")]
               for (name, _), row_values, unit in zip(table.rows, values, units)
               for column, value in zip(table.header[1:], row_values)]
    return csv_text([t("csv.indicator"), t("csv.column"), t("csv.value"), t("csv.unit")], records)
