"""No reader's visit is reported to anyone else: every script, style, font and image comes from
the site itself, and the charts draw with the network to other hosts cut off."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

TRACKERS = [
    "google-analytics",
    "googletagmanager",
    "gtag(",
    "plausible",
    "matomo",
    "hotjar",
    "siteimprove",
    "facebook.net",
    "hypothes.is",
    "utteranc.es",
    "giscus",
    "binder",
    "colab.research",
    "thebe",
]


def test_pages_request_nothing_from_other_hosts_and_draw_every_chart(default_site, audit):
    site = audit(default_site)
    assert not site.blocked, "forespørsler til andre nettsteder: " + ", ".join(site.blocked)
    charts = [(name, chart) for name, facts in site.pages.items() for chart in facts["charts"]]
    assert charts, "ingen figurer funnet i standardrapporten"
    problems = [
        f"{name}: figuren {chart['id']} ble ikke tegnet"
        for name, chart in charts
        if chart["failed"] or chart["marks"] == 0
    ]
    assert not problems, "\n".join(problems)


def _external(url: str | None) -> bool:
    return bool(url) and bool(re.match(r"^(https?:)?//", url.strip()))


def test_html_and_css_load_nothing_from_other_hosts(default_site):
    """Static check of what a browser would fetch on its own: scripts, styles, fonts, images, frames."""
    problems = []
    for page in [p for p in default_site.rglob("*.html") if "_static" not in p.parts]:
        text = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        for tag, attr in [
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("video", "src"),
            ("audio", "src"),
            ("embed", "src"),
            ("object", "data"),
        ]:
            for element in soup.find_all(tag):
                if _external(element.get(attr)) and not (tag == "link" and element.get("rel") == ["canonical"]):
                    problems.append(f"{page.name}: <{tag} {attr}={element.get(attr)}>")
        lowered = text.lower()
        problems += [f"{page.name}: nevner «{word}»" for word in TRACKERS if word in lowered]
    for sheet in default_site.rglob("*.css"):
        for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", sheet.read_text(encoding="utf-8", errors="replace")):
            if _external(url):
                problems.append(f"{sheet.relative_to(default_site)}: url({url})")
        for url in re.findall(
            r"""@import\s+(?:url\()?['"]?([^'");\s]+)""", sheet.read_text(encoding="utf-8", errors="replace")
        ):
            if _external(url):
                problems.append(f"{sheet.relative_to(default_site)}: @import {url}")
    assert not problems, "\n".join(problems)
