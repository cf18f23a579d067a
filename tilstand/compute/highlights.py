"""The changes worth a council member's attention, found in the figures, so the summary is not a
hand-picked selection. Two tests decide what is notable:

- against the municipality's own trend: a straight line through the earlier years (at least
  TREND_MIN_YEARS of them) predicts the chosen year; a figure far from it, measured in the spread
  of the earlier years around their line, stands out;
- against the goal direction: for indicators where higher or lower is better, the year's change
  from last year, largest first, in the unwanted and the wanted direction.

Only the finding is made here; present/summary.py writes it as a sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import pstdev

from tilstand.compute.prognosis import fit
from tilstand.compute.series import Series
from tilstand.formatting import is_missing

TREND_MIN_YEARS = 4
TREND_MAX_GAP = 2           # the line must reach at least this close to the chosen year
TREND_SCORE_MIN = 2.0       # distance from the trend, in spreads of the earlier years
SHARE_SPREAD_FLOOR = 1.0    # prosentpoeng: below this, a share's spread is treated as this
COUNT_SPREAD_FLOOR = 0.03   # of the level: the same for counts and amounts
GOAL_SHARE_MIN = 1.0        # prosentpoeng: smaller changes of shares are not notable
GOAL_RELATIVE_MIN = 0.10    # smaller relative changes of counts are not notable


@dataclass(frozen=True)
class Highlight:
    series: Series
    category: str
    value: float
    reference: float        # the trend's value (trend) or last year's figure (goal)
    score: float            # how far it stands out; only comparable within one kind
    wanted: bool | None     # the change is in the goal direction (None: no goal)
    first_year: int = 0     # the trend's first and last earlier year
    last_year: int = 0


def _pairs(series: Series) -> list[str]:
    return ([""] if series.has_total or not series.categories else []) + series.categories


def against_trend(all_series: list[Series]) -> list[Highlight]:
    """Figures of the chosen year far from the line through the earlier years, largest first."""
    found = []
    for series in all_series:
        year = series.year
        start = max([y for y in series.indicator.series_breaks if y < year], default=0)   # comparable years only
        for category in _pairs(series):
            now = series.value(year, category)
            earlier = {y: series.value(y, category) for y in series.known_years(category) if start <= y < year}
            if is_missing(now) or len(earlier) < TREND_MIN_YEARS or year - max(earlier) > TREND_MAX_GAP:
                continue
            line = fit(earlier, horizon=0)
            if line is None:
                continue
            expected = max(0.0, line.trend(year))   # no count or share below zero …
            if series.indicator.is_share:
                expected = min(100.0, expected)     # … and no share above 100 %
            spread = pstdev([v - line.trend(y) for y, v in earlier.items()])
            level = sum(abs(v) for v in earlier.values()) / len(earlier)
            floor = SHARE_SPREAD_FLOOR if series.indicator.is_share else COUNT_SPREAD_FLOOR * level
            score = abs(now - expected) / max(spread, floor, 1e-9)
            if score < TREND_SCORE_MIN:
                continue
            better = series.indicator.higher_is_better
            wanted = None if better is None else (now > expected) == better
            found.append(Highlight(series, category, now, expected, score, wanted, min(earlier), max(earlier)))
    return sorted(found, key=lambda h: -h.score)


def against_goal(all_series: list[Series]) -> list[Highlight]:
    """Changes from last year for indicators with a goal direction, largest first."""
    found = []
    for series in all_series:
        better = series.indicator.higher_is_better
        if better is None or series.year in series.indicator.series_breaks:
            continue
        year = series.year
        for category in _pairs(series):
            now, before = series.value(year, category), series.value(year - 1, category)
            if is_missing(now) or is_missing(before) or now == before:
                continue
            if series.indicator.is_share:
                score = abs(now - before)
                if score < GOAL_SHARE_MIN:
                    continue
            else:
                if before <= 0:
                    continue
                score = abs(now - before) / before
                if score < GOAL_RELATIVE_MIN:
                    continue
            found.append(Highlight(series, category, now, before, score, (now > before) == better))
    # shares (prosentpoeng) and counts (relative) are ranked on comparable footing: 1 pp ≈ 10 %
    return sorted(found, key=lambda h: -(h.score / GOAL_SHARE_MIN if h.series.indicator.is_share
                                         else h.score / GOAL_RELATIVE_MIN))
