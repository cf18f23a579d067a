"""Hides small counts before anything is published, and whatever would reveal them.

A count of 1–4 children can identify a child (bvl. § 13-1). Hidden cells get SSB's status ':'.
Secondary suppression: when one part of a total is hidden, the next smallest part is hidden
too (otherwise total minus the others gives it away); a share built on a hidden count, or on a
denominator below the threshold, is hidden with it.
"""
from __future__ import annotations

import pandas as pd

from .catalogue import Catalogue

DEFAULT_THRESHOLD = 4
HIDDEN = ":"


def suppress(frame: pd.DataFrame, catalogue: Catalogue, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """A copy of frame with small counts of municipalities hidden; comparison regions untouched."""
    if threshold <= 0 or frame.empty:
        return frame
    out = frame.copy()
    municipal = out["kommunenummer"].str.isdigit()
    counts = out["indicator"].map(lambda i: catalogue.get(i).is_count)
    small = municipal & counts & out["value"].between(1, threshold)
    _hide(out, small)
    _hide_complements(out, catalogue, municipal)
    _hide_shares(out, catalogue, threshold)
    return out


def _hide(frame: pd.DataFrame, mask: pd.Series) -> None:
    frame.loc[mask, "value"] = float("nan")
    frame.loc[mask, "status"] = HIDDEN


def _hide_complements(frame: pd.DataFrame, catalogue: Catalogue, municipal: pd.Series) -> None:
    parts = frame[municipal & (frame["category"] != "")]
    for (indicator, region, year), group in parts.groupby(["indicator", "kommunenummer", "year"]):
        if not catalogue.get(indicator).is_count:
            continue
        hidden = group["status"] == HIDDEN
        if hidden.sum() == 1:
            visible = group[~hidden & group["value"].notna()]
            if not visible.empty:
                _hide(frame, frame.index == visible["value"].idxmin())


def _hide_shares(frame: pd.DataFrame, catalogue: Catalogue, threshold: int) -> None:
    """Share cells whose count sibling (id + "_andel") is hidden or below the threshold."""
    hidden_counts = frame[(frame["status"] == HIDDEN)]
    keys = {(f"{row.indicator}_andel", row.kommunenummer, row.year, row.category)
            for row in hidden_counts.itertuples()}
    small_totals = frame[frame["kommunenummer"].str.isdigit() & (frame["category"] == "")
                         & frame["value"].notna() & (frame["value"] < threshold * 5)
                         & frame["indicator"].map(lambda i: catalogue.get(i).is_count)]
    tiny = {(f"{row.indicator}_andel", row.kommunenummer, row.year) for row in small_totals.itertuples()}
    mask = frame.apply(lambda r: (r["indicator"], r["kommunenummer"], r["year"], r["category"]) in keys
                       or (r["indicator"], r["kommunenummer"], r["year"]) in tiny, axis=1)
    if mask.any():
        _hide(frame, mask & frame["indicator"].map(lambda i: catalogue.get(i).is_share))
