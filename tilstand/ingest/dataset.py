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

from tilstand.formatting import round_half_up
from tilstand.ingest.catalogue import Catalogue, load_catalogue
from tilstand.ingest.problems import DataValidationError, Problem, said
from tilstand.ingest.readers import read_table
from tilstand.ingest.reference import source_documents
from tilstand.ingest.register import Register, load_register
from tilstand.ingest.rows import row_tuples
from tilstand.ingest.validation import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    parse_number,
    rule_problems,
    validate_frame,
    without_percent_signs,
)
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
JUMP_FLOOR = 20  # counts below this jump naturally from year to year: no warning


def read_observations(
    path: Path,
    catalogue: Catalogue | None = None,
    register: Register | None = None,
    *,
    label: str | None = None,
    data: bytes | None = None,
) -> pd.DataFrame:
    """Read and validate one file (from data, its bytes, when already read); raise
    DataValidationError listing every problem in it."""
    catalogue = catalogue or load_catalogue()
    register = register or load_register()
    label = label or str(path)
    table = read_table(path, label, data)
    table.frame = without_percent_signs(table.frame, catalogue)
    checked = (
        validate_frame(table.frame, label, catalogue, register, table.rows)
        if not table.frame.empty or not table.problems
        else []
    )
    said = {(p.row, p.column) for p in table.problems}  # one mistake, one message
    problems = table.problems + [p for p in checked if (p.row, p.column) not in said]
    if problems:
        raise DataValidationError(problems)
    frame = _typed(table.frame, label, table.rows, register)
    frame.attrs["notices"] = table.notices  # what was left unread (a hidden sheet), said as a warning
    return frame


def _rules_key(workspace: Workspace) -> str:
    files = _rule_files(workspace)
    return _rules_digest(tuple(files), fingerprint(*files))


def _rule_files(workspace: Workspace) -> list[Path]:
    """What checking a file depends on besides the file itself: the package's code, the pinned
    libraries and every file under data/ that is not a file of figures (catalogue, register, …)."""
    figures = (workspace.own_figures, workspace.data / "observations", workspace.ssb_cache)
    return [
        file
        for file in [*files_under(PACKAGE_DIR), REPO_ROOT / "requirements.txt", *files_under(workspace.data)]
        if not any(file.is_relative_to(folder) for folder in figures)
    ]


@lru_cache(maxsize=2)
def _rules_digest(files: tuple[Path, ...], _fingerprint: tuple) -> str:
    """Kept while none of those files changes: a new or changed file of figures (each attempt in a
    row of refused builds) does not mean reading and hashing the package and data/ again."""
    sha = hashlib.sha256()
    for file in files:
        sha.update(str(file.relative_to(file.anchor)).encode() + b"\0" + file.read_bytes())
    return sha.hexdigest()


def _stored_checked(
    source: SourceFile, label: str, rules: str, workspace: Workspace, catalogue: Catalogue, register: Register
) -> pd.DataFrame:
    """One file read and checked, kept on disk (_build/.cache/checked/) under a key of its own
    bytes and of everything the check depends on: a national snapshot of 358 files is checked
    once after each fetch, not in every build. A file with problems is never kept (it is checked
    again, so its errors are always reported)."""
    data = source.path.read_bytes()
    key = hashlib.sha256(f"{rules}\0{label}\0".encode() + data).hexdigest()
    stored = workspace.build / ".cache" / "checked" / f"{key}.pkl"
    with contextlib.suppress(OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return pd.read_pickle(stored)  # missing, or written by another Python: check it again
    frame = read_observations(source.path, catalogue, register, label=label, data=data)  # the bytes keyed
    stored.parent.mkdir(parents=True, exist_ok=True)
    temporary = stored.with_name(f".{stored.name}.{os.getpid()}")
    frame.to_pickle(temporary)
    os.replace(temporary, stored)  # atomic: a worker beside this one never reads half a file
    return frame


def _typed(raw: pd.DataFrame, label: str, rows: list[int], register: Register) -> pd.DataFrame:
    frame = raw.reindex(columns=COLUMNS, fill_value="")
    if frame.empty:
        return frame.assign(kommunenummer="", file=label, row=0)
    regions = [code.zfill(4) if code.isdigit() else code for code in frame["region"].tolist()]
    frame["region"] = regions
    frame["year"] = frame["year"].astype(int)
    numbers = [parse_number(text) if text else None for text in frame["value"].tolist()]
    numbers = [
        0.0 if number is None and status == "-" else number for number, status in zip(numbers, frame["status"].tolist())
    ]
    frame["value"] = pd.Series(numbers, index=frame.index, dtype=float)
    harmonised = {code: _harmonised(code, register) for code in set(regions)}
    frame["kommunenummer"] = [harmonised[code] for code in regions]
    frame["file"] = label
    frame["row"] = rows
    return frame


def _harmonised(code: str, register: Register) -> str:
    """Historic kommunenummer → today's; comparison codes (EAK, ASSS_MEAN …) stay as they are."""
    return register.current_code(code) if region_kind(code) is RegionKind.MUNICIPALITY else code


@dataclass(eq=False)  # compared (and cached) by identity: one loaded dataset is one value
class Dataset:
    """All figures, validated and harmonised; one row per region, year, indicator and category."""

    frame: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)

    @cached_property
    def _by_indicator(self) -> dict[str, pd.DataFrame]:
        """Rows per indicator: chapters ask for one indicator hundreds of times."""
        return dict(iter(self.frame.groupby("indicator", sort=False)))

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
    origin: str  # own, report or ssb
    path: Path
    folder: str = ""  # own figures: the kommunenummer of the folder the file lies in


def source_files(workspace: Workspace) -> list[SourceFile]:
    files = [
        SourceFile("own", path, path.parent.name)
        for path in sorted(workspace.own_figures.glob("*/*"))
        if path.is_file() and not leftover_reason(path)
    ]
    files += [SourceFile("report", path) for path in sorted((workspace.data / "observations").glob("*.csv"))]
    files += [SourceFile("ssb", path) for path in sorted(workspace.ssb_cache.glob("*.csv"))]
    return files


def _folder_problems(frame: pd.DataFrame, source: SourceFile, register: Register) -> list[Problem]:
    """Own figures belong to the municipality whose folder they lie in."""
    if not register.is_known(source.folder):
        return [
            Problem(
                frame["file"].iloc[0] if len(frame) else source.path.name,
                None,
                "",
                "",
                said("check.folder_unknown", folder=source.folder),
            )
        ]
    folder = register.current_code(source.folder)
    name = register.get(folder).name
    return [
        Problem(
            row.file,
            row.row,
            "region",
            row.region,
            said("check.folder_region", name=name, code=folder, folder=source.folder),
        )
        for row in row_tuples(frame, "file", "row", "region", "kommunenummer")
        if row.kommunenummer != folder
    ]


def _own_problems(frames: list[pd.DataFrame], catalogue: Catalogue) -> list[Problem]:
    """What shows only between a municipality's own files: the same figure in two of them, and the
    catalogue's rules over all of them together (their filled rows gathered once for both)."""
    if len(frames) < 2:
        return []
    combined = pd.concat(frames, ignore_index=True)
    filled = combined[combined["value"].notna() | (combined["status"] != "")].reset_index(drop=True)
    return _duplicate_problems(filled) + _cross_file_problems(filled, catalogue)


def _duplicate_problems(filled: pd.DataFrame) -> list[Problem]:
    """The same figure (region, year, indicator, category) in two of a municipality's own files."""
    key = ["kommunenummer", "year", "indicator", "category"]
    twice = filled[filled.duplicated(key, keep=False)]
    if twice.empty:
        return []  # the usual case: nothing to group
    problems = []
    for _, group in twice.groupby(key):
        if group["file"].nunique() > 1:
            first, *others = group.itertuples()
            for other in others:
                if other.file != first.file:
                    problems.append(
                        Problem(
                            other.file,
                            other.row,
                            "indicator",
                            other.indicator,
                            said("check.duplicate_file", file=first.file, row=first.row),
                        )
                    )
    return problems


def _cross_file_problems(filled: pd.DataFrame, catalogue: Catalogue) -> list[Problem]:
    """The catalogue's rules (a total and its parts, a part at most its total, a share and its count)
    over all of the own files together, so a total in one file and its parts in another are checked.
    Each file has passed the rules on its own, so what is found here spans two files."""
    shown = [
        status if pd.isna(value) else _plain(value)
        for value, status in zip(filled["value"].tolist(), filled["status"].tolist())
    ]
    values = pd.DataFrame(
        {
            "region": filled["kommunenummer"],
            "year": filled["year"],
            "indicator": filled["indicator"],
            "category": filled["category"],
            "value": shown,
            "status": filled["status"],
            "number": filled["value"],
            "position": range(len(filled)),
        }
    )
    return rule_problems(values, filled["file"].tolist(), catalogue, filled["row"].tolist())


def _crash(label: str, error: Exception) -> Problem:
    """A file the tool failed on: said as a problem of that file, so other files and municipalities go on."""
    return Problem(label, None, "", "", said("dataset.crash", error=type(error).__name__))


def _jump_warnings(own: pd.DataFrame, known: pd.DataFrame, catalogue: Catalogue) -> list[Problem]:
    """Own figures far from the year before (in `known`): worth a second look, but they may be right.
    Only the own figures' municipalities are looked up, not every region in `known`."""
    theirs = known[known["kommunenummer"].isin(set(own["kommunenummer"].tolist()))]
    previous = {
        (r.kommunenummer, r.indicator, r.category, r.year): r.value
        for r in row_tuples(theirs, "kommunenummer", "indicator", "category", "year", "value")
    }
    warnings = []
    for row in row_tuples(own, "kommunenummer", "indicator", "category", "year", "value", "file", "row"):
        indicator = catalogue.get(row.indicator)
        before = previous.get((row.kommunenummer, row.indicator, row.category, row.year - 1))
        if (
            indicator.is_share
            or before is None
            or pd.isna(before)
            or pd.isna(row.value)
            or max(abs(before), abs(row.value)) < JUMP_FLOOR
            or before <= 0
            or row.value <= 0
        ):
            continue
        ratio = row.value / before
        if ratio > indicator.jump_factor or ratio < 1 / indicator.jump_factor:
            warnings.append(
                Problem(
                    row.file,
                    row.row,
                    "value",
                    _plain(row.value),
                    said("check.jump", before=_plain(before), year=row.year - 1, factor=_plain(indicator.jump_factor)),
                    warning=True,
                )
            )
    return warnings


def _plain(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _checked(
    workspace: Workspace, sources: list[SourceFile], rules: str | None = None
) -> tuple[list[pd.DataFrame], list[Problem]]:
    """Each file read and checked, own figures against their folder and each other: the frames (each
    with its origin) and the notices, or a DataValidationError with every problem found."""
    catalogue, register = load_catalogue(workspace.data), load_register(workspace.data)
    frames, own, problems, notices = [], [], [], []
    rules = rules or _rules_key(workspace)
    for source in sources:
        label = workspace.relative(source.path)
        try:
            frame = _stored_checked(source, label, rules, workspace, catalogue, register).copy()
        except DataValidationError as error:
            problems += error.problems
            continue
        except Exception as error:  # a bug met in one file stops only what needs that file
            problems.append(_crash(str(label), error))
            continue
        notices += frame.attrs.get("notices", [])
        if source.origin == "own":
            problems += _folder_problems(frame, source, register)
            own.append(frame)
        frames.append(frame.assign(origin=source.origin))
    problems += _own_problems(own, catalogue)
    if problems:
        raise DataValidationError(problems)
    return frames, notices


def _load_all(workspace: Workspace, sources: list[SourceFile] | None = None, rules: str | None = None) -> Dataset:
    frames, notices = _checked(workspace, source_files(workspace) if sources is None else sources, rules)
    catalogue = load_catalogue(workspace.data)
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS + ["origin"])
    # An unfilled template row says nothing, so it must not hide a figure from another source.
    combined = combined[combined["value"].notna() | (combined["status"] != "")]
    recency = {source: document.published for source, document in source_documents(workspace.data).items()}
    combined = combined.assign(
        precedence=combined["origin"].map(PRECEDENCE), recency=-combined["source"].map(recency).fillna(0)
    )
    combined = (
        combined.sort_values(["precedence", "recency"], kind="stable")
        .drop_duplicates(["kommunenummer", "year", "indicator", "category"], keep="first")
        .drop(columns=["precedence", "recency"])
        .reset_index(drop=True)
    )
    combined = pd.concat([combined, _derived(combined, catalogue)], ignore_index=True)
    combined["unit"] = [catalogue.get(indicator).unit for indicator in combined["indicator"].tolist()]
    warnings = _jump_warnings(combined[combined["origin"] == "own"], combined, catalogue)
    return Dataset(combined, notices + warnings)


def _derived(combined: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Shares and balances a municipality's own counts and amounts give, where it typed none: the
    share of each part in its total (count / total × 100, one decimal) and budget minus accounts.
    Only from own figures: published reports are shown as they were printed."""
    own = combined[(combined["origin"] == "own") & combined["value"].notna()]
    key = ["kommunenummer", "year", "indicator", "category"]
    known = set(zip(*(combined[column].tolist() for column in key)))
    value = {(r.kommunenummer, r.year, r.indicator, r.category): r for r in row_tuples(own)}
    by_indicator: dict[str, list] = {}  # each indicator's figures, so a share looks only at its count's
    for (code, year, other, category), part in value.items():
        by_indicator.setdefault(other, []).append((code, year, category, part))
    rows = []
    for indicator in catalogue:
        if not (indicator.share_of or indicator.balance_of):
            continue
        first, second = (
            (indicator.share_of.count, indicator.share_of.total) if indicator.share_of else indicator.balance_of
        )
        for code, year, category, part in by_indicator.get(first, []):
            whole = value.get((code, year, second, "" if indicator.share_of else category))
            if (
                (code, year, indicator.id, category) in known
                or whole is None
                or (indicator.share_of and not whole.value)
            ):
                continue
            number = (
                round_half_up(100 * part.value / whole.value, 1)
                if indicator.share_of
                else round_half_up(part.value - whole.value, 6)
            )
            rows.append(
                {
                    **part._asdict(),
                    "indicator": indicator.id,
                    "value": number,
                    "status": "",
                    "source_ref": "",
                    "note": "",
                }
            )
    return pd.DataFrame(rows, columns=combined.columns) if rows else combined.iloc[0:0]


def check_files(
    paths: list[Path], workspace: Workspace = DEFAULT_WORKSPACE
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
        except Exception as error:  # a bug met in one file: said for that file, the others are checked
            problems.append(_crash(str(path), error))
            continue
        read[path] = frame
        folder = path.resolve().parent
        if folder.parent == workspace.own_figures.resolve():
            problems += _folder_problems(frame, SourceFile("own", path, folder.name), register)
        own.append(frame)
    problems += _own_problems(own, catalogue)
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
    """Every file validated together, but one municipality's broken own figures must not stop the
    others: each folder of own figures is checked on its own first; a folder with problems is left
    out of the dataset and its problems returned under the folder's kommunenummer. Problems in the
    shared files (reports, SSB) still stop everything. Each part is kept while unchanged, so a
    broken folder costs only its own check in the next build."""
    sources, rules = source_files(workspace), _rules_key(workspace)  # the rules' key once, not per part
    broken = {}
    for folder in sorted({source.folder for source in sources if source.origin == "own"}):
        folder_sources = tuple(source for source in sources if source.folder == folder)
        try:
            _folder_checked(workspace, folder_sources, rules, fingerprint(*(s.path for s in folder_sources)))
        except DataValidationError as error:
            broken[folder] = error
    return _load_part(workspace, [source for source in sources if source.folder not in broken], rules), broken


@lru_cache(maxsize=1024)
def _folder_checked(workspace: Workspace, sources: tuple[SourceFile, ...], rules: str, _fingerprint: tuple) -> None:
    """One folder of own figures checked on its own, only for its problems: the dataset is put
    together once, from every good folder. Kept while unchanged; it holds no figures, so every
    municipality's folder fits. A folder with problems is never kept (its errors are always reported)."""
    _checked(workspace, list(sources), rules)


def _load_part(workspace: Workspace, sources: list[SourceFile], rules: str) -> Dataset:
    """Some of the files validated together, kept while they and what checking them depends on are
    unchanged: while one folder stays broken, each build checks only that folder again, not every
    good one as well. A part with problems is never kept (its errors are always reported)."""
    return _part_cached(workspace, tuple(sources), rules, fingerprint(*(s.path for s in sources)))


@lru_cache(maxsize=16)
def _part_cached(workspace: Workspace, sources: tuple[SourceFile, ...], rules: str, _fingerprint: tuple) -> Dataset:
    return _load_all(workspace, list(sources), rules)


def left_out(folder: str, error: DataValidationError) -> Problem:
    """A warning that a folder of own figures with problems was left out, and how to see them."""
    return Problem(
        f"data/own_figures/{folder}/",
        None,
        "",
        "",
        said("check.left_out", count=len(error.problems), folder=folder),
        warning=True,
    )


def load_dataset_for(kommunenummer: str, workspace: Workspace = DEFAULT_WORKSPACE) -> Dataset:
    """For one municipality's report: another municipality's broken own figures (or a file the tool
    failed on, or its line in the register of fictitious municipalities) are left out with a warning and
    never stop it; its own problems, and those in the shared files, still do."""
    dataset, broken = load_dataset_apart(workspace)
    register = load_register(workspace.data)
    for folder, error in broken.items():
        if register.is_known(folder) and register.current_code(folder) == kommunenummer:
            raise error
    left = [left_out(folder, error) for folder, error in broken.items()]
    return Dataset(dataset.frame, register.warnings + left + dataset.warnings)


def write_snapshot(dataset: Dataset, path: Path) -> Path:
    """The validated dataset as one file, so every chapter of a build reads the same figures
    without validating them again."""
    dataset.frame.to_pickle(path)
    return path


def read_snapshot(path: Path) -> Dataset:
    return Dataset(pd.read_pickle(path))
