"""What a chapter notebook calls: load → select → describe → chart → glue, in one object.

    report = Report(municipality, year)
    report.figure("meldinger_nye")            # chart, summary, table and CSV for one indicator
    report.glue_figure("meldinger_nye")       # {glue:md}`meldinger_nye` in the narrative

Every number a chapter shows comes through here, after small counts are suppressed.
"""
from __future__ import annotations

import csv
import html
import io
from dataclasses import replace
from functools import cached_property

import pandas as pd
from IPython.display import HTML, Markdown, display
from myst_nb import glue

from tilstand.present import blocks
from tilstand.present import charts
from tilstand.ingest import handwritten
from tilstand.compute import highlights
from tilstand.present import sentences as narrative
from tilstand.ingest.catalogue import Category, Indicator, load_catalogue
from tilstand.ingest.target import resolve_target
from tilstand.ingest.dataset import Dataset, load_dataset
from tilstand.formatting import format_plain, is_missing
from tilstand.compute.prognosis import DEFAULT_HORIZON, PANDEMIC_YEARS, fit
from tilstand.ingest.register import region_name
from tilstand.compute.series import Series, select
from tilstand.ingest.settings import load_settings
from tilstand.compute.suppression import suppress

PROGNOSIS_SOURCE = "Prognose: egen beregning (lineær trend)"


class Report:
    def __init__(self, municipality: str, year: str | int):
        self.target = resolve_target(municipality, year)
        self.catalogue = load_catalogue()
        self.settings = load_settings(self.kommunenummer)
        self._chapter_empty = False   # set by chapter_notice: its one sentence covers every figure
        self._series: dict[tuple, Series] = {}   # the dataset does not change while a chapter runs

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
        return _publishable(load_dataset(), self.settings.small_count_max)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.catalogue.get(indicator_id)

    def series(self, indicator_id: str, regions: list[str] | None = None) -> Series:
        key = (indicator_id, tuple(regions) if regions else None)
        if key not in self._series:
            self._series[key] = select(self.dataset, self.indicator(indicator_id), self.kommunenummer,
                                       self.year, regions)
        return self._series[key]

    # --- what a chapter shows -------------------------------------------------------------

    def figure(self, indicator_id: str, kind: str = "auto", title: str | None = None,
               region: str | None = None, key: str | None = None) -> Series:
        """Show chart, summary, table and CSV for one indicator; a notice when it has no figures.

        region: show a comparison region's series instead (national rates are stored under EAK).
        key: names the CSV file and page anchors when one indicator is shown twice on a site.
        """
        series = self.series(indicator_id, regions=[region] if region else None)
        return self.show(series, kind=kind, title=title, key=key or indicator_id)

    def show(self, series: Series, *, key: str, kind: str = "auto", title: str | None = None,
             summary: str | None = None) -> Series:
        """Publish a series already selected (or derived, e.g. in fixed kroner)."""
        if not series.has_data:
            self.notice(self.missing_text(series.indicator))
            return series
        summary = summary or narrative.describe(series)
        kind = self._kind(series) if kind == "auto" else kind
        chart = {"trend": charts.trend_chart, "categories": charts.category_bars,
                 "stacked": charts.stacked_chart, "prognosis": charts.prognosis_chart}[kind](series, summary)
        legend = charts.legend(series) if kind == "stacked" else None
        display(HTML(blocks.figure_html(series, charts.spec(chart), summary, key=key, title=title, legend=legend)))
        return series

    def notice(self, text: str) -> None:
        """One sentence in place of a figure; silent when the chapter already said it has no figures."""
        if not self._chapter_empty:
            display(HTML(blocks.notice_html(text)))

    def fixed_price_figure(self, indicator_id: str, title: str | None = None) -> Series:
        """Amounts in fixed kroner of the chosen year; in current kroner, said so, when the index lacks it."""
        series = self.series(indicator_id)
        fixed = in_fixed_kroner(series, self.year)
        frame = fixed.frame
        lost = frame["value"].isna() & series.frame["value"].notna()
        if series.has_data and not fixed.has_data:
            self.notice(f"Prisindeksen mangler for {self.year} eller for årene med tall, så "
                        f"«{narrative.in_sentence(series.indicator.title)}» vises i løpende kroner "
                        f"(ikke justert for prisvekst).")
            return self.show(series, key=indicator_id, title=title)
        fixed_title = fixed.indicator.title
        summary = None
        if lost.any():
            years = ", ".join(str(y) for y in sorted(set(frame.loc[lost, "year"])))
            summary = narrative.describe(fixed) + f" Prisindeksen mangler for {years}, så de årene vises ikke."
        return self.show(fixed, key=f"{indicator_id}-faste-kroner", title=title or fixed_title, summary=summary)

    def prognosis_figure(self, indicator_id: str, category: str = "", *,
                         exclude: tuple[int, ...] = PANDEMIC_YEARS, horizon: int = DEFAULT_HORIZON,
                         title: str | None = None) -> Series | None:
        """The figures and their projected trend for the next years, the projection marked «prognose»."""
        actual = self._category_as_total(self.series(indicator_id), category)
        points = {y: actual.value(y) for y in actual.years if not is_missing(actual.value(y))}
        result = fit(points, exclude=exclude, horizon=horizon) if self.year in points else None
        if result is None:
            if actual.has_data:
                self.notice(f"Det er for få år med tall for «{narrative.in_sentence(actual.indicator.title)}» "
                            f"fram til {self.year} til å lage en prognose.")
            else:
                self.notice(self.missing_text(actual.indicator))
            return None
        decimals = 0 if actual.indicator.is_count else actual.decimals
        projected = pd.DataFrame([{"year": y, "category": "prognose", "region": self.kommunenummer,
                                   "value": round(v, decimals), "status": "", "source": PROGNOSIS_SOURCE,
                                   "source_ref": "", "note": "prognose"} for y, v in result.projected.items()])
        frame = pd.concat([actual.frame.assign(category="faktisk"), projected], ignore_index=True)
        indicator = replace(actual.indicator, title=title or f"{actual.indicator.title}: tall og prognose",
                            categories=(Category("faktisk", "Faktiske tall", 1), Category("prognose", "Prognose", 2)))
        series = Series(indicator, frame, self.year, self.kommunenummer)
        values = " og ".join(f"{narrative.fmt(series, round(v, decimals))} i {y}"
                             for y, v in result.projected.items())
        summary = f"{narrative.describe(actual)} Prognosen gir om lag {values}. {result.method_text()}"
        key = f"{indicator_id}-{category}-prognose" if category else f"{indicator_id}-prognose"
        self.show(series, key=key, kind="prognosis", summary=summary)
        return series

    def _category_as_total(self, series: Series, category: str) -> Series:
        """One category of a series as a series of its own (e.g. children with care orders)."""
        if not category:
            return series
        frame = series.frame[series.frame["category"] == category].assign(category="")
        title = highlights.label(series, category)
        return Series(replace(series.indicator, title=title, categories=()), frame.reset_index(drop=True),
                      series.year, series.kommunenummer)

    def comparison(self, indicator_id: str, regions: list[str], title: str | None = None) -> Series:
        """The municipality beside comparison regions (ASSS, KOSTRA group …) in the latest common year.

        Its CSV and anchors are named «<indicator>-sammenligning», so the same indicator can also be
        shown over time on the same site.
        """
        wanted = [self.kommunenummer] + [r for r in regions if r != self.kommunenummer]
        series = self.series(indicator_id, regions=wanted)
        years = series.frame.dropna(subset=["value"])["year"]
        if years.empty or not (series.frame["region"] == self.kommunenummer).any():
            self.notice(self.missing_text(series.indicator))
            return series
        year = int(years.max())
        names = {code: self.region_name(code) for code in wanted}
        summary = self._comparison_sentence(series, wanted, year, names)
        chart = charts.comparison_chart(series, wanted, year, summary, names)
        display(HTML(blocks.figure_html(series, charts.spec(chart), summary, key=f"{indicator_id}-sammenligning",
                                        title=title, region_names=names)))
        return series

    def ssb_figures(self, chapter: str) -> None:
        """SSB's published figures for this chapter, when `python -m tilstand fetch` has cached them.

        Each is credited «SSB, tabell N, hentet <dato>» in its subtitle. Nothing is shown when
        none are cached: the chapter's own figures and notices already cover the topic.
        """
        for indicator in self.catalogue.for_chapter(chapter):
            if indicator.ssb_table and self.series(indicator.id).has_data:
                self.figure(indicator.id)

    def ssb_comparisons(self) -> None:
        """The municipality against its KOSTRA group, county and the country, for every cached
        SSB indicator; nothing when no SSB figures are cached."""
        shown = 0
        for indicator in self.catalogue:
            if not (indicator.ssb_table and self.series(indicator.id).has_data):
                continue
            rows = self.dataset.rows(indicator.id)
            aggregates = sorted(code for code in rows["kommunenummer"].unique()
                                if not code.isdigit() and code.startswith(("EKG", "EKA", "EAK")))
            if aggregates:
                self.comparison(indicator.id, sorted(aggregates, key=_comparison_order))
                shown += 1
        if not shown:
            self.notice(f"SSB-tall er ikke hentet for {self.name}. Analytikeren kan hente dem med "
                        f"«python -m tilstand fetch --municipality {self.kommunenummer} --years …» "
                        "når maskinen er på nett; da vises sammenligningen her.")

    def _comparison_sentence(self, series: Series, regions, year: int, names) -> str:
        parts = []
        for region in regions:
            value = series.value(year, region=region)
            if not is_missing(value):
                label = names.get(region) or region_name(region)
                parts.append(f"{label} {narrative.fmt(series, value)}")
        return f"{series.indicator.title} i {year}: " + ", ".join(parts) + "."

    def region_name(self, code: str) -> str:
        """A municipality's name (today's, for a historic code) or a comparison region's label."""
        return region_name(code)

    @staticmethod
    def _kind(series: Series) -> str:
        if not series.categories:
            return "trend"
        if series.has_total:
            return "trend"
        return "categories" if len(series.categories) > 5 else "stacked"

    def missing_text(self, indicator: Indicator) -> str:
        return (f"Det finnes ingen tall for «{narrative.in_sentence(indicator.title)}» for {self.name} "
                f"i perioden fram til {self.year}, så denne figuren vises ikke.")

    def chapter_has_data(self, chapter: str) -> bool:
        return any(self.series(i.id).has_data for i in self.catalogue.for_chapter(chapter))

    def chapter_notice(self, chapter: str, what: str) -> bool:
        """Say in one sentence when a chapter has no figures; True when it has some.

        After a False, the chapter's figure calls stay silent: the one sentence covers them.
        """
        if self.chapter_has_data(chapter):
            return True
        statuses = {status for i in self.catalogue.for_chapter(chapter)
                    for status in self.series(i.id).frame["status"]}
        if statuses == {"."}:
            text = (f"Tallene om {what} er oppgitt som ikke relevante for {self.name} i perioden fram til "
                    f"{self.year}: tjenesten har ikke slike tiltak eller oppgaver.")
        else:
            text = (f"Det finnes ingen tall om {what} for {self.name} i perioden fram til {self.year}. "
                    f"Kapittelet fylles ut når tjenesten leverer tallene (se data/README.md).")
        display(HTML(blocks.notice_html(text)))
        self._chapter_empty = True
        return False

    # --- the summary, the ASSS profile and the service's own text --------------------------

    def key_figures(self) -> None:
        """The year's key figures beside last year's, with the change, as one table."""
        rows, absent = [], []
        for indicator_id, category in highlights.KEY_FIGURES:
            if indicator_id not in self.catalogue:
                continue
            series = self.series(indicator_id)
            if not any(not is_missing(series.value(y, category)) for y in series.years):
                absent.append(narrative.in_sentence(highlights.label(series, category)))
                continue
            now, before = series.value(self.year, category), series.value(self.year - 1, category)
            cells = [narrative.fmt(series, before, series.status(self.year - 1, category)),
                     narrative.fmt(series, now, series.status(self.year, category)),
                     highlights.change_text(series, now, before) or "kan ikke beregnes"]
            rows.append((highlights.label(series, category), cells))
        if not rows:
            self.notice(f"Det finnes ingen nøkkeltall for {self.name} i {self.year}.")
            return
        caption = f"Nøkkeltall for {self.name} {self.year}, med endringen fra {self.year - 1}"
        header = ["Nøkkeltall", str(self.year - 1), str(self.year), f"Endring fra {self.year - 1}"]
        display(HTML(_table_html(caption, header, rows)))
        if absent:
            self.notice(f"Det finnes ingen tall for {self.name} fram til {self.year} om: {', '.join(absent)}.")

    def notable_changes(self, kind: str, limit: int = 4) -> None:
        """The most notable changes against the own trend (kind "trend") or the goal direction ("goal")."""
        all_series = [self.series(i.id) for i in self.catalogue
                      if i.chapter not in ("sammenligning", "sammendrag") and "kumulativ" not in i.id]
        all_series = [s for s in all_series if s.has_data]
        found = (highlights.against_trend if kind == "trend" else highlights.against_goal)(all_series)
        if not found:
            self.notice("Ingen tall skiller seg tydelig ut i år." if kind == "trend" else
                        "Ingen av tallene med et mål for retningen endret seg mye fra året før.")
            return
        items = "".join(f"<li>{html.escape(h.sentence)}</li>" for h in found[:limit])
        display(HTML(f'<ul class="tilstand-highlights">{items}</ul>'))

    def profile(self, indicator_ids: list[str], regions: list[str], title: str) -> None:
        """A service profile (e.g. ASSS): the municipality's last three years beside the regions' latest."""
        series = [self.series(i, regions=[self.kommunenummer] + regions) for i in indicator_ids]
        series = [s for s in series if (s.frame["region"] == self.kommunenummer).any() and s.has_data]
        if not series:
            self.notice(f"Det finnes ingen tall for {self.name} i {narrative.in_sentence(title)} fram til {self.year}.")
            return
        own_years = sorted({int(y) for s in series for y in s.frame.loc[
            (s.frame["region"] == self.kommunenummer) & s.frame["value"].notna(), "year"]})[-3:]
        latest = max(own_years)
        header = ["Indikator"] + [f"{self.name} {y}" for y in own_years] + \
            [f"{self.region_name(r)} {latest}" for r in regions]
        rows, records = [], []
        for s in series:
            cells = []
            for region, year in [(self.kommunenummer, y) for y in own_years] + [(r, latest) for r in regions]:
                value = s.value(year, region=region)
                cells.append(narrative.fmt(s, value, s.status(year, region=region)))
                records.append([s.indicator.title, header[len(cells)], "" if value is None else
                                format_plain(value, s.decimals_of(value)), s.indicator.unit])
            rows.append((s.indicator.title, cells))
        name = f"{blocks.slug(title)}-{self.kommunenummer}-{self.year}.csv"
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Indikator", "Kolonne", "Verdi", "Enhet"])
        writer.writerows(records)
        (blocks.downloads_dir() / name).write_text("\ufeff" + out.getvalue(), encoding="utf-8")
        display(HTML(_table_html(title, header, rows) +
                     f'<p class="tilstand-download"><a href="{blocks.DOWNLOADS_URL}/{name}" download>'
                     f'Last ned tallene for «{html.escape(title)}» (CSV)</a></p>'))

    def handwritten(self, name: str) -> None:
        """The service's own text for this chapter, or a notice of what it should write there."""
        text = handwritten.read(self.kommunenummer, self.year, name)
        if text is None:
            display(HTML(blocks.notice_html(handwritten.missing_notice(self.kommunenummer, self.year, name,
                                                                        self.name))))
        else:
            display(Markdown(text))

    # --- numbers in the narrative (glue) ---------------------------------------------------

    def glue_basics(self) -> None:
        glue("kommune", Markdown(self.name), display=False)
        glue("year", Markdown(str(self.year)), display=False)
        glue("previous_year", Markdown(str(self.year - 1)), display=False)
        glue("small_count_max", Markdown(str(self.settings.small_count_max)), display=False)

    def source_list(self) -> None:
        """The documents and statistics the municipality's figures come from, as a list."""
        from tilstand.ingest.sources import describe_source
        used = self.dataset.frame.loc[(self.dataset.frame["kommunenummer"] == self.kommunenummer)
                                      & (self.dataset.frame["year"] <= self.year)
                                      & self.dataset.frame["value"].notna(), "source"]
        if used.empty:
            self.notice(f"Det finnes ingen tall for {self.name} fram til {self.year}.")
            return
        items = "".join(f"<li>{html.escape(describe_source(s, []))}</li>" for s in sorted(set(used)))
        display(HTML(f'<ul class="tilstand-sources">{items}</ul>'))

    def glue_sentence(self, key: str, template: str, **figures: str | tuple[str, str]) -> None:
        """A sentence with figures filled in, e.g. template "I {year} kom det {n} meldinger." and
        n="meldinger_nye" (or (indicator, category)); when a figure is missing, a sentence saying so."""
        values, missing, any_data = {"year": str(self.year), "previous_year": str(self.year - 1)}, [], False
        for name, ref in figures.items():
            indicator_id, category = (ref, "") if isinstance(ref, str) else ref
            series = self.series(indicator_id)
            any_data = any_data or series.has_data
            value = series.value(self.year, category)
            if is_missing(value):
                missing.append(narrative.in_sentence(highlights.label(series, category)))
            values[name] = narrative.fmt(series, value, series.status(self.year, category))
        if not missing:
            text = template.format(**values)
        elif self._chapter_empty or not any_data:
            text = ""   # the chapter's or the figure's own notice already says the figures are missing
        else:
            text = f"Tall for {self.year} mangler for {self.name} ({', '.join(missing)})."
        glue(key, Markdown(text), display=False)

_PUBLISHABLE: dict[tuple[int, int], Dataset] = {}


def _publishable(full: Dataset, threshold: int) -> Dataset:
    """Suppressed once per kernel: the chapters of a build share one loaded dataset."""
    key = (id(full), threshold)
    if key not in _PUBLISHABLE:
        _PUBLISHABLE.clear()
        _PUBLISHABLE[key] = Dataset(suppress(full.frame, load_catalogue(), threshold))
    return _PUBLISHABLE[key]


def _comparison_order(code: str) -> tuple[int, str]:
    """KOSTRA group, then county, then the country (with and without Oslo)."""
    return ({"EKG": 0, "EKA": 1, "EAK": 2}[code[:3]], code)


def _table_html(caption: str, header: list[str], rows: list[tuple[str, list[str]]]) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = "".join(f'<tr><th scope="row">{html.escape(name)}</th>'
                   + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>" for name, cells in rows)
    return (f'<div class="tilstand-table-wrap" tabindex="0" role="region" aria-label="Tabell: {html.escape(caption)}">'
            f'<table class="tilstand-table"><caption>{html.escape(caption)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def in_fixed_kroner(series: Series, to_year: int) -> Series:
    """The series in `to_year` kroner, rounded as the source printed it; a year without an index
    becomes missing (status ..), never an unadjusted figure beside adjusted ones."""
    from tilstand.compute.prices import to_fixed_prices

    frame = series.frame.copy()
    converted = [None if pd.isna(value) else to_fixed_prices(float(value), int(year), to_year)
                 for value, year in zip(frame["value"], frame["year"])]
    frame["value"] = [None if v is None else round(v, series.decimals) for v in converted]
    frame["value"] = frame["value"].astype(float)
    frame.loc[frame["value"].isna() & series.frame["value"].notna(), "status"] = ".."
    indicator = replace(series.indicator, title=f"{series.indicator.title}, faste {to_year}-kroner")
    return Series(indicator, frame, series.year, series.kommunenummer)
