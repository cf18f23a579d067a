"""The one Norwegian number, date and year formatter used in text, tables, charts and files.

Babel (CLDR) supplies grouping and month names; rounding, the minus sign and the units are
fixed here, because locale libraries are not trusted for nb/nn: every case is pinned by a test.
Between a number and its unit there is always a non-breaking space, so they never part at a
line break. Numbers are written alike in bokmål and nynorsk; words (mangler/manglar, dager/dagar)
come from the message catalogue.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral

import pandas as pd
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal

from tilstand.language import Texts
from tilstand.units import Kind
from tilstand.units import unit as unit_of

BABEL_LOCALE = {"nb": "nb_NO", "nn": "nn_NO"}
NBSP = "\u00a0"
MINUS = "\u2212"

# SSB's table symbols, shown as words because a bare "..", ":" is unreadable to most readers.
STATUS_KEYS = {"": "status.missing", "..": "status.missing", ".": "status.not_applicable", ":": "status.hidden"}
ZERO_STATUS = "-"
HIDDEN = ":"


def _to_decimal(value) -> Decimal:
    """Exact for ints (NumPy ints too); floats via their shortest repr, so 0.05 rounds to 0,1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def round_half_up(value, decimals: int = 0) -> float:
    """Rounded as SSB rounds (halves up), as a float: the value a sentence compares."""
    return float(_to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def format_number(value, decimals: int = 0) -> str:
    """12345 → '12 345' (NBSP), 1234.5 → '1 234,5'; halves round up, as SSB does."""
    number = _to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # never "−0,0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(number), format=pattern, locale="nb_NO")
    return (MINUS + text) if number < 0 else text


def format_plain(value, decimals: int = 0) -> str:
    """For CSV files people open in a spreadsheet: decimal comma, no thousands separator, an
    ASCII minus (Excel reads U+2212 as text), the same rounding as every other figure."""
    return format_number(value, decimals).replace(NBSP, "").replace(MINUS, "-")


def printed_decimals(value) -> int:
    """How many decimals a figure was written with (8.28 → 2, 826.0 → 0), at most 3."""
    return min(len(f"{float(value):.6f}".rstrip("0").rstrip(".").partition(".")[2]), 3)


def format_percent(value, decimals: int = 1) -> str:
    """Percent points (0–100): 12.5 → '12,5 %'."""
    return f"{format_number(value, decimals)}{NBSP}%"


def format_change_pp(value, decimals: int = 1, *, language: str) -> str:
    """The size of a change in shares: 2.3 and −2.3 → '2,3 prosentpoeng'; the text says which way."""
    return f"{format_number(abs(_to_decimal(value)), decimals)}{NBSP}{Texts(language)('unit_word.pp')}"


def format_kroner(value, decimals: int = 0) -> str:
    return f"{format_number(value, decimals)}{NBSP}kr"


def format_mill_kroner(value, decimals: int = 1) -> str:
    """A value already in millions of kroner: 12.34 → '12,3 mill. kr'."""
    return f"{format_number(value, decimals)}{NBSP}mill.{NBSP}kr"


def format_days(value, decimals: int = 0, *, language: str) -> str:
    text = format_number(value, decimals)
    return f"{text}{NBSP}{Texts(language).choose('unit_word.day', 1 if text == '1' else 2)}"


def format_date(value: date, language: str) -> str:
    """date(2024, 2, 8) → '8. februar 2024'."""
    return _babel_format_date(value, "d. MMMM y", locale=BABEL_LOCALE[language])


def format_years(years, language: str) -> str:
    """[2013, 2014, 2015, 2018, 2020, 2021] → '2013–2015, 2018 og 2020–2021'."""
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    runs, start = [], years[0]
    for previous, current in zip(years, years[1:] + [None]):
        if current is None or current != previous + 1:
            runs.append(f"{start}–{previous}" if previous != start else str(start))
            start = current
    return Texts(language).join(runs)


def is_missing(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def status_word(status: str, language: str) -> str:
    """The word a reader sees for a missing value: mangler, ikke relevant, skjult."""
    status = (status or "").strip()
    if status not in STATUS_KEYS:
        raise ValueError(f"Ukjent statussymbol «{status}». Gyldige: . .. : -")
    return Texts(language)(STATUS_KEYS[status])


def format_value(value, unit: str, status: str = "", decimals: int | None = None, *, language: str) -> str:
    """Format a catalogue value by its unit, or a missing one by SSB's status symbol.

    The status wins over the value: a figure marked hidden (':') is never shown, even if a
    number slipped through. A missing value never becomes '0' or 'nan'.
    """
    kind = unit_of(unit)
    status = (status or "").strip()
    if status == ZERO_STATUS:
        return "0"
    if status or is_missing(value):
        return status_word(status, language)
    places = kind.decimals if decimals is None else decimals
    if kind.is_share:
        return format_percent(value, places)
    if kind.kind is Kind.DAYS:
        return format_days(value, places, language=language)
    if unit == "mill. kroner":
        return format_mill_kroner(value, places)
    if kind.is_money:
        return format_kroner(_to_decimal(value) * kind.scale, places)
    return format_number(value, places)


def vega_format_locale() -> dict:
    """d3-format locale for Vega: axis labels '12 345' and '12,5'; format '%' gives '12,5 %'."""
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
    import vl_convert

    locale = vl_convert.get_time_format_locale("nb-NO")
    return {**locale, "dateTime": "%A %-d. %B %Y kl. %H:%M:%S"}
