"""What the standard texts (intro, om rapporten) may say about a municipality's figures: where they
come from and how many years they cover, from the figures themselves. A municipality with one year
of its own figures is never told that the report shows ten years or earlier reports."""

from __future__ import annotations

from tilstand.compute.series import WINDOW_YEARS
from tilstand.compute.view import ReportView
from tilstand.formatting import format_years
from tilstand.ingest.settings import DEFAULT_SMALL_COUNT_MAX
from tilstand.present.sentences import Wording

ORIGINS = ("own", "report", "ssb")  # tjenestens egne tall, tidligere tilstandsrapporter, SSB


def figure_years(view: ReportView) -> dict[str, list[int]]:
    """origin → the years up to the report year in which the municipality has a figure from it."""
    frame = view.dataset.frame
    rows = frame[
        (frame["kommunenummer"] == view.kommunenummer)
        & (frame["year"] <= view.year)
        & (frame["value"].notna() | (frame["status"] != ""))
    ]
    return {
        origin: sorted({int(y) for y in rows.loc[rows["origin"] == origin, "year"]})
        for origin in ORIGINS
        if (rows["origin"] == origin).any()
    }


def sources_sentence(view: ReportView, w: Wording) -> str:
    """«Tallene kommer fra tjenestens egne tall … og fra SSB.», naming only the sources it has."""
    years = figure_years(view)
    if not years:
        return w.t("about.no_figures", year=view.year)
    return w.t("about.sources", sources=w.t.join([w.t(f"about.source.{o}") for o in ORIGINS if o in years]))


def period_sentence(view: ReportView, w: Wording) -> str:
    """How many years the figures cover: one year said as such, otherwise the span the figures show."""
    years = sorted({y for ys in figure_years(view).values() for y in ys})
    if not years:
        return ""
    first = max(years[0], view.year - WINDOW_YEARS + 1)
    if first >= view.year:
        return w.t("about.one_year", year=view.year)
    return w.t("about.span", first=first, year=view.year)


def intro_sentence(view: ReportView, w: Wording) -> str:
    """What the report shows: the development over time only when there is more than one year."""
    years = sorted({y for ys in figure_years(view).values() for y in ys})
    if len(years) > 1:
        return w.t("about.intro_span", first=max(years[0], view.year - WINDOW_YEARS + 1))
    return w.t("about.intro_one_year", year=view.year)


def open_counts_sentence(view: ReportView, w: Wording) -> str:
    """The indicators whose small counts the service publishes openly, each with its reason, as
    the settings give them (`åpne_små_tall`); '' when there are none."""
    return " ".join(
        w.t("about.open_counts", title=view.catalogue.get(i).title(w.language), reason=reason.strip())
        for i, reason in view.settings.open_small_counts.items()
    )


def lowered_threshold_sentence(view: ReportView, w: Wording) -> str:
    """The threshold and the reason for it, when the settings lower it below the default; else nothing."""
    settings = view.settings
    if settings.small_count_max >= DEFAULT_SMALL_COUNT_MAX or not settings.small_count_reason:
        return ""
    reason = " ".join(settings.small_count_reason.split()).rstrip(".")
    return w.t(
        "about.small_count_lowered",
        default=DEFAULT_SMALL_COUNT_MAX,
        threshold=settings.small_count_max,
        reason=f"«{reason}».",
    )


def not_representative_sentence(view: ReportView, w: Wording) -> str:
    """The years the settings call not representative (`ikke_representative_år`), which a trend or a
    prognosis leaves out; that every year is used when the settings name none."""
    years = view.settings.not_representative_years
    if not years:
        return w.t("about.all_years_used")
    return w.t("prognosis.left_out", years=format_years(years, w.language))


REFORM_YEAR = 2022  # barnevernsreformen: the municipalities' rates for state measures rose steeply


def rates_reform_sentence(view: ReportView, w: Wording) -> str:
    """That the national rates rose with the 2022 reform, only when the rates the chapter shows span
    the year before and the reform year (a report for an earlier year is not told of it)."""
    frame = view.series("egenbetaling_sats", ["EAK"]).frame
    years = set(frame.loc[frame["value"].notna(), "year"].astype(int))
    return w.t("about.rates_reform", year=REFORM_YEAR) if {REFORM_YEAR - 1, REFORM_YEAR} <= years else ""
