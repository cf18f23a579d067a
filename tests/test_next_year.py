"""Into next year without publishing last year's text: init copies last year's texts with a mark,
a draft shows «uendret/uendra frå» under such a text, and a final report refuses it."""

from __future__ import annotations

import pytest
from sitetools import copy_workspace

from tilstand.ingest import narrative
from tilstand.ingest.dataset import load_dataset
from tilstand.ingest.settings import load_settings
from tilstand.ingest.target import resolve_target
from tilstand.paths import Workspace
from tilstand.publish import finish
from tilstand.publish.pipeline import final_problems
from tilstand.workflow import init

CODE, YEAR = "9904", 2025  # Fjordbygd (fiktiv), nynorsk, texts for 2024


@pytest.fixture(scope="module")
def next_year(tmp_path_factory):
    workspace = Workspace(copy_workspace(tmp_path_factory.mktemp("prosjekt")))
    init(CODE, YEAR, workspace=workspace)
    return workspace


def _outputs_text(output) -> str:
    return " ".join(str(value) for value in (output or {}).get("data", {}).values())


def test_copied_texts_carry_the_mark_in_the_municipalitys_language(next_year):
    text = narrative.section_path(CODE, YEAR, "leders_vurdering", next_year).read_text(encoding="utf-8")
    assert text.startswith("<!-- Kopiert frå 2024") and "teksten frå i fjor" in text
    assert (
        narrative.written_text(narrative.section_path(CODE, YEAR, "leders_vurdering", next_year), next_year).html
        == narrative.read_section(CODE, YEAR - 1, "leders_vurdering", next_year).html
    )


def test_a_final_refuses_every_copied_text_and_a_draft_marks_it(next_year):
    target = resolve_target(CODE, YEAR, next_year, load_dataset(next_year))
    settings = load_settings(CODE, next_year)
    problems = final_problems(target, load_dataset(next_year), settings, next_year, "nn")
    stale = [p for p in problems if "uendra frå 2024" in p]
    assert len(stale) == len(narrative.stale_files(CODE, YEAR, next_year)) >= len(narrative.SECTIONS)
    assert any("narrative/9904/2025/leders_vurdering.md" in p for p in stale)
    draft = finish.PageOptions(next_year, CODE, YEAR, "nn", final=False)
    assert "Uendra frå 2024" in _outputs_text(finish._narrative_output("leders_vurdering", draft, finish.Numbers()))
    final = finish.PageOptions(next_year, CODE, YEAR, "nn", final=True)
    assert "Uendra" not in _outputs_text(finish._narrative_output("leders_vurdering", final, finish.Numbers()))


def test_removing_only_the_mark_is_not_enough_but_an_edit_is(next_year):
    path = narrative.section_path(CODE, YEAR, "utfordringsbilde", next_year)
    last = narrative.section_path(CODE, YEAR - 1, "utfordringsbilde", next_year)
    marked = path.read_text(encoding="utf-8")
    path.write_text(last.read_text(encoding="utf-8"), encoding="utf-8")
    assert narrative.is_stale(path, last, next_year), "last year's text, byte for byte"
    path.write_text(marked + "\nNytt i 2025: ventetida har gått ned.\n", encoding="utf-8")
    assert narrative.is_stale(path, last, next_year), "the mark is still there"
    path.write_text(last.read_text(encoding="utf-8") + "\nNytt i 2025: ventetida har gått ned.\n", encoding="utf-8")
    assert not narrative.is_stale(path, last, next_year)
    assert path not in narrative.stale_files(CODE, YEAR, next_year)


def test_a_draft_and_a_final_never_share_a_folder(next_year):
    from tilstand.publish.pipeline import default_site_dir

    target = resolve_target(CODE, YEAR, next_year, load_dataset(next_year))
    draft, final = default_site_dir(target, next_year), default_site_dir(target, next_year, final=True)
    assert draft == next_year.build / CODE / str(YEAR) / "utkast"
    assert final == next_year.build / CODE / str(YEAR) / "endelig"
    assert default_site_dir(target, next_year, "meldinger") not in (draft, final)
