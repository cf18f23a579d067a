"""On a phone (320–375 px) a bar's name belongs to its own bar, and the key figures fit the screen.
Once, at 375 px, «Politi» stood 9 px below the 170 bar and 22 px above its own 137 bar, and the
key-figures table was cut at the screen's edge («−2,», «prosentpoen»)."""

from __future__ import annotations

import pytest
from site_browser import open_page

NAMES_AND_BARS = """() => Array.from(document.querySelectorAll('div.tilstand-chart')).flatMap(div => {
    const spec = JSON.parse(document.getElementById(div.dataset.specId).textContent);
    const rows = Object.values(spec.datasets || {}).flat();
    const names = new Set(rows.map(r => (r.Kategori || r.Region || '').replaceAll('\\n', '')).filter(n => n));
    if (!names.size || !div.querySelector('svg')) return [];
    const bars = Array.from(div.querySelectorAll('g.mark-rect path')).map(p => p.getBoundingClientRect())
        .filter(b => b.height > 0 && b.width > 0);
    return Array.from(div.querySelectorAll('g.mark-text text')).filter(t => names.has(t.textContent))
        .map(t => { const box = t.getBoundingClientRect();
                    const below = bars.filter(b => b.top >= box.bottom - 1).map(b => b.top - box.bottom);
                    const above = bars.filter(b => b.bottom <= box.top + 1).map(b => box.top - b.bottom);
                    return {chart: div.id, name: t.textContent, below: below.length ? Math.min(...below) : null,
                            above: above.length ? Math.min(...above) : null}; });
})"""


@pytest.mark.parametrize("width", [320, 375])
def test_a_bars_name_stands_nearer_its_own_bar_than_the_bar_above(default_site, browser, serve, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        open_page(page, f"{serve(default_site)}/chapters/meldinger.html")
        page.wait_for_timeout(300)  # charts with width "container" redraw after the first layout
        names = page.evaluate(NAMES_AND_BARS)
    finally:
        context.close()
    assert len({n["chart"] for n in names}) >= 1 and any(n["name"] == "Politi" for n in names)
    for n in names:
        if n["below"] is None:  # a hidden part: «skjult» under its name, no bar
            continue
        assert n["below"] <= 6, f"{n['chart']}: «{n['name']}» står {n['below']:.0f} px over sin egen søyle"
        if n["above"] is not None:
            assert n["above"] >= 2 * n["below"] + 6, (
                f"{n['chart']}: «{n['name']}» står {n['above']:.0f} px under søylen over og {n['below']:.0f} px over sin egen"
            )


def test_the_key_figures_fit_a_320_px_screen_whole(default_site, browser, serve):
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    try:
        open_page(page, f"{serve(default_site)}/chapters/sammendrag.html")
        tables = page.evaluate("""() => Array.from(document.querySelectorAll('table.tilstand-table--stacked'))
            .map(t => ({caption: t.caption.textContent, overflow: t.parentElement.scrollWidth - t.parentElement.clientWidth,
                        cut: Array.from(t.querySelectorAll('td, th')).filter(c => c.getBoundingClientRect().right > 320)
                                  .map(c => c.textContent)}))""")
        roles = page.evaluate("""() => { const t = document.querySelector('table.tilstand-table--stacked');
            return [t.getAttribute('role'), t.querySelector('th[scope=row]').getAttribute('role'),
                    t.querySelector('td').getAttribute('role')]; }""")
    finally:
        context.close()
    assert len(tables) >= 3, "the summary's key-figure tables"
    for table in tables:
        assert table["overflow"] <= 0 and not table["cut"], f"«{table['caption']}» is cut at 320 px: {table['cut']}"
    assert roles == ["table", "rowheader", "cell"], "laid out as a grid, the table keeps its roles"
