"""Reads every file of figures, validates it, and harmonises codes: the one way data comes in.

Sources, in order of precedence when two give the same figure (region, year, indicator,
category): a municipality's own filled template (`data/own_figures/<kommunenummer>/`), the
embedded figures from published reports (`data/observations/`, newest report first), then
SSB figures cached by `python -m tilstand fetch` (`data/ssb/cache/`).
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cached_property
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tilstand.ingest.catalogue import Catalogue, load_catalogue
from tilstand.paths import DATA_DIR
from tilstand.ingest.register import Register, load_register
from .validation import (DataValidationError, Problem, REQUIRED_COLUMNS, OPTIONAL_COLUMNS,
                         parse_number, validate_frame)

COLUMNS = list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
OWN_FIGURES_DIR = "own_figures"
SSB_CACHE_DIR = "ssb/cache"
PRECEDENCE = {"own": 0, "report": 1, "ssb": 2}


def read_raw(path: Path) -> pd.DataFrame:
    """A file of figures as text, every cell a string, empty cells empty (never NaN or 0)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame.apply(lambda column: column.str.strip())


def read_observations(path: Path, catalogue: Catalogue | None = None,
                      register: Register | None = None, *, label: str | None = None) -> pd.DataFrame:
    """Read and validate one file; raise DataValidationError listing every problem in it."""
    catalogue = catalogue or load_catalogue()
    register = register or load_register()
    label = label or _display_path(path)
    try:
        raw = read_raw(path)
    except (ValueError, UnicodeDecodeError, OSError) as error:
        raise DataValidationError([Problem(label, 1, "-", "", f"en lesbar CSV- eller Excel-fil ({error})")]) from error
    problems = validate_frame(raw, label, catalogue, register)
    if problems:
        raise DataValidationError(problems)
    return _typed(raw, label, register)


def _typed(raw: pd.DataFrame, label: str, register: Register) -> pd.DataFrame:
    frame = raw.reindex(columns=COLUMNS, fill_value="")
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].map(lambda text: parse_number(text) if text else None).astype(float)
    frame.loc[frame["status"] == "-", "value"] = frame.loc[frame["status"] == "-", "value"].fillna(0.0)
    frame["kommunenummer"] = frame["region"].map(lambda code: _harmonised(code, register))
    frame["file"] = label
    frame["row"] = frame.index + 2
    return frame


def _harmonised(code: str, register: Register) -> str:
    """Historic kommunenummer → today's; comparison codes (EAK, ASSS_MEAN …) stay as they are."""
    return register.current_code(code) if code.isdigit() else code


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(DATA_DIR.parent))
    except ValueError:
        return str(path)


@dataclass
class Dataset:
    """All figures, validated and harmonised; one row per region, year, indicator and category."""
    frame: pd.DataFrame

    @cached_property
    def _by_indicator(self) -> dict[str, pd.DataFrame]:
        """Rows per indicator: chapters ask for one indicator hundreds of times."""
        return {indicator: rows for indicator, rows in self.frame.groupby("indicator", sort=False)}

    def years_for(self, kommunenummer: str) -> list[int]:
        rows = self.frame[(self.frame["kommunenummer"] == kommunenummer) & self.frame["value"].notna()]
        return sorted(rows["year"].unique().tolist())

    def municipalities(self) -> list[str]:
        codes = self.frame.loc[self.frame["kommunenummer"].str.isdigit(), "kommunenummer"]
        return sorted(codes.unique().tolist())

    def rows(self, indicator: str, regions: list[str] | None = None) -> pd.DataFrame:
        selected = self._by_indicator.get(indicator, self.frame.iloc[0:0])
        if regions is not None:
            selected = selected[selected["kommunenummer"].isin(regions)]
        return selected


def _source_files(data_dir: Path) -> list[tuple[str, Path]]:
    files = [("own", path) for path in sorted((data_dir / OWN_FIGURES_DIR).glob("*/*"))
             if path.suffix.lower() in (".csv", ".xlsx")]
    files += [("report", path) for path in sorted((data_dir / "observations").glob("*.csv"))]
    files += [("ssb", path) for path in sorted((data_dir / SSB_CACHE_DIR).glob("*.csv"))]
    return files


def _report_recency(data_dir: Path) -> dict[str, int]:
    with (data_dir / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: int(row["published"]) for row in csv.DictReader(handle)}


SNAPSHOT_ENV = "TILSTAND_DATASET_SNAPSHOT"


def write_snapshot(dataset: Dataset, path: Path) -> Path:
    """The validated dataset as one file, so every chapter of a build reads the same figures
    without validating them again."""
    dataset.frame.to_pickle(path)
    return path


@lru_cache(maxsize=4)
def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Every file under data/, validated together so all errors are reported at once.

    Inside a build the chapters get the snapshot the build validated (see write_snapshot).
    """
    snapshot = os.environ.get(SNAPSHOT_ENV)
    if snapshot and data_dir == DATA_DIR and Path(snapshot).exists():
        return Dataset(pd.read_pickle(snapshot))
    catalogue, register = load_catalogue(data_dir), load_register(data_dir)
    frames, problems = [], []
    for kind, path in _source_files(data_dir):
        try:
            frame = read_observations(path, catalogue, register)
        except DataValidationError as error:
            problems += error.problems
            continue
        frames.append(frame.assign(origin=kind))
    if problems:
        raise DataValidationError(problems)
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    # An unfilled template row says nothing, so it must not hide a figure from another source.
    combined = combined[combined["value"].notna() | (combined["status"] != "")]
    recency = _report_recency(data_dir)
    combined["precedence"] = combined["origin"].map(PRECEDENCE)
    combined["recency"] = -combined["source"].map(recency).fillna(0)
    combined = (combined.sort_values(["precedence", "recency"], kind="stable")
                .drop_duplicates(["kommunenummer", "year", "indicator", "category"], keep="first")
                .drop(columns=["precedence", "recency"])
                .reset_index(drop=True))
    combined["unit"] = combined["indicator"].map(lambda i: catalogue.get(i).unit)
    return Dataset(combined)
