"""Blocks and notices as the site's HTML: pure functions from a value to a string.

A chart is a <div> with its spec beside it in a <script type="application/json">; the site's own
script draws it with the self-hosted Vega bundle. CSV files are linked under _static/data/,
where the build writes them (the block carries their text).
"""

from __future__ import annotations

import html
import json

from tilstand.language import Texts
from tilstand.present.blocks import Block
from tilstand.present.tables import Table, slug

DOWNLOADS_URL = "../_static/data"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _cell(text: str) -> str:
    """A cell's text; «prosentpoeng» may go to a line of its own in a phone's narrow column
    (elsewhere the cells do not wrap), a number and its «kr» or «%» stay together."""
    return _e(text).replace("\u00a0prosentpoeng", " prosentpoeng")


def table_html(table: Table, language: str, stacked: bool = False) -> str:
    """stacked: on a phone each row's name stands on a line above its figures (tilstand.css), so a
    table of a name and three figures fits at 320 px; its roles are written out, as a table laid
    out as a grid loses them in some browsers. The table's notes (the key to «skjult» marks) sit
    inside its frame, so they go where the table goes (the PDF's appendix, the Word document)."""
    role = (lambda name: f' role="{name}"') if stacked else (lambda name: "")
    head = "".join(f'<th scope="col"{role("columnheader")}>{_e(h)}</th>' for h in table.header)
    body = "".join(
        f'<tr{role("row")}><th scope="row"{role("rowheader")}>{_e(name)}</th>'
        + "".join(f"<td{role('cell')}>{_cell(c)}</td>" for c in cells)
        + "</tr>"
        for name, cells in table.rows
    )
    label = Texts(language)("html.table_region", caption=table.caption)
    kind = "tilstand-table tilstand-table--stacked" if stacked else "tilstand-table"
    notes = "".join(f'<p class="tilstand-table-note">{_e(note)}</p>' for note in table.notes)
    return (
        f'<div class="tilstand-table-wrap" tabindex="0" role="region" aria-label="{_e(label)}">'
        f'<table class="{kind}"{role("table")}><caption>{_e(table.caption)}</caption>'
        f"<thead{role('rowgroup')}><tr{role('row')}>{head}</tr></thead><tbody{role('rowgroup')}>{body}</tbody>"
        f"</table>{notes}</div>"
    )


def legend_html(items, language: str) -> str:
    """The key to a chart's colours as a list that wraps on any screen."""
    if not items:
        return ""
    entries = "".join(
        f'<li><span class="tilstand-legend__swatch" style="background:{colour}" aria-hidden="true">'
        f"</span>{_e(label)}</li>"
        for label, colour in items
    )
    return f'<ul class="tilstand-legend" aria-label="{_e(Texts(language)("html.legend"))}">{entries}</ul>'


def _spec_script(spec: dict, element_id: str) -> str:
    spec_json = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{spec_json}</script>'


def chart_html(spec: dict, key: str, paper: dict | None = None) -> str:
    """The chart's place and its spec; with paper, a second spec the site's script draws when the
    page is printed (the case PDF)."""
    anchor = slug(key)
    paper_id = f' data-paper-spec-id="paper-spec-{anchor}"' if paper else ""
    return (
        f'<div class="tilstand-chart" id="chart-{anchor}" data-spec-id="spec-{anchor}"{paper_id}></div>'
        + _spec_script(spec, f"spec-{anchor}")
        + (_spec_script(paper, f"paper-spec-{anchor}") if paper else "")
    )


def download_html(name: str, title: str, language: str) -> str:
    text = Texts(language)("html.download", title=title)
    return f'<p class="tilstand-download"><a href="{DOWNLOADS_URL}/{_e(name)}" download>{_e(text)}</a></p>'


def block_html(block: Block, language: str) -> str:
    """Title, chart or key figure, colour key, sentences, notes, the table (folded) and the CSV link,
    as one <figure>."""
    t = Texts(language)
    anchor = slug(block.key)
    parts = [
        f'<figcaption><span class="tilstand-figure__title" id="title-{anchor}">{_e(block.title)}</span>'
        f'<span class="tilstand-figure__subtitle">{_e(block.subtitle)}</span></figcaption>'
    ]
    if block.key_figure:
        year = (
            f' <span class="tilstand-key-figure__year">({block.key_figure_year})</span>'
            if block.key_figure_year
            else ""
        )
        parts.append(f'<p class="tilstand-key-figure">{_e(block.key_figure)}{year}</p>')
    if block.chart:
        parts.append(chart_html(block.chart, block.key, block.paper_chart))
    parts.append(legend_html(block.legend, language))
    if block.summary:
        parts.append(f'<p class="tilstand-summary">{_e(block.summary)}</p>')
    parts += [f'<p class="tilstand-note">{_e(note)}</p>' for note in block.notes]
    if block.table:
        parts.append(
            f"<details><summary>{_e(t('html.show_table'))}</summary>{table_html(block.table, language)}</details>"
        )
    if block.download:
        parts.append(download_html(block.download.name, block.title, language))
    kind = "tilstand-figure tilstand-figure--key" if block.key_figure else "tilstand-figure"
    return (
        f'<figure class="{kind}" id="figur-{anchor}" aria-labelledby="title-{anchor}">' + "".join(parts) + "</figure>"
    )


def escape(text: str) -> str:
    """A generated text, safe inside HTML."""
    return _e(text)


def notice_html(text: str) -> str:
    return f'<p class="tilstand-notice" role="note">{_e(text)}</p>'


def list_html(items: list[str], css_class: str) -> str:
    return f'<ul class="{css_class}">' + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def draft_note(content: str, language: str) -> str:
    """Guidance for the writer, boxed and labelled as part of a draft."""
    label = Texts(language)("draft.label")
    return (
        f'<div class="tilstand-draft-note" role="note"><p class="tilstand-draft-note__label">{_e(label)}</p>'
        f"{content}</div>"
    )


def draft_guide(name: str, language: str) -> str:
    """A draft's stand-in for a section the service has not written: what belongs there."""
    from tilstand.ingest.narrative import guide_outline

    t = Texts(language)
    items = "".join(
        f"<dt>{_e(heading)}</dt><dd>{_e(text)}</dd>" if heading else f"<dd>{_e(text)}</dd>"
        for heading, text in guide_outline(name, language)
    )
    return draft_note(f"<p>{_e(t('draft.not_written'))}</p><dl>{items}</dl>", language)
