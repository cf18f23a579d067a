"""Fixed prices: kroner of one year expressed in another year's kroner, from data/deflator.csv.

Costs across years are only comparable after inflation is taken out (the ASSS text shows
2021–2022 in 2023 kroner). A year without an index in the file gives no answer rather than a
guessed rate: a wrong deflator would put a wrong number in front of the council.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from tilstand.paths import DATA_DIR

DEFLATOR_FILE = "deflator.csv"


@lru_cache(maxsize=4)
def load_deflator(data_dir: Path = DATA_DIR) -> dict[int, float]:
    """Price index per year (any base year; only ratios are used)."""
    with (data_dir / DEFLATOR_FILE).open(encoding="utf-8", newline="") as handle:
        return {int(row["year"]): float(row["index"]) for row in csv.DictReader(handle)
                if row["index"].strip()}


def to_fixed_prices(value: float, from_year: int, to_year: int) -> float | None:
    """`value` kroner of `from_year` in `to_year` kroner; None when either year has no index."""
    index = load_deflator()
    if from_year not in index or to_year not in index:
        return None
    return value * index[to_year] / index[from_year]
