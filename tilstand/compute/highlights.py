"""The changes worth a council member's attention, found in the figures, so the summary is not a
hand-picked selection. Two tests decide what is notable:

- against the range of the municipality's own earlier years: a figure outside the lowest and
  highest of the comparable earlier years (after the last series break, leaving out years the
  settings call not representative) stands out, said in words a reader can check («høyeste
  siden 2019», «utenfor spennet 2019–2023 (612–851)»); a figure inside the range never does, and
  nothing is extrapolated;
- against the goal direction: for indicators where higher or lower is better, the year's change
  from last year, largest first, in the unwanted and the wanted direction.

Only the finding is made here; present/summary.py writes it as a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from tilstand.compute.series import Series
from tilstand.formatting import is_missing

RANGE_MIN_YEARS = 3  # fewer comparable earlier years say nothing about what is usual
GOAL_SHARE_MIN = 1.0  # prosentpoeng: smaller changes of shares are not notable
GOAL_RELATIVE_MIN = 0.10  # smaller relative changes of counts are not notable
SHARE_WIDTH_FLOOR = 1.0  # prosentpoeng: a narrower range of shares is measured as this wide
COUNT_WIDTH_FLOOR = 0.05  # of the level: the same for counts and amounts


@dataclass(frozen=True)
class Highlight:
    series: Series
    category: str
    value: float
    reference: float  # the range's nearest end (range) or last year's figure (goal)
    score: float  # how far it stands out; only comparable within one kind
    wanted: bool | None  # the change is in the goal direction (None: no goal)
    first_year: int = 0  # the range's first and last earlier year
    last_year: int = 0
    low: float = 0.0  # the range of the comparable earlier years
    high: float = 0.0
    since: int | None = None  # the latest earlier year as high (low) as this, if any
    years: tuple[int, ...] = ()  # the comparable earlier years the range is taken from


def _pairs(series: Series) -> list[str]:
    return ([""] if series.has_total or not series.categories else []) + series.categories


def comparable_earlier(series: Series, category: str, exclude=()) -> dict[int, float]:
    """The earlier years' figures this year can be compared with: after the last series break,
    without the years called not representative."""
    start = max([y for y in series.indicator.series_breaks if y <= series.year], default=0)
    return {
        y: series.value(y, category)
        for y in series.known_years(category)
        if start <= y < series.year and y not in set(exclude)
    }


def against_range(all_series: list[Series], exclude=()) -> list[Highlight]:
    """Figures of the chosen year outside the range of the comparable earlier years, farthest first."""
    found = []
    for series in all_series:
        for category in _pairs(series):
            now = series.value(series.year, category)
            earlier = comparable_earlier(series, category, exclude)
            if is_missing(now) or len(earlier) < RANGE_MIN_YEARS:
                continue
            low, high = min(earlier.values()), max(earlier.values())
            if low <= now <= high:
                continue
            up = now > high
            level = sum(abs(v) for v in earlier.values()) / len(earlier)
            floor = SHARE_WIDTH_FLOOR if series.indicator.is_share else COUNT_WIDTH_FLOOR * level
            edge = high if up else low
            score = abs(now - edge) / max(high - low, floor, 1e-9)
            every = {y: series.value(y, category) for y in series.known_years(category) if y < series.year}
            as_far = [y for y, v in every.items() if (v >= now if up else v <= now)]
            better = series.indicator.higher_is_better
            wanted = None if better is None else up == better
            found.append(
                Highlight(
                    series,
                    category,
                    now,
                    edge,
                    score,
                    wanted,
                    min(earlier),
                    max(earlier),
                    low,
                    high,
                    max(as_far) if as_far else None,
                    tuple(sorted(earlier)),
                )
            )
    return sorted(found, key=lambda h: -h.score)


def has_history(all_series: list[Series], exclude=()) -> bool:
    """Whether any figure of the year has enough comparable earlier years to be called unusual."""
    return any(
        not is_missing(s.value(s.year, c)) and len(comparable_earlier(s, c, exclude)) >= RANGE_MIN_YEARS
        for s in all_series
        for c in _pairs(s)
    )


def has_previous_year(all_series: list[Series]) -> bool:
    """Whether any indicator with a goal direction has figures for both this year and the year before."""
    return any(
        s.indicator.higher_is_better is not None
        and not is_missing(s.value(s.year, c))
        and not is_missing(s.value(s.year - 1, c))
        for s in all_series
        for c in _pairs(s)
    )


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
    return sorted(
        found, key=lambda h: -(h.score / GOAL_SHARE_MIN if h.series.indicator.is_share else h.score / GOAL_RELATIVE_MIN)
    )
