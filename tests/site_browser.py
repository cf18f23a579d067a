"""Helpers for the browser tests: open a page of a built site and wait until its charts are drawn."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
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
    return [
        (p.relative_to(site).as_posix(), f"{base}/{p.relative_to(site).as_posix()}")
        for p in site_pages(site)
        if not forwards_only(p)
    ]


def open_page(page, url: str) -> None:
    """Load a page and wait until every chart has been drawn (or has failed)."""
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_SETTLED, timeout=15_000)


def longest_chapter(site: Path) -> Path:
    """The chapter with the most figures (ties: the largest page): the hardest one to lay out."""
    chapters = list((site / "chapters").glob("*.html"))
    return max(
        chapters, key=lambda p: (p.read_text(encoding="utf-8").count('class="tilstand-figure"'), p.stat().st_size)
    )


# --- one visit per page: everything the browser tests read from a drawn page -------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGE_FACTS = """(tags) => {
    const visible = e => e.checkVisibility();
    const facts = {
        charts: Array.from(document.querySelectorAll('div.tilstand-chart')).map(d => ({
            id: d.id, failed: d.classList.contains('tilstand-chart--failed'),
            marks: d.querySelectorAll('svg g.role-mark > *').length})),
        axis_labels: Array.from(document.querySelectorAll('div.tilstand-chart svg g.role-axis-label text'))
            .map(t => t.textContent),
        headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).filter(visible)
            .map(h => [Number(h.tagName[1]), h.textContent.trim()]),
        links: Array.from(document.querySelectorAll('a[href]')).filter(visible)
            .map(a => (a.getAttribute('aria-label') || Array.from(a.childNodes)
                .filter(n => !(n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true'))
                .map(n => n.textContent).join('').trim() || a.getAttribute('title') || '').trim()),
        legends: Array.from(document.querySelectorAll('div.tilstand-chart')).map(d => {
            const spec = JSON.parse(document.getElementById(d.dataset.specId).textContent);
            const colour = (spec.layer || []).map(l => (l.encoding || {}).color).find(c => c && c.field);
            const items = Array.from(d.closest('figure').querySelectorAll('ul.tilstand-legend li'));
            return [d.id, colour && colour.scale ? colour.scale.domain : null,
                    colour && colour.scale ? colour.scale.range : null,
                    items.map(li => [li.textContent.trim(), getComputedStyle(li.querySelector('span')).backgroundColor])];
        }),
    };
    if (!window.axe) { return facts; }
    return axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}).then(result => {
        facts.axe = result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' '))}));
        return facts;
    });
}"""


@dataclass
class SiteAudit:
    pages: dict[str, dict]  # page name → PAGE_FACTS («axe» on the representative pages)
    blocked: list[str] = field(default_factory=list)  # requests to other hosts, all cut off


LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")
# A port bound but never listened on: every connection to it is refused, so a proxy there lets
# nothing through. (Playwright's request routing could cut requests off instead, but it turns the
# browser's cache off and sends every request through Python: it took half of a page's visit.)
_NOWHERE = socket.socket()
_NOWHERE.bind(("127.0.0.1", 0))


def offline_context(browser, **options):
    """A browser context whose pages reach 127.0.0.1 only, and the list of the requests they made to
    any other host: those go to a proxy that is not there, and fail."""
    context = browser.new_context(
        proxy={"server": f"http://127.0.0.1:{_NOWHERE.getsockname()[1]}", "bypass": "127.0.0.1"}, **options
    )
    blocked: list[str] = []
    context.on("request", lambda request: None if request.url.startswith(LOCAL) else blocked.append(request.url))
    return context, blocked


# What makes a page different from the others for axe-core: all pages share the theme's frame, so
# the audit checks the pages with the most of each kind of content instead of every page (axe takes
# about a second a page).
CONTENT_KINDS = ['class="tilstand-figure"', "<table", "admonition", "<ol", "<form"]


def representative_pages(site: Path) -> set[str]:
    """The front page and, for each kind of content, the page with the most of it."""
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site_pages(site) if not forwards_only(p)
    }
    chosen = {min(pages)} if "index.html" not in pages else {"index.html"}
    front = (site / "index.html").read_text(encoding="utf-8") if (site / "index.html").exists() else ""
    chosen |= {name for name in pages if f"url={name}" in front or f"url=./{name}" in front}
    for marker in CONTENT_KINDS:
        name, text = max(pages.items(), key=lambda item: item[1].count(marker))
        if marker in text:
            chosen.add(name)
    return chosen


def audit_site(browser, site: Path, base: str, axe: str | None, every_page: bool = True) -> SiteAudit:
    """Visit every reader-facing page once (or only the representative ones), offline but for
    127.0.0.1, and record its facts; axe-core's findings on the representative pages. axe is the
    address of axe.min.js on a local server: the browser then compiles it once, not on every page."""
    context, blocked = offline_context(browser)
    page = context.new_page()
    pages = {}
    checked = representative_pages(site)
    try:
        for name, url in page_urls(site, base):
            if not every_page and name not in checked:
                continue
            open_page(page, url)
            if axe and name in checked:
                page.add_script_tag(url=axe)
            pages[name] = page.evaluate(PAGE_FACTS, AXE_TAGS)
    finally:
        context.close()
    return SiteAudit(pages, sorted(set(blocked)))
