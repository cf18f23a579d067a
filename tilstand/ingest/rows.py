"""A frame's rows as plain Python values, read a column at a time.

pandas 3 hands out the cells of a text column one by one (itertuples, iterating a column,
to_dict) through ExtensionArray.__getitem__, about twenty times slower than the column's
tolist(): on a national snapshot the checks spent most of their time there.
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache

import pandas as pd


def row_tuples(frame: pd.DataFrame, *columns: str) -> list:
    """The rows as frame.itertuples() gives them (Index first, then the columns named, or all),
    with the same Python values."""
    names = list(columns or frame.columns)
    row = _row_type(("Index", *names))
    return list(map(row._make, zip(frame.index.tolist(), *(frame[name].tolist() for name in names))))


@lru_cache(maxsize=64)
def _row_type(fields: tuple[str, ...]) -> type:
    """One named tuple type per set of columns (itertuples makes a new one each call)."""
    return namedtuple("Row", fields, rename=True)
