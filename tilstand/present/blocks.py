"""The HTML block published for an indicator: chart, written summary, table and CSV download.

All four read the same Series, so the chart, the table, the CSV and the sentence can never
disagree. The chart is drawn in the reader's browser by the site's own Vega bundle.
"""
from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from tilstand.formatting import format_plain, format_value
from tilstand.ingest.register import region_name
from tilstand.compute.series import Series
from tilstand.ingest.sources import source_line

DOWNLOADS_ENV = "TILSTAND_DOWNLOAD_DIR"
DOWNLOADS_URL = "../_static/data"


def downloads_dir() -> Path:
    """Where CSV files go: the staging book's _static/data during a build, else a temp folder."""
    folder = Path(os.environ.get(DOWNLOADS_ENV) or Path(tempfile.gettempdir()) / "tilstand-downloads")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def subtitle(series: Series) -> str:
    unit = {"antall": "Antall", "prosent": "Prosent", "kroner": "Kroner", "1000 kroner": "1 000 kroner",
            "mill. kroner": "Millioner kroner", "indeks": "Indeks", "dager": "Dager"}[series.indicator.unit]
    return f"{unit}. {source_line(series)}"


def _cell_text(series: Series, value, status) -> str:
    return format_value(value, series.indicator.unit, status, decimals=series.decimals_of(value))


def table_frame(series: Series, region_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The figures as the reader sees them: one row per category (or region), one column per year."""
    frame = series.frame.copy()
    frame["text"] = [_cell_text(series, r.value, r.status) for r in frame.itertuples()]
    if region_names is not None:
        frame["row"] = frame["region"].map(lambda c: region_names.get(c) or region_name(c))
        row_order = list(dict.fromkeys(frame["row"]))
    else:
        frame["row"] = frame["category"].map(lambda c: series.indicator.category_label(c) if c else "I alt")
        row_order = (["I alt"] if series.has_total else []) + \
            [series.indicator.category_label(c) for c in series.categories]
    table = frame.pivot_table(index="row", columns="year", values="text", aggfunc="first")
    table = table.reindex([r for r in row_order if r in table.index])
    table.columns = [str(c) for c in table.columns]
    return table.fillna("mangler")


def table_html(series: Series, caption: str, region_names: dict[str, str] | None = None) -> str:
    table = table_frame(series, region_names)
    header = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table.columns)
    rows = []
    for name, row in table.iterrows():
        cells = "".join(f"<td>{html.escape(v)}</td>" for v in row)
        rows.append(f'<tr><th scope="row">{html.escape(str(name))}</th>{cells}</tr>')
    first = "Region" if region_names is not None else ("Kategori" if series.categories else "")
    return (f'<div class="tilstand-table-wrap" tabindex="0" role="region" aria-label="Tabell: {html.escape(caption)}">'
            f'<table class="tilstand-table"><caption>{html.escape(caption)}</caption>'
            f'<thead><tr><th scope="col">{first}</th>{header}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def csv_text(series: Series, region_names: dict[str, str] | None = None) -> str:
    """Semicolon-separated, decimal comma, no thousands separator: opens right in Norwegian Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["År", "Region", "Kategori", "Verdi", "Enhet", "Merknad", "Kilde"])
    for row in series.frame.itertuples():
        value = "" if pd.isna(row.value) else format_plain(row.value, series.decimals_of(row.value))
        region = (region_names or {}).get(row.region) or region_name(row.region)
        category = series.indicator.category_label(row.category) if row.category else ""
        remark = "" if value else format_value(None, series.indicator.unit, row.status)
        writer.writerow([row.year, region, category, value, series.indicator.unit, remark,
                         f"{row.source} {row.source_ref}".strip()])
    return "\ufeff" + out.getvalue()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def legend_html(items: list[tuple[str, str]]) -> str:
    """The key to a chart's colours as a list that wraps on any screen."""
    if not items:
        return ""
    entries = "".join(f'<li><span class="tilstand-legend__swatch" style="background:{colour}" aria-hidden="true">'
                      f'</span>{html.escape(label)}</li>' for label, colour in items)
    return f'<ul class="tilstand-legend" aria-label="Fargeforklaring">{entries}</ul>'


def figure_html(series: Series, chart_spec: dict | None, summary: str, *, key: str,
                title: str | None = None, region_names: dict[str, str] | None = None,
                legend: list[tuple[str, str]] | None = None) -> str:
    """Chart + colour key + summary + collapsible table + CSV link, as one <figure>."""
    title = title or series.indicator.title
    csv_name = f"{slug(key)}-{series.kommunenummer}-{series.year}.csv"
    (downloads_dir() / csv_name).write_text(csv_text(series, region_names), encoding="utf-8")
    chart = ""
    if chart_spec is not None:
        spec_json = json.dumps(chart_spec, ensure_ascii=False).replace("</", "<\\/")
        chart = (f'<div class="tilstand-chart" id="chart-{slug(key)}" data-spec-id="spec-{slug(key)}"></div>'
                 f'<script type="application/json" id="spec-{slug(key)}">{spec_json}</script>')
    return (
        f'<figure class="tilstand-figure" aria-labelledby="title-{slug(key)}">'
        f'<figcaption><span class="tilstand-figure__title" id="title-{slug(key)}">{html.escape(title)}</span>'
        f'<span class="tilstand-figure__subtitle">{html.escape(subtitle(series))}</span></figcaption>'
        f'{chart}{legend_html(legend or [])}'
        f'<p class="tilstand-summary">{html.escape(summary)}</p>'
        f'<details><summary>Vis tallene som tabell</summary>{table_html(series, title, region_names)}</details>'
        f'<p class="tilstand-download"><a href="{DOWNLOADS_URL}/{csv_name}" download>'
        f'Last ned tallene for «{html.escape(title)}» (CSV)</a></p>'
        f'</figure>')


def notice_html(text: str) -> str:
    return f'<p class="tilstand-notice" role="note">{html.escape(text)}</p>'
