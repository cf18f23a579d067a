"""The rebuild key, as a unit: every input a build reads changes it, so a cache never serves stale
output; the service's text is read anew at assembly and does not re-run the chapters; a no-change
rebuild is recognised only while the published site is the one the key was written for."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sitetools import copy_workspace

from tilstand.ingest import narrative
from tilstand.paths import Workspace
from tilstand.publish import unchanged
from tilstand.publish.inputs import ASSEMBLE, EXECUTE, build_inputs, digest

CODE, YEAR = "9901", 2024


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    return Workspace(copy_workspace(tmp_path / "project"))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _digests(workspace: Workspace) -> tuple[str, str]:
    inputs = build_inputs(workspace, CODE, YEAR)
    return digest(inputs, EXECUTE), digest(inputs, ASSEMBLE)


@pytest.mark.parametrize(
    "edit, reruns",
    [
        (lambda w: _append(narrative.section_path(CODE, YEAR, "utfordringsbilde", w), "\nNy setning.\n"), False),
        (lambda w: _append(w.chapters / "meldinger.md", "\nEn ny setning i kapitlet.\n"), False),
        (lambda w: _append(next((w.own_figures / CODE).glob(f"*{YEAR}*")), "\n"), True),
        (lambda w: _append(w.data / "indicators.yml", "\n# endret\n"), True),
        (lambda w: (w.settings / f"{CODE}.yml").write_text("små_tall: 5\n", encoding="utf-8"), True),
    ],
)
def test_every_input_changes_the_key_and_only_what_chapters_read_reruns_them(workspace, edit, reruns):
    before = unchanged.rebuild_key(workspace, CODE, YEAR, {})
    execute, _ = _digests(workspace)
    edit(workspace)
    assert unchanged.rebuild_key(workspace, CODE, YEAR, {}) != before
    assert (_digests(workspace)[0] != execute) is reruns


def test_the_choices_of_the_command_are_part_of_the_key(workspace):
    draft = unchanged.request(CODE, YEAR, None, None, False, False, None)
    final = unchanged.request(CODE, YEAR, None, None, True, False, None)
    assert unchanged.rebuild_key(workspace, CODE, YEAR, draft) != unchanged.rebuild_key(workspace, CODE, YEAR, final)


def test_a_no_change_rebuild_is_recognised_only_while_nothing_changed_and_the_site_is_in_place(workspace, tmp_path):
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    choices = unchanged.request(CODE, YEAR, site, None, False, False, None)
    built = SimpleNamespace(
        target=SimpleNamespace(kommunenummer=CODE, year=YEAR, name="Eksempel"),
        language="nb",
        final=False,
        site_dir=site,
        pdf=None,
        omitted=[],
        warnings=[],
        log=tmp_path / "build.log",
    )
    assert unchanged.unchanged(workspace, choices) is None, "never built"
    unchanged.remember(workspace, choices, built)
    assert unchanged.unchanged(workspace, choices)["site_dir"] == str(site)
    assert unchanged.unchanged(workspace, {**choices, "language": "nn"}) is None, "other choices, another build"
    _append(narrative.section_path(CODE, YEAR, "utfordringsbilde", workspace), "\nNy setning.\n")
    assert unchanged.unchanged(workspace, choices) is None, "an edited text must be built"
    unchanged.remember(workspace, choices, built)
    (site / "index.html").unlink()
    assert unchanged.unchanged(workspace, choices) is None, "the site is gone"


def test_a_new_site_replaces_the_old_folder_whole_so_no_old_pdf_is_left_beside_it(tmp_path):
    from tilstand.publish.swap import MARKER, publish

    site, new = tmp_path / "html", tmp_path / "new"
    site.mkdir()
    (site / "rapport.pdf").write_bytes(b"%PDF old")
    new.mkdir()
    (new / "index.html").write_text("ny", encoding="utf-8")
    publish(new, site)
    assert sorted(p.name for p in site.iterdir() if p.name != MARKER) == ["index.html"]
