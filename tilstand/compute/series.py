"""One indicator's figures for one municipality, ready to present: the chosen year and up to
nine years before it, every year in between present (a missing year is a row marked missing).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from tilstand.compute.suppression import HIDDEN_REMAINDER, PRIMARY, SECONDARY, SUPPRESSION
from tilstand.formatting import HIDDEN, format_value, is_missing, printed_decimals
from tilstand.ingest.catalogue import Indicator
from tilstand.ingest.dataset import Dataset
from tilstand.language import Texts

WINDOW_YEARS = 10


@dataclass
class Series:
    indicator: Indicator
    frame: pd.DataFrame  # year, category, region, value, status, source, source_ref, note
    year: int
    kommunenummer: str
    totals: dict[int, float] = field(default_factory=dict)  # a breakdown's total, from its total indicator
    small_count_max: int = 0  # the threshold small counts were hidden by (settings `små_tall`)

    def total(self, year: int) -> float | None:
        """The whole the parts of a year belong to: the series' own total row, or its total indicator's."""
        return self.value(year) if self.has_total else self.totals.get(year)

    @property
    def has_data(self) -> bool:
        return bool(self.frame["value"].notna().any())

    @property
    def years(self) -> list[int]:
        return sorted(self.frame["year"].unique().tolist())

    @property
    def categories(self) -> list[str]:
        """The breakdown's categories in catalogue order (the hidden remainder is not one)."""
        present = [c for c in self.frame["category"].unique().tolist() if c and c != HIDDEN_REMAINDER]
        return sorted(present, key=lambda c: (self.indicator.category_order(c), c))

    def hidden_remainder(self, year: int) -> float | None:
        """The sum of the year's hidden parts, where publishing it reveals nothing (see suppression)."""
        return self.value(year, HIDDEN_REMAINDER)

    def is_hidden(self, year: int, category: str = "", region: str | None = None) -> bool:
        return self.status(year, category, region) == HIDDEN

    def hidden_as(self, year: int, category: str = "", region: str | None = None) -> str:
        """Why a hidden cell is hidden (suppression.PRIMARY or SECONDARY); "" when shown or hidden by its source."""
        cell = self.cell(year, category, region)
        why = cell.get(SUPPRESSION) if cell and self.is_hidden(year, category, region) else ""
        return why if isinstance(why, str) else ""

    def cell_text(self, year: int, category: str = "", region: str | None = None, *, language: str) -> str:
        """A cell as every table, chart, sentence and file shows it: the figure, or why there is none;
        a small count «skjult, 1–4», a cell hidden to protect one «skjult*» (HIDDEN_NOTE explains the star)."""
        why = self.hidden_as(year, category, region)
        if why == PRIMARY and self.small_count_max:
            return Texts(language)("hidden.small", high=self.small_count_max)
        if why == SECONDARY:
            return Texts(language)("hidden.secondary")
        cell = self.cell(year, category, region)
        return self.text(cell["value"], cell["status"], language) if cell else self.text(None, "", language)

    def known_years(self, category: str = "") -> list[int]:
        """Years with a figure (a hidden or missing one is not a figure)."""
        return [y for y in self.years if not is_missing(self.value(y, category))]

    @property
    def has_total(self) -> bool:
        return bool((self.frame["category"] == "").any())

    @cached_property
    def _rows(self) -> list[dict]:
        return self.frame.to_dict("records")

    @cached_property
    def _cells(self) -> dict[tuple, dict]:
        """(year, category) and (year, category, region) → row: narrative asks for cells many times."""
        index: dict[tuple, dict] = {}
        for row in self._rows:
            index.setdefault((row["year"], row["category"]), row)
            index.setdefault((row["year"], row["category"], row["region"]), row)
        return index

    def cell(self, year: int, category: str = "", region: str | None = None) -> dict | None:
        key = (year, category) if region is None else (year, category, region)
        return self._cells.get(key)

    def value(self, year: int, category: str = "", region: str | None = None) -> float | None:
        cell = self.cell(year, category, region)
        return None if cell is None or pd.isna(cell["value"]) else float(cell["value"])

    def status(self, year: int, category: str = "", region: str | None = None) -> str:
        cell = self.cell(year, category, region)
        return "" if cell is None else str(cell["status"])

    @cached_property  # asked for every figure shown; the frame is fixed, like _cells
    def decimals(self) -> int:
        """The decimals the source usually printed (8,28 % stays 8,28 %; one odd 14,55 among
        figures with one decimal does not give every figure two), at least the unit's usual."""
        usual = self.indicator.kind.decimals
        counts = Counter(printed_decimals(value) for value in self.frame["value"].dropna())
        if not counts:
            return usual
        printed = max(counts, key=lambda decimals: (counts[decimals], decimals))
        return max(printed, usual if max(counts) else 0)

    def decimals_of(self, value) -> int:
        """A published figure is shown as the source printed it (15,95 stays 15,95 beside 7,1);
        derived figures (changes, averages) use `decimals`."""
        usual = self.indicator.kind.decimals
        if is_missing(value):
            return usual
        printed = printed_decimals(value)
        return max(printed, usual) if printed or self.decimals else 0

    def text(self, value, status: str, language: str) -> str:
        """A published figure as the source printed it, or the word for why it is missing: the same
        text in the table, on the chart and in the sentence."""
        return format_value(value, self.indicator.unit, status, decimals=self.decimals_of(value), language=language)

    def sources(self) -> list[tuple[str, list[str]]]:
        """Each source used, with the places in it (tabell 1, figur 4 …), in order of first use."""
        found: dict[str, list[str]] = {}
        for row in self._rows:
            if pd.isna(row["value"]):
                continue
            refs = found.setdefault(row["source"], [])
            if row["source_ref"] and row["source_ref"] not in refs:
                refs.append(row["source_ref"])
        return list(found.items())


def select(
    dataset: Dataset,
    indicator: Indicator,
    kommunenummer: str,
    year: int,
    regions: list[str] | None = None,
    window: int = WINDOW_YEARS,
    small_count_max: int = 0,
) -> Series:
    """The municipality's series (or, with regions, the comparison regions beside it)."""
    wanted = regions or [kommunenummer]
    rows = dataset.rows(indicator.id, wanted)
    rows = rows[(rows["year"] <= year) & (rows["year"] > year - window)]
    frame = rows.reindex(
        columns=["year", "category", "kommunenummer", "value", "status", "source", "source_ref", "note", SUPPRESSION],
        fill_value="",
    ).rename(columns={"kommunenummer": "region"})
    if regions is None and not frame.empty and frame["value"].notna().any():
        frame = _with_missing_years(frame, year, kommunenummer)
    frame = frame.sort_values(["year", "category", "region"]).reset_index(drop=True)
    return Series(
        indicator, frame, year, kommunenummer, _totals(dataset, indicator, kommunenummer, year, window), small_count_max
    )


def _totals(dataset: Dataset, indicator: Indicator, kommunenummer: str, year: int, window: int) -> dict[int, float]:
    if not indicator.total:
        return {}
    rows = dataset.rows(indicator.total, [kommunenummer])
    rows = rows[
        (rows["category"] == "") & rows["value"].notna() & (rows["year"] <= year) & (rows["year"] > year - window)
    ]
    return dict(zip(rows["year"].astype(int), rows["value"].astype(float)))


def _with_missing_years(frame: pd.DataFrame, year: int, region: str) -> pd.DataFrame:
    """Add a missing-value row for every year without figures between the first year and the chosen one."""
    first = int(frame.loc[frame["value"].notna(), "year"].min())
    categories = [c for c in frame["category"].unique().tolist() if c != HIDDEN_REMAINDER]
    have = set(zip(frame["year"], frame["category"]))
    missing = [
        {
            "year": y,
            "category": c,
            "region": region,
            "value": float("nan"),
            "status": "",
            "source": "",
            "source_ref": "",
            "note": "",
            SUPPRESSION: "",
        }
        for y in range(first, year + 1)
        for c in categories
        if (y, c) not in have
    ]
    return pd.concat([frame, pd.DataFrame(missing)], ignore_index=True) if missing else frame
