"""Fixed prices: kroner of one year expressed in another year's kroner, by a price index.

Costs across years are only comparable after inflation is taken out. A year without an index
gives no answer rather than a guessed rate: a wrong deflator would put a wrong number in front
of the council.
"""

from __future__ import annotations


def to_fixed_prices(value: float, from_year: int, to_year: int, index: dict[int, float]) -> float | None:
    """`value` kroner of `from_year` in `to_year` kroner; None when either year has no index."""
    if from_year not in index or to_year not in index:
        return None
    return value * index[to_year] / index[from_year]
