"""Issue 16: bad input stays local, and a lowered small-count threshold is stated where readers see it.

One build of 9904 Fjordbygd's «Om rapporten» in a copy of the project whose settings lower the
threshold (with a reason), while another municipality (9902) has a broken file of own figures.
"""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from sitetools import copy_workspace

from tilstand.ingest.problems import UserError
from tilstand.paths import Workspace
from tilstand.publish import build_report

REASON = "Kommunestyret vedtok 12. mars at tall fra 3 og opp kan vises i denne rapporten."


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Workspace:
    workspace = Workspace(copy_workspace(tmp_path_factory.mktemp("local") / "prosjekt"))
    (workspace.settings / "9904.yml").write_text(f"små_tall: 2\nsmå_tall_begrunnelse: {REASON}\n", encoding="utf-8")
    broken = workspace.own_figures / "9902" / "9902_2024_rettet.csv"
    broken.write_text("region;year;indicator;category;value;status;source;source_ref;note\n"
                      "9902;2024¹;meldinger_nye;;fem hundre;;Familia;;\n", encoding="utf-8")
    return workspace


@pytest.fixture(scope="module")
def built(project, kernels, tmp_path_factory):
    out = tmp_path_factory.mktemp("local-site") / "utkast"
    return build_report("9904", 2024, out, workspace=project, chapter="om_rapporten", progress=False, kernels=kernels)


def _text(page: Path) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())


def test_lowered_threshold_and_reason_on_about_page(built):
    text = _text(built.site_dir / "chapters" / "om_rapporten.html")
    assert "Tal frå 1 til 2 blir ikkje viste" in text
    assert "senka frå standarden 4 til 2" in text
    assert f"«{REASON.rstrip('.')}»" in text


def test_another_municipality_broken_file_does_not_stop_the_build(built):
    warnings = [str(w) for w in built.warnings]
    assert any("data/own_figures/9902/" in w and "ikke tatt med" in w for w in warnings), warnings
    assert (built.site_dir / "chapters" / "om_rapporten.html").is_file()


def test_the_broken_municipality_itself_is_refused(project, tmp_path):
    with pytest.raises(UserError) as refused:
        build_report("9902", 2024, tmp_path / "utkast", workspace=project, chapter="om_rapporten", progress=False)
    message = str(refused.value)
    assert "9902_2024_rettet.csv" in message and "«2024¹»" in message and "«fem hundre»" in message


def test_a_chapter_opened_by_hand_reads_past_another_municipality_broken_file(project):
    """In Jupyter (no build snapshot) the chapter's figures come through the same door as a build's."""
    from tilstand.compute.view import open_view

    view = open_view("9904", 2024, workspace=project)
    assert view.series("meldinger_nye").has_data
