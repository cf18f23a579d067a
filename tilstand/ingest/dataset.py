"""Reads every file of figures, validates it, and harmonises codes: the one way data comes in.

Sources, in order of precedence when two give the same figure (region, year, indicator,
category): a municipality's own filled template (`data/own_figures/<kommunenummer>/`), the
embedded figures from published reports (`data/observations/`, newest report first), then
SSB figures cached by `python -m tilstand fetch` (`data/ssb/cache/`).

Every problem of every file is reported in one DataValidationError; figures that look odd but may
be right (a jump from one year to the next) are warnings on the dataset.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from tilstand.ingest.catalogue import Catalogue, load_catalogue
from tilstand.ingest.problems import DataValidationError, Problem
from tilstand.ingest.readers import read_table
from tilstand.ingest.reference import source_documents
from tilstand.ingest.register import Register, load_register
from tilstand.ingest.validation import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, parse_number, validate_frame
from tilstand.paths import (
    DEFAULT_WORKSPACE,
    PACKAGE_DIR,
    REPO_ROOT,
    Workspace,
    files_under,
    fingerprint,
    leftover_reason,
)
from tilstand.regions import RegionKind, is_comparison, region_kind

COLUMNS = list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
PRECEDENCE = {"own": 0, "report": 1, "ssb": 2}
JUMP_FLOOR = 20          # counts below this jump naturally from year to year: no warning


def read_observations(path: Path, catalogue: Catalogue | None = None, register: Register | None = None,
                      *, label: str | None = None) -> pd.DataFrame:
    """Read and validate one file; raise DataValidationError listing every problem in it."""
    catalogue = catalogue or load_catalogue()
    register = register or load_register()
    label = label or str(path)
    table = read_table(path, label)
    checked = validate_frame(table.frame, label, catalogue, register, table.rows) \
        if not table.frame.empty or not table.problems else []
    said = {(p.row, p.column) for p in table.problems}      # one mistake, one message
    problems = table.problems + [p for p in checked if (p.row, p.column) not in said]
    if problems:
        raise DataValidationError(problems)
    return _typed(table.frame, label, table.rows, register)


@lru_cache(maxsize=256)
def _read_checked(path: Path, label: str, catalogue: Catalogue, register: Register, _fingerprint: tuple) -> pd.DataFrame:
    """One file, validated once for as long as it and the catalogue and register are unchanged."""
    return read_observations(path, catalogue, register, label=label)


def _rules_key(workspace: Workspace) -> str:
    return _rules_digest(workspace, fingerprint(PACKAGE_DIR, REPO_ROOT / "requirements.txt", workspace.data))


@lru_cache(maxsize=2)
def _rules_digest(workspace: Workspace, _fingerprint: tuple) -> str:
    """What checking a file depends on besides the file itself: the package's code, the pinned
    libraries and every file under data/ that is not a file of figures (catalogue, register, …)."""
    figures = (workspace.own_figures, workspace.data / "observations", workspace.ssb_cache)
    sha = hashlib.sha256()
    for file in [*files_under(PACKAGE_DIR), REPO_ROOT / "requirements.txt", *files_under(workspace.data)]:
        if not any(file.is_relative_to(folder) for folder in figures):
            sha.update(str(file.relative_to(file.anchor)).encode() + b"\0" + file.read_bytes())
    return sha.hexdigest()


def _stored_checked(source: SourceFile, label: str, rules: str, workspace: Workspace, catalogue: Catalogue,
                    register: Register) -> pd.DataFrame:
    """One file read and checked, kept on disk (_build/.cache/checked/) under a key of its own
    bytes and of everything the check depends on: a national snapshot of 358 files is checked
    once after each fetch, not in every build. A file with problems is never kept (it is checked
    again, so its errors are always reported)."""
    data = source.path.read_bytes()
    key = hashlib.sha256(f"{rules}\0{label}\0".encode() + data).hexdigest()
    stored = workspace.build / ".cache" / "checked" / f"{key}.pkl"
    with contextlib.suppress(OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return pd.read_pickle(stored)        # missing, or written by another Python: check it again
    frame = _read_checked(source.path, label, catalogue, register, fingerprint(source.path))
    stored.parent.mkdir(parents=True, exist_ok=True)
    temporary = stored.with_name(f".{stored.name}.{os.getpid()}")
    frame.to_pickle(temporary)
    os.replace(temporary, stored)       # atomic: a worker beside this one never reads half a file
    return frame


def _typed(raw: pd.DataFrame, label: str, rows: list[int], register: Register) -> pd.DataFrame:
    frame = raw.reindex(columns=COLUMNS, fill_value="")
    if frame.empty:
        return frame.assign(kommunenummer="", file=label, row=0)
    frame["region"] = frame["region"].map(lambda code: code.zfill(4) if code.isdigit() else code)
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].map(lambda text: parse_number(text) if text else None).astype(float)
    zero = frame["status"] == "-"
    frame.loc[zero, "value"] = frame.loc[zero, "value"].fillna(0.0)
    frame["kommunenummer"] = frame["region"].map(lambda code: _harmonised(code, register))
    frame["file"] = label
    frame["row"] = rows
    return frame


def _harmonised(code: str, register: Register) -> str:
    """Historic kommunenummer → today's; comparison codes (EAK, ASSS_MEAN …) stay as they are."""
    return register.current_code(code) if region_kind(code) is RegionKind.MUNICIPALITY else code


@dataclass(eq=False)     # compared (and cached) by identity: one loaded dataset is one value
class Dataset:
    """All figures, validated and harmonised; one row per region, year, indicator and category."""
    frame: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)

    @cached_property
    def _by_indicator(self) -> dict[str, pd.DataFrame]:
        """Rows per indicator: chapters ask for one indicator hundreds of times."""
        return {indicator: rows for indicator, rows in self.frame.groupby("indicator", sort=False)}

    @cached_property
    def _years(self) -> dict[str, list[int]]:
        known = self.frame[self.frame["value"].notna()]
        return {code: sorted(group["year"].unique().tolist()) for code, group in known.groupby("kommunenummer")}

    def years_for(self, kommunenummer: str) -> list[int]:
        return self._years.get(kommunenummer, [])

    def municipalities(self) -> list[str]:
        return sorted(code for code in self._years if not is_comparison(code))

    def rows(self, indicator: str, regions: list[str] | None = None) -> pd.DataFrame:
        selected = self._by_indicator.get(indicator, self.frame.iloc[0:0])
        if regions is not None:
            selected = selected[selected["kommunenummer"].isin(regions)]
        return selected


@dataclass(frozen=True)
class SourceFile:
    origin: str          # own, report or ssb
    path: Path
    folder: str = ""     # own figures: the kommunenummer of the folder the file lies in


def source_files(workspace: Workspace) -> list[SourceFile]:
    files = [SourceFile("own", path, path.parent.name)
             for path in sorted(workspace.own_figures.glob("*/*")) if path.is_file() and not leftover_reason(path)]
    files += [SourceFile("report", path) for path in sorted((workspace.data / "observations").glob("*.csv"))]
    files += [SourceFile("ssb", path) for path in sorted(workspace.ssb_cache.glob("*.csv"))]
    return files


def _folder_problems(frame: pd.DataFrame, source: SourceFile, register: Register) -> list[Problem]:
    """Own figures belong to the municipality whose folder they lie in."""
    if not register.is_known(source.folder):
        return [Problem(frame["file"].iloc[0] if len(frame) else source.path.name, None, "", "",
                        f"Mappen data/own_figures/{source.folder}/ er ikke et kjent kommunenummer; "
                        "filene skal ligge i mappen med kommunens nummer (f.eks. data/own_figures/4601/).")]
    folder = register.current_code(source.folder)
    wrong = frame[frame["kommunenummer"] != folder]
    name = register.get(folder).name
    return [Problem(row.file, row.row, "region", row.region,
                    f"et kommunenummer for {name} ({folder}), fordi filen ligger i "
                    f"data/own_figures/{source.folder}/")
            for row in wrong.itertuples()]


def _duplicate_problems(frames: list[pd.DataFrame]) -> list[Problem]:
    """The same figure (region, year, indicator, category) in two of a municipality's own files."""
    combined = pd.concat(frames, ignore_index=True)
    filled = combined[combined["value"].notna() | (combined["status"] != "")]
    key = ["kommunenummer", "year", "indicator", "category"]
    problems = []
    for _, group in filled[filled.duplicated(key, keep=False)].groupby(key):
        if group["file"].nunique() > 1:
            first, *others = group.itertuples()
            for other in others:
                if other.file != first.file:
                    problems.append(Problem(other.file, other.row, "indicator", other.indicator,
                                            f"tallet bare i én fil; det står også i {first.file}, rad {first.row}"))
    return problems


def _jump_warnings(own: pd.DataFrame, known: pd.DataFrame, catalogue: Catalogue) -> list[Problem]:
    """Own figures far from the year before (in `known`): worth a second look, but they may be right."""
    previous = {(r.kommunenummer, r.indicator, r.category, r.year): r.value for r in known.itertuples()}
    warnings = []
    for row in own.itertuples():
        indicator = catalogue.get(row.indicator)
        before = previous.get((row.kommunenummer, row.indicator, row.category, row.year - 1))
        if indicator.is_share or before is None or pd.isna(before) or pd.isna(row.value) or \
                max(abs(before), abs(row.value)) < JUMP_FLOOR or before <= 0 or row.value <= 0:
            continue
        ratio = row.value / before
        if ratio > indicator.jump_factor or ratio < 1 / indicator.jump_factor:
            warnings.append(Problem(row.file, row.row, "value", _plain(row.value), (
                f"et tall nær fjorårets ({_plain(before)} i {row.year - 1}); endringen er over "
                f"{indicator.jump_factor:g} ganger. Sjekk at tallet er riktig"), warning=True))
    return warnings


def _plain(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _load_all(workspace: Workspace, sources: list[SourceFile] | None = None) -> Dataset:
    catalogue, register = load_catalogue(workspace.data), load_register(workspace.data)
    frames, own, problems = [], [], []
    rules = _rules_key(workspace)
    for source in source_files(workspace) if sources is None else sources:
        try:
            frame = _stored_checked(source, workspace.relative(source.path), rules, workspace, catalogue,
                                    register).copy()
        except DataValidationError as error:
            problems += error.problems
            continue
        if source.origin == "own":
            problems += _folder_problems(frame, source, register)
            own.append(frame)
        frames.append(frame.assign(origin=source.origin))
    if own:
        problems += _duplicate_problems(own)
    if problems:
        raise DataValidationError(problems)
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS + ["origin"])
    # An unfilled template row says nothing, so it must not hide a figure from another source.
    combined = combined[combined["value"].notna() | (combined["status"] != "")]
    recency = {source: document.published for source, document in source_documents(workspace.data).items()}
    combined = combined.assign(precedence=combined["origin"].map(PRECEDENCE),
                               recency=-combined["source"].map(recency).fillna(0))
    combined = (combined.sort_values(["precedence", "recency"], kind="stable")
                .drop_duplicates(["kommunenummer", "year", "indicator", "category"], keep="first")
                .drop(columns=["precedence", "recency"])
                .reset_index(drop=True))
    combined["unit"] = combined["indicator"].map(lambda i: catalogue.get(i).unit)
    warnings = _jump_warnings(combined[combined["origin"] == "own"], combined, catalogue)
    return Dataset(combined, warnings)


def check_files(paths: list[Path], workspace: Workspace = DEFAULT_WORKSPACE
                ) -> tuple[dict[Path, pd.DataFrame], list[Problem]]:
    """What `validate` checks, as the build checks it: every file on its own, own figures against
    the folder they lie in, and the same figure in two of the files given. Leftover files (lock
    files, hidden files) are left out as the build leaves them out."""
    catalogue, register = load_catalogue(workspace.data), load_register(workspace.data)
    read, own, problems = {}, [], []
    for path in paths:
        try:
            frame = read_observations(path, catalogue, register, label=str(path))
        except DataValidationError as error:
            problems += error.problems
            continue
        read[path] = frame
        folder = path.resolve().parent
        if folder.parent == workspace.own_figures.resolve():
            problems += _folder_problems(frame, SourceFile("own", path, folder.name), register)
        own.append(frame)
    if len(own) > 1:
        problems += _duplicate_problems(own)
    return read, problems


def jump_warnings_for(frame: pd.DataFrame, workspace: Workspace = DEFAULT_WORKSPACE) -> list[Problem]:
    """The warnings a build would give for one file read by read_observations, against the figures
    the project already holds (none when the project's own files do not validate)."""
    try:
        known = load_dataset(workspace).frame
    except DataValidationError:
        return []
    return _jump_warnings(frame, pd.concat([known, frame], ignore_index=True), load_catalogue(workspace.data))


@lru_cache(maxsize=2)
def _cached(workspace: Workspace, _fingerprint: tuple) -> Dataset:
    return _load_all(workspace)


def load_dataset(workspace: Workspace = DEFAULT_WORKSPACE) -> Dataset:
    """Every file under data/, validated together so all errors are reported at once; read again
    whenever a file changes (a long-lived kernel never serves old figures)."""
    return _cached(workspace, fingerprint(workspace.data))


def load_dataset_apart(workspace: Workspace = DEFAULT_WORKSPACE) -> tuple[Dataset, dict[str, DataValidationError]]:
    """For building many municipalities at once: one municipality's broken own figures must not stop
    the others. Each folder of own figures is checked on its own; a folder with problems is left
    out of the dataset and its problems returned under the folder's kommunenummer. Problems in the
    shared files (reports, SSB) still stop everything."""
    sources = source_files(workspace)
    broken = {}
    for folder in sorted({source.folder for source in sources if source.origin == "own"}):
        try:
            _load_all(workspace, [source for source in sources if source.folder == folder])
        except DataValidationError as error:
            broken[folder] = error
    return _load_all(workspace, [source for source in sources if source.folder not in broken]), broken


def write_snapshot(dataset: Dataset, path: Path) -> Path:
    """The validated dataset as one file, so every chapter of a build reads the same figures
    without validating them again."""
    dataset.frame.to_pickle(path)
    return path


def read_snapshot(path: Path) -> Dataset:
    return Dataset(pd.read_pickle(path))
