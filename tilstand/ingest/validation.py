"""Checks a file of figures and reports every problem at once, each naming file, row, column and value.

Three kinds of checks, each with the same kind of message:
- the cells: known columns, regions, years, indicators and categories, SSB symbols (pandera);
- the values, by the indicator's unit: a count is a whole, non-negative number; a share lies
  between 0 and 100; an ambiguous «1.234», «inf», «nan» and words are refused with the reason;
- the rules the catalogue declares: parts that add up to their total, a part that never exceeds
  its related total, a share that agrees with its count and total.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from tilstand.formatting import format_number, round_half_up
from tilstand.ingest.catalogue import Catalogue, Indicator
from tilstand.ingest.problems import DataValidationError, InLanguages, Problem, Said, said
from tilstand.ingest.register import Register
from tilstand.ingest.rows import row_tuples
from tilstand.regions import region_kind
from tilstand.units import Kind

REQUIRED_COLUMNS = ("region", "year", "indicator", "category", "value", "status", "source")
OPTIONAL_COLUMNS = ("source_ref", "note")
HELP_COLUMNS = (
    "previous_value",
    "previous_source",
    "title",
    "unit",
    "definition",
    "category_label",
)  # the template's help, ignored
SSB_SYMBOLS = ("", ".", "..", ":", "-")
FIRST_YEAR = 1990
SUM_TOLERANCE = {"antall": 0.0, "prosent": 0.6}
FRACTION_SHARES_MIN = 3  # this many shares, all ≤ 1, look like fractions (0,079 for 7,9 %)

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_THOUSANDS_DOT = re.compile(r"-?\d{1,3}(\.\d{3})+")  # 1.234 or 12.345.678
_THOUSANDS_COMMA = re.compile(r"-?\d{1,3}(,\d{3})+")  # 1,000 or 210,000: English thousands
_NUMBER = re.compile(r"-?(\d+([.,]\d+)?|[.,]\d+)")

__all__ = ["DataValidationError", "Problem", "parse_number", "read_value", "validate_frame"]


def parse_number(text: str) -> float | None:
    """A figure as a person writes it: spaces as thousands separators, decimal comma or point, a
    typographic minus. None for anything else (words, «inf», «nan», «1.234»)."""
    value, _ = read_value(text)
    return value


SYMBOL_MEANINGS = {"-": "check.meaning.-", "..": "check.meaning...", ".": "check.meaning..", ":": "check.meaning.colon"}


@lru_cache(maxsize=65_536)
def read_value(text: str) -> tuple[float | None, Said | None]:
    """(number, None), or (None, what was expected) when the text is no unambiguous number. Kept
    for texts seen before: each cell is read by the checks, the rules and the typed frame."""
    cleaned = _SPACES.sub("", text).replace("\u2212", "-").replace("\u2013", "-")
    if cleaned in SYMBOL_MEANINGS:
        zero = said("check.symbol_zero") if cleaned == "-" else ""
        return None, said("check.symbol", symbol=cleaned, meaning=said(SYMBOL_MEANINGS[cleaned]), zero=zero)
    if _percent_number(cleaned):
        return None, said("check.no_percent_sign", number=cleaned[:-1])
    if "," in cleaned and "." in cleaned:
        return None, said("check.comma_and_point")
    if not _NUMBER.fullmatch(cleaned):
        return None, said("check.number")
    number = float(cleaned.replace(",", "."))
    if not math.isfinite(number):
        return None, said("check.finite")
    return number, None


def _percent_number(cleaned: str) -> bool:
    return cleaned.endswith("%") and bool(_NUMBER.fullmatch(cleaned[:-1]))


def without_percent_signs(raw: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """A share typed with its percent sign («17,8 %», as Excel saves a percent cell to CSV) is the
    number before the sign, as the same cell in an .xlsx is; a count with a %-sign stays refused."""
    if raw.empty or not {"value", "indicator"} <= set(raw.columns) or raw.columns.duplicated().any():
        return raw  # nothing to read, or a header validate_frame refuses with its own message
    shares = pd.Series(
        [i in catalogue and catalogue.get(i).is_share for i in raw["indicator"].tolist()], index=raw.index
    )
    signed = pd.Series([_percent_number(_SPACES.sub("", text)) for text in raw["value"].tolist()], index=raw.index)
    if not (shares & signed).any():
        return raw
    fixed = raw.copy()
    fixed.loc[shares & signed, "value"] = fixed.loc[shares & signed, "value"].map(
        lambda text: _SPACES.sub("", text)[:-1]
    )
    return fixed


def value_problem(number: float, text: str, indicator: Indicator) -> Said | None:
    """What the unit forbids: a count that is not whole or is negative, a share outside 0–100,
    and, where a figure is seldom a fraction (counts, kroner, days), a point that may be a
    thousands separator («1.234»)."""
    kind = indicator.kind
    cleaned = _SPACES.sub("", text)
    if (
        kind.kind in (Kind.COUNT, Kind.MONEY, Kind.DAYS)
        and _THOUSANDS_DOT.fullmatch(cleaned)
        and not cleaned.lstrip("-").startswith("0")
    ):
        return said(
            "check.thousands_point", text=text, whole=cleaned.replace(".", ""), decimal=cleaned.replace(".", ",")
        )
    if (
        (kind.whole or kind.kind in (Kind.MONEY, Kind.DAYS))
        and _THOUSANDS_COMMA.fullmatch(cleaned)
        and not cleaned.lstrip("-").startswith("0")
    ):
        what = {Kind.COUNT: "check.what_count", Kind.MONEY: "check.what_money"}.get(kind.kind, "check.what_days")
        return said(
            "check.thousands_comma",
            what=said(what),
            text=text,
            whole=cleaned.replace(",", ""),
            decimal=cleaned,
            spaced=_spaced(cleaned.replace(",", "")),
        )
    if indicator.is_count:
        if number < 0:
            return said("check.negative_count")
        if kind.whole and number != int(number):
            return said("check.whole_count", text=text.replace(".", ","))
    if indicator.is_share and not 0 <= number <= 100:
        return said("check.share_range")
    return None


def _digits(text: str) -> bool:
    """Only the digits 0–9: «2024¹» (a footnote) and other Unicode digits are not a year or a code."""
    return text.isascii() and text.isdigit()


def _spaced(digits: str) -> str:
    """12345 → «12 345»."""
    sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    groups = [digits[max(0, end - 3) : end] for end in range(len(digits), 0, -3)][::-1]
    return sign + " ".join(groups)


@lru_cache(maxsize=4)
def _column_schema(catalogue: Catalogue, register: Register, last_year: int):
    """Made once per catalogue, register and year, not again for every file."""
    import pandera.pandas as pa  # imported here: chapters read a validated snapshot and never need it

    def element(check, expected):
        """A check of each cell, asked once per distinct text (a file repeats its codes on every row)."""
        return pa.Check(
            lambda column: column.isin({text for text in set(column.tolist()) if check(str(text))}), error=expected
        )

    def known_region(code: str) -> bool:
        return register.is_known(code) if _digits(code) else region_kind(code) is not None

    return pa.DataFrameSchema(
        {
            "region": pa.Column(str, element(known_region, "check.region")),
            "year": pa.Column(str, element(lambda t: _digits(t) and FIRST_YEAR <= int(t) <= last_year, "check.year")),
            "indicator": pa.Column(str, element(lambda t: t in catalogue, "check.indicator")),
            "status": pa.Column(str, pa.Check.isin(list(SSB_SYMBOLS), error="check.status")),
        },
        strict=False,
    )


def validate_frame(
    raw: pd.DataFrame, file: str, catalogue: Catalogue, register: Register, rows: list[int] | None = None
) -> list[Problem]:
    """Every problem in a file read as text (all columns str, empty string for empty cells).

    rows: the spreadsheet row of each line (default: the line's position + 2)."""
    rows = rows if rows is not None else [index + 2 for index in range(len(raw))]
    problems = [
        Problem(file, 1, column, "", said("check.column_missing"))
        for column in REQUIRED_COLUMNS
        if column not in raw.columns
    ]
    problems += _twice_in_header(list(raw.columns), file)
    known = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + HELP_COLUMNS)
    problems += [
        Problem(
            file,
            1,
            column,
            column,
            said("check.column_unknown", columns=", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)),
        )
        for column in raw.columns
        if column not in known
    ]
    if problems or raw.empty:
        return problems

    from pandera.errors import SchemaErrors

    try:
        _column_schema(catalogue, register, date.today().year).validate(raw.reset_index(drop=True), lazy=True)
    except SchemaErrors as errors:
        for case in errors.failure_cases.itertuples():
            if pd.notna(case.index):
                check = str(case.check)
                expected = (
                    said(check, first=FIRST_YEAR, last=date.today().year) if check == "check.year" else said(check)
                )
                problems.append(
                    Problem(file, rows[int(case.index)], str(case.column), str(case.failure_case), expected)
                )
    problems += _row_problems(raw, file, catalogue, rows)
    # The rules run over the rows without a problem of their own, so every problem of a file is
    # reported in one run, and no mistake is reported twice (once itself, once as a wrong sum).
    faulty = {problem.row for problem in problems}
    usable = [
        number not in faulty and indicator in catalogue for number, indicator in zip(rows, raw["indicator"].tolist())
    ]
    clean = raw[usable].reset_index(drop=True)
    clean_rows = [number for number, keep in zip(rows, usable) if keep]
    problems += _fraction_problems(clean, file, catalogue, clean_rows)
    problems += rule_problems(typed_values(clean), file, catalogue, clean_rows)
    return problems


def _twice_in_header(columns: list[str], file: str) -> list[Problem]:
    """A column named twice in the header: which one holds the figure cannot be known."""
    problems = []
    for position, column in enumerate(columns):
        if column and column in columns[:position]:
            from openpyxl.utils import get_column_letter  # only here: a CSV's check need not import openpyxl

            first = columns.index(column)
            problems.append(
                Problem(
                    file,
                    1,
                    column,
                    column,
                    (
                        f"hver kolonne bare én gang i overskriftsraden; «{column}» står både i kolonne "
                        f"{get_column_letter(first + 1)} og {get_column_letter(position + 1)}. Gi den ene et annet navn "
                        "eller slett den"
                    ),
                )
            )
    return problems


def _row_problems(raw: pd.DataFrame, file: str, catalogue: Catalogue, rows: list[int]) -> list[Problem]:
    problems = []
    seen: dict[tuple, int] = {}
    told: dict[int, Said] = {}  # one message for every copy of a row
    categories = {indicator.id: {c.id for c in indicator.categories} for indicator in catalogue}
    readings: dict[tuple[str, str], tuple[float | None, Said | None]] = {}  # a text is read once per indicator
    for number, row in zip(rows, row_tuples(raw, *REQUIRED_COLUMNS)):
        if row.indicator not in catalogue:
            continue
        indicator = catalogue.get(row.indicator)
        category = row.category
        if category and category not in categories[indicator.id]:
            allowed = ", ".join(c.id for c in indicator.categories) or said("check.no_category")
            problems.append(
                Problem(
                    file, number, "category", category, said("check.category", indicator=indicator.id, allowed=allowed)
                )
            )
        value = None
        if row.value:
            if (row.value, indicator.id) not in readings:
                readings[row.value, indicator.id] = _reading(row.value, indicator)
            value, expected = readings[row.value, indicator.id]
            if expected:
                problems.append(Problem(file, number, "value", row.value, expected))
        if value not in (None, 0.0) and row.status == "-":
            problems.append(Problem(file, number, "value", row.value, said("check.zero_status")))
        if value is not None and row.status not in ("", "-"):
            problems.append(Problem(file, number, "status", row.status, said("check.status_with_value")))
        if (row.value or row.status) and not row.source:
            # An untouched template row (no value, no status) needs no source; a figure does.
            problems.append(Problem(file, number, "source", "", said("check.source")))
        key = (row.region, row.year, row.indicator, category)
        if key in seen:
            first = seen[key]
            told[first] = told.get(first) or said("check.duplicate_row", row=first)
            problems.append(Problem(file, number, "indicator", row.indicator, told[first]))
        else:
            seen[key] = number
    return problems


def _reading(text: str, indicator: Indicator) -> tuple[float | None, Said | None]:
    """(number, None) for a figure the indicator's unit allows, else (None, what was expected)."""
    value, expected = read_value(text)
    expected = expected or value_problem(value, text, indicator)
    return (None, expected) if expected else (value, None)


def typed_values(raw: pd.DataFrame) -> pd.DataFrame:
    """The filled rows with their number (the cells already checked); «-» is exactly zero."""
    cells = list(zip(raw["value"].tolist(), raw["status"].tolist()))
    numbers = [0.0 if status == "-" and not text else parse_number(text) if text else None for text, status in cells]
    frame = raw.assign(number=numbers, position=range(len(raw)))
    return frame[pd.Series([text != "" or status != "" for text, status in cells], index=frame.index, dtype=bool)]


def _fraction_problems(raw: pd.DataFrame, file: str, catalogue: Catalogue, rows: list[int]) -> list[Problem]:
    """Shares that are all at most 1 were most likely typed as fractions (0,079 for 7,9 %)."""
    cells = list(zip(raw["value"].tolist(), raw["indicator"].tolist()))
    shares = [
        (number, text)
        for text, indicator in cells
        if text and catalogue.get(indicator).is_share and (number := parse_number(text)) is not None
    ]
    positive = [number for number, _ in shares if number > 0]
    if len(positive) < FRACTION_SHARES_MIN or max(positive) > 1:
        return []
    first = next(index for index, (text, indicator) in enumerate(cells) if text and catalogue.get(indicator).is_share)
    return [Problem(file, rows[first], "value", cells[first][0], said("check.fractions", count=len(shares)))]


def rule_problems(values: pd.DataFrame, file: str | list[str], catalogue: Catalogue, rows: list[int]) -> list[Problem]:
    """The catalogue's consistency rules over filled rows (see typed_values): one file's, or (file a
    list, one name per row) all of a municipality's files together, so a total in one file and its
    parts in another are checked against each other."""
    places = list(zip(file if isinstance(file, list) else [file] * len(rows), rows))
    filled = row_tuples(values, "region", "year", "indicator", "category", "value", "number", "position")
    lookup = {(r.region, r.year, r.indicator, r.category): r for r in filled}
    sums = _sum_problems(filled, catalogue, places)
    # A total that disagrees with its parts is one mistake: shares of that total are not checked
    # against it as well (they may be right, and eight messages would hide the one that matters).
    wrong_totals = {(problem.file, problem.row) for problem in sums}
    problems = []
    for row in filled:
        if row.number is None or pd.isna(row.number):
            continue
        indicator = catalogue.get(row.indicator)
        here = places[row.position]
        for reference in indicator.at_most:
            other_id, _, other_category = reference.partition(":")
            other = lookup.get((row.region, row.year, other_id, other_category or row.category)) or lookup.get(
                (row.region, row.year, other_id, "")
            )
            if _number(other) is not None and row.number > other.number:
                problems.append(
                    _wrong_value(
                        row,
                        here,
                        said(
                            "check.at_most",
                            value=other.value,
                            title=_titles(catalogue.get(other_id)),
                            row=_place(places[other.position], here),
                        ),
                    )
                )
        if indicator.share_of:
            total = lookup.get((row.region, row.year, indicator.share_of.total, ""))
            if total is None or places[total.position] not in wrong_totals:
                problems += _share_problems(row, indicator, lookup, places)
        if indicator.balance_of:
            problems += _balance_problems(row, indicator, lookup, places)
    return problems + sums


def _place(place: tuple[str, int], here: tuple[str, int]):
    """«rad 7», or «rad 7 i fil.csv» when the row lies in another file than the message."""
    return (
        said("check.place", row=place[1])
        if place[0] == here[0]
        else said("check.place_in", row=place[1], file=place[0])
    )


def _balance_problems(row, indicator: Indicator, lookup: dict, places: list[tuple[str, int]]) -> list[Problem]:
    """A typed balance must be the budget minus the accounts beside it (to its own decimals)."""
    budget, accounts = (lookup.get((row.region, row.year, other, row.category)) for other in indicator.balance_of)
    if _number(budget) is None or _number(accounts) is None:
        return []
    expected = budget.number - accounts.number
    decimals = _decimals(row.value)
    shown = max(_decimals(other.value) for other in (row, budget, accounts))
    if abs(expected - row.number) <= 10**-shown + 1e-9:  # each figure rounded: one in the last decimal
        return []
    here = places[row.position]
    return [
        _wrong_value(
            row,
            here,
            said(
                "check.balance",
                expected=format_number(expected, max(decimals, 1)),
                budget=budget.value,
                accounts=accounts.value,
                budget_row=_place(places[budget.position], here),
                accounts_row=_place(places[accounts.position], here),
            ),
        )
    ]


def _titles(indicator: Indicator) -> InLanguages:
    return InLanguages((("nb", indicator.title.nb), ("nn", indicator.title.nn or indicator.title.nb)))


def _wrong_value(row, place: tuple[str, int], expected) -> Problem:
    """A rule broken by a row's value, named in the file and at the row where it stands."""
    return Problem(place[0], place[1], "value", row.value, expected)


def _decimals(value) -> int:
    """How many decimals a figure was typed with («17,8» → 1): a check is as exact as the figure."""
    return len(str(value).replace(",", ".").partition(".")[2])


def _number(row) -> float | None:
    return None if row is None or row.number is None or pd.isna(row.number) else float(row.number)


def _share_problems(row, indicator: Indicator, lookup: dict, places: list[tuple[str, int]]) -> list[Problem]:
    count = lookup.get((row.region, row.year, indicator.share_of.count, row.category))
    total = lookup.get((row.region, row.year, indicator.share_of.total, ""))
    if _number(count) is None or not _number(total):
        return []
    expected = 100 * count.number / total.number
    decimals = _decimals(row.value)
    if abs(round_half_up(expected, decimals) - row.number) <= 0.5 * 10**-decimals + 1e-9:
        return []
    here = places[row.position]
    return [
        _wrong_value(
            row,
            here,
            said(
                "check.share",
                expected=format_number(expected, max(decimals, 1)),
                count=count.value,
                total=total.value,
                count_row=_place(places[count.position], here),
                total_row=_place(places[total.position], here),
            ),
        )
    ]


def _sum_problems(filled: list, catalogue: Catalogue, places: list[tuple[str, int]]) -> list[Problem]:
    """Parts that the catalogue says add up (counts to their total, shares to 100) must do so.
    One pass over the rows groups every indicator's parts by region and year (a filter per
    indicator over the whole frame cost seconds on a national snapshot)."""
    parts: dict[str, dict[tuple, list]] = {}
    totals: dict[tuple, Any] = {}
    for row in filled:
        if row.category:
            parts.setdefault(row.indicator, {}).setdefault((row.region, row.year), []).append(row)
        else:
            totals.setdefault((row.indicator, row.region, row.year), row)  # the first, as a file reads
    problems = []
    for indicator in catalogue:
        if not indicator.parts_sum_to_total or indicator.id not in parts:
            continue
        total_id = indicator.total or indicator.id
        tolerance = SUM_TOLERANCE.get(indicator.unit, 0.5)
        partial = {c.id for c in indicator.categories if not c.in_template}
        for (region, year), group in sorted(parts[indicator.id].items(), key=lambda item: item[0]):
            if any(pd.isna(part.number) for part in group) or partial & {part.category for part in group}:
                continue
            parts_sum = math.fsum(part.number for part in group)
            if indicator.is_share:
                if abs(parts_sum - 100) > tolerance:
                    last = group[-1]
                    file, line = places[last.position]
                    problems.append(
                        Problem(
                            file,
                            line,
                            "value",
                            last.value,
                            said(
                                "check.shares_sum",
                                indicator=indicator.id,
                                region=region,
                                year=year,
                                sum=_decimal_comma(parts_sum),
                            ),
                        )
                    )
                continue
            total = totals.get((total_id, region, year))
            if total is None or pd.isna(total.number):
                continue
            if abs(parts_sum - float(total.number)) > tolerance:
                here = places[total.position]
                elsewhere = sorted({places[part.position][0] for part in group} - {here[0]})
                where = said("check.parts_elsewhere", files=", ".join(elsewhere)) if elsewhere else ""
                problems.append(
                    Problem(
                        here[0],
                        here[1],
                        "value",
                        total.value,
                        said(
                            "check.parts_sum",
                            indicator=indicator.id,
                            region=region,
                            year=year,
                            sum=_decimal_comma(parts_sum),
                            where=where,
                        ),
                    )
                )
    return problems


def _decimal_comma(number: float) -> str:
    """A sum the tool worked out, written the Norwegian way (117,8, not 117.8)."""
    return f"{number:g}".replace(".", ",")
