"""The blank template lists every indicator of the catalogue for the code valid in the year."""
import csv

import pandas as pd
import pytest

from tilstand.ingest.target import InvalidChoice
from tilstand.ingest.dataset import read_raw
from tilstand.paths import DATA_DIR
from tilstand.ingest.template import write_template
from tilstand.ingest.validation import HELP_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS


def catalogue_rows():
    with (DATA_DIR / "indicators.csv").open(encoding="utf-8") as handle:
        indicators = {row["id"]: row for row in csv.DictReader(handle)}
    with (DATA_DIR / "categories.csv").open(encoding="utf-8") as handle:
        categories = [(row["indicator"], row["category"], row["label"]) for row in csv.DictReader(handle)]
    return indicators, categories


@pytest.fixture(scope="module", params=[".csv", ".xlsx"])
def bærum_2018(tmp_path_factory, request):
    path = write_template("Bærum", 2018, tmp_path_factory.mktemp("tpl") / f"mal{request.param}")
    return read_raw(path)


def test_columns_are_data_then_help(bærum_2018):
    assert list(bærum_2018.columns) == list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + HELP_COLUMNS)


def test_every_indicator_and_category_is_listed_with_unit_and_definition(bærum_2018):
    indicators, categories = catalogue_rows()
    assert set(bærum_2018["indicator"]) == set(indicators)
    listed = set(zip(bærum_2018["indicator"], bærum_2018["category"], bærum_2018["category_label"]))
    assert set(categories) <= listed
    for row in bærum_2018.itertuples():
        assert row.unit == indicators[row.indicator]["unit"]
        assert row.definition == indicators[row.indicator]["definition"]
        assert row.title == indicators[row.indicator]["title"]


def test_each_row_once(bærum_2018):
    assert not bærum_2018.duplicated(["indicator", "category"]).any()


def test_values_are_blank_and_code_is_the_one_valid_in_the_year(bærum_2018):
    assert (bærum_2018["value"] == "").all() and (bærum_2018["status"] == "").all()
    assert set(bærum_2018["region"]) == {"0219"}, "Bærum was 0219 in 2018, leading zero kept"
    assert set(bærum_2018["year"]) == {"2018"}


@pytest.mark.parametrize(("year", "code"), [(2019, "0219"), (2022, "3024"), (2024, "3201")])
def test_code_follows_the_year(tmp_path, year, code):
    frame = read_raw(write_template("3201", year, tmp_path / "mal.csv"))
    assert set(frame["region"]) == {code}


def test_a_breakdown_into_another_indicators_parts_has_no_own_total(tmp_path):
    frame = read_raw(write_template("9901", 2024, tmp_path / "mal.csv"))
    rows = set(zip(frame["indicator"], frame["category"]))
    assert ("meldinger_nye", "") in rows
    assert ("meldinger_etter_instans", "") not in rows, "its total is meldinger_nye"
    assert ("barn_plassert_etter_type", "") in rows, "children in foster homes and institutions add up"


def test_excel_has_a_guide_sheet(tmp_path):
    path = write_template("9901", 2024, tmp_path / "mal.xlsx")
    sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["Tall", "Veiledning"]
    guide = " ".join(sheets["Veiledning"].astype(str).agg(" ".join, axis=1))
    for word in ("value", "status", "source", "prosent", "Ikke relevant", "Skjult", "Nøyaktig null",
                 "aldri som 0", "validate", "data/own_figures"):
        assert word in guide, word


@pytest.mark.parametrize(("municipality", "year", "name"), [
    ("Atlantis", 2024, "mal.csv"), ("3201", "20x4", "mal.csv"), ("3201", 2024, "mal.pdf")])
def test_bad_choices_are_refused(tmp_path, municipality, year, name):
    with pytest.raises(InvalidChoice):
        write_template(municipality, year, tmp_path / name)
    assert not (tmp_path / name).exists()
