"""A prognosis of activity (meldinger, undersøkelser, barn med tiltak) for the next years.

Method, as written out for the reader by `Prognosis.method_text`: a straight line fitted by
ordinary least squares to the yearly figures, leaving out the years the service names as
unrepresentative (Bærum leaves out the pandemic years 2020–2022), and extended a given number of
years past the last year with figures. A count cannot fall below zero, so a projection is never
negative. It is a trend, not a forecast of need: it says where the figures go if the development
of the years used continues.
"""
from __future__ import annotations

from dataclasses import dataclass

PANDEMIC_YEARS = (2020, 2021, 2022)
MIN_YEARS = 3           # fewer points than this give no trend worth projecting
DEFAULT_HORIZON = 2


@dataclass(frozen=True)
class Prognosis:
    used_years: tuple[int, ...]
    excluded_years: tuple[int, ...]     # excluded years that had figures
    slope: float                        # change per year
    intercept: float
    projected: dict[int, float]         # year after the last figure → projected value

    def trend(self, year: int) -> float:
        return self.intercept + self.slope * year

    def method_text(self) -> str:
        """One paragraph in bokmål on how the prognosis is made."""
        used = _year_list(self.used_years)
        left_out = (f" Årene {_year_list(self.excluded_years)} er holdt utenfor fordi de ikke regnes som "
                    f"representative." if self.excluded_years else "")
        first, last = min(self.projected), max(self.projected)
        span = f"{first}" if first == last else f"{first} og {last}" if last == first + 1 else f"{first}–{last}"
        return (f"Prognosen for {span} er en rett linje (minste kvadraters metode) gjennom tallene for "
                f"{used}.{left_out} Den viser hvor tallene går hvis utviklingen i disse årene fortsetter; "
                f"den tar ikke hensyn til endringer i behov, lovverk eller praksis.")


def fit(points: dict[int, float], *, exclude: tuple[int, ...] | list[int] = (),
        horizon: int = DEFAULT_HORIZON) -> Prognosis | None:
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


def _year_list(years) -> str:
    """(2016, 2017, 2018, 2019, 2023, 2024) → '2016–2019 og 2023–2024'."""
    years = sorted(years)
    runs, start = [], years[0]
    for previous, current in zip(years, years[1:] + [None]):
        if current is None or current != previous + 1:
            runs.append(f"{start}–{previous}" if previous != start else str(start))
            start = current
    return runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " og " + runs[-1]
