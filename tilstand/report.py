"""What a chapter notebook calls: load → select → describe → chart → glue, in one object.

    report = Report(municipality, year)
    report.figure("meldinger_nye")            # chart, summary, table and CSV for one indicator
    report.glue_figure("meldinger_nye")       # {glue:md}`meldinger_nye` in the narrative

Every number a chapter shows comes through here, after small counts are suppressed.
"""
from __future__ import annotations

from functools import cached_property

from IPython.display import HTML, Markdown, display
from myst_nb import glue

from . import blocks, charts, narrative
from .catalogue import Indicator, load_catalogue
from .choices import resolve_target
from .dataset import Dataset, load_dataset
from .formatting import format_value, is_missing
from .series import Series, select
from .settings import load_settings
from .suppression import suppress


class Report:
    def __init__(self, municipality: str, year: str | int):
        self.target = resolve_target(municipality, year)
        self.catalogue = load_catalogue()
        self.settings = load_settings(self.kommunenummer)

    @property
    def kommunenummer(self) -> str:
        return self.target.kommunenummer

    @property
    def year(self) -> int:
        return self.target.year

    @property
    def name(self) -> str:
        return self.target.municipality.name

    @cached_property
    def dataset(self) -> Dataset:
        """The figures as they may be published: small counts already hidden."""
        full = load_dataset()
        return Dataset(suppress(full.frame, self.catalogue, self.settings.small_count_max))

    def indicator(self, indicator_id: str) -> Indicator:
        return self.catalogue.get(indicator_id)

    def series(self, indicator_id: str, regions: list[str] | None = None) -> Series:
        return select(self.dataset, self.indicator(indicator_id), self.kommunenummer, self.year, regions)

    # --- what a chapter shows -------------------------------------------------------------

    def figure(self, indicator_id: str, kind: str = "auto", title: str | None = None) -> Series:
        """Show chart, summary, table and CSV for one indicator; a notice when it has no figures."""
        series = self.series(indicator_id)
        if not series.has_data:
            display(HTML(blocks.notice_html(self.missing_text(series.indicator))))
            return series
        summary = narrative.describe(series)
        kind = self._kind(series) if kind == "auto" else kind
        chart = {"trend": charts.trend_chart, "categories": charts.category_bars,
                 "stacked": charts.stacked_chart}[kind](series, summary)
        display(HTML(blocks.figure_html(series, charts.spec(chart), summary, key=indicator_id, title=title)))
        return series

    def comparison(self, indicator_id: str, regions: list[str], title: str | None = None) -> Series:
        """The municipality beside comparison regions (ASSS, KOSTRA group …) in the latest common year."""
        wanted = [self.kommunenummer] + [r for r in regions if r != self.kommunenummer]
        series = self.series(indicator_id, regions=wanted)
        years = series.frame.dropna(subset=["value"])["year"]
        if years.empty or not (series.frame["region"] == self.kommunenummer).any():
            display(HTML(blocks.notice_html(self.missing_text(series.indicator))))
            return series
        year = int(years.max())
        names = {self.kommunenummer: self.name}
        summary = self._comparison_sentence(series, wanted, year, names)
        chart = charts.comparison_chart(series, wanted, year, summary, names)
        display(HTML(blocks.figure_html(series, charts.spec(chart), summary, key=indicator_id,
                                        title=title, region_names=names)))
        return series

    def _comparison_sentence(self, series: Series, regions, year: int, names) -> str:
        from .register import aggregate_name
        parts = []
        for region in regions:
            value = series.value(year, region=region)
            if not is_missing(value):
                label = names.get(region) or aggregate_name(region)
                parts.append(f"{label} {narrative.fmt(series, value)}")
        return f"{series.indicator.title} i {year}: " + ", ".join(parts) + "."

    @staticmethod
    def _kind(series: Series) -> str:
        if not series.categories:
            return "trend"
        if series.has_total:
            return "trend"
        return "categories" if len(series.categories) > 5 else "stacked"

    def missing_text(self, indicator: Indicator) -> str:
        return (f"Det finnes ingen tall for «{indicator.title.lower()}» for {self.name} i perioden fram til "
                f"{self.year}, så denne figuren vises ikke.")

    def chapter_has_data(self, chapter: str) -> bool:
        return any(self.series(i.id).has_data for i in self.catalogue.for_chapter(chapter))

    def chapter_notice(self, chapter: str, what: str) -> bool:
        """Say in one sentence when a chapter has no figures; True when it has some."""
        if self.chapter_has_data(chapter):
            return True
        display(HTML(blocks.notice_html(
            f"Det finnes ingen tall om {what} for {self.name} i {self.year}. Kapittelet fylles ut når "
            f"tjenesten leverer tallene (se data/README.md).")))
        return False

    # --- numbers in the narrative (glue) ---------------------------------------------------

    def glue_basics(self) -> None:
        glue("kommune", Markdown(self.name), display=False)
        glue("year", Markdown(str(self.year)), display=False)
        glue("previous_year", Markdown(str(self.year - 1)), display=False)

    def glue_value(self, key: str, indicator_id: str, category: str = "", year: int | None = None) -> None:
        series = self.series(indicator_id)
        year = year or self.year
        text = format_value(series.value(year, category), series.indicator.unit, series.status(year, category),
                            decimals=series.decimals)
        glue(key, Markdown(text), display=False)

    def glue_summary(self, key: str, indicator_id: str) -> None:
        series = self.series(indicator_id)
        text = narrative.describe(series) if series.has_data else self.missing_text(series.indicator)
        glue(key, Markdown(text), display=False)
