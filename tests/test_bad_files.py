"""Bad and unusual files of figures an analyst could produce (tests/bad_files/cases.yml), each
through `python -m tilstand validate` (in-process) and, when refused, through a build.

- validate: the exit code, the substrings the message must and must never contain, and for
  accepted files the figures the tool reads;
- build: a good site for 9901 2024 is built once per module (one chapter: every file of figures is
  read and checked whichever chapters are built), with the lock and hidden files of the «ignored»
  cases lying in the folder, so that build is also their test; then each refused file is put into
  data/own_figures/9901/, the build must stop with a UserError saying the same, and the site must
  be left byte for byte as it was.

A case marked `known_bug` in cases.yml shows something the tool does not do right yet: it is
xfail(strict=True), so it fails the run once the tool is fixed and the mark is left behind.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
import yaml
from sitetools import copy_workspace

from tilstand.cli import main
from tilstand.ingest.dataset import read_observations, source_files
from tilstand.ingest.problems import UserError
from tilstand.paths import Workspace
from tilstand.publish import build_report

CORPUS = Path(__file__).parent / "bad_files"
CASES: list[dict] = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))["cases"]
MUNICIPALITY, YEAR, CHAPTER = "9901", 2024, "meldinger"
NOT_CASES = {"cases.yml", "make_excel.py", "__pycache__"}


def _files(case: dict) -> list[str]:
    return case["file"] if isinstance(case["file"], list) else [case["file"]]


def _build_kind(case: dict) -> str:
    return case.get("build", "refused" if case["validate_exit"] else "none")


def _params(cases: list[dict], where: str) -> list:
    """One pytest.param per case, xfail(strict=True) where a known bug shows in this run."""
    params = []
    for case in cases:
        marks = []
        if case.get("known_bug") and where in case.get("known_bug_in", ["validate", "build"]):
            marks.append(pytest.mark.xfail(strict=True, reason=f"known bug: {case['known_bug']}"))
        params.append(pytest.param(case, id="+".join(_files(case)), marks=marks))
    return params


def _make_excel() -> ModuleType:
    """tests/bad_files/make_excel.py as a module (compiled here, so no __pycache__ lands in the corpus)."""
    path = CORPUS / "make_excel.py"
    module = ModuleType("bad_files_make_excel")
    module.__file__ = str(path)
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Every case file in one folder: the committed ones copied, the Excel ones (and the lock and hidden
    files) written by make_excel.py."""
    folder = tmp_path_factory.mktemp("bad_files")
    for path in CORPUS.iterdir():
        if path.is_file() and path.name not in NOT_CASES:
            shutil.copyfile(path, folder / path.name)
    _make_excel().make_all(folder)
    return folder


def _check_message(message: str, expect: list[str], forbid: list[str]) -> None:
    missing = [text for text in expect if text not in message]
    present = [text for text in forbid if text in message]
    assert not missing and not present, f"The message lacks {missing} and/or contains {present}:\n{message}"


# --- the corpus itself ---------------------------------------------------------------------------------


def test_corpus_is_complete():
    """Every case names a file that exists, every file belongs to a case, and there are enough cases."""
    written = set(_make_excel().names())
    committed = {path.name for path in CORPUS.iterdir() if path.name not in NOT_CASES}
    named = [name for case in CASES for name in _files(case)]
    assert len(CASES) >= 60
    assert len(named) == len(set(named)), "a file is used by two cases"
    assert not committed & written, "a committed file would be overwritten by make_excel.py"
    assert set(named) - committed - written == set(), "cases without a file"
    assert (committed | written) - set(named) == set(), "files without a case"
    for case in CASES:
        assert case["validate_exit"] in (0, 1) and case["expect"] and case["forbid"] and case["mistake"]
        assert _build_kind(case) in ("refused", "ignored", "none")
        assert set(case.get("known_bug_in", [])) <= {"validate", "build"}
        assert case["validate_exit"] == 0 or "values" not in case


# --- through the command line ----------------------------------------------------------------------------


def _read_value(frame: pd.DataFrame, key: str):
    indicator, _, category = key.partition(":")
    rows = frame[(frame["indicator"] == indicator) & (frame["category"] == category)]
    assert len(rows) == 1, f"{key}: {len(rows)} rows read"
    return rows["value"].iloc[0]


@pytest.mark.parametrize("case", _params(CASES, "validate"))
def test_validate(case, corpus, capsys):
    paths = [corpus / name for name in _files(case)]
    code = main(["validate", *(str(path) for path in paths)])
    captured = capsys.readouterr()
    message = captured.out + captured.err
    assert code == case["validate_exit"], f"exit {code}, expected {case['validate_exit']}:\n{message}"
    _check_message(message, case["expect"], case["forbid"])
    if case["validate_exit"] != 0 or not any(k in case for k in ("values", "notes", "region")):
        return
    frame = read_observations(paths[0])
    for key, expected in case.get("values", {}).items():
        actual = _read_value(frame, key)
        if expected is None:
            assert pd.isna(actual), f"{key}: read {actual}, expected no figure"
        else:
            assert actual == pytest.approx(expected), f"{key}: read {actual}, expected {expected}"
    for note in case.get("notes", []):
        assert any(note in text for text in frame["note"]), f"note «{note}» not read: {list(frame['note'])}"
    if "region" in case:
        assert set(frame["region"]) == {case["region"]}


# --- through a build --------------------------------------------------------------------------------------


def _hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@dataclass
class Project:
    workspace: Workspace
    own: Path  # data/own_figures/9901 of the copy
    site: Path
    hashes: dict[str, str]  # the site as it is now
    ignored: list[str]  # lock and hidden files lying in the folder during the good build
    ignored_error: Exception | None = None


@pytest.fixture(scope="module")
def project(tmp_path_factory, corpus) -> Project:
    """A copy of the project with a good site for 9901 2024, built once, with the files the build must
    skip lying in the folder of own figures."""
    root = copy_workspace(tmp_path_factory.mktemp("bad_files_build") / "prosjekt")
    workspace = Workspace(root)
    own = workspace.own_figures / MUNICIPALITY
    site = root.parent / "site"
    ignored = [name for case in CASES if _build_kind(case) == "ignored" for name in _files(case)]
    for name in ignored:
        shutil.copyfile(corpus / name, own / name)
    error = None
    try:
        build_report(MUNICIPALITY, YEAR, site, workspace=workspace, chapter=CHAPTER, progress=False)
    except Exception as failure:  # reported by the ignored cases; the refused cases need a good site
        error = failure
        for name in ignored:
            (own / name).unlink()
        shutil.rmtree(site, ignore_errors=True)
        build_report(MUNICIPALITY, YEAR, site, workspace=workspace, chapter=CHAPTER, progress=False)
    return Project(workspace, own, site, _hashes(site), ignored, error)


@pytest.mark.parametrize("case", _params([c for c in CASES if _build_kind(c) == "ignored"], "build"))
def test_build_ignores(case, project):
    assert project.ignored_error is None, (
        f"The build failed with {', '.join(project.ignored)} in the folder: "
        f"{type(project.ignored_error).__name__}: {project.ignored_error}"
    )
    read = {source.path.name for source in source_files(project.workspace)}
    for name in _files(case):
        assert (project.own / name).is_file()
        assert name not in read
    assert (project.site / "index.html").is_file()


@pytest.mark.parametrize("case", _params([c for c in CASES if _build_kind(c) == "refused"], "build"))
def test_build_refuses(case, project, corpus):
    placed = [project.own / name for name in _files(case)]
    replaced = project.own / case["replaces"] if case.get("replaces") else None
    aside = project.site.parent / f"aside-{replaced.name}" if replaced else None
    message, wrong = None, None
    try:
        if replaced:
            replaced.rename(aside)
        for name, target in zip(_files(case), placed):
            shutil.copyfile(corpus / name, target)
        try:
            build_report(MUNICIPALITY, YEAR, project.site, workspace=project.workspace, chapter=CHAPTER, progress=False)
        except UserError as error:
            message = str(error)
        except Exception as error:  # anything else is a crash the analyst would see as a traceback
            wrong = f"{type(error).__name__}: {error}"
    finally:
        for target in placed:
            target.unlink(missing_ok=True)
        if replaced:
            aside.rename(replaced)
    after = _hashes(project.site)
    changed, project.hashes = after != project.hashes, after
    assert wrong is None, f"The build raised {wrong} instead of a UserError"
    assert message is not None, "The build accepted the file"
    _check_message(message, case.get("build_expect", case["expect"]), case["forbid"])
    assert not changed, "The refused build changed the site"
