"""The tool speaks the municipality's målform: a nynorsk municipality goes through init, template,
validate, list, a draft, a refused final and a batch in nynorsk without one bokmål form in what is
printed or written (the settings' keys excepted: they are fixed names)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sitetools import cli as run_cli
from sitetools import copy_workspace
from test_language import BOKMAL_ONLY

CODE, YEAR = "9950", 2025


def _bokmal_forms(text: str) -> list[str]:
    text = re.sub(r"\S*/\S*", " ", text)  # file paths and folder names are names, not words
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
    own = workspace / "data" / "own_figures" / CODE
    (own / f"~${CODE}_{YEAR}.xlsx").write_bytes(b"")  # Excel's lock file while the template is open
    assert cli("validate", str(own), *(str(path) for path in sorted(own.iterdir()))).returncode == 0
    assert cli("list", "--language", "nn").returncode == 0
    example = Path(__file__).parent / "fixtures" / "tidlegare_rapport_9904.csv"
    assert cli("import", "-m", CODE, str(example), "--source", "Tilstandsrapport 2020").returncode == 0
    with (workspace / "data" / "municipalities" / "extra.csv").open("a", encoding="utf-8") as register:
        register.write("9951,Prøvebygd <b>,true,nynorsk,\n9851,Anna grend (fiktiv),true,nynorsk,\n")
    mistakes = workspace / "retting" / CODE
    mistakes.mkdir(parents=True)
    (mistakes / "tal.csv").write_text(
        "region;year;indicator;category;value;status;source\n"
        f"{CODE};{YEAR};meldinger_nye;;12,5;;Fagsystem\n{CODE};{YEAR};sykefravaer_andel;;120;;\n"
        f"{CODE};{YEAR};ukjend;;3;;Fagsystem\n{CODE};{YEAR};akuttplasseringer;;..;;Fagsystem\n",
        encoding="utf-8",
    )
    assert cli("validate", str(mistakes)).returncode == 1
    assert cli("validate", *(str(path) for path in _bad_spreadsheets(mistakes))).returncode == 1
    assert cli("template", "-m", "Prøvebygdd", "-y", str(YEAR), "-o", str(workspace / "x.xlsx")).returncode == 2
    assert cli("build", "-m", CODE, "-y", str(YEAR), "--final", "-q").returncode == 2
    assert cli("build", "-m", CODE, "-y", str(YEAR), "--chapter", "meldinger", "-q").returncode == 0
    assert cli("batch", "--all", "-y", "2099", "--language", "nn", "-q").returncode == 2
    return workspace, said


def _bad_spreadsheets(folder: Path) -> list[Path]:
    """Files as an analyst saves them, each wrong in a way the reader itself finds: hidden rows and a hidden
    column, a date and a formula without a result where figures belong, an old format, a decimal comma
    that splits a comma-separated row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Tall"
    sheet.append(["region", "year", "indicator", "category", "value", "status", "source", "source_ref", "note"])
    for row in (
        [CODE, YEAR, "meldinger_nye", None, 40, None, "Fagsystem", None, "sjekka"],
        [CODE, YEAR, "akuttplasseringer", None, 3, None, "Fagsystem", None, None],
        [CODE, YEAR, "arsverk", None, date(YEAR, 5, 1), None, "HR", None, None],
        [CODE, YEAR, "innsynskrav", None, "=1+2", None, "Fagsystem", None, None],
    ):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["I"].hidden = True
    sheet["E4"].number_format = "dd.mm.yyyy"
    book.create_sheet("Gamalt").sheet_state = "hidden"
    book.save(folder / "tal.xlsx")
    (folder / "gamal.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (folder / "komma.csv").write_text(
        f"region,year,indicator,category,value,status,source\n{CODE},{YEAR},arsverk,,12,5,,HR\n", encoding="utf-8"
    )
    return [folder / "tal.xlsx", folder / "gamal.xls", folder / "komma.csv"]


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
        cells = " ".join(
            str(cell.value)
            for sheet in book.worksheets
            if sheet.sheet_state == "visible"
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None and cell.column_letter not in "CD"
        )  # ids, not words
        assert not _bokmal_forms(cells), _bokmal_forms(cells)


def test_the_final_refusal_lists_the_missing_texts_in_nynorsk(run):
    _, said = run
    refusal = next(text for command, text in said if "--final" in command)
    assert "kan ikkje byggjast enno" in refusal and "teksten til tenesta «leders_vurdering»" in refusal


def test_a_bad_spreadsheet_is_refused_in_nynorsk(run):
    _, said = run
    refusal = next(text for command, text in said if "tal.xlsx" in command)
    for nynorsk in (
        "Rad 3 i arket «Tall» er skjult eller filtrert bort i Excel, og eit tal ingen ser",
        "Kolonne I («note») i arket «Tall» er skjult i Excel, men det som står der",
        "venta eit tal, ikkje ein dato (cella er formatert som dato",
        "venta eit tal; cella har ein formel utan lagra resultat",
        "Fila er i det gamle Excel-formatet .xls. Lagre henne som Excel-arbeidsbok",
        "Truleg er desimalkommaet i «12,5» lese som skiljeteikn",
    ):
        assert nynorsk in refusal, refusal


def test_a_broken_line_in_the_register_is_told_in_nynorsk(run):
    _, said = run
    told = next(text for command, text in said if command.startswith("validate") and "retting" in command)
    for nynorsk in (
        "Lina for kommunenummer 9951 er ikkje lesen",
        "kolonne «name»: «Prøvebygd <b>» – venta eit namn som sluttar med «(fiktiv)», på éi line",
        "«9851» – venta eit fiktivt kommunenummer frå 9900 til 9999",
    ):
        assert nynorsk in told, told


def test_a_file_the_tool_fails_on_is_named_in_nynorsk_without_a_traceback(tmp_path, monkeypatch):
    from tilstand.ingest import dataset

    folder = tmp_path / "9904"  # Fjordbygd, a nynorsk municipality
    folder.mkdir()
    path = folder / "tal.csv"
    path.write_text(
        f"region;year;indicator;category;value;status;source\n9904;{YEAR};meldinger_nye;;40;;Fagsystem\n",
        encoding="utf-8",
    )

    def failing(*args, **kwargs):
        raise RuntimeError("ein feil i koden")

    monkeypatch.setattr(dataset, "read_observations", failing)
    result = run_cli("validate", str(folder))
    told = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"{path}: Fila kunne ikkje lesast på grunn av ein feil i verktøyet (RuntimeError). Meld frå" in told, told
    assert "Traceback" not in told and not _bokmal_forms(told), told


def test_a_lock_file_is_passed_over_in_nynorsk(run):
    _, said = run
    told = next(text for command, text in said if command.startswith("validate") and "own_figures" in command)
    assert f"~${CODE}_{YEAR}.xlsx: hoppa over; det er låsefila til Excel (ho finst medan arbeidsboka er open" in told, (
        told
    )


def test_a_batch_with_no_figures_for_the_year_says_so_in_nynorsk(run):
    _, said = run
    told = next(text for command, text in said if command.startswith("batch"))
    assert "Ingen kommunar har tal for 2099. Hent tal med `python -m tilstand fetch`, eller vel eit anna år." in told, (
        told
    )


def test_a_code_no_municipality_has_is_told_in_nynorsk():
    from tilstand.ingest.register import UnknownMunicipality, load_register

    with pytest.raises(UnknownMunicipality) as error:
        load_register().current_code("9949")
    told = error.value.said.render("nn")
    assert told.startswith("Fann ingen kommune med kommunenummer «9949». Køyr `python -m tilstand list --all`"), told
    assert not _bokmal_forms(told) and "Fant ingen kommune med kommunenummer «9949»" in str(error.value)


def test_the_end_of_a_batch_is_told_in_nynorsk_and_in_bokmal():
    from tilstand.publish.batch import BatchResult, Outcome

    outcomes = [
        Outcome("9904", "Fjordbygd", "ok", ""),
        Outcome("9905", "Dalbygd", "ok", ""),
        Outcome("9906", "Øybygd", "uendret", ""),
        Outcome("9907", "Nesbygd", "feilet", ""),
    ]
    result = BatchResult(outcomes, Path("index.html"))
    assert result.summary("nn") == "Ferdig: 2 bygde, 1 uendra sidan førre køyring, 1 feila av 4 kommunar."
    assert result.summary("nb") == "Ferdig: 2 bygget, 1 uendret siden forrige kjøring, 1 feilet av 4 kommuner."


def test_a_lost_worker_and_a_fault_in_the_tool_are_told_in_nynorsk():
    from distributed import KilledWorker

    from tilstand.publish.batch import _lost

    killed = _lost(KilledWorker("tilstand-9904-2025", None, 2), "nn")
    assert killed.startswith("Arbeidsprosessen som bygde kommunen, stoppa gong på gong (for lite minne"), killed
    fault = _lost(RuntimeError("ein feil i koden"), "nn")
    assert fault.startswith("Uventa feil i verktøyet (RuntimeError: ein feil i koden). Køyr"), fault
    assert not _bokmal_forms(killed + fault)
    assert _lost(KilledWorker("tilstand-9904-2025", None, 2), "nb").startswith(
        "Arbeidsprosessen som bygde kommunen, stoppet gjentatte ganger"
    )


def test_a_settings_file_that_cannot_be_read_is_told_in_the_municipalitys_language(tmp_path):
    """9904 writes nynorsk; its settings saved as Windows-1252 cannot say so, its language decision does."""
    workspace = copy_workspace(tmp_path)
    corpus = Path(__file__).parent / "bad_settings" / "windows1252.yml"
    (workspace / "data" / "settings" / "9904.yml").write_bytes(corpus.read_bytes())
    result = run_cli("--workspace", str(workspace), "build", "-m", "9904", "-y", "2024", "-q")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Fann 1 feil i data/settings/9904.yml" in result.stderr
    assert "venta tekst lagra som UTF-8 (fila ser ut til å vere lagra som Windows-1252" in result.stderr
    assert _bokmal_forms(result.stderr) == [], result.stderr
