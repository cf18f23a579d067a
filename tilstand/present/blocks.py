"""A published figure as a value: chart spec, key figure, sentences, notes, table and CSV, made by
pure functions from a series and the words it needs. Rendering a block (html.py) and showing it
in a notebook (outputs.py) never change it, and nothing here reads or writes a file.

How an indicator is shown follows the editorial standard:
- one year with a figure is a key figure (the number, large, with one sentence), not a one-bar chart;
- a series that is 0 in every year is one sentence, not a flat line;
- otherwise a chart: bars or points over the years, stacked parts, or the year's categories.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tilstand.compute.series import Series
from tilstand.formatting import is_missing
from tilstand.language import Texts
from tilstand.present import charts, sentences
from tilstand.present.sentences import Wording
from tilstand.present.tables import Download, Table, series_csv, series_table, slug

STACKED_MAX_PARTS = 5  # more parts than this are read better as the year's bars, largest first


@dataclass(frozen=True)
class Block:
    key: str  # anchors and the CSV file's name
    title: str
    subtitle: str = ""  # unit and source
    chart: dict | None = None  # Vega-Lite spec
    paper_chart: dict | None = None  # the same figures laid out for A4, where that differs
    legend: tuple[tuple[str, str], ...] = ()  # (label, colour) of the parts that appear
    key_figure: str = ""  # the one figure, shown large
    key_figure_year: int | None = None  # its year, when it is not the report's year
    summary: str = ""
    notes: tuple[str, ...] = ()  # series breaks and other things a reader must know
    table: Table | None = None
    download: Download | None = None


@dataclass(frozen=True)
class Labels:
    """What a block needs to name things: the region names and the source line of its series."""

    wording: Wording
    names: dict[str, str]
    source: str
    municipality: str = ""
    downloads: dict = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.wording.language


def csv_name(key: str, series: Series) -> str:
    return f"{slug(key)}-{series.kommunenummer}-{series.year}.csv"


def subtitle(series: Series, labels: Labels) -> str:
    return f"{Texts(labels.language)(f'unit.{series.indicator.unit}')}. {labels.source}"


def break_notes(series: Series, language: str) -> tuple[str, ...]:
    """Each series break inside the period, named and explained."""
    t = Texts(language)
    years = series.years
    return tuple(
        t("note.series_break", year=year, explanation=text(language))
        for year, text in sorted(series.indicator.series_breaks.items())
        if years and years[0] < year <= series.year
    )


def chart_kind(series: Series) -> str:
    """Parts over the years stacked while they are few and each has a colour of its own (an
    indicator with more parts than the palette has colours can have two that share one);
    otherwise the year's parts as bars."""
    if series.categories and not series.has_total:
        shown = charts.shown_categories(series)
        distinct = len({charts.colour(series, c) for c in shown}) == len(shown)
        return "stacked" if len(shown) <= STACKED_MAX_PARTS and distinct else "categories"
    return "trend"


def indicator_block(
    series: Series,
    labels: Labels,
    *,
    key: str,
    kind: str = "auto",
    title: str | None = None,
    summary: str | None = None,
    notes: tuple[str, ...] = (),
) -> Block | None:
    """The block for one indicator's series; None when it has no figure in the period."""
    if not series.has_data:
        return None
    language, w = labels.language, labels.wording
    title = title or sentences.title(series, language)
    summary = summary or sentences.describe(series, w)
    kind = chart_kind(series) if kind == "auto" else kind
    this_year = [
        c for c in series.categories if not is_missing(series.value(series.year, c)) or series.is_hidden(series.year, c)
    ]
    if kind == "categories" and not this_year:
        kind = "stacked"  # the parts are only known for earlier years: show them over time
    chart, paper_chart, key_figure, key_figure_year, legend = None, None, "", None, ()
    total_years = series.known_years()
    drawn = charts.stacked_years(series) if kind in ("stacked", "lines") else []
    sub = subtitle(series, labels)
    if kind in ("stacked", "lines") and len(drawn) == 1:
        # Parts of one year only: a stack of one bar over empty years compares nothing; the year's
        # parts side by side do, with their year said.
        kind = "one_year"
        sub = f"{sub} {Texts(language)('chart.one_year', year=drawn[0])}."
    if kind == "trend" and len(total_years) == 1:
        year = total_years[0]
        key_figure = sentences.fmt(series, series.value(year), "", w)
        if year != series.year:  # an earlier year's figure, said so beside it and in the sentence
            key_figure_year = year
            summary = f"{sentences.level_sentence(series, w, year=year)} {sentences.level_sentence(series, w)}"
    elif kind == "trend" and sentences.all_zero(series):
        summary = sentences.none_sentence(series, w)
    elif kind == "trend":
        chart = charts.trend_chart(series, summary, language)
    elif kind == "stacked" and drawn:
        chart, legend = charts.stacked_chart(series, summary, language), tuple(charts.legend(series, language))
    elif kind == "lines" and drawn:
        chart, legend = charts.lines_chart(series, summary, language), tuple(charts.legend(series, language))
    elif kind == "one_year":
        chart = charts.category_bars(series, summary, language, year=drawn[0])
        paper_chart = charts.category_bars(series, summary, language, paper=True, year=drawn[0])
    elif kind in ("stacked", "lines"):
        pass  # every part of every year is 0 or hidden: the sentence says so, no chart of nothing
    elif any(not is_missing(value := series.value(series.year, c)) and value != 0 for c in this_year):
        chart = charts.category_bars(series, summary, language)
        paper_chart = charts.category_bars(series, summary, language, paper=True)
    # else every part of the year is 0 or hidden: the sentence says so, and no chart of nothing is drawn
    return Block(
        key=key,
        title=title,
        subtitle=sub,
        chart=chart,
        paper_chart=paper_chart,
        legend=legend,
        key_figure=key_figure,
        key_figure_year=key_figure_year,
        summary=summary,
        notes=break_notes(series, language) + notes,
        table=series_table(series, title, language),
        download=Download(csv_name(key, series), series_csv(series, language, labels.names)),
    )


def comparison_block(
    series: Series,
    regions: list[str],
    labels: Labels,
    *,
    key: str,
    title: str | None = None,
    notes: tuple[str, ...] = (),
) -> Block | None:
    """The municipality beside its comparison regions in the latest year they all can show."""
    year, shown = shown_regions(series, regions)
    if year is None:
        return None
    summary = sentences.comparison_sentence(series, shown, year, labels.names, labels.wording)
    title = title or Texts(labels.language)(
        "title.comparison", title=sentences.title(series, labels.language), year=year
    )
    return Block(
        key=key,
        title=title,
        subtitle=subtitle(series, labels),
        chart=charts.comparison_chart(series, shown, year, summary, labels.names, labels.language),
        paper_chart=charts.comparison_chart(series, shown, year, summary, labels.names, labels.language, paper=True),
        summary=summary,
        notes=notes,
        table=series_table(series, title, labels.language, names=labels.names),
        download=Download(csv_name(key, series), series_csv(series, labels.language, labels.names)),
    )


def shown_regions(series: Series, regions: list[str]) -> tuple[int | None, list[str]]:
    """The year a comparison shows (the municipality's latest with a figure) and the regions of
    `regions` it shows then, the municipality first; (None, []) when there is nothing to compare."""
    known = series.frame.dropna(subset=["value"])
    if known.empty or not (known["region"] == series.kommunenummer).any():
        return None, []
    year = int(known.loc[known["region"] == series.kommunenummer, "year"].max())
    shown = [code for code in regions if series.cell(year, region=code) is not None]
    return (year, shown) if len(shown) >= 2 else (None, [])


def prognosis_block(
    series: Series, projected: dict[int, float], method: str, labels: Labels, *, key: str, title: str
) -> Block:
    """The figures and their projected trend, the projection marked «prognose» in chart and text."""
    t, w = Texts(labels.language), labels.wording
    values = t.join(
        [
            t("sentence.projected", value=sentences.fmt_derived(series, value, w), year=year)
            for year, value in projected.items()
        ]
    )
    summary = f"{sentences.describe(series, w)} {t('sentence.prognosis', values=values)} {method}"
    return Block(
        key=key,
        title=title,
        subtitle=subtitle(series, labels),
        chart=charts.prognosis_chart(series, projected, summary, labels.language),
        summary=summary,
        notes=break_notes(series, labels.language),
        table=series_table(series, title, labels.language),
        download=Download(csv_name(key, series), series_csv(series, labels.language, labels.names)),
    )


def missing(series: Series) -> bool:
    return not series.has_data or all(is_missing(v) for v in series.frame["value"])
