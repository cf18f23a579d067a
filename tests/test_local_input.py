"""Issue 16: bad input stays local, and a lowered small-count threshold is stated where readers see it.

One build of 9904 Fjordbygd's «Om rapporten» in a copy of the project whose settings lower the
threshold (with a reason), while another municipality (9902) has a broken file of own figures and
the line of a third (9951) in the register of fictitious municipalities is wrong.
"""

from __future__ import annotations

import re
import shutil
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
    broken.write_text(
        "region;year;indicator;category;value;status;source;source_ref;note\n"
        "9902;2024¹;meldinger_nye;;fem hundre;;Familia;;\n",
        encoding="utf-8",
    )
    with (workspace.data / "municipalities" / "extra.csv").open("a", encoding="utf-8") as register:
        register.write("9951,Prøvebygd (fiktiv),ja,bokmal,lagt inn for hånd\n")
    return workspace


@pytest.fixture(scope="module")
def built(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("local-site") / "utkast"
    return build_report("9904", 2024, out, workspace=project, chapter="om_rapporten", progress=False)


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


def test_a_wrong_line_in_the_register_of_fictitious_municipalities_does_not_stop_the_build(built):
    warnings = [str(w) for w in built.warnings]
    assert any(
        "data/municipalities/extra.csv" in w
        and "Linjen for kommunenummer 9951 er ikke lest" in w
        and "rad 5, kolonne «fictitious»: «ja»" in w
        for w in warnings
    ), warnings


def test_the_municipality_with_the_wrong_register_line_is_refused(project, tmp_path):
    with pytest.raises(UserError) as refused:
        build_report("9951", 2024, tmp_path / "utkast", workspace=project, chapter="om_rapporten", progress=False)
    assert "data/municipalities/extra.csv, rad 5, kolonne «fictitious»: «ja» – forventet true" in str(refused.value)


def test_a_chapter_opened_by_hand_reads_past_another_municipality_broken_file(project):
    """In Jupyter (no build snapshot) the chapter's figures come through the same door as a build's."""
    from tilstand.compute.view import open_view

    view = open_view("9904", 2024, workspace=project)
    assert view.series("meldinger_nye").has_data


def test_list_shows_a_municipality_with_a_broken_file_and_goes_on(project, tmp_path):
    """`list` names the broken municipality's errors on its own line and lists every other one; own
    figures in a folder that belongs to no municipality are a warning, not a stop."""
    from sitetools import cli

    stray = Workspace(copy_workspace(tmp_path / "prosjekt"))
    (stray.own_figures / "9977").mkdir()
    (stray.own_figures / "9977" / "tal.csv").write_text(
        "region;year;indicator;category;value;status;source\n9977;2024;meldinger_nye;;5;;Familia\n", encoding="utf-8"
    )
    shutil.copyfile(
        project.own_figures / "9902" / "9902_2024_rettet.csv", stray.own_figures / "9902" / "9902_2024_rettet.csv"
    )
    listed = cli("--workspace", str(stray.root), "list")
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line for line in listed.stdout.splitlines() if line.startswith("  ")}
    assert "egne tall med 2 feil, ikke lest" in lines["9902"]
    assert "python -m tilstand validate data/own_figures/9902" in lines["9902"]
    assert "egne tall: 2021–2024" in lines["9904"] and "feil" not in lines["9904"]
    assert "publiserte tall" in lines["3201"]
    assert "data/own_figures/9977/" in listed.stderr and "ikke tatt med" in listed.stderr
    nynorsk = cli("--workspace", str(stray.root), "list", "--language", "nn")
    assert "eigne tal med 2 feil, ikkje lesne" in nynorsk.stdout


def test_the_year_defaults_to_the_latest_past_another_municipality_broken_file(project):
    from tilstand.ingest.target import resolve_target

    assert resolve_target("9904", None, project).year == 2024
