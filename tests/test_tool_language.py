"""The tool speaks the municipality's målform: a nynorsk municipality goes through init, template,
validate, list, a draft and a refused final without one bokmål form in what is printed or written
(the settings' keys excepted: they are fixed names)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sitetools import cli as run_cli
from sitetools import copy_workspace
from test_language import BOKMAL_ONLY

CODE, YEAR = "9950", 2025


def _bokmal_forms(text: str) -> list[str]:
    text = re.sub(r"\S*/\S*", " ", text)      # file paths and folder names are names, not words
    words = set(re.findall(r"[\wæøåÆØÅ]+", text.lower()))
    return [word for word in BOKMAL_ONLY if word in words]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workspace = copy_workspace(tmp_path_factory.mktemp("prosjekt"))
    said = []

    def cli(*args: str):
        result = run_cli("--workspace", str(workspace), *args)
        said.append((" ".join(args), result.stdout + result.stderr))
        return result

    assert cli("init", "-m", CODE, "-y", str(YEAR), "--name", "Prøvebygd", "--language", "nn").returncode == 0
    assert cli("template", "-m", CODE, "-y", str(YEAR), "-o", str(workspace / "mal.xlsx")).returncode == 0
    assert cli("validate", str(workspace / "data" / "own_figures" / CODE)).returncode == 0
    assert cli("list", "--language", "nn").returncode == 0
    example = Path(__file__).parent / "fixtures" / "tidlegare_rapport_9904.csv"
    assert cli("import", "-m", CODE, str(example), "--source", "Tilstandsrapport 2020").returncode == 0
    mistakes = workspace / "retting" / CODE
    mistakes.mkdir(parents=True)
    (mistakes / "tal.csv").write_text(
        "region;year;indicator;category;value;status;source\n"
        f"{CODE};{YEAR};meldinger_nye;;12,5;;Fagsystem\n{CODE};{YEAR};sykefravaer_andel;;120;;\n"
        f"{CODE};{YEAR};ukjend;;3;;Fagsystem\n{CODE};{YEAR};akuttplasseringer;;..;;Fagsystem\n", encoding="utf-8")
    assert cli("validate", str(mistakes)).returncode == 1
    assert cli("template", "-m", "Prøvebygdd", "-y", str(YEAR), "-o", str(workspace / "x.xlsx")).returncode == 2
    assert cli("build", "-m", CODE, "-y", str(YEAR), "--final", "-q").returncode == 2
    assert cli("build", "-m", CODE, "-y", str(YEAR), "--chapter", "meldinger", "-q").returncode == 0
    return workspace, said


def test_nothing_printed_is_bokmal(run):
    _, said = run
    found = {command: _bokmal_forms(text) for command, text in said}
    assert not any(found.values()), found


def test_nothing_written_is_bokmal(run):
    workspace, _ = run
    settings = (workspace / "data" / "settings" / f"{CODE}.yml").read_text(encoding="utf-8")
    comments = " ".join(line.partition("#")[2] for line in settings.splitlines())
    assert not _bokmal_forms(comments), settings
    for path in sorted((workspace / "narrative" / CODE / str(YEAR)).rglob("*.md")):
        assert not _bokmal_forms(path.read_text(encoding="utf-8")), path.name
    for template in (workspace / "mal.xlsx", workspace / "data" / "own_figures" / CODE / f"{CODE}_{YEAR}.xlsx"):
        book = load_workbook(template)
        assert "Rettleiing" in book.sheetnames
        cells = " ".join(str(cell.value) for sheet in book.worksheets if sheet.sheet_state == "visible"
                         for row in sheet.iter_rows() for cell in row
                         if cell.value is not None and cell.column_letter not in "CD")   # ids, not words
        assert not _bokmal_forms(cells), _bokmal_forms(cells)


def test_the_final_refusal_lists_the_missing_texts_in_nynorsk(run):
    _, said = run
    refusal = next(text for command, text in said if "--final" in command)
    assert "kan ikkje byggjast enno" in refusal and "teksten til tenesta «leders_vurdering»" in refusal
