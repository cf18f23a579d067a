"""The cover of the case PDF and the Word file (issue 18): the municipality's official name and the
report's date come from the settings; a draft without a date is dated by its build, a final
report cannot be built without one."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
import yaml
from sitetools import copy_workspace

from tilstand.ingest.dataset import load_dataset
from tilstand.ingest.problems import DataValidationError
from tilstand.ingest.settings import load_settings, settings_path
from tilstand.ingest.target import resolve_target
from tilstand.paths import Workspace
from tilstand.publish.pdf import _front_matter, cover_for
from tilstand.publish.pipeline import final_problems

CODE, YEAR = "9904", 2024  # Fjordbygd (fiktiv), nynorsk


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Workspace:
    return Workspace(copy_workspace(tmp_path_factory.mktemp("prosjekt")))


def _with_settings(project: Workspace, **fields) -> None:
    path = settings_path(CODE, project)
    saved = path.with_suffix(".orig")
    if not saved.exists():
        shutil.copyfile(path, saved) if path.exists() else saved.write_text("{}\n", encoding="utf-8")
    settings = yaml.safe_load(saved.read_text(encoding="utf-8")) or {}
    path.write_text(yaml.safe_dump({**settings, **fields}, allow_unicode=True), encoding="utf-8")


def _cover(project: Workspace, final: bool = False):
    dataset = load_dataset(project)
    target = resolve_target(CODE, YEAR, project, dataset)
    return cover_for(target, load_settings(CODE, project), "nn", final, project)


def test_cover_says_the_official_name_and_the_report_date(project):
    _with_settings(project, offisielt_navn="Fjordbygd  herad", rapportdato={YEAR: date(2025, 5, 20)})
    cover = _cover(project)
    front = _front_matter(cover)
    assert "Fjordbygd herad" in front and "20. mai 2025" in front
    assert cover.author == "Fjordbygd herad"
    assert cover.municipality == "Fjordbygd kommune (fiktiv)"  # the running header keeps the register's name


def test_without_settings_the_name_is_kommune_and_a_draft_has_the_build_date(project):
    _with_settings(project)
    cover = _cover(project)
    assert cover.author == "Fjordbygd kommune (fiktiv)", "a register name that says «kommune» is not doubled"
    assert cover.dated == date.today()
    assert "Fjordbygd kommune (fiktiv)" in _front_matter(cover)


def test_a_real_municipality_is_called_kommune_unless_the_settings_say_otherwise(project):
    from tilstand.ingest.settings import Settings

    voss = resolve_target("4621", YEAR, project, load_dataset(project))
    assert cover_for(voss, Settings(), "nn", False, project).author == "Voss kommune"
    assert cover_for(voss, Settings(offisielt_navn="Voss herad"), "nn", False, project).author == "Voss herad"


def test_a_final_without_a_report_date_is_refused_naming_the_setting(project):
    _with_settings(project)
    target = resolve_target(CODE, YEAR, project, load_dataset(project))
    problems = final_problems(target, load_dataset(project), load_settings(CODE, project), project, "nn")
    dated = [p for p in problems if "rapportdato" in p]
    assert len(dated) == 1 and "data/settings/9904.yml" in dated[0] and str(YEAR) in dated[0]
    _with_settings(project, rapportdato={YEAR: date(2025, 5, 20)})
    problems = final_problems(target, load_dataset(project), load_settings(CODE, project), project, "nn")
    assert not [p for p in problems if "rapportdato" in p]


def test_a_report_date_that_is_not_a_date_is_named(project):
    _with_settings(project, rapportdato={YEAR: "snart"})
    with pytest.raises(DataValidationError) as failure:
        load_settings(CODE, project)
    assert "rapportdato" in str(failure.value) and "data/settings/9904.yml" in str(failure.value)
    _with_settings(project)
