"""Which municipality and year a report is for, checked before anything is built.

Each wrong choice gets one sentence saying what was wrong and how to list the valid ones.
"""
from __future__ import annotations

from dataclasses import dataclass

from tilstand.ingest.dataset import Dataset, load_dataset
from tilstand.ingest.register import LIST_HINT, Municipality, UnknownMunicipality, load_register

DEFAULT_MUNICIPALITY = "3201"   # Bærum: the municipality whose reports the embedded data come from


class InvalidChoice(ValueError):
    """A municipality or year the report cannot be built for."""


@dataclass(frozen=True)
class Target:
    municipality: Municipality
    year: int
    code_in_year: str    # the kommunenummer valid in that year (0219 for Bærum 2018)

    @property
    def kommunenummer(self) -> str:
        return self.municipality.kommunenummer


def parse_year(text: str | int | None) -> int | None:
    if text is None or text == "":
        return None
    text = str(text).strip()
    if not (text.isdigit() and len(text) == 4):
        raise InvalidChoice(f"Året «{text}» er ikke et årstall med fire sifre (f.eks. 2024). {LIST_HINT}")
    return int(text)


def resolve_target(municipality: str | None = None, year: str | int | None = None,
                   dataset: Dataset | None = None) -> Target:
    """The municipality as it was in the chosen year; the latest year with data by default."""
    dataset = dataset or load_dataset()
    register = load_register()
    chosen_year = parse_year(year)
    try:
        current = register.resolve(municipality or DEFAULT_MUNICIPALITY, chosen_year or 2024).municipality
    except UnknownMunicipality as error:
        raise InvalidChoice(str(error)) from None
    years = dataset.years_for(current.kommunenummer)
    if not years:
        raise InvalidChoice(f"Det finnes ingen tall for {current.name} ({current.kommunenummer}). {LIST_HINT}")
    if chosen_year is None:
        chosen_year = years[-1]
    elif chosen_year not in years:
        raise InvalidChoice(
            f"Det finnes ingen tall for {current.name} i {chosen_year}; år med tall: "
            f"{year_ranges(years)}. {LIST_HINT}")
    resolved = register.resolve(current.kommunenummer, chosen_year)
    return Target(current, chosen_year, resolved.code)


def available(dataset: Dataset | None = None) -> list[tuple[Municipality, list[int]]]:
    """Every municipality with figures, and its years."""
    dataset = dataset or load_dataset()
    register = load_register()
    years = {code: dataset.years_for(code) for code in dataset.municipalities()}
    return [(register.get(code), found) for code, found in years.items() if found]


def year_ranges(years: list[int]) -> str:
    """[2013, 2014, 2015, 2018] → "2013–2015, 2018"."""
    ranges, start = [], years[0]
    for previous, current in zip(years, years[1:] + [None]):
        if current != previous + 1 if current is not None else True:
            ranges.append(f"{start}–{previous}" if previous != start else f"{start}")
            start = current
    return ", ".join(ranges)
