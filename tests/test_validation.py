"""A file of figures with mistakes: every mistake is reported at once, naming file, row and column."""

import math

import pytest

from tilstand.ingest.dataset import read_observations
from tilstand.ingest.validation import DataValidationError

HEADER = "region,year,indicator,category,value,status,source,source_ref,note"
GOOD = "3201,2024,meldinger_nye,,826,,baerum_tr_2024,tabell 1,"


def write(tmp_path, *rows, header=HEADER, name="figures.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(DataValidationError) as caught:
        read_observations(path)
    return caught.value


def assert_reported(error, path, row, column, value=None, expected_word=None):
    """The message a user reads names the file, the spreadsheet row, the column and the value."""
    text = str(error)
    assert f"{path}, rad {row}, kolonne «{column}»" in text, text
    if value is not None:
        assert f"«{value}»" in text, text
    if expected_word is not None:
        assert expected_word in text, text
    assert "forventet" in text


def test_a_good_file_passes(tmp_path):
    frame = read_observations(write(tmp_path, GOOD))
    assert frame["value"].tolist() == [826.0]


def test_year_that_is_not_a_number(tmp_path):
    path = write(tmp_path, GOOD, "3201,20x4,meldinger_henlagt_andel,,11.7,,baerum_tr_2024,tabell 3,")
    assert_reported(problems(path), path, 3, "year", "20x4", "årstall")


def test_value_written_as_a_word(tmp_path):
    path = write(tmp_path, "3201,2024,meldinger_nye,,tolv,,baerum_tr_2024,tabell 1,")
    assert_reported(problems(path), path, 2, "value", "tolv", "et tall")


def test_unknown_indicator(tmp_path):
    path = write(tmp_path, GOOD, "3201,2024,meldinger_nyee,,826,,baerum_tr_2024,tabell 1,")
    assert_reported(problems(path), path, 3, "indicator", "meldinger_nyee", "indicators.yml")


def test_unknown_category(tmp_path):
    path = write(tmp_path, "3201,2024,meldinger_etter_instans,brannvesen,3,,baerum_tr_2024,tabell 1,")
    assert_reported(problems(path), path, 2, "category", "brannvesen", "politi")


def test_unknown_municipality_code(tmp_path):
    path = write(tmp_path, "9876,2024,meldinger_nye,,826,,baerum_tr_2024,tabell 1,")
    assert_reported(problems(path), path, 2, "region", "9876", "kommunenummer")


def test_duplicate_rows(tmp_path):
    path = write(tmp_path, GOOD, GOOD)
    error = problems(path)
    assert_reported(error, path, 3, "indicator", "meldinger_nye", "samme som rad 2")


def test_negative_count(tmp_path):
    path = write(tmp_path, "3201,2024,akuttplasseringer,,-3,,baerum_tr_2024,tekst 4.2.3,")
    assert_reported(problems(path), path, 2, "value", "-3", "ikke er negativt")


@pytest.mark.parametrize("share", ["120", "-0.5"])
def test_share_outside_0_to_100(tmp_path, share):
    path = write(tmp_path, f"3201,2024,meldinger_henlagt_andel,,{share},,baerum_tr_2024,tabell 3,")
    assert_reported(problems(path), path, 2, "value", share, "mellom 0 og 100")


def test_parts_that_do_not_add_up_to_their_total(tmp_path):
    # Figur 7 in the 2024 report: 17 + 3 + 0 + 3 + 1 = 24; here § 4-5 is 0, so the parts give 23.
    rows = ["3201,2024,akuttplasseringer,,24,,baerum_tr_2024,tekst 4.2.3,"]
    rows += [
        f"3201,2024,akuttplasseringer_etter_paragraf,{c},{v},,baerum_tr_2024,figur 7,"
        for c, v in [("bvl_4_1", 17), ("bvl_4_2", 3), ("bvl_4_3", 0), ("bvl_4_4", 3), ("bvl_4_5", 0)]
    ]
    path = write(tmp_path, *rows)
    assert_reported(problems(path), path, 2, "value", "24", "som er 23")


def test_parts_that_add_up_pass(tmp_path):
    rows = ["3201,2024,akuttplasseringer,,24,,baerum_tr_2024,tekst 4.2.3,"]
    rows += [
        f"3201,2024,akuttplasseringer_etter_paragraf,{c},{v},,baerum_tr_2024,figur 7,"
        for c, v in [("bvl_4_1", 17), ("bvl_4_2", 3), ("bvl_4_3", 0), ("bvl_4_4", 3), ("bvl_4_5", 1)]
    ]
    assert len(read_observations(write(tmp_path, *rows))) == 6


@pytest.mark.parametrize("year", ["1889", "2150"])
def test_year_out_of_range(tmp_path, year):
    path = write(tmp_path, f"3201,{year},meldinger_nye,,826,,baerum_tr_2024,tabell 1,")
    assert_reported(problems(path), path, 2, "year", year, "mellom 1990")


def test_missing_required_column(tmp_path):
    header = "region,year,indicator,category,value,status,source_ref,note"
    path = write(tmp_path, "3201,2024,meldinger_nye,,826,,tabell 1,", header=header)
    assert_reported(problems(path), path, 1, "source", expected_word="overskriftsraden")


def test_a_figure_without_source(tmp_path):
    path = write(tmp_path, "3201,2024,meldinger_nye,,826,,,tabell 1,")
    assert_reported(problems(path), path, 2, "source", expected_word="kilde")


def test_an_unfilled_template_row_needs_no_source_and_stays_missing(tmp_path):
    frame = read_observations(write(tmp_path, "3201,2024,meldinger_nye,,,,,,"))
    assert math.isnan(frame["value"].iloc[0])


def test_all_errors_of_a_file_are_reported_at_once(tmp_path):
    path = write(
        tmp_path,
        "3201,20x4,meldinger_nye,,826,,baerum_tr_2024,tabell 1,",
        "3201,2024,meldinger_henlagt_andel,,tolv,,baerum_tr_2024,tabell 3,",
        "9876,2024,akuttplasseringer,,24,,baerum_tr_2024,tekst 4.2.3,",
        "3201,2024,ukjent_indikator,,1,,baerum_tr_2024,tekst,",
    )
    error = problems(path)
    assert [(p.row, p.column) for p in error.problems] == [(2, "year"), (3, "value"), (4, "region"), (5, "indicator")]
    assert "Fant 4 feil" in str(error)


@pytest.mark.parametrize("symbol", [".", "..", ":"])
def test_ssb_symbols_are_kept_beside_a_missing_value(tmp_path, symbol):
    frame = read_observations(write(tmp_path, f"3201,2024,meldinger_nye,,,{symbol},baerum_tr_2024,tabell 1,"))
    assert frame["status"].iloc[0] == symbol
    assert math.isnan(frame["value"].iloc[0]), "a missing value must never become 0"


def test_dash_means_exactly_zero(tmp_path):
    frame = read_observations(write(tmp_path, "3201,2024,meldinger_fristbrudd,,,-,baerum_tr_2024,figur 2,"))
    assert frame["status"].iloc[0] == "-"
    assert frame["value"].iloc[0] == 0


def test_dash_with_a_nonzero_value_is_refused(tmp_path):
    path = write(tmp_path, "3201,2024,meldinger_fristbrudd,,5,-,baerum_tr_2024,figur 2,")
    assert_reported(problems(path), path, 2, "value", "5", "nøyaktig null")


def test_symbol_beside_a_value_is_refused(tmp_path):
    path = write(tmp_path, "3201,2024,meldinger_nye,,826,..,baerum_tr_2024,tabell 1,")
    assert_reported(problems(path), path, 2, "status", "..", "tom status")


def test_unknown_symbol_is_refused(tmp_path):
    path = write(tmp_path, "3201,2024,meldinger_nye,,,x,baerum_tr_2024,tabell 1,")
    assert_reported(problems(path), path, 2, "status", "x", "SSBs symboler")


def test_numbers_as_people_write_them(tmp_path):
    rows = [
        '3201,2024,meldinger_henlagt_andel,,"11,7",,baerum_tr_2024,tabell 3,',
        '3201,2024,egenbetaling_sats,institusjonsplass,"2 100 000",,baerum_tr_2024,tabell 7,',
    ]
    frame = read_observations(write(tmp_path, *rows))
    assert frame["value"].tolist() == [11.7, 2_100_000.0]
