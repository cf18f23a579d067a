"""The blank template lists the municipality's indicators for the code valid in the year, never
overwrites a filled file, and its Excel version checks what it can while the analyst types."""

import pandas as pd
import pytest
from openpyxl import load_workbook
from sitetools import read_raw

from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.problems import UserError
from tilstand.ingest.template import write_template
from tilstand.ingest.validation import HELP_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module", params=[".csv", ".xlsx"])
def example_2018(tmp_path_factory, request):
    path = write_template("Eksempel kommune", 2018, tmp_path_factory.mktemp("tpl") / f"mal{request.param}")
    return read_raw(path)


def test_columns_are_data_then_help(example_2018):
    assert list(example_2018.columns) == list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + HELP_COLUMNS)


def test_general_indicators_listed_with_unit_and_definition_but_not_optional_or_supplied_ones(example_2018):
    general = {i.id for i in CATALOGUE if i.module is None and i.in_template and not (i.share_of or i.balance_of)}
    assert set(example_2018["indicator"]) == general
    for row in example_2018.itertuples():
        indicator = CATALOGUE.get(row.indicator)
        assert row.unit == indicator.unit and row.definition == indicator.definition("nb")
    assert not {"mstcan_barn", "innsparing_f244_tilbakefort", "egenbetaling_sats", "barn_med_tiltak_0_17"} & set(
        example_2018["indicator"]
    ), "optional parts, national rates and SSB figures are not asked for"
    assert "uleselig" not in set(example_2018["category"]), "a label only a source OCR garbled is no category"


def test_the_settings_add_the_optional_parts_a_municipality_uses(tmp_path):
    frame = read_raw(write_template("3201", 2024, tmp_path / "mal.csv"))  # Bærum's settings: mstcan …
    assert {"mstcan_barn", "innsparing_f244_tilbakefort"} <= set(frame["indicator"])
    assert not {"baerum", "asker"} & set(frame["category"]), "categories from one report are not offered"


def test_each_row_once(example_2018):
    assert not example_2018.duplicated(["indicator", "category"]).any()


def test_values_are_blank_and_code_is_the_one_valid_in_the_year(tmp_path):
    frame = read_raw(write_template("Bærum", 2018, tmp_path / "mal.csv"))
    assert (frame["value"] == "").all() and (frame["status"] == "").all()
    assert set(frame["region"]) == {"0219"}, "Bærum was 0219 in 2018, leading zero kept"
    assert set(frame["year"]) == {"2018"}


@pytest.mark.parametrize(("year", "code"), [(2019, "0219"), (2022, "3024"), (2024, "3201")])
def test_code_follows_the_year(tmp_path, year, code):
    frame = read_raw(write_template("3201", year, tmp_path / "mal.csv"))
    assert set(frame["region"]) == {code}


def test_csv_is_what_norwegian_excel_opens(tmp_path):
    path = write_template("9901", 2024, tmp_path / "mal.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.splitlines()[0].count(b";") == len(read_raw(path).columns) - 1


def test_a_breakdown_into_another_indicators_parts_has_no_own_total(tmp_path):
    frame = read_raw(write_template("9901", 2024, tmp_path / "mal.csv"))
    rows = set(zip(frame["indicator"], frame["category"]))
    assert ("meldinger_nye", "") in rows
    assert ("meldinger_etter_instans", "") not in rows, "its total is meldinger_nye"
    assert ("barn_plassert_etter_type", "") in rows, "children in foster homes and institutions add up"


def test_excel_has_the_guide_after_the_data_and_checks_values_while_typing(tmp_path):
    path = write_template("9901", 2024, tmp_path / "mal.xlsx")
    workbook = load_workbook(path)
    visible = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
    assert visible == ["Tall", "Veiledning"]
    guide = " ".join(pd.read_excel(path, sheet_name="Veiledning", dtype=str).fillna("").agg(" ".join, axis=1))
    for word in (
        "value",
        "status",
        "source",
        "prosent",
        "Ikke relevant",
        "Skjult",
        "Nøyaktig null",
        "aldri som 0",
        "validate",
        "data/own_figures",
    ):
        assert word in guide, word
    sheet = workbook["Tall"]
    rules = {(v.type, v.operator, v.formula1): str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert ("whole", "greaterThanOrEqual", "0") in rules, "counts: whole numbers, 0 or more"
    assert ("decimal", "between", "0") in rules, "shares: 0–100"
    assert any(kind == "list" for kind, _, _ in rules), "status and indicator from lists"
    first_count = next(
        i
        for i, row in enumerate(read_raw(path).itertuples(), start=2)
        if CATALOGUE.get(row.indicator).is_count and CATALOGUE.get(row.indicator).kind.whole
    )
    assert f"E{first_count}" in " ".join(rules.values())


def test_an_existing_file_is_never_overwritten_without_force(tmp_path):
    path = tmp_path / "mal.csv"
    path.write_text("utfylte tall\n", encoding="utf-8")
    with pytest.raises(UserError, match="finnes allerede"):
        write_template("9901", 2024, path)
    assert path.read_text(encoding="utf-8") == "utfylte tall\n"
    write_template("9901", 2024, path, force=True)
    assert "meldinger_nye" in path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("municipality", "year", "name"),
    [("Atlantis", 2024, "mal.csv"), ("3201", "20x4", "mal.csv"), ("3201", 2024, "mal.pdf"), ("3201", 2024, "")],
)
def test_bad_choices_are_refused(tmp_path, municipality, year, name):
    with pytest.raises(UserError):
        write_template(municipality, year, tmp_path / name)
    assert not (tmp_path / name).is_file()
