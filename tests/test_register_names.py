"""A name given to `init --name` is checked before it reaches the shared register (issue 16): a
newline, a control character, markup or a novel is refused, and the register stays as it was."""

from __future__ import annotations

import pytest
from sitetools import cli

from tilstand.ingest.register import load_register
from tilstand.ingest.target import InvalidChoice
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.workflow import init


@pytest.fixture
def project(tmp_path):
    return DEFAULT_WORKSPACE.copy_to(tmp_path / "prosjekt")


@pytest.mark.parametrize(
    "name",
    ["Ny\nkommune", "Ny\x00kommune", "Ny\rkommune", "<b>Fet</b> kommune", 'Ny kommune",true,bokmal,x', "K" * 61, "   "],
)
def test_a_name_that_would_corrupt_the_register_or_a_page_is_refused(project, name):
    register = project.data / "municipalities" / "extra.csv"
    before = register.read_bytes()
    with pytest.raises(InvalidChoice, match="kan ikke brukes|oppgi et navn"):
        init("9950", 2024, name=name, workspace=project)
    assert register.read_bytes() == before
    load_register(project.data)  # still readable by every later command


def test_an_ordinary_name_is_added(project):
    init("9950", 2024, name="Øvre Ås-dal", workspace=project)
    assert load_register(project.data).get("9950").name == "Øvre Ås-dal (fiktiv)"


@pytest.mark.parametrize(
    "name",
    ["<img src=x onerror=alert(1)> (fiktiv)", "Ny\nkommune (fiktiv)", "Ny ` kommune (fiktiv)", "K" * 80 + " (fiktiv)"],
)
def test_a_hand_edited_name_in_the_register_is_refused_when_loaded(project, name):
    """A name typed into extra.csv by hand never reaches a page, and stops nothing else: every command
    warns with the file, the row and the column and goes on without that municipality; a command for
    exactly it stops with the same."""
    import csv

    register = project.data / "municipalities" / "extra.csv"
    rows = register.read_text(encoding="utf-8").count("\n")
    with register.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(["9951", name, "true", "bokmal", "lagt inn for hånd"])
    where = f"data/municipalities/extra.csv, rad {rows + 1}, kolonne «name»"
    listed = cli("--workspace", str(project.root), "list", "--all")
    assert listed.returncode == 0
    assert where in listed.stderr and "9951" in listed.stderr and "én linje" in listed.stderr
    assert "  9901  Eksempel kommune (fiktiv)" in listed.stdout and "  0301  Oslo" in listed.stdout
    assert "9951" not in listed.stdout and "<img" not in listed.stdout
    refused = cli(
        "--workspace", str(project.root), "template", "-m", "9951", "-y", "2024", "-o", str(project.root / "mal.xlsx")
    )
    assert refused.returncode == 2 and where in refused.stderr and "Kommunenummer 9951" in refused.stderr
    for code in ("9901", "0301"):
        made = cli(
            "--workspace",
            str(project.root),
            "template",
            "-m",
            code,
            "-y",
            "2024",
            "-o",
            str(project.root / f"mal_{code}.xlsx"),
        )
        assert made.returncode == 0, made.stderr
    checked = cli("--workspace", str(project.root), "validate", str(project.own_figures / "9901"))
    assert checked.returncode == 0 and where in checked.stderr
    assert "Traceback" not in listed.stderr + refused.stderr + checked.stderr


def test_a_line_with_too_many_cells_is_one_message(project):
    """An unquoted comma in a hand-typed name shifts the cells: said once, as the count of cells."""
    register = project.data / "municipalities" / "extra.csv"
    row = register.read_text(encoding="utf-8").count("\n") + 1
    with register.open("a", encoding="utf-8") as handle:
        handle.write("9952,Nes, Vest (fiktiv),true,nynorsk,lagt inn for hånd\n")
    warnings = [str(warning) for warning in load_register(project.data).warnings]
    assert len(warnings) == 1 and "9952" in warnings[0], warnings
    assert f"rad {row}: Raden har 6 celler, men overskriftsraden har 5" in warnings[0]
    assert "kolonne" not in warnings[0]
    assert load_register(project.data).get("9904").name == "Fjordbygd kommune (fiktiv)"
    with pytest.raises(InvalidChoice, match="Kommunenummer 9952"):
        init("9952", 2024, name="Nes", workspace=project)
    assert register.read_text(encoding="utf-8").count("9952") == 1  # not added a second time
