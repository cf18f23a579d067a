"""Helpers for the browser tests: open a page of a built site and wait until its charts are drawn."""
from __future__ import annotations

from pathlib import Path

from sitetools import site_pages

CHARTS_SETTLED = """() => Array.from(document.querySelectorAll('div.tilstand-chart'))
    .every(d => d.classList.contains('tilstand-chart--drawn') || d.classList.contains('tilstand-chart--failed'))"""


def forwards_only(page: Path) -> bool:
    """index.html is Jupyter Book's bare redirect to the first chapter: nothing to read or check."""
    text = page.read_text(encoding="utf-8")
    return 'http-equiv="Refresh"' in text and "<body" not in text


def page_urls(site: Path, base: str) -> list[tuple[str, str]]:
    """(name, url) of every reader-facing page, the search page included."""
    return [(p.relative_to(site).as_posix(), f"{base}/{p.relative_to(site).as_posix()}")
            for p in site_pages(site) if not forwards_only(p)]


def open_page(page, url: str) -> None:
    """Load a page and wait until every chart has been drawn (or has failed)."""
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_SETTLED, timeout=15_000)


def longest_chapter(site: Path) -> Path:
    """The chapter with the most figures (ties: the largest page): the hardest one to lay out."""
    chapters = list((site / "chapters").glob("*.html"))
    return max(chapters, key=lambda p: (p.read_text(encoding="utf-8").count('class="tilstand-figure"'),
                                        p.stat().st_size))
