"""The indicator catalogue: the one definition every chart, table, CSV and sentence reads.

`data/indicators.csv` defines each indicator (title, unit, definition, source, direction,
series breaks, deadline rules); `data/categories.csv` names the categories an indicator is
broken down by (e.g. who sent a melding).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tilstand.paths import DATA_DIR

UNITS = ("antall", "prosent", "kroner", "1000 kroner", "mill. kroner", "indeks", "dager")
COUNT_UNITS = ("antall",)
SHARE_UNITS = ("prosent",)


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    order: int


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    definition: str
    numerator: str
    denominator: str
    source: str
    chapter: str
    higher_is_better: bool | None
    parts_sum_to_total: bool
    total_indicator: str
    series_breaks: dict[int, str]
    deadline_rule: str
    ssb_table: str
    categories: tuple[Category, ...] = field(default=())

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS

    @property
    def is_share(self) -> bool:
        return self.unit in SHARE_UNITS

    def category_label(self, category: str) -> str:
        for known in self.categories:
            if known.id == category:
                return known.label
        return category

    def category_order(self, category: str) -> int:
        for known in self.categories:
            if known.id == category:
                return known.order
        return 999


class Catalogue:
    def __init__(self, indicators: dict[str, Indicator]):
        self._indicators = indicators

    def __contains__(self, indicator_id: str) -> bool:
        return indicator_id in self._indicators

    def __iter__(self):
        return iter(self._indicators.values())

    def __len__(self) -> int:
        return len(self._indicators)

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self._indicators[indicator_id]
        except KeyError:
            raise KeyError(f"Indikatoren «{indicator_id}» finnes ikke i data/indicators.csv.") from None

    def for_chapter(self, chapter: str) -> list[Indicator]:
        return [indicator for indicator in self if indicator.chapter == chapter]


def _parse_bool(text: str) -> bool | None:
    text = (text or "").strip().lower()
    if text in ("true", "ja", "1"):
        return True
    if text in ("false", "nei", "0"):
        return False
    return None


def _parse_breaks(text: str) -> dict[int, str]:
    breaks = {}
    for part in (text or "").split("|"):
        year, _, explanation = part.partition(":")
        if year.strip().isdigit():
            breaks[int(year)] = explanation.strip()
    return breaks


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


@lru_cache(maxsize=4)
def load_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    categories: dict[str, list[Category]] = {}
    for row in _read_rows(data_dir / "categories.csv"):
        categories.setdefault(row["indicator"], []).append(
            Category(row["category"], row["label"], int(row["order"] or 999)))
    indicators = {}
    for row in _read_rows(data_dir / "indicators.csv"):
        if row["unit"] not in UNITS:
            raise ValueError(f"data/indicators.csv: indikatoren «{row['id']}» har ukjent enhet "
                             f"«{row['unit']}»; forventet en av {', '.join(UNITS)}.")
        indicators[row["id"]] = Indicator(
            id=row["id"], title=row["title"], unit=row["unit"], definition=row["definition"],
            numerator=row.get("numerator", ""), denominator=row.get("denominator", ""),
            source=row.get("source", ""), chapter=row.get("chapter", ""),
            higher_is_better=_parse_bool(row.get("higher_is_better", "")),
            parts_sum_to_total=bool(_parse_bool(row.get("parts_sum_to_total", ""))),
            total_indicator=row.get("total_indicator", ""),
            series_breaks=_parse_breaks(row.get("series_breaks", "")),
            deadline_rule=row.get("deadline_rule", ""), ssb_table=row.get("ssb_table", ""),
            categories=tuple(sorted(categories.get(row["id"], []), key=lambda c: c.order)),
        )
    return Catalogue(indicators)
