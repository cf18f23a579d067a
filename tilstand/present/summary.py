"""The summary's parts and the report's tables that are not one indicator: the year's key figures
beside last year's, the notable changes as sentences, a service profile, and the method of a
prognosis. Pure functions from series to tables and sentences.
"""

from __future__ import annotations

from tilstand.compute.highlights import Highlight
from tilstand.compute.prognosis import Prognosis
from tilstand.compute.series import Series
from tilstand.formatting import (
    MINUS,
    format_change_pp,
    format_number,
    format_percent,
    format_plain,
    format_years,
    is_missing,
)
from tilstand.present import sentences
from tilstand.present.sentences import Wording
from tilstand.present.tables import Table, csv_remark, hidden_notes


def label(series: Series, category: str, w: Wording) -> str:
    title = sentences.title(series, w.language)
    return f"{title}: {w.in_sentence(series.indicator.category_label(category, w.language))}" if category else title


def change_text(series: Series, now, before, w: Wording) -> str:
    """'+27 (+3,4 %)' for counts and amounts, '−2,3 prosentpoeng' for shares; '' when not comparable.
    No percent on a base of zero or below."""
    if is_missing(now) or is_missing(before):
        return ""
    difference = now - before
    sign = "+" if difference > 0 else MINUS if difference < 0 else "±"
    if series.indicator.is_share:
        return f"{sign}{format_change_pp(difference, series.decimals, language=w.language)}"
    amount = (
        sentences.fmt_derived(series, abs(difference), w)
        if not series.indicator.is_count
        else format_number(abs(difference))
    )
    relative = f" ({sign}{format_percent(abs(difference) / before * 100)})" if before > 0 and now >= 0 else ""
    return f"{sign}{amount}{relative}"


def key_figures_table(pairs: list[tuple[Series, str]], year: int, title: str, w: Wording) -> Table:
    """The year's key figures beside last year's, with the change (only where comparable)."""
    t = w.t
    rows = []
    for series, category in pairs:
        now, before = series.value(year, category), series.value(year - 1, category)
        comparable = sentences.comparable_previous(series, category) is not None
        rows.append(
            (
                label(series, category, w),
                (
                    series.cell_text(year - 1, category, language=w.language),
                    series.cell_text(year, category, language=w.language),
                    change_text(series, now, before, w) if comparable else t("table.not_comparable"),
                ),
            )
        )
    header = (t("table.key_figure"), str(year - 1), str(year), t("table.change_from", year=year - 1))
    return Table(title, header, tuple(rows), hidden_notes(rows, _threshold(pairs), w.language))


def _threshold(pairs) -> int:
    """The small-count threshold the series were hidden by (the same for one report)."""
    return max((series.small_count_max for series, *_ in pairs), default=0)


def group_sentence(pairs: list[tuple[Series, str]], w: Wording) -> str:
    """One sentence for a group of the summary: its first figure that has this year's value, as
    its level and change (a balance as over- or underspend and the function that drives it)."""
    for series, category in pairs:
        if series.indicator.figure_kind == "balance" and not category:
            text = sentences.balance_sentence(series, w)
            if text:
                return text
        elif not is_missing(series.value(series.year, category)):
            level = sentences.level_sentence(series, w, category)
            return " ".join(p for p in (level, sentences.change_sentence(series, w, category)) if p)
    return ""


def highlight_sentence(highlight: Highlight, kind: str, w: Wording) -> str:
    series, category = highlight.series, highlight.category
    what, year = label(series, category, w), series.year
    now = sentences.fmt(series, highlight.value, "", w)
    if kind == "trend":
        up = highlight.value > highlight.high
        where = (
            w.t("highlight.highest_since" if up else "highlight.lowest_since", since=highlight.since)
            if highlight.since
            else w.t("highlight.highest_ever" if up else "highlight.lowest_ever")
        )
        return w.t(
            "highlight.range",
            what=what,
            value=now,
            year=year,
            where=where,
            span=format_years(highlight.years, w.language),
            low=sentences.fmt(series, highlight.low, "", w),
            high=sentences.fmt(series, highlight.high, "", w),
        )
    verdict = w.t("highlight.wanted" if highlight.wanted else "highlight.unwanted")
    return w.t(
        "highlight.goal",
        what=what,
        value=now,
        year=year,
        previous=year - 1,
        before=sentences.fmt(series, highlight.reference, "", w),
        change=change_text(series, highlight.value, highlight.reference, w),
        verdict=verdict,
    )


def profile_table(
    series: list[Series], kommunenummer: str, regions: list[str], names: dict[str, str], title: str, w: Wording
) -> tuple[Table, list[list[tuple[str, str]]], list[str]]:
    """A service profile: the municipality's last three years beside the regions' latest. Returns
    the table, the plain value of each cell with why it has none (for the CSV, as a figure's CSV
    says it) and each row's unit."""
    own_years = sorted(
        {
            int(y)
            for s in series
            for y in s.frame.loc[(s.frame["region"] == kommunenummer) & s.frame["value"].notna(), "year"]
        }
    )[-3:]
    latest = max(own_years)
    columns = [(kommunenummer, y) for y in own_years] + [(r, latest) for r in regions]
    header = (w.t("table.indicator"), *[f"{names[code]} {year}" for code, year in columns])
    rows, values = [], []
    for s in series:
        rows.append(
            (
                sentences.title(s, w.language),
                tuple(s.cell_text(y, region=code, language=w.language) for code, y in columns),
            )
        )
        values.append(
            [
                ("", csv_remark(s, y, region=code, language=w.language))
                if is_missing(v := s.value(y, region=code))
                else (format_plain(v, s.decimals_of(v)), "")
                for code, y in columns
            ]
        )
    table = Table(title, header, tuple(rows), hidden_notes(rows, _threshold([(s,) for s in series]), w.language))
    return table, values, [s.indicator.unit for s in series]


def prognosis_method(result: Prognosis, w: Wording) -> str:
    """How the prognosis is made, in one paragraph for the reader."""
    first, last = min(result.projected), max(result.projected)
    left_out = (
        w.t("prognosis.left_out", years=format_years(result.excluded_years, w.language))
        if result.excluded_years
        else ""
    )
    return w.t(
        "prognosis.method",
        span=format_years(range(first, last + 1), w.language),
        used=format_years(result.used_years, w.language),
        left_out=left_out,
    ).replace("  ", " ")
