"""Hides small counts before anything is published, and whatever would reveal them.

A count of 1–4 children can identify a child (bvl. § 13-1). Hidden cells get SSB's status ':'.
Only municipalities are touched: comparison regions (country, KOSTRA groups, ASSS) are large.
Only indicators the catalogue marks `persons: true` (children, families, young adults) and the
shares of them are hidden; kroner, staff, media outlets and reports are never hidden.

- Primary: a count from 1 to the threshold. 0 is shown: nobody is identified by it.
- Secondary: a total minus its other parts gives a hidden part away, so within a breakdown
  more parts are hidden, smallest first, until at least two are hidden, they add up to more
  than the threshold, and no small one can be worked out from their sum even by a reader who
  knows which hidden parts are small (the page says so: «skjult, 1–4» beside «skjult*»). When
  the parts cannot do that, the total is hidden too.
- Shares: a share is hidden when its count is hidden, when its denominator is at most the
  threshold, or when share × denominator is itself a small count. A share is never itself a
  small count, so it is a secondary: hidden so that a small count cannot be worked out.

Each hidden cell says why in the column SUPPRESSION (PRIMARY or SECONDARY), so every page, table
and file can show the two apart; a cell hidden by its source (SSB's ':') has neither.

Where parts are hidden and the breakdown's total is not, the hidden parts' sum is published as
one more part (category HIDDEN_REMAINDER): it is what the total minus the shown parts says
anyway, and it lets a stacked bar keep its published height.
"""

from __future__ import annotations

import pandas as pd

from tilstand.formatting import HIDDEN
from tilstand.ingest.catalogue import Catalogue
from tilstand.ingest.rows import row_tuples
from tilstand.regions import is_comparison

SHARE_SUFFIX = "_andel"
HIDDEN_REMAINDER = "_skjult"  # the sum of a breakdown's hidden parts, shown as one part
SUPPRESSION = "suppression"  # why a cell is hidden: PRIMARY, SECONDARY or "" (shown, or hidden by its source)
PRIMARY = "primary"  # a count from 1 to the threshold
SECONDARY = "secondary"  # hidden so that a primary cannot be worked out from it


def suppress(
    frame: pd.DataFrame, catalogue: Catalogue, threshold: int, open_ids: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """A copy of frame with small counts of municipalities hidden; comparison regions untouched.
    open_ids: indicators whose small counts the service publishes openly, with a written reason
    (settings `åpne_små_tall`)."""
    if threshold <= 0 or frame.empty:
        return frame
    out = frame.copy()
    out[SUPPRESSION] = ""
    original = frame["value"]
    municipal = ~out["kommunenummer"].map(is_comparison)
    counts = out["indicator"].map(
        lambda i: catalogue.get(i).persons and i not in open_ids
    )  # only counts of persons; never kroner or staff
    _hide(out, municipal & counts & original.between(1, threshold), PRIMARY)
    remainders = _hide_complements(out, original, catalogue, municipal & counts, threshold)
    _hide_shares(out, original, catalogue, municipal, threshold, open_ids)
    return pd.concat([out, pd.DataFrame(remainders)], ignore_index=True) if remainders else out


def _hide(frame: pd.DataFrame, mask, why: str = SECONDARY) -> None:
    """Hide the cells of mask (a boolean mask or index labels); a cell keeps the first reason it got."""
    mask = mask.to_numpy(dtype=bool) if isinstance(mask, pd.Series) else frame.index.isin(mask)
    frame.loc[mask & (frame["status"] != HIDDEN), SUPPRESSION] = why
    frame.loc[mask, "value"] = float("nan")
    frame.loc[mask, "status"] = HIDDEN


def reveals(values: list[float], small: list[bool], threshold: int) -> bool:
    """Whether hidden parts with these values give a small one away to a reader who knows their sum
    (the total minus the shown parts) and which of them are small (1..threshold) and which are not
    (more than the threshold): one hidden part, a small sum, or a small part left one possible value."""
    total, k = sum(values), sum(small)
    if len(values) == 1 or 1 <= total <= threshold:
        return True
    if not k:
        return False
    m = len(values) - k
    low = 1 if m else max(1, total - (k - 1) * threshold)
    high = min(threshold, total - (k - 1) - m * (threshold + 1))
    return high <= low


def _hide_complements(
    frame: pd.DataFrame, original: pd.Series, catalogue: Catalogue, municipal_counts: pd.Series, threshold: int
) -> list[dict]:
    """Hide parts until the hidden ones cannot be worked out; return the safe remainder rows."""
    remainders = []
    parts = frame[municipal_counts & (frame["category"] != "")]
    breakdowns = pd.MultiIndex.from_frame(parts[["indicator", "kommunenummer", "year"]])
    parts = parts[breakdowns.isin(breakdowns[(parts["status"] == HIDDEN).to_numpy()])]  # those with a part hidden
    for (indicator_id, region, year), group in parts.groupby(["indicator", "kommunenummer", "year"]):
        hidden = list(group.index[group["status"] == HIDDEN])
        candidates = sorted((i for i in group.index if i not in hidden and original[i] > 0), key=lambda i: original[i])

        def revealing(hidden: list) -> bool:
            known = [i for i in hidden if not pd.isna(original[i])]
            return len(hidden) == 1 or reveals(
                [original[i] for i in known], [frame.at[i, SUPPRESSION] == PRIMARY for i in known], threshold
            )

        while revealing(hidden) and candidates:
            hidden.append(candidates.pop(0))
            _hide(frame, hidden[-1:])
        if revealing(hidden):
            _hide(frame, _totals(frame, catalogue.get(indicator_id), region, year))
        else:
            first = frame.loc[hidden[0]].to_dict()
            remainders.append(
                {
                    **first,
                    "category": HIDDEN_REMAINDER,
                    "value": float(original[hidden].sum()),
                    "status": "",
                    "source_ref": "",
                    "note": "",
                    SUPPRESSION: "",
                }
            )
    return remainders


def _totals(frame: pd.DataFrame, indicator, region: str, year: int) -> pd.Series:
    """The uncategorised rows a breakdown adds up to: its own, and its total indicator's."""
    ids = {indicator.id, indicator.total} - {"", None}
    return (
        frame["indicator"].isin(ids)
        & (frame["category"] == "")
        & (frame["kommunenummer"] == region)
        & (frame["year"] == year)
    )


def _hide_shares(
    frame: pd.DataFrame,
    original: pd.Series,
    catalogue: Catalogue,
    municipal: pd.Series,
    threshold: int,
    open_ids: frozenset[str] = frozenset(),
) -> None:
    """Shares whose count sibling (the id without "_andel") is hidden or small, or whose base is tiny."""
    rows = row_tuples(frame[municipal], "indicator", "kommunenummer", "year", "category", "status")
    figures = dict(zip(original.index.tolist(), original.tolist()))  # each row's value before any was hidden
    status = {(r.indicator, r.kommunenummer, r.year, r.category): r.status for r in rows}
    values = {(r.indicator, r.kommunenummer, r.year, r.category): figures[r.Index] for r in rows}
    mask = pd.Series(False, index=frame.index)
    for row in rows:
        indicator = catalogue.get(row.indicator)
        count_id = row.indicator.removesuffix(SHARE_SUFFIX)
        if (
            not indicator.is_share
            or count_id == row.indicator
            or count_id not in catalogue
            or not catalogue.get(count_id).persons
            or count_id in open_ids
        ):
            continue
        if status.get((count_id, row.kommunenummer, row.year, row.category)) == HIDDEN:
            mask[row.Index] = True
            continue
        count = catalogue.get(count_id)
        base = values.get((count.total or count_id, row.kommunenummer, row.year, ""))
        if base is None or pd.isna(base) or pd.isna(figures[row.Index]):
            continue
        implied = round(figures[row.Index] * base / 100)
        if base <= threshold or 1 <= implied <= threshold:
            mask[row.Index] = True
    _hide(frame, mask)
