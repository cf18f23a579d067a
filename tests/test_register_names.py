"""A name given to `init --name` is checked before it reaches the shared register (issue 16): a
newline, a control character, markup or a novel is refused, and the register stays as it was."""
from __future__ import annotations

import pytest

from tilstand.ingest.register import load_register
from tilstand.ingest.target import InvalidChoice
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.workflow import init


@pytest.fixture
def project(tmp_path):
    return DEFAULT_WORKSPACE.copy_to(tmp_path / "prosjekt")


@pytest.mark.parametrize("name", ["Ny\nkommune", "Ny\x00kommune", "Ny\rkommune", "<b>Fet</b> kommune",
                                  "Ny kommune\",true,bokmal,x", "K" * 61, "   "])
def test_a_name_that_would_corrupt_the_register_or_a_page_is_refused(project, name):
    register = project.data / "municipalities" / "extra.csv"
    before = register.read_bytes()
    with pytest.raises(InvalidChoice, match="kan ikke brukes|oppgi et navn"):
        init("9950", 2024, name=name, workspace=project)
    assert register.read_bytes() == before
    load_register(project.data)          # still readable by every later command


def test_an_ordinary_name_is_added(project):
    init("9950", 2024, name="Øvre Ås-dal", workspace=project)
    assert load_register(project.data).get("9950").name == "Øvre Ås-dal (fiktiv)"


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)> (fiktiv)", "Ny\nkommune (fiktiv)", "Ny ` kommune (fiktiv)",
                                  "K" * 80 + " (fiktiv)"])
def test_a_hand_edited_name_in_the_register_is_refused_when_loaded(project, name, capsys):
    """A name typed into extra.csv by hand never reaches a page: every command stops with a message
    naming the file, the row and the column."""
    import csv

    from tilstand.cli import main

    register = project.data / "municipalities" / "extra.csv"
    rows = register.read_text(encoding="utf-8").count("\n")
    with register.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(["9951", name, "true", "bokmal", "lagt inn for hånd"])
    code = main(["--workspace", str(project.root), "list"])
    message = capsys.readouterr().err
    assert code == 1
    assert f"data/municipalities/extra.csv, rad {rows + 1}, kolonne «name»" in message
    assert "én linje" in message and "Traceback" not in message
