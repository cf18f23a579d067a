"""The municipality register: codes across the 2020 and 2024 reforms, names and error messages."""

import pytest

from tilstand.ingest.register import HistoricCode, UnknownMunicipality, load_register
from tilstand.paths import DEFAULT_WORKSPACE

DATA_DIR = DEFAULT_WORKSPACE.data


@pytest.fixture(scope="module")
def register():
    return load_register()


@pytest.mark.parametrize(
    ("given", "year", "code"),
    [
        ("0219", 2018, "0219"),
        ("3024", 2021, "3024"),
        ("3201", 2024, "3201"),
        ("Bærum", 2024, "3201"),
        ("bærum", 2022, "3024"),
        ("  BÆRUM ", 2018, "0219"),
        ("Bærum kommune", 2024, "3201"),
        ("3201", 2018, "0219"),
        ("219", 2018, "0219"),
    ],
)
def test_resolve_baerum_over_old_and_new_codes(register, given, year, code):
    resolved = register.resolve(given, year)
    assert resolved.municipality.kommunenummer == "3201"
    assert resolved.municipality.name == "Bærum"
    assert resolved.municipality.fictitious is False
    assert (resolved.year, resolved.code) == (year, code)


def test_historic_code_with_later_year_still_resolves(register):
    resolved = register.resolve("0219", 2022)
    assert resolved.municipality.kommunenummer == "3201"
    assert resolved.code == "3024"


def test_merged_code_keeps_its_own_code_in_its_years(register):
    resolved = register.resolve("0627", 2018)
    assert resolved.municipality.name == "Asker"
    assert resolved.code == "0627"


def test_merged_municipality_by_name_gets_the_code_with_its_name(register):
    assert register.resolve("Asker", 2018).code == "0220"
    assert register.resolve("Asker", 2021).code == "3025"
    assert [c.code for c in register.codes_in_year("3203", 2018)] == ["0220", "0627", "0628"]


def test_reused_code_is_told_apart_by_year(register):
    # 0716 was Våle until 2001 and Re 2002–2019 (the file writes the first one "0716u").
    assert register.resolve("0716", 1999).municipality.name == "Tønsberg"
    codes = [c for c in register.get("3905").codes if c.code == "0716"]
    assert {(c.name, c.first_year, c.last_year) for c in codes} == {
        ("Våle", None, 2001),
        ("Re", 2002, 2019),
    }


def test_validity_years_parsed_from_text(register):
    baerum = register.get("3201")
    assert set(baerum.codes) == {
        HistoricCode("3201", "Bærum", None, None),
        HistoricCode("3024", "Bærum", 2020, 2023),
        HistoricCode("0219", "Bærum", None, 2019),
    }
    fredrikstad = {c.code: c for c in register.get("3107").codes}
    assert (fredrikstad["0106"].first_year, fredrikstad["0106"].last_year) == (1994, 2019)


def test_brackets_that_are_not_years_stay_in_the_name(register):
    valer = {c.code: c for c in register.get("3114").codes}
    assert valer["3018"] == HistoricCode("3018", "Våler (Viken)", 2020, 2023)
    assert register.get("3114").name == "Våler (Østfold)"


def test_name_lookup_variants(register):
    assert register.resolve("Trondheim", 2024).municipality.kommunenummer == "5001"
    assert register.resolve("Våler (Innlandet)", 2024).municipality.kommunenummer == "3419"
    assert register.resolve("Bø", 2024).municipality.kommunenummer == "1867"


def test_ambiguous_name_lists_the_choices(register):
    with pytest.raises(UnknownMunicipality) as error:
        register.resolve("Våler", 2024)
    message = str(error.value)
    assert "«Våler»" in message and "3114" in message and "3419" in message
    assert "python -m tilstand list" in message


@pytest.mark.parametrize("given", ["8888", "Atlantis"])
def test_unknown_names_the_input_and_the_list_command(register, given):
    with pytest.raises(UnknownMunicipality) as error:
        register.resolve(given, 2024)
    assert f"«{given}»" in str(error.value)
    assert "python -m tilstand list" in str(error.value)


def test_split_municipality_is_not_resolved(register):
    with pytest.raises(UnknownMunicipality, match="delt mellom flere kommuner"):
        register.resolve("1571", 2018)
    assert not register.is_known("1571")


def test_non_municipality_codes_are_not_known(register):
    with pytest.raises(UnknownMunicipality, match="ikke en kommune"):
        register.current_code("2111")
    assert not register.is_known("9999")


def test_current_code(register):
    assert register.current_code("0219") == "3201"
    assert register.current_code("219") == "3201"
    assert register.current_code("0628") == "3203"
    assert register.current_code("0301") == "0301"
    with pytest.raises(UnknownMunicipality, match="python -m tilstand list"):
        register.current_code("0000")


def test_is_known(register):
    assert register.is_known("0219")
    assert register.is_known("3024")
    assert register.is_known("219")
    assert register.is_known("9901")
    assert not register.is_known("0000")


def test_asker_predecessors_include_royken_and_hurum(register):
    names = {(c.code, c.name) for c in register.predecessors("3203")}
    assert {("0220", "Asker"), ("0627", "Røyken"), ("0628", "Hurum"), ("3025", "Asker")} == names


def test_all_holds_real_and_fictitious_municipalities(register):
    municipalities = register.all()
    codes = [m.kommunenummer for m in municipalities]
    assert codes == sorted(codes)
    assert {"0301", "3201", "3203", "9901", "9902"} <= set(codes)
    assert not {"2111", "9999"} & set(codes)  # Svalbard and "unknown" are not municipalities
    assert len([m for m in municipalities if not m.fictitious]) == 357


def test_fictitious_municipalities_are_labelled_and_not_real(register):
    smaaby = register.resolve("9902", 2024).municipality
    assert smaaby.fictitious
    assert "fiktiv" in smaaby.name
    assert register.resolve("Eksempel kommune", 2024).municipality.kommunenummer == "9901"


def test_fictitious_municipality_outside_99xx_is_refused_naming_file_row_and_value(tmp_path):
    source = DATA_DIR / "municipalities"
    target = tmp_path / "municipalities"
    target.mkdir()
    for name in ("kommuner-1994-2024.csv", "groups.csv", "counties.csv", "malform.csv"):
        (target / name).write_bytes((source / name).read_bytes())
    (target / "extra.csv").write_text(
        "kommunenummer,name,fictitious,malform,note\n3201,Feil (fiktiv),true,bokmal,\n", encoding="utf-8"
    )
    register = load_register(tmp_path)
    warnings = " ".join(str(warning) for warning in register.warnings)
    assert "data/municipalities/extra.csv, rad 2, kolonne «kommunenummer»: «3201»" in warnings
    assert "9900 til 9999" in warnings
    assert not register.get("3201").fictitious  # the real municipality stays as it is


def test_kostra_group_and_asss_only_where_known(register):
    assert register.kostra_group("3201", 2023) == "12"
    assert register.kostra_group("3024", 2022) == "12"
    assert register.kostra_group("0301", 2021) == "13"
    assert register.kostra_group("3201", 2018) is None
    assert register.kostra_group("3203", 2023) is None
    assert register.is_asss("3201", 2018) is True
    assert register.is_asss("0301", 2023) is True
    assert register.is_asss("3201", 2010) is None
    assert register.is_asss("3203", 2023) is None


def test_region_names_in_both_languages(register):
    assert register.region_name("EAK", "nb") == "Landet"
    assert register.region_name("EAKUO", "nb") == "Landet uten Oslo"
    assert register.region_name("EAKUO", "nn") == "Landet utan Oslo"
    assert register.region_name("ASSS_MAX", "nb") == "Høyeste i ASSS"
    assert register.region_name("ASSS_MIN", "nn") == "Lågaste i ASSS"
    assert register.region_name("EKG12", "nb") == "KOSTRA-gruppe 12"
    assert register.region_name("EKG01", "nn") == "KOSTRA-gruppe 1"
    assert register.region_name("EKA32", "nb") == "Akershus"  # the 2024 county
    assert register.region_name("EKA30", "nb") == "Viken"  # the 2020–2023 one
    assert register.region_name("0219", "nb") == "Bærum"
    for bad in ("EKG18", "EKA00", "XYZ"):
        with pytest.raises(ValueError, match="Ukjent"):
            register.region_name(bad, "nb")


def test_language_decisions_from_the_register(register):
    # Språkrådet's register (data/municipalities/malform.csv): nynorsk → nn; bokmål and neutral → nb.
    assert register.language("4640") == "nn"  # Sogndal: nynorsk
    assert register.language("3201") == "nb"  # Bærum: bokmål
    assert register.language("0301") == "nb"  # Oslo: neutral
    assert register.language("0219") == "nb"  # a historic code means today's municipality


def test_every_municipality_has_a_sourced_language_decision():
    import csv

    with (DATA_DIR / "municipalities" / "malform.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 357 and all(row["source"] for row in rows)
    counts = {value: sum(row["malform"] == value for row in rows) for value in ("nynorsk", "bokmal", "noytral")}
    assert counts == {"nynorsk": 88, "bokmal": 119, "noytral": 150}  # Språkrådet's totals, December 2021
