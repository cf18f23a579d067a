"""A prognosis of activity (meldinger, undersøkelser, barn med tiltak) for the next years.

Method, as written out for the reader beside the chart: a straight line fitted by ordinary least
squares to the yearly figures, leaving out the years the service's settings call not representative
(`ikke_representative_år`, e.g. the pandemic years), and extended a given number of years past the
last year with figures.
A count cannot fall below zero, so a projection is never negative. It is a trend, not a forecast
of need: it says where the figures go if the development of the years used continues.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_YEARS = 3  # fewer points than this give no trend worth projecting
DEFAULT_HORIZON = 2


@dataclass(frozen=True)
class Prognosis:
    used_years: tuple[int, ...]
    excluded_years: tuple[int, ...]  # excluded years that had figures
    slope: float  # change per year
    intercept: float
    projected: dict[int, float]  # year after the last figure → projected value

    def trend(self, year: int) -> float:
        return self.intercept + self.slope * year


def fit(
    points: dict[int, float], *, exclude: tuple[int, ...] | list[int] = (), horizon: int = DEFAULT_HORIZON
) -> Prognosis | None:
    """Fit the trend to `points` (year → value, missing years left out) and project `horizon` years.

    None when fewer than MIN_YEARS years remain after the exclusions, or the years are all equal.
    """
    used = sorted(y for y, v in points.items() if v is not None and y not in set(exclude))
    if len(used) < MIN_YEARS:
        return None
    n = len(used)
    mean_x = sum(used) / n
    mean_y = sum(points[y] for y in used) / n
    sxx = sum((y - mean_x) ** 2 for y in used)
    if sxx == 0:
        return None
    slope = sum((y - mean_x) * (points[y] - mean_y) for y in used) / sxx
    intercept = mean_y - slope * mean_x
    last = max(y for y, v in points.items() if v is not None)
    projected = {year: max(0.0, intercept + slope * year) for year in range(last + 1, last + horizon + 1)}
    excluded = tuple(sorted(y for y in set(exclude) if points.get(y) is not None))
    return Prognosis(tuple(used), excluded, slope, intercept, projected)
