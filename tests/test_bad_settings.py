"""Settings as people save them (issue 16): privacy never switched off by a stray value, a lower
threshold only with a written reason, the wrong encoding and YAML bombs are messages naming the
file and key, never a crash. Corpus: tests/bad_settings/cases.yml."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import yaml

from tilstand.ingest.problems import DataValidationError
from tilstand.ingest.settings import DEFAULT_SMALL_COUNT_MAX, load_settings
from tilstand.paths import DEFAULT_WORKSPACE, Workspace

CORPUS = Path(__file__).parent / "bad_settings"
CASES = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Workspace:
    root = tmp_path_factory.mktemp("prosjekt")
    shutil.copytree(DEFAULT_WORKSPACE.data, root / "data", ignore=shutil.ignore_patterns("cache", "own_figures"))
    return Workspace(root)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_settings_file_is_accepted_or_named(project, name):
    shutil.copyfile(CORPUS / name, project.settings / "9901.yml")
    case = CASES[name]
    started = time.perf_counter()
    if case is None:
        settings = load_settings("9901", project)
        assert settings.small_count_max >= 1
        assert settings.small_count_max >= DEFAULT_SMALL_COUNT_MAX or len(settings.small_count_reason) >= 20
        return
    with pytest.raises(DataValidationError) as failure:
        load_settings("9901", project)
    assert time.perf_counter() - started < 5  # a bomb is refused, not expanded
    (problem,) = failure.value.problems
    assert problem.file == "data/settings/9901.yml" and problem.column == case["key"]
    assert case["says"] in str(problem)


@pytest.mark.parametrize(
    ("name", "nynorsk"), [("windows1252.yml", "lagra som Windows-1252"), ("yaml_bombe.yml", "YAML-aliasar")]
)
def test_a_settings_file_that_cannot_be_read_is_told_in_nynorsk(project, name, nynorsk):
    """A nynorsk municipality reads why its settings file is refused in nynorsk."""
    from tilstand.ingest.problems import render

    shutil.copyfile(CORPUS / name, project.settings / "9901.yml")
    with pytest.raises(DataValidationError) as failure:
        load_settings("9901", project)
    (problem,) = failure.value.problems
    told = render(problem, "nn")
    assert nynorsk in told and "filen" not in told and "lagret" not in told, told
