"""Earlier years in one step: a table from a previous report (`python -m tilstand import`).

A report prints its figures as a table with the years as columns and one row per figure, labelled
as the report labels it: an indicator's title («Nye meldinger»), and under a title with no figures
of its own, the labels of its categories («Politi», «Skule»). This module places every row in the
catalogue (by title or label, in bokmål or nynorsk, or by id), turns the table into own figures
(one row per year), checks them exactly as the build does, and writes them to the municipality's
folder of own figures. A row it cannot place is an error naming its row and label, never a guess.

Columns that are not years (a change column, a comment) are left out; a cell with one of SSB's
symbols (: .. . -) is that symbol in `status`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tilstand.ingest.catalogue import Catalogue, Indicator, load_catalogue
from tilstand.ingest.dataset import check_files, source_files
from tilstand.ingest.problems import DataValidationError, InLanguages, Problem, UserError, said
from tilstand.ingest.readers import read_table
from tilstand.ingest.register import load_register
from tilstand.ingest.target import resolve_municipality
from tilstand.ingest.validation import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    SSB_SYMBOLS,
    validate_frame,
    without_percent_signs,
)
from tilstand.language import LANGUAGES
from tilstand.paths import DEFAULT_WORKSPACE, Workspace

COLUMNS = list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
_YEAR = re.compile(r"(19|20)\d\d")
_PERCENT = re.compile(r"%|\bprosent\b|\bandel\b", re.IGNORECASE)


class ImportRefused(UserError):
    """The file to write exists already."""


@dataclass(frozen=True)
class Imported:
    path: Path
    kommunenummer: str
    years: list[int]
    figures: int


def _key(label: str) -> str:
    """A label as compared: case, spaces, dashes and a trailing colon or unit mark do not matter."""
    text = label.replace("\u2013", "-").replace("\u00a0", " ").strip().rstrip(":").strip()
    text = re.sub(r"\s*\((antall|prosent|%)\)$", "", text, flags=re.IGNORECASE)
    return " ".join(text.split()).casefold()


def _titles(catalogue: Catalogue) -> dict[str, list[Indicator]]:
    """Every indicator by its title in each language and by its id."""
    found: dict[str, list[Indicator]] = {}
    for indicator in catalogue:
        names = {indicator.id} | {
            _key(title.format(nemnda="nemnda"))
            for language in LANGUAGES
            if (title := getattr(indicator.title, language))
        }
        for name in names:
            found.setdefault(_key(name), []).append(indicator)
    return found


def _category(indicator: Indicator, label: str) -> str | None:
    key = _key(label)
    for category in indicator.categories:
        if key in {category.id, *(_key(text) for language in LANGUAGES if (text := getattr(category.label, language)))}:
            return category.id
    return None


def _place(
    label: str, current: Indicator | None, titles: dict[str, list[Indicator]], percent: bool
) -> tuple[Indicator | None, str, object]:
    """(indicator, category, None), or (None, "", what was expected) for a label that cannot be placed."""
    if current is not None and (category := _category(current, label)) is not None:
        return current, category, None
    matches = titles.get(_key(label), [])
    if len(matches) > 1:  # a count and its share share a title: the label or the cells tell them apart
        matches = [m for m in matches if m.is_share == percent] or matches
    if len(matches) == 1:
        return matches[0], "", None
    if matches:
        return None, "", said("earlier.ambiguous", ids=", ".join(m.id for m in matches))
    names = {_key(name): name for name in _names(current, titles)}
    close = [names[key] for key in difflib.get_close_matches(_key(label), list(names), n=1, cutoff=0.8)]
    if current is not None:
        labels = (
            ""
            if close
            else InLanguages(
                tuple(
                    (
                        language,
                        " (" + ", ".join(getattr(c.label, language) or c.label.nb for c in current.categories) + ")",
                    )
                    for language in LANGUAGES
                )
            )
        )
        return (
            None,
            "",
            said(
                "earlier.unknown_under",
                indicator=current.id,
                labels=labels,
                close=said("earlier.close", title=close[0]) if close else "",
            ),
        )
    return None, "", said("earlier.unknown", close=said("earlier.close", title=close[0]) if close else "")


def _names(current: Indicator | None, titles: dict[str, list[Indicator]]) -> list[str]:
    """The labels a row may have here, as printed: every title, and the categories under the current one."""
    printed = [
        text
        for indicators in titles.values()
        for indicator in indicators
        for language in LANGUAGES
        if (text := getattr(indicator.title, language))
    ]
    if current is not None:
        printed += [
            text
            for category in current.categories
            for language in LANGUAGES
            if (text := getattr(category.label, language))
        ]
    return printed


def table_figures(
    path: Path, label: str, code: str, source: str, workspace: Workspace = DEFAULT_WORKSPACE
) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """The table as own figures (the columns of a file of figures), the spreadsheet row of each
    figure, and every problem: unreadable file, no year columns, a label that cannot be placed."""
    catalogue, register = load_catalogue(workspace.data), load_register(workspace.data)
    table = read_table(path, label)
    if table.problems or table.frame.empty:
        return pd.DataFrame(), [], table.problems or [Problem(label, None, "", "", said("earlier.empty"))]
    columns = list(table.frame.columns)
    years = [column for column in columns[1:] if _YEAR.fullmatch(str(column).strip())]
    if not years:
        return pd.DataFrame(), [], [Problem(label, 1, "", "", said("earlier.no_years"))]
    titles, current, records, rows, problems = _titles(catalogue), None, [], [], []
    for number, cells in zip(table.rows, table.frame.itertuples(index=False)):
        cells = dict(zip(columns, cells))
        name = str(cells[columns[0]]).strip()
        if not name:
            continue
        percent = bool(_PERCENT.search(name)) or any(str(cells[year]).strip().endswith("%") for year in years)
        indicator, category, expected = _place(name, current, titles, percent)
        if expected is not None:
            problems.append(Problem(label, number, columns[0], name, expected))
            continue
        if not category:
            current = indicator if indicator.categories else None
        for year in years:
            text = str(cells[year]).strip()
            if not text:
                continue
            symbol = text if text in SSB_SYMBOLS else ""
            records.append(
                {
                    "region": register.resolve(code, int(year)).code,
                    "year": str(year).strip(),
                    "indicator": indicator.id,
                    "category": category,
                    "value": "" if symbol else text,
                    "status": symbol,
                    "source": source,
                    "source_ref": f"{path.name}, {name}",
                    "note": "",
                }
            )
            rows.append((number, str(year).strip()))
    frame = pd.DataFrame(records, columns=COLUMNS)
    return without_percent_signs(frame, catalogue), rows, problems


def import_table(
    path: Path, municipality: str, *, source: str = "", force: bool = False, workspace: Workspace = DEFAULT_WORKSPACE
) -> Imported:
    """Check the table as the build would and write it as own figures for its years."""
    path = Path(path)
    code = resolve_municipality(municipality, None, workspace).kommunenummer
    label = path.name
    frame, places, problems = table_figures(path, label, code, source or path.stem, workspace)
    if not problems:
        # checked as a file of figures, each problem told at the table's row and year column
        numbered = list(range(2, len(frame) + 2))
        for problem in validate_frame(
            frame, label, load_catalogue(workspace.data), load_register(workspace.data), numbered
        ):
            row, year = places[problem.row - 2] if problem.row and problem.row >= 2 else (problem.row, "")
            column = year if problem.column in ("value", "status", "") else problem.column
            problems.append(Problem(label, row, column, problem.value, problem.expected, problem.warning))
    if problems:
        raise DataValidationError(problems)
    years = sorted({int(year) for year in frame["year"]})
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    out = workspace.own_figures / code / f"{code}_{span}_{_safe(path.stem)}.csv"
    if out.exists() and not force:
        raise ImportRefused(said("earlier.exists", path=workspace.relative(out)))
    out.parent.mkdir(parents=True, exist_ok=True)
    before = out.read_bytes() if out.exists() else None
    frame.to_csv(out, index=False, sep=";", encoding="utf-8")
    others = [
        source.path
        for source in source_files(workspace)
        if source.origin == "own" and source.folder == code and source.path.resolve() != out.resolve()
    ]
    _, found = check_files([*others, out], workspace)
    if found:  # the same figure in another file of own figures: take nothing in
        out.write_bytes(before) if before is not None else out.unlink()
        raise DataValidationError([_at_table(problem, out, label, places, frame) for problem in found])
    return Imported(out, code, years, len(frame))


def _at_table(
    problem: Problem, written: Path, label: str, places: list[tuple[int, str]], frame: pd.DataFrame
) -> Problem:
    """A problem in the file written, told at the row, year column and cell of the table it came from."""
    if problem.file != str(written) or not problem.row or problem.row < 2:
        return problem
    (row, year), written_row = places[problem.row - 2], frame.iloc[problem.row - 2]
    return Problem(label, row, year, written_row["value"] or written_row["status"], problem.expected, problem.warning)


def _safe(stem: str) -> str:
    """A file name part of letters, digits and dashes only."""
    return re.sub(r"[^0-9A-Za-zæøåÆØÅ-]+", "-", stem).strip("-")[:40] or "tabell"
