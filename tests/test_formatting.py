"""Every Norwegian format the report shows, pinned to the exact characters."""

import math
import re
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import vl_convert

from tilstand.formatting import (
    format_change_pp,
    format_date,
    format_kroner,
    format_mill_kroner,
    format_number,
    format_percent,
    format_plain,
    format_value,
    format_years,
    vega_format_locale,
    vega_time_format_locale,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (12345, 0, "12\u00a0345"),
        (1234.5, 1, "1\u00a0234,5"),
        (1234, 0, "1\u00a0234"),
        (999, 0, "999"),
        (0, 0, "0"),
        (1234567, 0, "1\u00a0234\u00a0567"),
        (-1234.5, 1, "\u22121\u00a0234,5"),
        (-5, 0, "\u22125"),
        (2.5, 0, "3"),  # halves round up, as SSB does (not banker's rounding)
        (0.05, 1, "0,1"),  # not 0,0 from the float's binary value
        (-0.04, 1, "0,0"),  # no minus on a rounded zero
        (12.0, 2, "12,00"),
        (Decimal("12.345"), 2, "12,35"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals=decimals) == expected


def test_format_number_default_has_no_decimals():
    assert format_number(12345) == "12\u00a0345"
    assert format_number(12.6) == "13"


@pytest.mark.parametrize(
    "value",
    [np.int64(12345), np.int32(12345), np.float64(12345.0), np.float32(12345.0), pd.Series([12345]).iloc[0]],
)
def test_numpy_and_pandas_scalars(value):
    assert format_number(value) == "12\u00a0345"
    assert format_value(value, "antall", language="nb") == "12\u00a0345"


def test_numpy_float_percent():
    assert format_percent(np.float64(12.5)) == "12,5\u00a0%"
    assert format_percent(np.float32(12.5)) == "12,5\u00a0%"


def test_format_percent():
    assert format_percent(12.5) == "12,5\u00a0%"
    assert format_percent(100) == "100,0\u00a0%"
    assert format_percent(12.46, decimals=0) == "12\u00a0%"
    assert format_percent(-3.25) == "\u22123,3\u00a0%"


def test_format_change_pp_is_absolute_with_nbsp():
    assert format_change_pp(2.3, language="nb") == "2,3\u00a0prosentpoeng"
    assert format_change_pp(-2.3, language="nb") == "2,3\u00a0prosentpoeng"
    assert format_change_pp(0.04, language="nb") == "0,0\u00a0prosentpoeng"


def test_format_kroner():
    assert format_kroner(12345) == "12\u00a0345\u00a0kr"
    assert format_kroner(-500918) == "\u2212500\u00a0918\u00a0kr"
    assert format_kroner(73991.5, decimals=2) == "73\u00a0991,50\u00a0kr"


def test_format_mill_kroner():
    assert format_mill_kroner(12.34) == "12,3\u00a0mill.\u00a0kr"
    assert format_mill_kroner(1234, decimals=0) == "1\u00a0234\u00a0mill.\u00a0kr"


def test_format_date():
    assert format_date(date(2024, 2, 8), "nb") == "8. februar 2024"
    assert format_date(date(2023, 12, 31), "nb") == "31. desember 2023"
    assert format_date(datetime(2024, 5, 17, 12, 0), "nb") == "17. mai 2024"
    assert format_date(pd.Timestamp("2024-03-01"), "nb") == "1. mars 2024"
    assert format_date(date(2024, 2, 8), "nn") == "8. februar 2024"


def test_format_years_joins_runs_in_either_language():
    assert format_years([2013, 2014, 2015, 2018], "nb") == "2013–2015 og 2018"
    assert format_years([2018, 2020, 2021, 2023], "nn") == "2018, 2020–2021 og 2023"
    assert format_years([], "nb") == ""


def test_csv_numbers_have_an_ascii_minus_excel_reads():
    assert format_plain(-1234.5, 1) == "-1234,5"
    assert format_plain(12345, 0) == "12345"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (12345, "antall", "12\u00a0345"),
        (12.5, "prosent", "12,5\u00a0%"),
        (12345, "kroner", "12\u00a0345\u00a0kr"),
        (12345, "1000 kroner", "12\u00a0345\u00a0000\u00a0kr"),
        (12.345, "1000 kroner", "12\u00a0345\u00a0kr"),
        (12.34, "mill. kroner", "12,3\u00a0mill.\u00a0kr"),
        (0.793, "indeks", "0,793"),
        (1, "indeks", "1,000"),
        (12, "dager", "12\u00a0dager"),
        (1, "dager", "1\u00a0dag"),
        (1.5, "dager", "2\u00a0dager"),
    ],
)
def test_format_value_by_unit(value, unit, expected):
    assert format_value(value, unit, language="nb") == expected


def test_format_value_decimals_override():
    assert format_value(12.345, "prosent", decimals=2, language="nb") == "12,35\u00a0%"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, np.float64("nan"), pd.NA, math.nan])
@pytest.mark.parametrize(
    ("status", "word"),
    [("", "mangler"), ("..", "mangler"), (".", "ikke relevant"), (":", "skjult"), ("-", "0")],
)
def test_missing_value_by_status(missing, status, word):
    assert format_value(missing, "prosent", status, language="nb") == word


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
@pytest.mark.parametrize("unit", ["antall", "prosent", "kroner", "1000 kroner", "mill. kroner", "indeks", "dager"])
def test_missing_never_nan_or_zero(missing, unit):
    text = format_value(missing, unit, language="nb")
    assert text == "mangler"
    assert "nan" not in text.lower() and text != "0"


def test_status_wins_over_a_value():
    assert format_value(3, "antall", ":", language="nb") == "skjult"
    assert format_value(0, "antall", "-", language="nb") == "0"


def test_unknown_unit_and_status_are_errors():
    with pytest.raises(ValueError, match="Ukjent enhet «liter»"):
        format_value(1, "liter", language="nb")
    with pytest.raises(ValueError, match="Ukjent statussymbol «x»"):
        format_value(1, "antall", "x", language="nb")


def test_vega_format_locale():
    assert vega_format_locale() == {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0kr"],
        "percent": "\u00a0%",
        "minus": "\u2212",
    }


def test_vega_time_format_locale_is_norwegian():
    locale = vega_time_format_locale()
    assert locale["months"][1] == "februar"
    assert locale["days"][0] == "søndag"
    assert locale["shortMonths"][4] == "mai"


def _render_svg(spec):
    return vl_convert.vegalite_to_svg(
        spec, format_locale=vega_format_locale(), time_format_locale=vega_time_format_locale()
    )


def test_vega_renders_norwegian_numbers_and_dates():
    values = [{"x": "2024-02-08", "n": 12345, "p": 12.5}]
    spec = {
        "data": {"values": values},
        "hconcat": [
            {"mark": "text", "encoding": {"text": {"field": "n", "type": "quantitative", "format": ","}}},
            {"mark": "text", "encoding": {"text": {"field": "p", "type": "quantitative", "format": ",.1f"}}},
            {"mark": "text", "encoding": {"text": {"field": "n", "type": "quantitative", "format": "$,"}}},
            {"mark": "text", "encoding": {"text": {"field": "x", "type": "temporal", "format": "%c"}}},
            {"mark": "text", "encoding": {"text": {"field": "x", "type": "temporal", "format": "%-d. %B %Y"}}},
        ],
    }
    svg = _render_svg(spec)
    assert ">12\u00a0345<" in svg
    assert ">12,5<" in svg
    assert ">12\u00a0345\u00a0kr<" in svg
    assert ">8. februar 2024<" in svg
    assert "torsdag 8. februar 2024" in svg


# --- in the reader's browser -------------------------------------------------------------------

NUMBER_LIKE = re.compile(r"[\u2212\-]?[\d.,\s\u00a0]+(%|kr|mill\.\u00a0kr)?")  # tick labels, not category names
NORWEGIAN_NUMBER = re.compile(r"^\u2212?\d{1,3}(\u00a0\d{3})*(,\d+)?(\u00a0(%|kr|mill\.\u00a0kr))?$")


def test_drawn_chart_axes_use_norwegian_numbers(default_site, audit):
    """Axis labels drawn by Vega in Chromium: '12 345' (NBSP) and '12,5', never '12,345' or '12.5'."""
    labels = [label for facts in audit(default_site).pages.values() for label in facts["axis_labels"]]
    numbers = [label for label in labels if NUMBER_LIKE.fullmatch(label) and not re.fullmatch(r"\d{4}", label)]
    wrong = sorted({label for label in numbers if not NORWEGIAN_NUMBER.match(label)})
    assert numbers, "fant ingen tallakser"
    assert not wrong, f"akseetiketter som ikke er norske tall: {wrong}"
    assert any("\u00a0" in label or "," in label for label in numbers), (
        "ingen akse viser tusenskille eller desimalkomma; testen sjekker da ikke lokaliteten"
    )
