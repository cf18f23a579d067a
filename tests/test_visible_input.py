"""Issue 16: a workbook is read as a person sees it in Excel, and messages stay readable.

Unit tests of the rules the corpus in tests/bad_files exercises end to end: which number formats
Excel shows multiplied by 100, which «1,000» is ambiguous, and how many messages of one kind are shown.
"""
from __future__ import annotations

import pytest

from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.problems import MAX_OF_A_KIND, DataValidationError, Problem, capped
from tilstand.ingest.readers import shows_percent
from tilstand.ingest.validation import read_value, value_problem


@pytest.mark.parametrize("number_format, number, shown_as_percent", [
    ("0%", 0.079, True),
    ("0.0 %", 0.079, True),
    ("[Red]0.0%", 0.079, True),            # a colour in brackets does not hide the percent
    ('0.0" %"', 7.9, False),               # «7,9 %» as text after the number: not multiplied
    ("0.0\\%", 7.9, False),                # an escaped «%» is text too
    ('"Andel: "0.0', 7.9, False),
    ("0%;-0", 0.5, True),
    ("0%;-0", -0.5, False),                # the negative section has no percent
    ('0;-0;"0 %"', 0, False),              # the zero section shows «0 %» as text
    ("General", 7.9, False),
    ("", 7.9, False),
])
def test_a_cell_is_a_percent_only_when_excel_shows_it_multiplied(number_format, number, shown_as_percent):
    assert shows_percent(number_format, number) is shown_as_percent


@pytest.mark.parametrize("indicator, text, refused", [
    ("meldinger_nye", "1,000", True),        # a count of reports: 1 or 1000?
    ("innsynskrav", "12,345", True),
    ("utgift_per_tiltak_maned", "210,000", True),
    ("meldinger_nye", "1 000", False),
    ("arsverk", "1,500", False),             # full-time equivalents have decimals: 1,5 årsverk
    ("utgift_per_tiltak_maned", "0,500", False),
])
def test_an_english_thousands_comma_is_refused_where_a_figure_is_seldom_a_fraction(indicator, text, refused):
    number, expected = read_value(text)
    assert expected is None
    problem = value_problem(number, text, load_catalogue().get(indicator))
    assert (problem is not None and "tusenskille" in problem) is refused, problem
    if refused:
        assert f"«{text}»" in problem and text.replace(",", "")[-3:] in problem


def test_at_most_a_few_dozen_messages_of_one_kind_then_a_count():
    same = [Problem("tall.csv", row, "indicator", "meldinger_nye",
                    f"én rad per region, år, indikator og kategori (samme som rad {row - 1})") for row in range(3, 1003)]
    other = [Problem("tall.csv", 5, "value", "fem", "et tall")]
    lines = capped(same + other)
    assert len(lines) == MAX_OF_A_KIND + 2
    assert lines[MAX_OF_A_KIND] == "… og 970 til av samme slag (kolonne «indicator» i tall.csv)"
    assert "rad 5, kolonne «value»" in lines[-1]
    message = str(DataValidationError(same + other))
    assert message.startswith("Fant 1001 feil i tall.csv:") and "rad 1002" not in message
