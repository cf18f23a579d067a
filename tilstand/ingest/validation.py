"""Checks a file of figures and reports every problem at once, each naming file, row and column.

Row numbers are those a spreadsheet shows: the header is row 1, the first figure row 2.
Column checks run through pandera; checks across rows (duplicates, parts that must add up to
their total) are done here with the same kind of message.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from tilstand.ingest.catalogue import Catalogue
from tilstand.ingest.register import Register, aggregate_name

REQUIRED_COLUMNS = ("region", "year", "indicator", "category", "value", "status", "source")
OPTIONAL_COLUMNS = ("source_ref", "note")
HELP_COLUMNS = ("title", "unit", "definition", "category_label")   # written by the template, ignored
SSB_SYMBOLS = ("", ".", "..", ":", "-")
FIRST_YEAR = 1990
SUM_TOLERANCE = {"antall": 0.0, "prosent": 0.6}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        shown = f"«{self.value}»" if self.value != "" else "tom"
        return f"{self.file}, rad {self.row}, kolonne «{self.column}»: {shown} – forventet {self.expected}."


class DataValidationError(ValueError):
    """All problems found in one or more files."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row, p.column))
        files = sorted({p.file for p in self.problems})
        header = f"Fant {len(self.problems)} feil i {', '.join(files)}:"
        super().__init__("\n".join([header] + [f"  - {p}" for p in self.problems]))


def parse_number(text: str) -> float | None:
    """A figure as written by a person: accepts decimal comma and spaces as thousands separators."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    if cleaned.startswith("\u2212"):
        cleaned = "-" + cleaned[1:]
    try:
        return float(cleaned)
    except ValueError:
        return None


def is_comparison_code(code: str) -> bool:
    try:
        aggregate_name(code)
    except ValueError:
        return False
    return True


def _column_schema(catalogue: Catalogue, register: Register):
    import pandera.pandas as pa   # imported here: chapters read a validated snapshot and never need it

    last_year = date.today().year

    def element(check, expected):
        return pa.Check(lambda text: check(str(text)), element_wise=True, error=expected)

    return pa.DataFrameSchema({
        "region": pa.Column(str, element(lambda code: register.is_known(code) or is_comparison_code(code),
                                         "et kjent kommunenummer med fire sifre (f.eks. 0219 eller 3201) "
                                         "eller en kjent sammenligningskode (EAK, EKG12, ASSS_MEAN …)")),
        "year": pa.Column(str, element(lambda t: t.isdigit() and FIRST_YEAR <= int(t) <= last_year,
                                       f"et årstall mellom {FIRST_YEAR} og {last_year}")),
        "indicator": pa.Column(str, element(lambda t: t in catalogue,
                                            "en indikator-id fra data/indicators.csv "
                                            "(se `python -m tilstand template`)")),
        "value": pa.Column(str, element(lambda t: t == "" or parse_number(t) is not None,
                                        "et tall (desimalkomma eller -punktum) eller tom celle")),
        "status": pa.Column(str, pa.Check.isin(list(SSB_SYMBOLS),
                                               error="tom eller et av SSBs symboler . .. : -")),
    }, strict=False)


def validate_frame(raw: pd.DataFrame, file: str, catalogue: Catalogue, register: Register) -> list[Problem]:
    """Every problem in a file read as text (all columns str, empty string for empty cells)."""
    problems = [Problem(file, 1, column, "", "at kolonnen finnes i overskriftsraden")
                for column in REQUIRED_COLUMNS if column not in raw.columns]
    known = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + HELP_COLUMNS)
    problems += [Problem(file, 1, column, column, f"bare kjente kolonner ({', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)})")
                 for column in raw.columns if column not in known]
    if problems:
        return problems

    from pandera.errors import SchemaErrors

    try:
        _column_schema(catalogue, register).validate(raw, lazy=True)
    except SchemaErrors as errors:
        for case in errors.failure_cases.itertuples():
            if pd.notna(case.index):
                problems.append(Problem(file, int(case.index) + 2, str(case.column),
                                        str(case.failure_case), str(case.check)))
    bad_rows = {p.row for p in problems}
    problems += _row_problems(raw, file, catalogue, bad_rows)
    return problems


def _row_problems(raw: pd.DataFrame, file: str, catalogue: Catalogue, bad_rows: set[int]) -> list[Problem]:
    problems = []
    seen: dict[tuple, int] = {}
    for index, row in raw.iterrows():
        number = int(index) + 2
        if row["indicator"] not in catalogue:
            continue
        indicator = catalogue.get(row["indicator"])
        category = row["category"]
        if category and indicator.categories and category not in {c.id for c in indicator.categories}:
            allowed = ", ".join(c.id for c in indicator.categories)
            problems.append(Problem(file, number, "category", category,
                                    f"en kategori for «{indicator.id}»: {allowed}, eller tom"))
        value = parse_number(row["value"]) if row["value"] else None
        if value is not None and indicator.is_count and value < 0:
            problems.append(Problem(file, number, "value", row["value"], "et antall som ikke er negativt"))
        if value is not None and indicator.is_share and not 0 <= value <= 100:
            problems.append(Problem(file, number, "value", row["value"], "en andel mellom 0 og 100 (prosent)"))
        if value not in (None, 0.0) and row["status"] == "-":
            problems.append(Problem(file, number, "value", row["value"],
                                    "0 eller tom celle når status er «-» (nøyaktig null)"))
        if value is not None and row["status"] not in ("", "-"):
            problems.append(Problem(file, number, "status", row["status"],
                                    "tom status når verdien er oppgitt (symbolet forklarer en manglende verdi)"))
        if (row["value"] or row["status"]) and not row["source"]:
            # An untouched template row (no value, no status) needs no source; a figure does.
            problems.append(Problem(file, number, "source", "", "en kilde (dokument, tabell eller system) "
                                    "når verdi eller status er fylt ut"))
        key = (row["region"], row["year"], row["indicator"], category)
        if key in seen:
            problems.append(Problem(file, number, "indicator", row["indicator"],
                                    f"én rad per region, år, indikator og kategori (samme som rad {seen[key]})"))
        else:
            seen[key] = number
    if not bad_rows:
        problems += _sum_problems(raw, file, catalogue)
    return problems


def _sum_problems(raw: pd.DataFrame, file: str, catalogue: Catalogue) -> list[Problem]:
    """Parts that the catalogue says add up (counts to their total, shares to 100) must do so."""
    problems = []
    # Unfilled template rows say nothing and are left out; "-" is exactly zero.
    filled = raw[(raw["value"] != "") | (raw["status"] != "")]
    values = filled.assign(number=[0.0 if status == "-" and not text else parse_number(text) if text else None
                                   for text, status in zip(filled["value"], filled["status"])])
    for indicator in catalogue:
        if not indicator.parts_sum_to_total:
            continue
        parts = values[(values["indicator"] == indicator.id) & (values["category"] != "")]
        total_id = indicator.total_indicator or indicator.id
        totals = values[(values["indicator"] == total_id) & (values["category"] == "")]
        tolerance = SUM_TOLERANCE.get(indicator.unit, 0.5)
        for (region, year), group in parts.groupby(["region", "year"]):
            if group["number"].isna().any() or "uleselig" in set(group["category"]):
                continue
            parts_sum = group["number"].sum()
            if indicator.is_share:
                if abs(parts_sum - 100) > tolerance:
                    row = int(group.index[-1]) + 2
                    problems.append(Problem(file, row, "value", group["value"].iloc[-1],
                                            f"at andelene av «{indicator.id}» for {region} {year} summerer "
                                            f"til 100, men de summerer til {parts_sum:g}"))
                continue
            total = totals[(totals["region"] == region) & (totals["year"] == year)]
            if total.empty or pd.isna(total["number"].iloc[0]):
                continue
            if abs(parts_sum - float(total["number"].iloc[0])) > tolerance:
                problems.append(Problem(file, int(total.index[0]) + 2, "value", total["value"].iloc[0],
                                        f"summen av delene av «{indicator.id}» for {region} {year}, "
                                        f"som er {parts_sum:g}"))
    return problems
