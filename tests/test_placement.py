"""Where each indicator is shown is declared once, in the catalogue (`chapter`), and checked: a chapter
shows it with its own call or in its standard block; a build stops when an indicator with figures
has no place; what a municipality reports is on its site or named in the appendix."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from sitetools import copy_workspace, site_pages

from tilstand.ingest.catalogue import load_catalogue
from tilstand.paths import DEFAULT_WORKSPACE, Workspace
from tilstand.publish.errors import BuildError
from tilstand.publish.placement import unplaced
from tilstand.publish.stage import read_toc, toc_files


def _book_sources(workspace: Workspace = DEFAULT_WORKSPACE) -> dict[str, str]:
    return {
        Path(name).stem: (workspace.root / f"{name}.md").read_text(encoding="utf-8")
        for name in toc_files(read_toc(workspace.toc))
    }


def test_every_indicator_of_the_catalogue_has_a_place_in_the_book():
    catalogue = load_catalogue()
    assert unplaced(catalogue, _book_sources(), {i.id for i in catalogue}) == []


def test_an_indicator_placed_in_a_chapter_outside_the_book_or_not_shown_there_is_named_with_the_fix():
    catalogue = load_catalogue()
    sources = _book_sources()
    sources["meldinger"] = sources["meldinger"].replace('report.other_figures("meldinger")', "")
    del sources["hr"]
    found = unplaced(catalogue, sources, {"meldinger_fristbrudd", "meldinger_nye", "sykefravaer_andel"})
    assert found == [
        "«Sykefravær i barnevernstjenesten» (sykefravaer_andel): kapitlet «hr» som data/indicators.yml nevner, er ikke i _toc.yml",
    ], "meldinger_nye and meldinger_fristbrudd are still shown by their own calls"
    sources["meldinger"] = sources["meldinger"].replace('report.figure("meldinger_fristbrudd")', "")
    found = unplaced(catalogue, sources, {"meldinger_fristbrudd"})
    assert len(found) == 1 and "chapters/meldinger.md viser den ikke" in found[0]
    assert unplaced(catalogue, sources, set()) == [], "an indicator without figures needs no place"


def test_the_chapters_of_figures_come_from_the_catalogue_and_each_takes_a_comment():
    catalogue = load_catalogue()
    sources = _book_sources()
    for chapter in catalogue.chapters:
        assert f'report.comment("{chapter}")' in sources[chapter], chapter
        assert f'report.other_figures("{chapter}")' in sources[chapter], chapter


def test_a_build_stops_before_running_anything_when_an_indicator_with_figures_has_no_place(tmp_path):
    from tilstand.publish import build_report

    workspace = Workspace(copy_workspace(tmp_path / "project"))
    path = workspace.data / "indicators.yml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries["meldinger_nye"]["chapter"] = "statistikk"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "html"
    with pytest.raises(BuildError) as refused:
        build_report("3201", "2024", site, workspace=workspace, progress=False)
    message = str(refused.value)
    assert "«Nye meldinger» (meldinger_nye)" in message and "«statistikk»" in message
    assert "appendix_only: true" in message and "Traceback" not in message
    assert not site.exists()


def _visible(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    main = re.search(r"<main\b.*?</main>", text, re.S)
    body = re.sub(r"<script\b.*?</script>", " ", main.group(0) if main else text, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " "))


def test_every_figure_the_example_municipality_reports_is_on_its_site_or_in_the_appendix(build_site):
    """9901 reports 70 indicators for 2024, some of them in optional parts its settings leave out."""
    from tilstand.compute.view import open_view
    from tilstand.ingest.dataset import load_dataset
    from tilstand.present.sentences import title

    site = build_site("9901", "2024")
    text = " ".join(_visible(page) for page in site_pages(site))
    frame = load_dataset().frame
    reported = set(
        frame.loc[(frame["kommunenummer"] == "9901") & (frame["year"] == 2024) & frame["value"].notna(), "indicator"]
    )
    assert len(reported) >= 60
    view = open_view("9901", 2024)
    nowhere = sorted(i for i in reported if title(view.series(i), "nb") not in text)
    assert nowhere == []
    appendix = _visible(site / "chapters" / "utelatt.html")
    assert "valgfrie deler som ikke er slått på" in appendix and "Årsverk etter avdeling" in appendix
