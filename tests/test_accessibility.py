"""Universal design (WCAG 2.1 A/AA): the site checked in Debian's Chromium.

axe-core (npm, pinned in package-lock.json) finds what a machine can, on the front page and the
pages with the most of each kind of content (site_browser.representative_pages); the other tests check
what axe cannot: charts readable without colour or a mouse, Norwegian page furniture, headings
in order, reflow at 320 px, and the link to the municipality's accessibility statement.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from site_browser import forwards_only, longest_chapter, open_page

from tilstand.ingest.settings import Settings, load_settings
from tilstand.present import charts
from tilstand.publish.sphinx_site import footer_html


def _axe_problems(audit) -> list[str]:
    checked = [name for name, facts in audit.pages.items() if "axe" in facts]
    assert len(checked) >= 4 and "search.html" in checked, f"axe-core ran on too few pages: {checked}"
    return [
        f"{name}: {v['id']} ({v['impact']}: {v['help']}) på {v['targets'][:5]}"
        for name, facts in audit.pages.items()
        for v in facts.get("axe", [])
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_default_site(default_site, audit):
    problems = _axe_problems(audit(default_site))
    assert not problems, "WCAG-brudd funnet av axe-core:\n" + "\n".join(problems)


def test_axe_nynorsk_example_municipality(nynorsk_site, audit):
    """The fictitious example in nynorsk: other figures, other words, the same standard."""
    problems = _axe_problems(audit(nynorsk_site, every_page=False))
    assert not problems, "WCAG-brudd funnet av axe-core:\n" + "\n".join(problems)


def test_search_button_is_named_by_what_it_shows(default_site, offline_page, serve):
    """WCAG 2.5.3: the button shows «Søk Ctrl+K», so a speech user can say that and reach it."""
    open_page(offline_page, f"{serve(default_site)}/chapters/meldinger.html")
    button = offline_page.locator("button.search-button__button").first
    shown = " ".join(button.inner_text().split())
    assert shown.startswith("Søk")
    assert offline_page.get_by_role("button", name=shown, exact=True).count() >= 1


def test_search_understands_norwegian(default_site, offline_page, serve):
    """A reader who searches «meldingene» finds the chapter titled «Meldinger» first (Norwegian
    stemming), and a word like «og» is not a search term that lists every page."""
    results = offline_page.locator("#search-results li")
    open_page(offline_page, f"{serve(default_site)}/search.html?q=meldingene")
    offline_page.wait_for_function("() => document.querySelector('#search-results p.search-summary')")
    assert "Meldinger" in results.first.inner_text()
    open_page(offline_page, f"{serve(default_site)}/search.html?q=og")
    offline_page.wait_for_function("() => document.querySelector('#search-results p.search-summary')")
    assert results.count() == 0


# --- page furniture --------------------------------------------------------------------------

ENGLISH = [
    "Skip to main content",
    "Back to top",
    "Contents",
    "Toggle",
    "previous page",
    "next page",
    "Link to this heading",
    "On this page",
    "Color mode",
    "Site navigation",
    "Search...",
    "Click to show",
    "System Settings",
    "Version warning",
]


def _reader_facing_text(soup: BeautifulSoup) -> str:
    """Visible text plus the names screen readers announce (aria-label, title, placeholder)."""
    for node in soup(["script", "style"]):
        node.decompose()
    names = [
        el.get(attr)
        for attr in ("aria-label", "title", "placeholder", "alt")
        for el in soup.find_all(attrs={attr: True})
    ]
    return soup.get_text(" ") + " " + " ".join(names)


def test_every_page_is_norwegian(default_site):
    problems = []
    for page in [p for p in default_site.rglob("*.html") if "_static" not in p.parts]:
        if forwards_only(page):
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        name = page.relative_to(default_site).as_posix()
        if soup.html.get("lang") != "nb":
            problems.append(f"{name}: <html lang={soup.html.get('lang')!r}>, ventet «nb»")
        text = _reader_facing_text(soup)
        problems += [f"{name}: engelsk tekst «{word}»" for word in ENGLISH if word in text]
    assert not problems, "\n".join(problems)


def test_skip_link_is_norwegian_and_works(default_site, offline_page, serve):
    open_page(offline_page, f"{serve(default_site)}/chapters/meldinger.html")
    offline_page.keyboard.press("Tab")
    focused = offline_page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})"
    )
    assert focused["text"] == "Hopp til hovedinnhold", "Første tabulatorstopp skal være snarveien til innholdet"
    assert offline_page.locator(focused["href"]).count() == 1, f"Snarveien peker til {focused['href']}, som ikke finnes"


def test_headings_in_order(default_site, audit):
    problems = []
    for name, facts in audit(default_site).pages.items():
        headings = facts["headings"]
        if not headings:
            problems.append(f"{name}: ingen overskrifter")
            continue
        if [level for level, _ in headings].count(1) != 1 or headings[0][0] != 1:
            problems.append(f"{name}: skal ha nøyaktig én h1, og den først: {headings[:3]}")
        for (before, _), (level, text) in zip(headings, headings[1:]):
            if level > before + 1:
                problems.append(f"{name}: «{text}» er h{level} rett etter en h{before}")
    assert not problems, "\n".join(problems)


VAGUE_LINKS = {"her", "klikk her", "les mer", "lenke", "link", "mer", "#", "last ned", "csv", "here"}


def test_link_texts_are_meaningful(default_site, audit):
    problems = [
        f"{name}: lenken «{text}» sier ikke hvor den fører"
        for name, facts in audit(default_site).pages.items()
        for text in facts["links"]
        if text.lower().strip(" .:»«") in VAGUE_LINKS
    ]
    assert not problems, "\n".join(sorted(set(problems)))


def test_tables_have_captions_and_header_cells(default_site):
    problems = []
    for page in (default_site / "chapters").glob("*.html"):
        for table in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article table"):
            caption = table.find("caption")
            if caption is None or not caption.get_text(strip=True):
                problems.append(f"{page.name}: tabell uten tittel (caption)")
            if not table.select("thead th[scope=col]") or not table.select("tbody th[scope=row]"):
                problems.append(f"{page.name}: tabellen «{caption and caption.get_text()}» mangler overskriftsceller")
    assert not problems, "\n".join(problems)


# --- the accessibility statement ----------------------------------------------------------------


def test_a_draft_without_a_statement_says_so_on_every_page(default_site):
    assert not load_settings("3201").accessibility_statement_url  # none is configured for Bærum
    for page in [p for p in default_site.rglob("*.html") if "_static" not in p.parts]:
        if forwards_only(page):
            continue
        footer = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".tilstand-a11y-statement")
        assert footer is not None and "Utkast" in footer.get_text(), page.name


def _config(**values):
    defaults = {
        "language": "nb",
        "tilstand_accessibility_statement_url": "",
        "tilstand_final": False,
        "tilstand_contact": "",
        "tilstand_pdf": "",
    }
    return type("Config", (), {**defaults, **values})()


def test_a_configured_statement_is_a_link_and_a_final_report_without_one_says_nothing():
    statement = "https://uustatus.no/nb/erklaringer/publisert/eksempel"
    footer = BeautifulSoup(footer_html(_config(tilstand_accessibility_statement_url=statement)), "html.parser")
    link = footer.find("a")
    assert link["href"] == statement and "Tilgjengelighetserklæring" in link.get_text()
    assert "Utkast" not in footer.get_text()
    final = footer_html(_config(tilstand_final=True))
    assert "tilgjengelighetserklæring" not in final.lower() and "utkast" not in final.lower()
    assert "Utkast" in footer_html(_config())


def test_the_statement_url_is_checked_in_the_settings():
    assert str(Settings.model_validate({"tilgjengelighetserklæring": "https://uustatus.no/x"}).accessibility_statement)
    with pytest.raises(ValueError):
        Settings.model_validate({"tilgjengelighetserklæring": "ikke en adresse"})


# --- charts ---------------------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WebAIM's reference grey


def test_chart_colours_have_enough_contrast():
    """Marks need 3:1 against the white page (WCAG 1.4.11); text 4.5:1 (1.4.3)."""
    from tilstand.ingest.catalogue import load_catalogue

    marks = {
        "BASE": charts.BASE,
        "HIGHLIGHT": charts.HIGHLIGHT,
        "HIDDEN_COLOUR": charts.HIDDEN_COLOUR,
        **{f"category {c.id}": c.colour for i in load_catalogue() for c in i.categories},
    }
    for name, colour in marks.items():
        assert contrast(colour, "#ffffff") >= 3, f"{name} {colour}: {contrast(colour, '#ffffff'):.2f}:1"
        # the stacked chart writes its figures in white on the segments (data/colours.yml)
        if name.startswith("category"):
            assert contrast(colour, "#ffffff") >= 4.5, f"hvit tekst på {name} {colour}"
    assert contrast(charts.TEXT, "#ffffff") >= 4.5


def test_charts_are_readable_without_sight_colour_or_mouse(default_site, offline_page, serve):
    """Each chart: an SVG image named by its description, a written summary, the figures as a
    table and as CSV; the table, its scroll region and the download reachable by keyboard."""
    page = offline_page
    open_page(page, f"{serve(default_site)}/chapters/meldinger.html")
    figures = page.locator("figure.tilstand-figure")
    assert figures.count() > 0
    for i in range(figures.count()):
        figure = figures.nth(i)
        title = figure.locator(".tilstand-figure__title").inner_text()
        summary = figure.locator("p.tilstand-summary").inner_text().strip()
        assert summary, f"«{title}»: ingen tekst om hva figuren viser"
        if figure.locator("div.tilstand-chart").count():  # a sentence or a key figure needs no image
            svg = figure.locator("div.tilstand-chart svg")
            assert svg.get_attribute("role") == "img", f"«{title}»: SVG-en er ikke et navngitt bilde"
            assert svg.get_attribute("aria-label") == summary, f"«{title}»: aria-label ≠ sammendraget"
        table = figure.locator("details table")
        name = _without_number(title)  # «Figur 7: Nye meldinger» and «Tabell 5: Nye meldinger» name one thing
        assert _without_number(table.locator("caption").text_content().strip()) == name
        link = figure.locator(".tilstand-download a")
        href = link.get_attribute("href")
        assert (default_site / "chapters" / href).resolve().is_file(), f"«{title}»: CSV-fila {href} finnes ikke"
        assert name in link.inner_text()

    reached = []
    for _ in range(400):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {tag: e.tagName, cls: e.className || '', href: e.getAttribute('href') || '',
                    text: (e.textContent || '').trim().slice(0, 50),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }""")
        if info["tag"] == "BODY":
            break
        reached.append(info)
        if info["tag"] == "SUMMARY":
            page.keyboard.press("Enter")  # open the table so its scroll region is next in line
    kinds = {"SUMMARY": 0, "download": 0, "region": 0}
    for info in reached:
        if info["tag"] == "SUMMARY":
            kinds["SUMMARY"] += 1
        elif info["href"].endswith(".csv"):
            kinds["download"] += 1
        elif "tilstand-table-wrap" in info["cls"]:
            kinds["region"] += 1
    n = figures.count()
    assert kinds == {"SUMMARY": n, "download": n, "region": n}, f"nådd med tabulator: {kinds}, figurer: {n}"
    invisible = [i for i in reached if not i["outline"]]
    assert not invisible, f"uten synlig fokus: {invisible[:5]}"
    opened = page.locator(".tilstand-figure details[open] table").first
    assert opened.is_visible(), "tabellen ble ikke vist da oppsummeringen ble åpnet med Enter"


def test_stacked_chart_legends_name_every_colour(default_site, audit):
    """Where colour tells the parts of a stacked bar apart, a legend beside the chart names each
    colour in full (an HTML list, so it wraps on a phone instead of being cut off)."""
    checked = 0
    for name, facts in audit(default_site).pages.items():
        for spec_id, categories, colours, legend in facts["legends"]:
            if not categories or not all(isinstance(c, str) for c in categories):
                continue
            assert [label for label, _ in legend] == categories, f"{name} {spec_id}: forklaring {legend}"
            assert [_rgb(colour) for _, colour in legend] == [_hex_to_rgb(c) for c in colours], spec_id
            checked += 1
    assert checked, "ingen stablede figurer i standardrapporten"


def _rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(part) for part in re.findall(r"\d+", css)[:3])


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


# --- reflow ---------------------------------------------------------------------------------------


def test_reflow_at_320_px(default_site, browser, serve, tmp_path_factory):
    """WCAG 1.4.10: at 320 CSS px nothing but a table's own scroll region scrolls sideways."""
    chapter = longest_chapter(default_site)
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    try:
        open_page(page, f"{serve(default_site)}/chapters/{chapter.name}")
        page.wait_for_timeout(300)  # charts with width "container" redraw after the first layout
        width = page.evaluate("document.scrollingElement.scrollWidth")
        shot = tmp_path_factory.mktemp("reflow") / f"{chapter.stem}-320.png"
        page.screenshot(path=str(shot), full_page=True)
        wide_charts = page.evaluate("""() => Array.from(document.querySelectorAll('div.tilstand-chart svg'))
            .filter(s => s.getBoundingClientRect().right > 322).map(s => s.parentElement.id)""")
    finally:
        context.close()
    assert width <= 322, f"{chapter.name} er {width} px bred ved 320 px (skjermbilde: {shot})"
    assert not wide_charts, f"figurer bredere enn skjermen: {wide_charts}"


def _without_number(text: str) -> str:
    return re.sub(r"^(Figur|Tabell) \d+[:.]?\s*", "", text)
