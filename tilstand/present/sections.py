"""The parts of the report made from more than one indicator's figures: the summary's key figures and
notable changes, the ASSS service profile, the list of sources, and the blocks that derive a series
first (fixed kroner, a prognosis). Each is made from the report's figures without side effects.
"""

from __future__ import annotations

from dataclasses import replace

from tilstand.compute import highlights
from tilstand.compute.prognosis import fit
from tilstand.compute.series import Series
from tilstand.compute.view import ReportView
from tilstand.formatting import HIDDEN, format_percent, is_missing
from tilstand.ingest.summary_plan import load_summary_plan
from tilstand.language import Texts
from tilstand.present import blocks, html, outputs, sentences, summary
from tilstand.present.blocks import Block, Labels
from tilstand.present.outputs import Shown
from tilstand.present.sentences import Wording
from tilstand.present.sources import describe_source, source_line
from tilstand.present.tables import slug, table_csv
from tilstand.regions import comparison_order


def aside(series: Series, optional: bool, block: Block | None) -> str:
    """Why a figure with figures is kept off the page, for the appendix: a part the settings leave
    out ("part_off"), or every figure so small it is hidden ("hidden"); "" when it is shown or has none."""
    if optional:
        return "part_off" if series.has_data else ""
    return "hidden" if block is None and (series.frame["status"] == HIDDEN).any() else ""


def labels(view: ReportView, w: Wording, series: Series, regions=()) -> Labels:
    """The names and the source line a block of this series needs."""
    codes = {series.kommunenummer, *regions, *series.frame["region"]}
    return Labels(w, view.names(codes), source_line(series.sources(), view.kommunenummer, w.language, view.workspace))


def in_fixed_kroner(view: ReportView, series: Series) -> Series:
    """The series in the report year's kroner, titled so (the figures: ReportView.in_fixed_kroner)."""
    fixed = view.in_fixed_kroner(series)
    title = series.indicator.title.derive(
        lambda language, text: Texts(language)("title.fixed_kroner", title=text, year=view.year)
    )
    return replace(fixed, indicator=fixed.indicator.model_copy(update={"title": title}))


def price_notes(view: ReportView, w: Wording, indicator) -> tuple[str, ...]:
    """The same amounts in the other kind of kroner, named: a figure in fixed prices names its price
    year and the nominal figure; a nominal figure names its fixed-price twin (catalogue `fixed_prices`)."""
    if indicator.fixed_prices:
        nominal = view.catalogue.get(indicator.fixed_prices.nominal)
        return (w.t("note.fixed_to_nominal", year=indicator.fixed_prices.year, title=nominal.title(w.language)),)
    return tuple(
        w.t("note.nominal_to_fixed", year=other.fixed_prices.year, title=other.title(w.language))
        for other in view.catalogue
        if other.fixed_prices and other.fixed_prices.nominal == indicator.id and view.module_enabled(other)
    )


def fixed_price_block(view: ReportView, w: Wording, indicator_id: str) -> tuple[Series, Block | None]:
    """An amount in the report year's kroner, with the price growth used said under it."""
    nominal = view.series(indicator_id)
    series = in_fixed_kroner(view, nominal)
    growth = w.t.join([w.t("note.growth", year=y, percent=format_percent(g)) for y, g in view.price_growth(nominal)])
    notes = (w.t("note.fixed_kroner", year=view.year, growth=growth),) if growth else ()
    return series, blocks.indicator_block(
        series, labels(view, w, series), key=f"{indicator_id}-faste-kroner", notes=notes
    )


def prognosis_block(
    view: ReportView, w: Wording, indicator_id: str, category: str, exclude: tuple[int, ...] | None, horizon: int
) -> tuple[Series, Block | None]:
    """The figures and their trend projected `horizon` years on (none without this year's figure),
    leaving out `exclude` or else the years the settings call not representative."""
    exclude = view.settings.not_representative_years if exclude is None else exclude
    series = view.series(indicator_id)
    series = view.category_as_total(series, category) if category else series
    points = {y: series.value(y) for y in series.known_years()}
    result = fit(points, exclude=exclude, horizon=horizon) if view.year in points else None
    if result is None:
        return series, None
    decimals = 0 if series.indicator.is_count else series.decimals
    projected = {y: round(v, decimals) for y, v in result.projected.items()}
    title = w.t("title.prognosis", title=sentences.title(series, w.language))
    key = f"{indicator_id}-{category}-prognose".replace("--", "-")
    return series, blocks.prognosis_block(
        series, projected, summary.prognosis_method(result, w), labels(view, w, series), key=key, title=title
    )


def key_figures(view: ReportView, w: Wording) -> Shown:
    """The year's key figures in the order a council reads them (data/summary.yml): per group a
    sentence on its first figure with this year's value, and a table of this year beside last year
    with the change. Only the report year's figures are headline figures."""
    title = w.t("title.key_figures", name=view.name, year=view.year)
    parts, markdown = [], []
    for group, refs in load_summary_plan(view.workspace.data, view.catalogue):
        pairs = [(view.series(i), c) for i, c in refs if view.module_enabled(view.catalogue.get(i))]
        pairs = [(s, c) for s, c in pairs if any(not is_missing(s.value(y, c)) for y in (s.year, s.year - 1))]
        if not pairs:
            continue
        caption = w.t(f"summary.group.{group}", year=view.year)
        sentence = summary.group_sentence(pairs, w)
        table = summary.key_figures_table(pairs, view.year, caption, w)
        parts.append(
            (f'<p class="tilstand-summary">{html.escape(sentence)}</p>' if sentence else "")
            + html.table_html(table, w.language, stacked=True)
        )
        markdown.append(f"**{caption}** {sentence}")
    if not parts:
        return outputs.empty(title, w.language)
    return outputs.reader_html("".join(parts), "\n\n".join(markdown))


def notable_changes(view: ReportView, w: Wording, kind: str, limit: int) -> Shown:
    """Values outside the earlier years' range (kind "trend") or changes against the goal ("goal");
    when there is nothing to compare with, which comparison is missing."""
    all_series = [
        view.series(i.id) for i in view.catalogue if i.highlights and not i.cumulative and view.module_enabled(i)
    ]
    exclude = view.settings.not_representative_years
    if kind == "trend":
        found = highlights.against_range(all_series, exclude)
        enough, missing = highlights.has_history(all_series, exclude), w.t("highlight.no_history")
    else:
        found = highlights.against_goal(all_series)
        enough, missing = highlights.has_previous_year(all_series), w.t("highlight.no_previous", previous=view.year - 1)
    items = [summary.highlight_sentence(h, kind, w) for h in found[:limit]]
    if not items:
        none = w.t(f"highlight.none_{kind}") if enough else missing
        return outputs.reader_html(html.notice_html(none), none)
    return outputs.reader_html(html.list_html(items, "tilstand-highlights"), "\n".join(f"- {i}" for i in items))


def asss_profile(view: ReportView, w: Wording) -> Shown:
    title = w.t("title.asss_profile")
    regions = view.asss_regions()
    series = [view.series(i.id, [view.kommunenummer, *regions]) for i in view.catalogue if i.asss_profile]
    series = [
        s
        for s in series
        if regions and s.has_data and s.frame.loc[s.frame["region"] == view.kommunenummer, "value"].notna().any()
    ]
    if not series:
        return outputs.empty(title, w.language, optional=not regions)
    names = view.names([view.kommunenummer, *regions])
    table, values, units = summary.profile_table(series, view.kommunenummer, regions, names, title, w)
    name = f"{slug(title)}-{view.kommunenummer}-{view.year}.csv"
    return outputs.reader_html(
        html.table_html(table, w.language) + html.download_html(name, title, w.language),
        title,
        {name: table_csv(table, values, units, w.language)},
    )


def source_list(view: ReportView, w: Wording) -> Shown:
    frame = view.dataset.frame
    used = frame.loc[
        (frame["kommunenummer"] == view.kommunenummer) & (frame["year"] <= view.year) & frame["value"].notna(), "source"
    ]
    items = [
        describe_source(source, [], view.kommunenummer, w.language, view.workspace) for source in sorted(set(used))
    ]
    if not items:
        return outputs.empty(w.t("title.sources"), w.language)
    return outputs.reader_html(html.list_html(items, "tilstand-sources"), "\n".join(f"- {i}" for i in items))


def shown_region_names(view: ReportView, indicator_ids: tuple[str, ...], ssb: bool = False) -> list[str]:
    """The names of the regions the comparisons of `indicator_ids` (or, with ssb, of every SSB
    figure) show; without either, the settings' regions."""
    if ssb:
        pairs = [(i.id, view.regions_with_figures(i.id)) for i in view.catalogue if i.ssb_table]
    else:
        pairs = [(i, view.comparison_regions()) for i in indicator_ids]
    if not pairs:
        return list(view.names(view.comparison_regions()).values())
    codes = {
        code
        for indicator_id, regions in pairs
        for code in blocks.shown_regions(
            view.series(indicator_id, [view.kommunenummer, *regions]), [view.kommunenummer, *regions]
        )[1]
        if code != view.kommunenummer
    }
    return list(view.names(sorted(codes, key=comparison_order)).values())


def comparison_figure(
    view: ReportView, w: Wording, indicator_id: str, regions: list[str] | None = None
) -> tuple[Series, Block | None]:
    """The municipality beside comparison regions (its settings' choice unless named) in the latest
    year with its figure."""
    regions = regions if regions is not None else view.comparison_regions()
    series = view.series(indicator_id, [view.kommunenummer, *regions])
    block = blocks.comparison_block(
        series,
        [view.kommunenummer, *regions],
        labels(view, w, series, regions),
        key=f"{indicator_id}-sammenligning",
        notes=price_notes(view, w, series.indicator),
    )
    return series, block


def level_sentences(view: ReportView, w: Wording, refs) -> list[str]:
    """The level sentence of each figure (an indicator id, or (id, category)) that has one in the
    report's year; a hidden one says so."""
    texts = []
    for ref in refs:
        indicator_id, category = (ref, "") if isinstance(ref, str) else ref
        series = view.series(indicator_id)
        if view.module_enabled(series.indicator) and series.cell(view.year, category):
            texts.append(sentences.level_sentence(series, w, category))
    return texts
