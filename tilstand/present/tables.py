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
from tilstand.compute.suppression import HIDDEN_REMAINDER, PRIMARY, SECONDARY
from tilstand.formatting import format_plain, is_missing
from tilstand.language import Texts


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]  # first column's heading, then one per column
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (row heading, cells)
    notes: tuple[str, ...] = ()  # the key to its marks («skjult, 1–4», «skjult*»), under it


@dataclass(frozen=True)
class Download:
    name: str  # the file name on the site
    text: str  # the file's contents


def slug(text: str) -> str:
    """A name for a file or an anchor: «Fjordbygd kommune (fiktiv)» → «fjordbygd-kommune-fiktiv», æ ø å → ae o a."""
    ascii_text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _row_label(series: Series, category: str, t: Texts) -> str:
    if category == HIDDEN_REMAINDER:
        return t("hidden.remainder")
    return series.indicator.category_label(category, t.language) if category else t("table.total")


def hidden_notes(rows, high: int, language: str) -> tuple[str, ...]:
    """What the marks of hidden cells in these table rows mean, each once it appears («skjult, 1–4»,
    «skjult*»): a table carries its notes wherever it goes (its figure, the PDF's appendix, Word)."""
    t = Texts(language)
    cells = {cell for _, row in rows for cell in row}
    marks = [
        (t("hidden.small", high=high), t("hidden.small_note", high=high)),
        (t("hidden.secondary"), t("hidden.secondary_note")),
    ]
    return tuple(note for mark, note in marks if mark in cells)


def _remainder_text(series: Series, year: int, t: Texts) -> str:
    """The hidden parts' sum in a year: published, withheld (it would give a small part away),
    «ingen skjult» when no part is hidden, «mangler» when the year has no figures."""
    if series.cell(year, HIDDEN_REMAINDER) is not None:
        return series.cell_text(year, HIDDEN_REMAINDER, language=t.language)
    if any(series.is_hidden(year, c) for c in series.categories):
        return t("hidden.secondary")
    known = any(not is_missing(series.value(year, c)) for c in series.categories)
    return t("hidden.none") if known else series.text(None, "", t.language)


def csv_remark(series: Series, year: int, category: str = "", region: str | None = None, *, language: str) -> str:
    """Why a CSV row has no value, in words a spreadsheet can filter on: «skjult, 1-4» (a small
    count), «skjult, sekundær» (hidden to protect one), «skjult», «mangler»; "" when it has one."""
    t = Texts(language)
    why = series.hidden_as(year, category, region)
    if why == PRIMARY and series.small_count_max:
        return t("csv.hidden_small", high=series.small_count_max)
    if why == SECONDARY:
        return t("csv.hidden_secondary")
    return (
        ""
        if not is_missing(series.value(year, category, region))
        else series.cell_text(year, category, region, language=language)
    )


def series_table(series: Series, caption: str, language: str, names: dict[str, str] | None = None) -> Table:
    """One row per category (or, with names, per region), one column per year."""
    t = Texts(language)
    years = series.years
    if names is not None:
        keys = [(code, "") for code in dict.fromkeys(series.frame["region"])]
        label = {key: names[key[0]] for key in keys}
        first = t("table.region")
    else:
        categories = series.categories + (
            [HIDDEN_REMAINDER] if (series.frame["category"] == HIDDEN_REMAINDER).any() else []
        )
        keys = [(None, c) for c in ([""] if series.has_total else []) + categories]
        label = {key: _row_label(series, key[1], t) for key in keys}
        first = t("table.category") if series.categories else ""
    rows = []
    for region, category in keys:
        cells = tuple(
            _remainder_text(series, year, t)
            if category == HIDDEN_REMAINDER
            else series.cell_text(year, category, region, language=language)
            for year in years
        )
        rows.append((label[(region, category)], cells))
    return Table(caption, (first, *map(str, years)), tuple(rows), hidden_notes(rows, series.small_count_max, language))


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
        remark = "" if value else csv_remark(series, row.year, row.category, row.region, language=language)
        records.append(
            [
                str(row.year),
                names[row.region],
                category,
                value,
                t(f"unit.{series.indicator.unit}"),
                remark,
                f"{row.source} {row.source_ref}".strip(),
            ]
        )
    return csv_text(
        [t(f"csv.{column}") for column in ("year", "region", "category", "value", "unit", "remark", "source")], records
    )


def table_csv(table: Table, values: list[list[tuple[str, str]]], units: list[str], language: str) -> str:
    """A table written for readers (a service profile) as a CSV file: one line per cell, with the
    plain number and why it has none (values: (number, remark), aligned with the table's cells)
    and the row's unit."""
    t = Texts(language)
    records = [
        [name, column, value, t(f"unit.{unit}"), remark]
        for (name, _), row_values, unit in zip(table.rows, values, units)
        for column, (value, remark) in zip(table.header[1:], row_values)
    ]
    return csv_text([t("csv.indicator"), t("csv.column"), t("csv.value"), t("csv.unit"), t("csv.remark")], records)
