"""The project's reference tables (source documents, price index, fictitious municipalities, KOSTRA
groups, counties, language decisions), each read through a schema so a mistake in one is reported
like a mistake in a file of figures: file, row, column, value and what was expected.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tilstand.ingest.problems import DataValidationError, Problem, Said, said
from tilstand.paths import DEFAULT_WORKSPACE, fingerprint

YEAR = r"^(19|20)\d\d$"
NAME_MAX = 60
NAME_PATTERN = re.compile(r"[^\W_](?:[\w .,'’()/&–-]*[\w.)])?")  # one line of words; never markup or a CSV field break
FICTITIOUS = " (fiktiv)"
OPTIONAL_YEAR = r"^((19|20)\d\d)?$"


def _schemas() -> dict[str, object]:
    """Each table's columns; what a cell should hold is a text in messages.yml (reference.*), so a
    mistake is told in the målform of whoever reads it."""
    import pandera.pandas as pa

    def text(pattern: str, expected: str, **options):
        return pa.Column(str, pa.Check.str_matches(pattern, error=f"reference.{expected}"), **options)

    any_text = pa.Column(str)
    return {
        "sources.csv": pa.DataFrameSchema(
            {
                "id": text(r"^[a-z0-9_]+$", "id", unique=True),
                "title": text(r"\S", "title"),
                "publisher": text(r"\S", "publisher"),
                "published": text(YEAR, "year"),
                "seed_file": any_text,
                "url_note": any_text,
            },
            strict=True,
        ),
        "deflator.csv": pa.DataFrameSchema(
            {
                "year": text(YEAR, "year", unique=True),
                "index": text(r"^\d+(\.\d+)?$", "index"),
                "source": text(r"\S", "source_id"),
                "note": text(r"\S", "note"),
            },
            strict=True,
        ),
        "municipalities/extra.csv": pa.DataFrameSchema(
            {
                "kommunenummer": text(r"^99\d\d$", "fictitious_code", unique=True),
                "name": text(
                    rf"^(?=.{{1,{NAME_MAX + len(FICTITIOUS)}}}\Z)(?=.*\(fiktiv\)\Z){NAME_PATTERN.pattern}\Z",
                    "fictitious_name",
                ),
                "fictitious": text(r"^true$", "fictitious_true"),
                "malform": text(r"^(bokmal|nynorsk|noytral)$", "malform"),
                "note": any_text,
            },
            strict=True,
        ),
        "municipalities/groups.csv": pa.DataFrameSchema(
            {
                "kommunenummer": text(r"^\d{4}$", "code"),
                "from_year": text(OPTIONAL_YEAR, "year_or_empty"),
                "to_year": text(OPTIONAL_YEAR, "year_or_empty"),
                "kostra_group": text(r"^(\d{1,2})?$", "group_or_empty"),
                "asss": text(r"^(true|false)?$", "asss"),
                "source": text(r"\S", "source"),
            },
            strict=True,
        ),
        "municipalities/kostra_groups.csv": pa.DataFrameSchema(
            {  # written by `fetch --all` from SSB Klass
                "kommunenummer": text(r"^\d{4}$", "code"),
                "from_year": text(YEAR, "year"),
                "to_year": text(YEAR, "year"),
                "kostra_group": text(r"^\d{1,2}$", "group"),
                "source": text(r"\S", "source"),
            },
            strict=True,
        ),
        "municipalities/counties.csv": pa.DataFrameSchema(
            {
                "code": text(r"^\d\d$", "county"),
                "name": text(r"\S", "name"),
                "from_year": text(OPTIONAL_YEAR, "year_or_empty"),
                "to_year": text(OPTIONAL_YEAR, "year_or_empty"),
            },
            strict=True,
        ),
        "municipalities/malform.csv": pa.DataFrameSchema(
            {
                "kommunenummer": text(r"^\d{4}$", "code", unique=True),
                "name": text(r"\S", "name"),
                "malform": text(r"^(bokmal|nynorsk|noytral)?$", "malform_or_empty"),
                "source": text(r"\S", "source"),
            },
            strict=True,
        ),
    }


def _expected(check: str) -> Said | str:
    """What a failed check wanted, from messages.yml: the schema's own texts and pandera's column and
    uniqueness checks (any other check is named as pandera names it)."""
    named = {
        "column_in_schema": "reference.known_columns",
        "column_in_dataframe": "reference.missing_column",
        "field_uniqueness": "reference.unique",
    }.get(check, check)
    return said(named, most=NAME_MAX) if named.startswith("reference.") else check


@dataclass(frozen=True)
class Checked:
    """A reference table's rows in file order (the first is row 2, as a spreadsheet shows it) and what is
    wrong in them; a problem in row 1 is the header's, and so every row's."""

    rows: tuple[dict[str, str], ...]
    problems: tuple[Problem, ...]


@lru_cache(maxsize=32)
def _read(path: Path, name: str, _fingerprint: tuple) -> Checked:
    from pandera.errors import SchemaErrors

    label = f"data/{name}"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        records = list(reader)
    overfull = {
        number: len(record) - 1 + len(record[None]) for number, record in enumerate(records, start=2) if None in record
    }
    problems = [
        Problem(label, number, "", "", said("reference.too_many_cells", cells=cells, header=len(reader.fieldnames)))
        for number, cells in overfull.items()
    ]
    records = [{key: value for key, value in record.items() if key is not None} for record in records]
    frame = pd.DataFrame(records, columns=reader.fieldnames, dtype=str).fillna("")
    try:
        _schemas()[name].validate(frame, lazy=True)
    except SchemaErrors as errors:
        for case in errors.failure_cases.itertuples():
            row = int(case.index) + 2 if pd.notna(case.index) else 1
            if row in overfull:
                continue  # its cells are shifted: the count of cells is the one mistake to fix
            problems.append(
                Problem(
                    label,
                    row,
                    str(case.column or case.failure_case),
                    str(case.failure_case),
                    _expected(str(case.check)),
                )
            )
    return Checked(tuple(frame.to_dict("records")), tuple(problems))


def read_reference(name: str, data_dir: Path | None = None) -> tuple[dict[str, str], ...]:
    """The rows of one reference table (name relative to data/), checked against its schema."""
    checked = read_reference_rows(name, data_dir)
    if checked.problems:
        raise DataValidationError(list(checked.problems))
    return checked.rows


def read_reference_rows(name: str, data_dir: Path | None = None) -> Checked:
    """Every row of a table whose rows stand alone (the fictitious municipalities), with the problems of
    each: one bad row makes only that row unusable."""
    path = Path(data_dir or DEFAULT_WORKSPACE.data).resolve() / name
    return _read(path, name, fingerprint(path))


@dataclass(frozen=True)
class SourceDocument:
    id: str
    title: str
    publisher: str
    published: int


def source_documents(data_dir: Path | None = None) -> dict[str, SourceDocument]:
    return {
        row["id"]: SourceDocument(row["id"], row["title"], row["publisher"], int(row["published"]))
        for row in read_reference("sources.csv", data_dir)
    }


def deflator(data_dir: Path | None = None) -> dict[int, float]:
    """Price index per year (any base year; only ratios are used)."""
    return {int(row["year"]): float(row["index"]) for row in read_reference("deflator.csv", data_dir)}
