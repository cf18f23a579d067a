"""The coordinator's page for a batch: every municipality with its status, links to its draft site
and PDF, and the date of its figures. Names and reasons are data, escaped before they reach the page."""

from __future__ import annotations

import os
from datetime import date
from html import escape
from pathlib import Path

from tilstand.formatting import format_date
from tilstand.language import Texts

STYLE = """body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ccc;
vertical-align:top}.feilet{color:#a00000}.reason{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.9em}
@media (max-width:40rem){table,tbody,tr,td{display:block}thead{position:absolute;clip:rect(0 0 0 0);height:1px;
width:1px;overflow:hidden}tr{border-bottom:1px solid #ccc;padding:.5rem 0}td{border:0;padding:.1rem 0}
td[data-label]::before{content:attr(data-label) ": ";font-weight:bold}}"""


def _link(target: str | None, folder: Path, label: str, page: str = "") -> str:
    if not target:
        return ""
    href = Path(os.path.relpath(Path(target) / page if page else target, folder)).as_posix()
    return f'<a href="{escape(href)}">{escape(label)}</a>'


def _row(outcome, folder: Path, t: Texts) -> str:
    status = escape(t(f"batch.status.{outcome.status}"))
    if outcome.reason:
        status += f'<div class="reason">{escape(outcome.reason)}</div>'
    links = " ".join(
        filter(
            None,
            [_link(outcome.site, folder, t("batch.site"), "index.html"), _link(outcome.pdf, folder, t("batch.pdf"))],
        )
    )
    when = outcome.figures_date and format_date(date.fromisoformat(outcome.figures_date), t.language)
    return (
        f'<tr class="{escape(outcome.status)}"><td>{escape(outcome.name)} ({escape(outcome.kommunenummer)})</td>'
        f"<td>{status}</td><td>{links}</td>"
        f'<td data-label="{escape(t("batch.column.figures_date"))}">{escape(when or t("batch.no_date"))}</td></tr>'
    )


def write_index(folder: Path, outcomes: list, year: int, language: str) -> Path:
    t = Texts(language)
    failed = sum(o.status == "feilet" for o in outcomes)
    title = escape(t("batch.title", year=year))
    header = "".join(
        f'<th scope="col">{escape(t(f"batch.column.{c}"))}</th>'
        for c in ("municipality", "status", "report", "figures_date")
    )
    rows = "\n".join(_row(outcome, folder, t) for outcome in outcomes)
    page = f"""<!DOCTYPE html>
<html lang="{t.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{STYLE}</style></head>
<body><main><h1>{title}</h1>
<p>{escape(t("batch.summary", built=len(outcomes) - failed, total=len(outcomes), failed=failed))}
{escape(t("batch.made", date=format_date(date.today(), t.language)))}</p>
<table><thead><tr>{header}</tr></thead>
<tbody>
{rows}
</tbody></table></main></body></html>
"""
    path = folder / "index.html"
    temporary = folder / ".index.html.new"
    temporary.write_text(page, encoding="utf-8")
    os.replace(temporary, path)
    return path
