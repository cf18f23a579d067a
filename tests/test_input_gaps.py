"""Input an analyst gives that the tool must take as meant: a percent cell saved to CSV, a
municipality's full name, a near miss of a name; and what the tool says back, with decimal commas
and in the municipality's målform."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook
from test_language import BOKMAL_ONLY

from tilstand.cli import main
from tilstand.ingest.dataset import read_observations
from tilstand.ingest.problems import DataValidationError
from tilstand.ingest.target import InvalidChoice, resolve_municipality

HEADER = "region;year;indicator;category;value;status;source;source_ref;note\n"


def _csv(path, *rows: str):
    path.write_text(HEADER + "".join(f"{row};Familia;;\n" for row in rows), encoding="utf-8")
    return path


def _bokmal_forms(text: str) -> list[str]:
    text = re.sub(r"\S*/\S*", " ", text)  # file paths are names, not words
    words = set(re.findall(r"[\wæøåÆØÅ]+", text.lower()))
    return [word for word in BOKMAL_ONLY if word in words]


def test_a_share_saved_with_its_percent_sign_reads_as_the_xlsx_does(tmp_path):
    csv = _csv(tmp_path / "tal.csv", "9901;2024;sykefravaer_andel;;17,8 %;", "9901;2024;turnover_andel;;9,6%;")
    book = Workbook()
    sheet = book.active
    sheet.append(["region", "year", "indicator", "category", "value", "status", "source"])
    for indicator, value in (("sykefravaer_andel", 0.178), ("turnover_andel", 0.096)):
        sheet.append(["9901", "2024", indicator, "", value, "", "Familia"])
        sheet.cell(row=sheet.max_row, column=5).number_format = "0.0 %"
    book.save(tmp_path / "tal.xlsx")
    from_csv = read_observations(csv).set_index("indicator")["value"].to_dict()
    from_xlsx = read_observations(tmp_path / "tal.xlsx").set_index("indicator")["value"].to_dict()
    assert from_csv == from_xlsx == {"sykefravaer_andel": 17.8, "turnover_andel": 9.6}


def test_a_count_with_a_percent_sign_is_still_refused(tmp_path):
    with pytest.raises(DataValidationError) as error:
        read_observations(_csv(tmp_path / "tal.csv", "9901;2024;meldinger_nye;;826 %;"))
    assert "«826 %»" in str(error.value) and "%-tegn" in str(error.value)


def test_decimals_in_messages_have_a_comma(tmp_path):
    shares = _csv(
        tmp_path / "andelar.csv",
        "9901;2024;barn_med_tiltak;;161;",
        "9901;2024;barn_med_tiltak_etter_type;hjelpetiltak;144;",
        "9901;2024;barn_med_tiltak_etter_type;omsorgstiltak;17;",
        "9901;2024;barn_med_tiltak_etter_type_andel;hjelpetiltak;50;",
    )
    with pytest.raises(DataValidationError) as error:
        read_observations(shares)
    assert "om lag 89,4" in str(error.value) and "89.4" not in str(error.value)
    book = Workbook()
    book.active.append(["region", "year", "indicator", "category", "value", "status", "source"])
    book.active.append(["9901", "2024", "meldinger_nye", "", 17.5, "", "Familia"])
    book.save(tmp_path / "tal.xlsx")
    with pytest.raises(DataValidationError) as error:
        read_observations(tmp_path / "tal.xlsx")
    assert "«17,5»" in str(error.value) and "17.5" not in str(error.value)


@pytest.mark.parametrize(
    "name, code", [("Voss herad", "4621"), ("Volda kommune", "1577"), ("voss  Herad", "4621"), ("Fjordbygd", "9904")]
)
def test_a_municipality_is_found_by_its_full_name(name, code):
    assert resolve_municipality(name).kommunenummer == code


def test_a_name_close_to_a_municipality_gets_a_suggestion():
    with pytest.raises(InvalidChoice) as error:
        resolve_municipality("Vosss herad")
    assert "Mente du Voss (4621)?" in str(error.value)


def test_the_suggestion_is_in_the_municipalitys_malform(tmp_path, capsys):
    assert main(["template", "-m", "Vosss herad", "-y", "2025", "-o", str(tmp_path / "mal.xlsx")]) == 2
    said = capsys.readouterr().err
    assert "Meinte du Voss (4621)?" in said and not _bokmal_forms(said), said
    assert not (tmp_path / "mal.xlsx").exists()


def test_validate_speaks_nynorsk_for_a_nynorsk_municipalitys_folder(tmp_path, capsys):
    folder = tmp_path / "9904"
    folder.mkdir()
    _csv(
        folder / "tal.csv",
        "9904;2024;meldinger_nye;;12,5;",
        "9904;2024;sykefravaer_andel;;120;",
        "9904;2024;meldinger_nye;;;..",
        "9904;2051;ukjent_indikator;;3;",
        "9904;2024;akuttplasseringer;;5;:",
        "9904;2024;barn_med_tiltak;;161;",
        "9904;2024;barn_med_tiltak_etter_type;hjelpetiltak;144;",
        "9904;2024;barn_med_tiltak_etter_type;omsorgstiltak;17;",
        "9904;2024;barn_med_tiltak_etter_type_andel;hjelpetiltak;50;",
    )
    assert main(["validate", str(folder)]) == 1
    said = capsys.readouterr()
    text = said.out + said.err
    assert "Fann " in text and "venta eit heilt tal" in text and "om lag 89,4" in text
    assert not _bokmal_forms(text), (_bokmal_forms(text), text)


def test_validate_names_each_file_in_a_folder_it_cannot_read_and_how_to_save_it(tmp_path, capsys):
    """An old workbook beside the CSV is not passed over in silence: the build would refuse it too."""
    nynorsk, unknown = tmp_path / "9904", tmp_path / "tall"
    for folder in (nynorsk, unknown):
        folder.mkdir()
        _csv(folder / "tal.csv", "9904;2024;meldinger_nye;;170;")
    (nynorsk / "gamal.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (nynorsk / "tabell.ods").write_bytes(b"PK\x03\x04")
    (nynorsk / "~$tal.xlsx").write_bytes(b"")  # Excel's lock file stays a leftover, not a mistake
    (unknown / "tal.numbers").write_bytes(b"PK\x03\x04")
    assert main(["validate", str(nynorsk)]) == 1
    said = capsys.readouterr()
    text = said.out + said.err
    assert (
        f"{nynorsk / 'gamal.xls'}: Fila er i det gamle Excel-formatet .xls. Lagre henne som Excel-arbeidsbok "
        "(.xlsx) eller CSV (.csv)" in text
    ), text
    assert f"{nynorsk / 'tabell.ods'}: Fila er i OpenDocument-formatet .ods. Lagre henne" in text
    assert "~$tal.xlsx" not in said.err and not _bokmal_forms(text), text
    assert main(["validate", str(unknown)]) == 1
    said = capsys.readouterr().err
    assert (
        f"{unknown / 'tal.numbers'}: Filen er i Numbers-formatet. Lagre den som Excel-arbeidsbok (.xlsx) "
        "eller CSV (.csv)" in said
    ), said
