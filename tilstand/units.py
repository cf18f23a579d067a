"""The units a figure can have, and what each allows: the one place these facts are written.

Reader-facing names of the units (axis titles, subtitles, template help) are in the message
catalogue (`unit.<id>`, `unit_help.<id>`), in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    COUNT = "count"  # non-negative: children, reports, cases (whole), or full-time equivalents
    SHARE = "share"  # percent, 0–100
    MONEY = "money"  # kroner, thousands or millions of kroner
    INDEX = "index"
    DAYS = "days"
    AVERAGE = "average"  # an average, e.g. age in years


@dataclass(frozen=True)
class Unit:
    id: str
    kind: Kind
    decimals: int  # decimals a figure usually has in text and tables
    summable: bool  # parts add up to their whole; merged municipalities' values may be added
    scale: int = 1  # kroner per stored unit (1000 for «1000 kroner»)
    whole: bool = False  # only whole numbers (a count of children); small ones are hidden

    @property
    def is_count(self) -> bool:
        return self.kind is Kind.COUNT

    @property
    def is_share(self) -> bool:
        return self.kind is Kind.SHARE

    @property
    def is_money(self) -> bool:
        return self.kind is Kind.MONEY


UNITS: dict[str, Unit] = {
    unit.id: unit
    for unit in (
        Unit("antall", Kind.COUNT, 0, True, whole=True),
        Unit("årsverk", Kind.COUNT, 1, True),
        Unit("prosent", Kind.SHARE, 1, False),
        Unit("kroner", Kind.MONEY, 0, False),
        Unit("1000 kroner", Kind.MONEY, 0, True, scale=1000),
        Unit("mill. kroner", Kind.MONEY, 1, True, scale=1_000_000),
        Unit("indeks", Kind.INDEX, 3, False),
        Unit("dager", Kind.DAYS, 0, False),
        Unit("år", Kind.AVERAGE, 0, False),
    )
}


class UnknownUnit(ValueError):
    pass


def unit(unit_id: str) -> Unit:
    try:
        return UNITS[unit_id]
    except KeyError:
        raise UnknownUnit(f"Ukjent enhet «{unit_id}»; gyldige enheter er {', '.join(UNITS)}.") from None
