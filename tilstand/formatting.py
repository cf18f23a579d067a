"""The one Norwegian (bokmål) number and date formatter used in text, tables and charts.

Babel (CLDR) supplies grouping and month names; rounding, the minus sign and the units are
fixed here, because locale libraries are not trusted for nb: every case is pinned by a test.
Between a number and its unit there is always a non-breaking space, so they never part at a
line break.
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral

import pandas as pd
import vl_convert
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal

LOCALE = "nb_NO"
NBSP = "\u00a0"
MINUS = "\u2212"

# SSB's table symbols, shown as words because a bare "..", ":" is unreadable to most readers.
STATUS_WORDS = {"": "mangler", "..": "mangler", ".": "ikke relevant", ":": "skjult"}
ZERO_STATUS = "-"

UNIT_DECIMALS = {
    "antall": 0,
    "prosent": 1,
    "kroner": 0,
    "1000 kroner": 0,
    "mill. kroner": 1,
    "indeks": 3,
    "dager": 0,
}


def _to_decimal(value) -> Decimal:
    """Exact for ints (NumPy ints too); floats via their shortest repr, so 0.05 rounds to 0,1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def format_number(value, decimals: int = 0) -> str:
    """12345 → '12 345' (NBSP), 1234.5 → '1 234,5'; halves round up, as SSB does."""
    number = _to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # never "−0,0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(number), format=pattern, locale=LOCALE)
    return (MINUS + text) if number < 0 else text


def format_plain(value, decimals: int = 0) -> str:
    """For CSV files people open in a spreadsheet: decimal comma, no thousands separator, the
    same rounding as every other figure."""
    return format_number(value, decimals).replace(NBSP, "")


def printed_decimals(value) -> int:
    """How many decimals a figure was written with (8.28 → 2, 826.0 → 0), at most 3."""
    return min(len(f"{float(value):.6f}".rstrip("0").rstrip(".").partition(".")[2]), 3)


def format_percent(value, decimals: int = 1) -> str:
    """Percent points (0–100): 12.5 → '12,5 %'."""
    return f"{format_number(value, decimals)}{NBSP}%"


def format_change_pp(value, decimals: int = 1) -> str:
    """The size of a change in shares: 2.3 and −2.3 → '2,3 prosentpoeng'; the text says which way."""
    return f"{format_number(abs(_to_decimal(value)), decimals)}{NBSP}prosentpoeng"


def format_kroner(value, decimals: int = 0) -> str:
    return f"{format_number(value, decimals)}{NBSP}kr"


def format_mill_kroner(value, decimals: int = 1) -> str:
    """A value already in millions of kroner: 12.34 → '12,3 mill. kr'."""
    return f"{format_number(value, decimals)}{NBSP}mill.{NBSP}kr"


def format_days(value, decimals: int = 0) -> str:
    text = format_number(value, decimals)
    return f"{text}{NBSP}{'dag' if text == '1' else 'dager'}"


def format_date(value: date) -> str:
    """date(2024, 2, 8) → '8. februar 2024'."""
    return _babel_format_date(value, "d. MMMM y", locale=LOCALE)


def is_missing(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def format_value(value, unit: str, status: str = "", decimals: int | None = None) -> str:
    """Format a catalogue value by its unit, or a missing one by SSB's status symbol.

    The status wins over the value: a figure marked hidden (':') is never shown, even if a
    number slipped through. A missing value never becomes '0' or 'nan'.
    """
    if unit not in UNIT_DECIMALS:
        raise ValueError(f"Ukjent enhet «{unit}». Gyldige enheter: {', '.join(UNIT_DECIMALS)}.")
    status = (status or "").strip()
    if status == ZERO_STATUS:
        return "0"
    if status not in STATUS_WORDS:
        raise ValueError(f"Ukjent statussymbol «{status}». Gyldige: . .. : -")
    if status or is_missing(value):
        return STATUS_WORDS[status]
    places = UNIT_DECIMALS[unit] if decimals is None else decimals
    if unit == "prosent":
        return format_percent(value, places)
    if unit == "kroner":
        return format_kroner(value, places)
    if unit == "1000 kroner":
        return format_kroner(_to_decimal(value) * 1000, places)
    if unit == "mill. kroner":
        return format_mill_kroner(value, places)
    if unit == "dager":
        return format_days(value, places)
    return format_number(value, places)


def vega_format_locale() -> dict:
    """d3-format locale for Vega/vl-convert: axis labels '12 345' and '12,5'; format '%' gives '12,5 %'.

    vl-convert ships no nb-NO number locale, so it is written out here.
    """
    return {
        "decimal": ",",
        "thousands": NBSP,
        "grouping": [3],
        "currency": ["", f"{NBSP}kr"],
        "percent": f"{NBSP}%",
        "minus": MINUS,
    }


def vega_time_format_locale() -> dict:
    """d3-time-format locale: vl-convert's nb-NO names, with Norwegian '8. februar 2024' dates.

    Its date-time pattern is Danish-style ('torsdag den 08. februar'), so that one is replaced.
    """
    locale = vl_convert.get_time_format_locale("nb-NO")
    return {**locale, "dateTime": "%A %-d. %B %Y kl. %H:%M:%S"}
