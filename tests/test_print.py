"""Any page prints cleanly on A4: no navigation, charts within the page, tables readable and never cut."""

from __future__ import annotations

import re

import pytest
from site_browser import longest_chapter, open_page

A4_CONTENT_PX = (210 - 2 * 15) / 25.4 * 96  # A4 width less the print stylesheet's 15 mm margins


@pytest.fixture(scope="module")
def print_page(browser, default_site, serve):
    """The longest chapter, laid out as it prints: A4 content width, print media."""
    context = browser.new_context(viewport={"width": round(A4_CONTENT_PX), "height": 1100})
    page = context.new_page()
    open_page(page, f"{serve(default_site)}/chapters/{longest_chapter(default_site).name}")
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    yield page
    context.close()


def test_longest_chapter_prints_to_a4_pdf(print_page):
    pdf = print_page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages >= 1


def test_print_hides_navigation_and_fits_charts(print_page):
    hidden = print_page.evaluate("""() => ['.bd-sidebar-primary', '.bd-sidebar-secondary', '.bd-header',
            '.prev-next-area', '#pst-skip-link', '.bd-header-article']
        .filter(sel => { const e = document.querySelector(sel); return e && e.checkVisibility(); })""")
    assert not hidden, f"synlig på utskrift: {hidden}"
    too_wide = print_page.evaluate(
        """(limit) => Array.from(document.querySelectorAll('div.tilstand-chart svg'))
        .map(s => [s.parentElement.id, s.getBoundingClientRect().width]).filter(([id, w]) => w > limit + 1)""",
        A4_CONTENT_PX,
    )
    assert not too_wide, f"figurer bredere enn A4-siden: {too_wide}"


def test_tables_print_readable_and_whole(print_page):
    """On paper a figure's year table gives way to its chart (the site and CSV keep it); a table that
    stands on its own prints at 9 pt or more and within the page, since paper cannot scroll."""
    figure_tables = print_page.evaluate("""() => Array.from(document.querySelectorAll('.tilstand-figure details table'))
        .filter(t => t.checkVisibility()).length""")
    assert figure_tables == 0
    printed = print_page.evaluate("""() => Array.from(document.querySelectorAll('table'))
        .filter(t => t.checkVisibility())
        .map(t => [t.querySelector('caption') ? t.querySelector('caption').textContent : '',
                   Math.min(...Array.from(t.querySelectorAll('td, th')).map(c => parseFloat(getComputedStyle(c).fontSize))),
                   t.getBoundingClientRect().width])""")
    too_small = [(caption, size) for caption, size, _ in printed if size < 12]  # 9 pt = 12 CSS px
    assert not too_small, f"tabeller under 9 pt på papir: {too_small}"
    too_wide = [(caption, width) for caption, _, width in printed if width > A4_CONTENT_PX + 1]
    assert not too_wide, f"tabeller bredere enn A4-siden: {too_wide}"
