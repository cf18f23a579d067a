"""The next municipality's yearly round, as a new user does it from the README: `init`, fill in the
figures, write the texts, build a draft, build the final report. In a scratch copy of the project,
for a real municipality that has no figures here (the figures typed in are made up for the test and
never leave the temporary folder).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from site_browser import forwards_only
from sitetools import Ran, copy_workspace, site_pages
from sitetools import cli as run_cli

from tilstand.ingest import narrative
from tilstand.paths import Workspace

MUNICIPALITY, NAME, YEAR = "4215", "Lillesand", 2024  # bokmål, not in ASSS, no figures in the project
FIGURES = {
    ("meldinger_nye", ""): 212,
    ("undersokelser_gjennomfort", ""): 150,
    ("akuttplasseringer", ""): 9,
    ("barn_med_tiltak_etter_type", "hjelpetiltak"): 120,
    ("barn_med_tiltak_etter_type", "omsorgstiltak"): 31,
    ("sykefravaer_andel", ""): 7.9,
}


def cli(workspace: Path, *args: str) -> Ran:
    return run_cli("--workspace", str(workspace), *args)


def page_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for script in soup.find_all("script"):
        script.decompose()
    return " ".join(soup.get_text(" ").split())


def site_text(site: Path) -> str:
    return " ".join(page_text(page) for page in site_pages(site))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A scratch copy of the project with the municipality set up by `init` and its figures filled in."""
    workspace = copy_workspace(tmp_path_factory.mktemp("prosjekt"))
    result = cli(workspace, "init", "--municipality", MUNICIPALITY, "--year", str(YEAR))
    assert result.returncode == 0, result.stderr
    own = workspace / "data" / "own_figures" / MUNICIPALITY / f"{MUNICIPALITY}_{YEAR}.xlsx"
    book = load_workbook(own)
    sheet = book["Tall"]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) for name in ("indicator", "category", "value", "source")}
    for row in sheet.iter_rows(min_row=2):
        key = (row[column["indicator"]].value, row[column["category"]].value or "")
        if key in FIGURES:
            row[column["value"]].value = FIGURES[key]
            row[column["source"]].value = "Fagsystemet, uttrekk 15.01.2025"
    book.save(own)
    return workspace, result.stdout


def test_init_writes_settings_template_and_a_guided_file_for_every_section(project):
    workspace, output = project
    assert (workspace / "data" / "settings" / f"{MUNICIPALITY}.yml").exists()
    folder = workspace / "narrative" / MUNICIPALITY / str(YEAR)
    for section in narrative.SECTIONS:
        text = (folder / f"{section}.md").read_text(encoding="utf-8")
        assert "<!--" in text and "\n## " in text, section
    assert (folder / "kommentarer" / "meldinger.md").exists()
    assert "Neste steg" in output and "validate" in output and "--final" in output


def test_init_never_overwrites(project):
    workspace, _ = project
    settings = workspace / "data" / "settings" / f"{MUNICIPALITY}.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "# egen endring\n", encoding="utf-8")
    again = cli(workspace, "init", "--municipality", MUNICIPALITY, "--year", str(YEAR))
    assert again.returncode == 0 and "beholdt" in again.stdout and "skrev" not in again.stdout
    assert settings.read_text(encoding="utf-8").endswith("# egen endring\n")


def test_a_draft_is_marked_names_no_other_municipality_and_guides_the_writer(project, tmp_path):
    workspace, _ = project
    site = tmp_path / "utkast"
    result = cli(workspace, "build", "--municipality", MUNICIPALITY, "--year", str(YEAR), "--out", str(site), "-q")
    assert result.returncode == 0, result.stderr
    text = site_text(site)
    assert not re.search(r"Bærum|Asker|ASSS|MST-CAN", text), "another municipality's choices in the report"
    assert "212 nye meldinger" in text
    for page in site_pages(site):
        if not forwards_only(page):
            assert "Utkast" in page.read_text(encoding="utf-8"), page.name
    leader = page_text(site / "chapters" / "leders_vurdering.html")
    assert "Er tjenesten forsvarlig?" in leader and "ikke skrevet ennå" in leader
    assert (site / "chapters" / "utelatt.html").exists(), "what is left out is listed"
    assert "narrative/" not in text and "python -m tilstand" not in text


def test_final_refuses_with_every_missing_section_then_builds_once_written(project, tmp_path):
    workspace, _ = project
    site = tmp_path / "endelig"
    refused = cli(
        workspace, "build", "--municipality", MUNICIPALITY, "--year", str(YEAR), "--final", "--out", str(site), "-q"
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    for section in narrative.SECTIONS:
        assert f"«{section}»" in refused.stderr, section
    assert f"rapportdato: {{{YEAR}: " in refused.stderr, "a final report is dated by the service"
    assert not site.exists()
    settings = Path(workspace) / "data" / "settings" / f"{MUNICIPALITY}.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"\nrapportdato: {{{YEAR}: {YEAR + 1}-05-20}}\n", encoding="utf-8"
    )

    for section in narrative.SECTIONS:
        path = narrative.section_path(MUNICIPALITY, YEAR, section, Workspace(workspace))
        # every heading of the guide gets the service's text under it (a heading with only guidance counts as unwritten)
        guided = path.read_text(encoding="utf-8")
        path.write_text(
            "\n".join(
                line + (f"\n\nTjenestens tekst om {section}." if line.startswith("#") else "")
                for line in guided.splitlines()
            )
            + f"\n\nTjenestens tekst om {section}.\n",
            encoding="utf-8",
        )
    # a reference to a figure this report does not have (no figures for it here) refuses a final too
    leader = narrative.section_path(MUNICIPALITY, YEAR, "leders_vurdering", Workspace(workspace))
    written = leader.read_text(encoding="utf-8")
    leader.write_text(
        written + "\nSom {figur:meldinger_nye} viser, mens {figur:ettervern_unge_voksne} mangler.\n", encoding="utf-8"
    )
    line = len(written.splitlines()) + 2
    refused = cli(
        workspace, "build", "--municipality", MUNICIPALITY, "--year", str(YEAR), "--final", "--out", str(site), "-q"
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr and not site.exists()
    assert (
        f"narrative/{MUNICIPALITY}/{YEAR}/leders_vurdering.md, linje {line}: «{{figur:ettervern_unge_voksne}}»"
        in refused.stderr
        and "«{figur:meldinger_nye}»" not in refused.stderr
    )
    leader.write_text(written + "\nSom {figur:meldinger_nye} viser.\n", encoding="utf-8")
    done = cli(
        workspace, "build", "--municipality", MUNICIPALITY, "--year", str(YEAR), "--final", "--out", str(site), "-q"
    )
    assert done.returncode == 0, done.stderr
    text = site_text(site)
    assert "Utkast" not in text and "ikke skrevet" not in text and "Tilgjengelighetserklæring" not in text
    leader_page = page_text(site / "chapters" / "leders_vurdering.html")
    assert "Tjenestens tekst om leders_vurdering." in leader_page
    number = re.search(r"Figur (\d+): Nye meldinger", page_text(site / "chapters" / "meldinger.html")).group(1)
    assert f"Som figur {number} viser." in leader_page


def test_list_all_shows_every_municipality_and_what_it_has(project):
    workspace, _ = project
    result = cli(workspace, "list", "--all")
    assert result.returncode == 0
    lines = [line for line in result.stdout.splitlines() if re.match(r"\s+\d{4}\s", line)]
    assert len([line for line in lines if "(fiktiv)" not in line]) == 357
    assert re.search(
        rf"{MUNICIPALITY}\s+{NAME} \(tidligere 0926\): egne tall: {YEAR}; tekster: {YEAR}; innstillinger", result.stdout
    )
