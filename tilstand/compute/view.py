"""Everything one report's figures are made from: the municipality and year, its settings and
language, and the figures as they may be published (small counts already hidden).

Series are selected here, and derived ones made (fixed kroner, one category on its own), so the
presentation only ever sees a Series.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from tilstand.compute.prices import to_fixed_prices
from tilstand.compute.series import Series, select
from tilstand.compute.suppression import suppress
from tilstand.ingest.catalogue import Catalogue, Indicator, load_catalogue
from tilstand.ingest.dataset import Dataset, load_dataset_for, read_snapshot
from tilstand.ingest.reference import deflator
from tilstand.ingest.register import Register, load_register
from tilstand.ingest.settings import Settings
from tilstand.ingest.target import Chosen, Target, choose, parse_year, resolve_municipality
from tilstand.paths import DEFAULT_WORKSPACE, Workspace, fingerprint
from tilstand.regions import ASSS_CODES, comparison_order, county_code, is_comparison, kostra_group_code


@lru_cache(maxsize=2)
def _publishable(dataset: Dataset, catalogue: Catalogue, threshold: int, open_ids: frozenset[str]) -> Dataset:
    """Suppressed once per loaded dataset (a kernel in JupyterLab keeps it between runs)."""
    return publishable(dataset, catalogue, threshold, open_ids)


def report_figures(dataset: Dataset, kommunenummer: str, settings: Settings, register: Register) -> Dataset:
    """The rows one municipality's report can show: its own, the peers its settings name, and every
    comparison region (counties, KOSTRA groups, the country, ASSS). Suppression and the chapters work
    region by region, so the rest of a national snapshot would only cost time in every build."""
    choice = settings.comparison
    named = {*choice.municipalities, *choice.other_regions}
    wanted = {kommunenummer, *named, *(register.current_code(c) for c in named if register.is_known(c))}
    codes = dataset.frame["kommunenummer"]
    keep = codes.isin(wanted) | codes.map({code: is_comparison(code) for code in codes.unique()})
    return Dataset(dataset.frame[keep], dataset.warnings)


def publishable(
    dataset: Dataset, catalogue: Catalogue, threshold: int, open_ids: frozenset[str] = frozenset()
) -> Dataset:
    """The figures as they may be published: small counts, and what would reveal them, hidden
    (except the indicators the settings publish openly, with a reason)."""
    return Dataset(suppress(dataset.frame, catalogue, threshold, open_ids))


@lru_cache(maxsize=2)
def _snapshot(path: str, _fingerprint: tuple) -> Dataset:
    return read_snapshot(Path(path))


@dataclass
class ReportView:
    workspace: Workspace
    target: Target
    language: str
    catalogue: Catalogue
    register: Register
    settings: Settings
    dataset: Dataset
    _series: dict = field(default_factory=dict, repr=False)

    @property
    def kommunenummer(self) -> str:
        return self.target.kommunenummer

    @property
    def year(self) -> int:
        return self.target.year

    @property
    def name(self) -> str:
        return self.target.name

    def indicator(self, indicator_id: str) -> Indicator:
        return self.catalogue.get(indicator_id)

    def series(self, indicator_id: str, regions: list[str] | None = None) -> Series:
        key = (indicator_id, tuple(regions) if regions else None)
        if key not in self._series:
            self._series[key] = select(
                self.dataset,
                self.indicator(indicator_id),
                self.kommunenummer,
                self.year,
                regions,
                small_count_max=self.settings.small_count_max,
            )
        return self._series[key]

    def region_name(self, code: str) -> str:
        return self.register.region_name(code, self.language)

    def names(self, codes) -> dict[str, str]:
        return {code: self.region_name(code) for code in codes}

    @cached_property
    def is_asss(self) -> bool:
        chosen = self.settings.comparison.asss
        return bool(self.register.is_asss(self.kommunenummer, self.year) if chosen is None else chosen)

    def comparison_regions(self, year: int | None = None) -> list[str]:
        """The regions the municipality's figures are shown beside in a year: its settings, with the
        register's KOSTRA group and the county of the code it had that year."""
        year = year or self.year
        choice = self.settings.comparison
        regions = list(choice.municipalities)
        group = choice.kostra_group
        if group is True:
            group = self.register.kostra_group(self.kommunenummer, year)
        if group:
            regions.append(kostra_group_code(group))
        regions += list(choice.other_regions)
        if choice.county:
            code = self.register.resolve(self.kommunenummer, year).code
            regions.append(county_code(code))
        if choice.country:
            regions.append("EAK")
        return sorted(dict.fromkeys(regions), key=comparison_order)

    def regions_with_figures(self, indicator_id: str) -> list[str]:
        """The comparison regions of every year the municipality has the indicator, where the data
        has them: the national snapshot holds every region, so they are chosen, never all."""
        rows = self.dataset.rows(indicator_id)
        years = sorted(set(rows.loc[rows["kommunenummer"] == self.kommunenummer, "year"]))
        wanted = dict.fromkeys(region for year in years for region in self.comparison_regions(int(year)))
        present = set(rows["kommunenummer"])
        return [region for region in wanted if region in present]

    def asss_regions(self) -> list[str]:
        return list(ASSS_CODES) if self.is_asss else []

    def module_enabled(self, indicator: Indicator) -> bool:
        return indicator.module is None or indicator.module in self.settings.modules

    def in_fixed_kroner(self, series: Series) -> Series:
        """The series in the report year's kroner, rounded as the source printed it; a year without a
        price index becomes missing (status ..), never an unadjusted figure beside adjusted ones."""
        index = deflator(self.workspace.data)
        frame = series.frame.copy()
        frame["value"] = [
            None if pd.isna(v) else to_fixed_prices(float(v), int(y), self.year, index)
            for v, y in zip(frame["value"], frame["year"])
        ]
        frame["value"] = frame["value"].map(lambda v: None if v is None else round(v, series.decimals)).astype(float)
        frame.loc[frame["value"].isna() & series.frame["value"].notna(), "status"] = ".."
        return replace(series, frame=frame, totals={})

    def price_growth(self, series: Series) -> list[tuple[int, float]]:
        """(year, percent growth from the year before) of the price index over the series' years."""
        index = deflator(self.workspace.data)
        years = list(range(min(series.known_years(), default=self.year), self.year + 1))
        return [(y, 100 * (index[y] / index[y - 1] - 1)) for y in years[1:] if y in index and y - 1 in index]

    def category_as_total(self, series: Series, category: str) -> Series:
        """One category of a series as a series of its own (e.g. children with care orders)."""
        frame = series.frame[series.frame["category"] == category].assign(category="").reset_index(drop=True)
        label = series.indicator.category(category).label
        indicator = series.indicator.model_copy(update={"title": label, "categories": (), "sentence": None})
        return replace(series, indicator=indicator, frame=frame, totals={})


def open_view(
    municipality: str | int,
    year: str | int,
    language: str | None = None,
    workspace: Workspace = DEFAULT_WORKSPACE,
    snapshot: str | None = None,
    chosen: str | None = None,
) -> ReportView:
    """The report's figures. snapshot and chosen: the publishable figures (already suppressed by the
    municipality's settings) and the resolved target, settings and language, which a build prepared
    once for all its chapters; without them they are read, validated and resolved here, by the same
    functions the build uses."""
    if snapshot and chosen:
        stamp = fingerprint(Path(snapshot), Path(chosen))
        return _built_view(str(municipality), str(year), language, workspace, snapshot, chosen, stamp)
    return _opened(municipality, year, language, workspace, snapshot, chosen)


def _opened(
    municipality: str | int,
    year: str | int,
    language: str | None,
    workspace: Workspace,
    snapshot: str | None,
    chosen: str | None,
) -> ReportView:
    dataset = (
        _snapshot(snapshot, fingerprint(Path(snapshot)))
        if snapshot
        else load_dataset_for(resolve_municipality(municipality, parse_year(year), workspace).kommunenummer, workspace)
    )
    choice = Chosen.read(chosen) if chosen else choose(municipality, year, language, workspace, dataset)
    target, settings, language = choice.target, choice.settings, choice.language
    catalogue, register = load_catalogue(workspace.data), load_register(workspace.data)
    figures = (
        dataset
        if snapshot
        else _publishable(dataset, catalogue, settings.small_count_max, frozenset(settings.open_small_counts))
    )
    return ReportView(workspace, target, language, catalogue, register, settings, figures)


@lru_cache(maxsize=2)
def _built_view(
    municipality: str, year: str, language: str | None, workspace: Workspace, snapshot: str, chosen: str, _stamp: tuple
) -> ReportView:
    """One view for every chapter of a build: what the build prepared does not change while its
    chapters run, so the series one chapter selected serve the next (the summary selects most)."""
    return _opened(municipality, year, language, workspace, snapshot, chosen)
