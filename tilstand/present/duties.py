"""Forsvarlighet at a glance: one table of the measurable legal duties (data/duties.yml) with this
year's figure, the earlier years, a benchmark where one exists and the status from the declared
rule, with the legal source. Pure functions from the report's figures to a table, a sentence and
a CSV; the page never judges forsvarlighet itself (the leader's text does)."""

from __future__ import annotations

from dataclasses import dataclass

from tilstand.compute import duties as rules
from tilstand.compute.series import Series
from tilstand.compute.view import ReportView
from tilstand.formatting import format_plain, format_value, is_missing
from tilstand.ingest.duties import Duty, load_duties
from tilstand.present import html, outputs, sentences
from tilstand.present.outputs import Shown
from tilstand.present.sentences import Wording
from tilstand.present.tables import Table, csv_remark, csv_text, hidden_notes
from tilstand.regions import RegionKind, region_kind

EARLIER_YEARS = 3  # the compact trend: this many years before the report year
BENCHMARK_KINDS = (RegionKind.KOSTRA_GROUP, RegionKind.COUNTRY)


@dataclass(frozen=True)
class DutyRow:
    duty: Duty
    series: Series
    law: str
    requirement: str
    values: dict[int, str]  # year → the published figure, the report year last
    benchmark: str
    status: str  # rules.MET, NOT_MET, MISSING or HIDDEN

    def has_figure(self, year: int) -> bool:
        category = self.duty.category
        return not is_missing(self.series.value(year, category)) or self.series.is_hidden(year, category)


def benchmark_regions(view: ReportView) -> list[str]:
    """The comparison regions a duty's figure is measured against: the KOSTRA group and the
    country from the settings, and the ASSS network's average for its members."""
    regions = [r for r in view.comparison_regions() if region_kind(r) in BENCHMARK_KINDS]
    return regions + (["ASSS_MEAN"] if view.is_asss else [])


def benchmark_text(view: ReportView, duty: Duty, w: Wording) -> str:
    """The benchmark indicator in its latest year up to the report year, for the municipality and
    the benchmark regions that have it; '' when there is none."""
    if not duty.benchmark:
        return ""
    regions = [view.kommunenummer, *benchmark_regions(view)]
    series = view.series(duty.benchmark, regions)
    years = [
        y
        for y in series.years
        if y <= view.year and any(not is_missing(series.value(y, region=r)) for r in regions[1:])
    ]
    if not years:
        return ""
    year = max(years)
    parts = [
        f"{view.region_name(r)} {series.text(series.value(year, region=r), series.status(year, region=r), w.language)}"
        for r in regions
        if series.cell(year, region=r)
    ]
    return w.t("duty.benchmark", what=sentences.title(series, w.language), year=year, values=", ".join(parts))


def requirement_text(duty: Duty, series: Series, w: Wording) -> str:
    """«høyst 0», «minst 100 %»."""
    limit = duty.rule.at_most if duty.rule.at_most is not None else duty.rule.at_least
    value = format_value(limit, series.indicator.unit, decimals=0 if limit == int(limit) else None, language=w.language)
    return w.t("duty.at_most" if duty.rule.at_most is not None else "duty.at_least", value=value)


def duty_rows(view: ReportView, w: Wording) -> list[DutyRow]:
    """One row per declared duty whose figure belongs to a part of the report the municipality uses."""
    rows = []
    for duty in load_duties(view.workspace.data, view.catalogue):
        indicator = view.catalogue.get(duty.indicator_id)
        if not view.module_enabled(indicator):
            continue
        series, category, year = view.series(duty.indicator_id), duty.category, view.year
        hidden = series.is_hidden(year, category)
        status = rules.status(
            duty.rule, series.value(year, category), hidden, 1 if hidden and indicator.persons else None
        )
        values = {y: series.cell_text(y, category, language=w.language) for y in range(year - EARLIER_YEARS, year + 1)}
        rows.append(
            DutyRow(
                duty,
                series,
                duty.law_in(year, w.language),
                requirement_text(duty, series, w),
                values,
                benchmark_text(view, duty, w),
                status,
            )
        )
    return rows


def overview_sentence(rows: list[DutyRow], year: int, w: Wording) -> str:
    """How many requirements were met, not met and without a figure: counted, not judged."""
    count = {s: sum(r.status == s for r in rows) for s in (rules.MET, rules.NOT_MET, rules.MISSING, rules.HIDDEN)}
    texts = [w.t("duty.overview", year=year, total=len(rows), met=count[rules.MET], not_met=count[rules.NOT_MET])]
    texts += [
        w.t(f"duty.overview_{s}", count=count[getattr(rules, s.upper())])
        for s in ("missing", "hidden")
        if count[getattr(rules, s.upper())]
    ]
    return " ".join(texts)


def duties_table(rows: list[DutyRow], year: int, w: Wording) -> Table:
    """Duty (requirement and law), the status, this year, then the earlier years that have any
    figure going back: what a council reads first stays in view on a phone."""
    t = w.t
    years = [year] + [y for y in range(year - 1, year - EARLIER_YEARS - 1, -1) if any(r.has_figure(y) for r in rows)]
    body = tuple(
        (
            t("duty.row", duty=r.duty.duty(w.language), requirement=r.requirement, law=r.law)
            if r.law
            else t("duty.row_no_law", duty=r.duty.duty(w.language), requirement=r.requirement),
            (t(f"duty.status.{r.status}"), *(r.values[y] for y in years)),
        )
        for r in rows
    )
    high = max((r.series.small_count_max for r in rows), default=0)
    return Table(
        t("duty.caption", year=year),
        (t("duty.col.duty"), t("duty.col.status"), *map(str, years)),
        body,
        hidden_notes(body, high, w.language),
    )


def duties_csv(rows: list[DutyRow], w: Wording) -> str:
    """Every year of every duty's figure, with the law and, for the report year, the status."""
    t = w.t
    records = []
    for r in rows:
        for y in r.series.years:
            value = r.series.value(y, r.duty.category)
            cell = r.series.cell(y, r.duty.category)
            if cell is None or y > r.series.year:
                continue
            plain = "" if is_missing(value) else format_plain(value, r.series.decimals_of(value))
            remark = "" if plain else csv_remark(r.series, y, r.duty.category, language=w.language)
            records.append(
                [
                    r.duty.duty(w.language),
                    r.duty.law_in(y, w.language),
                    r.requirement,
                    str(y),
                    plain,
                    remark,
                    t(f"duty.status.{r.status}") if y == r.series.year else "",
                ]
            )
    return csv_text(
        [
            t("duty.col.duty"),
            t("duty.csv.law"),
            t("duty.col.requirement"),
            t("csv.year"),
            t("csv.value"),
            t("csv.remark"),
            t("duty.col.status"),
        ],
        records,
    )


LEADER_PAGE = "leders_vurdering.html"  # the leader's chapter (chapters/leders_vurdering.md) beside this one


def leader_link(w: Wording) -> str:
    """The sentence that sends the reader to the leader's own judgement, with the link."""
    before, _, after = w.t("duty.leader", link="\x00").partition("\x00")
    return (
        f'<p class="tilstand-duties__leader">{html.escape(before)}<a href="{LEADER_PAGE}">'
        f"{html.escape(w.t('duty.leader_title'))}</a>{html.escape(after)}</p>"
    )


def duties_overview(view: ReportView, w: Wording) -> Shown:
    rows = duty_rows(view, w)
    if not rows:
        return outputs.empty(w.t("duty.caption", year=view.year), w.language)
    table = duties_table(rows, view.year, w)
    sentence = overview_sentence(rows, view.year, w)
    name = f"lovkrav-{view.kommunenummer}-{view.year}.csv"
    benchmarks = [w.t("duty.benchmark_line", text=r.benchmark) for r in rows if r.benchmark]
    content = (
        f'<div class="tilstand-duties"><p class="tilstand-summary">{html.escape(sentence)}</p>'
        + html.table_html(table, w.language)
        + (html.list_html(benchmarks, "tilstand-duties__benchmarks") if benchmarks else "")
        + leader_link(w)
        + html.download_html(name, table.caption, w.language)
        + "</div>"
    )
    markdown = "\n".join([sentence, *(f"- {b}" for b in benchmarks), w.t("duty.leader", link=w.t("duty.leader_title"))])
    return outputs.reader_html(content, markdown, {name: duties_csv(rows, w)})
