"""The report as one PDF for the political case, printed by Debian's Chromium.

Jupyter Book's own PDF builder downloads a browser, which cannot work here; instead the executed
book is assembled once more as a single page and printed on A4 with the site's print stylesheet,
after every chart has been drawn. The PDF reads like a report, not like web pages glued together:
- a cover (title, the municipality's official name, year, the report's date; case number and logo
  from the settings; «Utkast» on a draft) and a table of contents whose page numbers come from the printed pages themselves:
  the book is printed once, each chapter's first page is read back, and it is printed again with
  those numbers (the contents keep their length, so no page moves);
- «side X av Y» and the municipality and year on every page; on a draft «Utkast» in the running
  header and as a light watermark across every page (a picture fixed on the page, which Chromium
  repeats on every printed page; a picture, so text copied from the PDF stays clean);
- title, author and language in the PDF's metadata.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from tilstand.formatting import format_date
from tilstand.ingest.problems import DataValidationError, Problem
from tilstand.ingest.settings import Settings, settings_path
from tilstand.ingest.target import Target
from tilstand.ingest.usertext import image_data_url
from tilstand.language import Texts
from tilstand.paths import Workspace, confine
from tilstand.publish.errors import BuildError

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CHART_WAIT_MS = 30_000
MARGIN = {"top": "15mm", "bottom": "14mm", "left": "14mm", "right": "14mm"}
PAGE_WIDTH_PX = round((210 - 14 - 14) / 25.4 * 96)  # A4 less the margins: charts are drawn to fit it
PLACEHOLDER = "00"  # the width a page number takes in the first printing of the contents


@dataclass(frozen=True)
class Cover:
    title: str
    municipality: str  # the short name, in the running header: «Fjordbygd»
    year: int
    language: str
    final: bool
    case_number: str = ""
    logo: str = ""  # a checked image as a data: URL: the printer loads nothing from outside the site
    dated: date = field(default_factory=date.today)
    official_name: str = ""  # on the cover and as the author: «Fjordbygd kommune», or «… herad» from the settings

    @property
    def author(self) -> str:
        return self.official_name or self.municipality


def cover_for(target: Target, settings: Settings, language: str, final: bool, workspace: Workspace) -> Cover:
    """The cover from the settings: the official name (`offisielt_navn`, else «<navn> kommune») and
    the report's date (`rapportdato` for the year; a draft without one is dated by its build, a final
    cannot be built without it, see final_problems)."""
    t = Texts(language)
    has_kind = re.search(r"\b(kommune|herad)\b", target.name, re.IGNORECASE)  # «Fjordbygd kommune (fiktiv)»
    name = settings.official_name or (target.name if has_kind else t("pdf.official_name", name=target.name))
    dated = settings.report_dates.get(target.year) or date.today()
    return Cover(
        t("pdf.title"),
        target.name,
        target.year,
        language,
        final,
        settings.case_numbers.get(target.year, ""),
        _logo(target, settings, workspace),
        dated,
        name,
    )


def _logo(target: Target, settings: Settings, workspace: Workspace) -> str:
    """The settings' logo, a path from data/settings/, only if it is an image inside the project."""
    if not settings.logo:
        return ""
    path = confine(workspace.settings / settings.logo, workspace.root)
    url, _ = image_data_url(path) if path else (None, "")
    if url is None:
        label = workspace.relative(settings_path(target.kommunenummer, workspace))
        raise DataValidationError(
            [
                Problem(
                    label,
                    None,
                    "logo",
                    settings.logo,
                    "et PNG-, JPEG-, GIF- eller WebP-bilde (høyst 2 MB) inne i prosjektet; "
                    "stien regnes fra mappen data/settings/, f.eks. logo/kommune.png",
                )
            ]
        )
    return url


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise BuildError(
            "PDF-en skrives ut med Debians chromium, som ikke er installert. "
            "Kjør `make pdf` (installerer den) eller `apt-get install chromium`."
        )
    return found


def _front_matter(cover: Cover) -> str:
    t = Texts(cover.language)
    logo = f'<img class="tilstand-cover__logo" src="{html.escape(cover.logo)}" alt="">' if cover.logo else ""
    lines = [
        f'<p class="tilstand-cover__date">{html.escape(t("pdf.date", date=format_date(cover.dated, cover.language)))}</p>'
    ]
    if cover.case_number:
        lines.append(f'<p class="tilstand-cover__case">{html.escape(t("pdf.case", number=cover.case_number))}</p>')
    if not cover.final:
        lines.append(f'<p class="tilstand-cover__draft">{html.escape(t("draft.banner"))}</p>')
    watermark = (
        ""
        if cover.final
        else f'<div class="tilstand-watermark" aria-hidden="true" style="background-image:url(data:image/png;base64,'
        f'{watermark_png(t("draft.label"))})"></div>'
    )
    return (
        f'{watermark}<section class="tilstand-cover">{logo}<p class="tilstand-cover__title">{html.escape(cover.title)}</p>'
        f'<p class="tilstand-cover__municipality">{html.escape(cover.author)}</p>'
        f'<p class="tilstand-cover__year">{cover.year}</p>{"".join(lines)}</section>'
        f'<nav class="tilstand-toc"><p class="tilstand-toc__title">{html.escape(t("pdf.contents"))}</p>'
        f'<ol class="tilstand-toc__list"></ol></nav>'
    )


TABLES_APPENDIX = """([heading, intro, reference]) => {
    // Every figure's year-by-year table (folded on the site) goes to an appendix at the end, in
    // the order of the figures; under the figure a line names the table that holds its figures.
    // The tables' keys to their «skjult» marks are said once, under the appendix's introduction.
    const tables = Array.from(document.querySelectorAll('.tilstand-figure details .tilstand-table-wrap'));
    if (!tables.length) { return 0; }
    const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
    const section = document.createElement('section');
    section.className = 'tilstand-tables-appendix';
    section.innerHTML = '<h2></h2><p></p><div class="tilstand-tables-appendix__tables"></div>';
    section.querySelector('h2').textContent = heading;
    section.querySelector('p').textContent = intro;
    const shelf = section.querySelector('.tilstand-tables-appendix__tables');
    tables.forEach((wrap) => {
        const details = wrap.closest('details');
        const number = wrap.querySelector('caption .tilstand-number');
        const subtitle = wrap.closest('.tilstand-figure').querySelector('.tilstand-figure__subtitle');
        if (number && subtitle) {      // in the caption's source line, so it costs no line of its own
            const name = number.textContent.replace(/:$/, '').trim();
            subtitle.append(' ' + reference.replace('{table}', name.charAt(0).toLowerCase() + name.slice(1)));
        }
        details.remove();
        shelf.appendChild(wrap);
    });
    article.appendChild(section);
    // The key to the «skjult» marks stands once under the appendix's introduction, not under each table.
    const keys = [];
    shelf.querySelectorAll('.tilstand-table-note').forEach((note) => {
        if (!keys.includes(note.textContent)) { keys.push(note.textContent); }
        note.remove();
    });
    keys.reverse().forEach((text) => {
        const key = document.createElement('p');
        key.className = 'tilstand-tables-appendix__key';
        key.textContent = text;
        section.querySelector('p').after(key);
    });
    // A table wider than the page would make Chromium shrink every page: it is split into halves
    // of its columns, each with the row names and the caption.
    // Tables stand two to a row where they fit half the page, across the page otherwise.
    const width = section.clientWidth;
    Array.from(section.querySelectorAll('.tilstand-table-wrap')).forEach((wrap) => {
        const table = wrap.querySelector('table');
        if (table.scrollWidth > wrap.clientWidth + 1) { wrap.classList.add('tilstand-table--wide'); }
    });
    Array.from(section.querySelectorAll('.tilstand-table-wrap')).forEach((wrap) => {
        const table = wrap.querySelector('table');
        const columns = table.rows[0].cells.length;
        if (table.scrollWidth <= width + 1 || columns < 4) { return; }
        const half = Math.ceil((columns - 1) / 2);
        const second = wrap.cloneNode(true);
        const keep = (copy, from, to) => Array.from(copy.querySelectorAll('tr')).forEach((row) =>
            Array.from(row.cells).forEach((cell, i) => { if (i > 0 && (i < from || i > to)) { cell.remove(); } }));
        keep(wrap, 1, half);
        keep(second, half + 1, columns - 1);
        wrap.after(second);
    });
    return tables.length;
}"""


def watermark_png(text: str) -> str:
    """The draft's watermark as a PNG (base64), drawn by vl-convert from a small SVG."""
    import base64

    import vl_convert

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="700" height="700"><text x="350" y="400" '
        'font-family="sans-serif" font-weight="700" font-size="170" fill="#8a5a00" fill-opacity="0.08" '
        f'text-anchor="middle" transform="rotate(-35 350 350)">{html.escape(text)}</text></svg>'
    )
    return base64.b64encode(vl_convert.svg_to_png(svg, scale=1)).decode("ascii")


PREPARE = """([front, placeholder]) => {
    const main = document.querySelector('main') || document.body;
    main.insertAdjacentHTML('afterbegin', front);
    // on the single page the report's title is the one h1 and every chapter's title an h2, with
    // the number Sphinx gave it (as in the site's navigation); the appendix of tables has none
    const chapters = Array.from(main.querySelectorAll('article section > h2'));
    const list = main.querySelector('.tilstand-toc__list');
    chapters.forEach((h) => {
        h.closest('section').classList.add('tilstand-chapter');
        const mark = h.querySelector('.section-number');
        const number = mark ? mark.textContent.trim() : '';
        const item = document.createElement('li');
        item.innerHTML = '<span class="tilstand-toc__number"></span><span class="tilstand-toc__name"></span>' +
            '<span class="tilstand-toc__page">' + placeholder + '</span>';
        item.querySelector('.tilstand-toc__number').textContent = number;
        item.querySelector('.tilstand-toc__name').textContent = h.textContent.replace(/#$/, '').replace(/^\\d+ /, '').trim();
        list.appendChild(item);
    });
    return chapters.map(h => h.textContent.replace(/#$/, '').trim());
}"""

STYLE = """
.tilstand-cover { break-after: page; min-height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.tilstand-cover__logo { max-width: 60mm; max-height: 30mm; margin-bottom: 12mm; }
.tilstand-cover__title { font-size: 26pt; font-weight: 700; line-height: 1.2; margin: 0 0 10mm; }
.tilstand-cover__municipality { font-size: 20pt; margin: 0; }
.tilstand-cover__year { font-size: 20pt; margin: 0 0 16mm; }
.tilstand-cover__date, .tilstand-cover__case { font-size: 12pt; margin: 0 0 2mm; }
.tilstand-cover__draft { font-size: 14pt; font-weight: 700; border: 2px dashed #8a5a00; padding: 2mm 4mm;
  display: inline-block; margin-top: 8mm; }
.tilstand-toc { break-after: page; }
/* The appendix follows the last chapter as the chapters follow one another (not on a page of its
   own). The tables are packed in rows like words in a line, each as wide as its columns need (a
   table of one year beside the next), in the order of the figures; a row that no longer fits the
   page goes to the next. */
.tilstand-tables-appendix__tables { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 2mm 5mm; }
.tilstand-tables-appendix .tilstand-table-wrap { break-inside: avoid; flex: 1 1 auto; min-width: 55mm; max-width: 100%; margin: 0; }
.tilstand-tables-appendix .tilstand-table { line-height: 1.2; }
.tilstand-tables-appendix .tilstand-table td, .tilstand-tables-appendix .tilstand-table th { padding: 0.02rem 0.25rem; line-height: 1.15; }
.tilstand-tables-appendix .tilstand-table caption { padding-bottom: 0.1rem; line-height: 1.15; }
.tilstand-tables-appendix .tilstand-table caption { font-size: 9pt; }
.tilstand-tables-appendix .tilstand-table thead th:not(:first-child) { text-align: right; }
.tilstand-tables-appendix__key { font-size: 9pt; margin: 0 0 1mm; }
.tilstand-watermark { position: fixed; top: 25%; left: 10%; width: 80%; height: 50%; background: center / contain no-repeat;
  pointer-events: none; z-index: 10; }
.tilstand-toc__title { font-size: 20pt; font-weight: 700; margin: 0 0 8mm; }
.tilstand-toc__list { list-style: none; padding: 0; margin: 0; font-size: 12pt; }
.tilstand-toc__list li { display: flex; align-items: baseline; gap: 2mm; margin: 0 0 2.5mm; }
.tilstand-toc__number { flex: 0 0 7mm; font-variant-numeric: tabular-nums; }
.tilstand-toc__name { flex: 0 1 auto; }
.tilstand-toc__list li::after { content: ""; order: 1; flex: 1 1 auto; border-bottom: 1px dotted #555; }
.tilstand-toc__page { order: 2; min-width: 8mm; text-align: right; font-variant-numeric: tabular-nums; }
"""


def _templates(cover: Cover) -> tuple[str, str]:
    t = Texts(cover.language)
    # Chromium draws the running header and footer apart from the page, without tilstand.css: «fi»,
    # not «ﬁ», has to be said here too («(fiktiv)» in a name is copied and searched for).
    style = (
        "font-size:8pt;color:#333;width:100%;margin:0 14mm;font-family:system-ui,sans-serif;"
        "font-variant-ligatures:no-common-ligatures;"
    )
    draft = "" if cover.final else f"<strong>{html.escape(t('draft.label'))}</strong> – "
    header = (
        f'<div style="{style}text-align:right;">{draft}'
        f"{html.escape(t('pdf.running_header', name=cover.municipality, year=cover.year))}</div>"
    )
    pages = t("pdf.page", page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    footer = f'<div style="{style}text-align:center;">{pages}</div>'
    return header, footer


def _chapter_pages(pdf: Path, titles: list[str]) -> list[int]:
    """The page each chapter starts on, read from the printed PDF's bookmarks (Chromium makes one
    for every heading, pointing at its page): reading the pages' text took seconds."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    marks: list[tuple[str, int]] = []  # (a heading's letters, its page), in the order of the report

    def visit(items) -> None:
        for item in items:
            if isinstance(item, list):
                visit(item)
            else:  # a bookmark loses the space where its heading wraps: compare the letters alone
                marks.append(("".join(str(item.title).split()), reader.get_destination_page_number(item) + 1))

    visit(reader.outline)
    found, start = [], 3  # after the cover and the contents
    for title in titles:
        letters = "".join(title.split())
        number = next((page for name, page in marks if name == letters and page >= start), None)
        if number is None:
            raise BuildError(f"Fant ikke kapittelet «{title}» i PDF-en; innholdslisten kan ikke lages.")
        found.append(number)
        start = number
    return found


def print_pdf(single: Path, destination: Path, cover: Cover) -> Path:
    """Print the book's single page (assemble.single_page) to destination (A4).

    Call it on a thread of its own (pipeline.print_documents does): Playwright's synchronous API
    refuses to run where an event loop is already running (a notebook, or a test session with a
    browser open)."""
    from playwright.sync_api import sync_playwright

    header, footer = _templates(cover)
    options = {
        "format": "A4",
        "print_background": True,
        "display_header_footer": True,
        "header_template": header,
        "footer_template": footer,
        "margin": MARGIN,
        "tagged": True,
        "outline": True,
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    draft = destination.with_suffix(".utkast.pdf")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": PAGE_WIDTH_PX, "height": 1000})
            page.emulate_media(media="print")  # before the charts are drawn: they are drawn for paper
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if _inside_site(route.request.url, single.parent.parent) else route.abort()
                ),
            )
            page.goto(single.as_uri())
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('div.tilstand-chart')).every("
                "d => d.classList.contains('tilstand-chart--drawn') || d.classList.contains('tilstand-chart--failed'))",
                timeout=CHART_WAIT_MS,
            )
            if page.locator("div.tilstand-chart--failed").count():
                raise BuildError("En figur kunne ikke tegnes i PDF-en; se nettstedet for feilen.")
            page.add_style_tag(content=STYLE)
            t = Texts(cover.language)
            page.evaluate(TABLES_APPENDIX, [t("pdf.tables_appendix"), t("pdf.tables_intro"), t("pdf.table_ref")])
            titles = page.evaluate(PREPARE, [_front_matter(cover), PLACEHOLDER])
            page.pdf(path=str(draft), **options)
            numbers = _chapter_pages(draft, titles)
            page.evaluate(
                "(numbers) => document.querySelectorAll('.tilstand-toc__page').forEach("
                "(n, i) => { n.textContent = String(numbers[i]); })",
                numbers,
            )
            page.pdf(path=str(draft), **options)
            headings = page.evaluate(
                "() => Array.from(document.querySelectorAll('article h2, article h3, article h4'))"
                ".map(h => h.textContent.replace(/#$/, '').replace(/\\s+/g, ' ').trim())"
            )
        finally:
            browser.close()
    _with_metadata(draft, destination, cover, headings)
    draft.unlink(missing_ok=True)
    return destination


def _inside_site(url: str, site: Path) -> bool:
    """Whether the printer may load url: a file of the site being printed, nothing else (no
    network, no file elsewhere on the machine, even by a link inside the site)."""
    if not url.startswith("file:"):
        return url.startswith("data:")
    path = Path(url2pathname(unquote(urlsplit(url).path)))
    return confine(path, site) is not None


def _fix_outline(writer, headings: list[str]) -> None:
    """Chromium's bookmarks lose the space where a heading wraps («mindreårige oginnsynskrav»):
    each bookmark is given the heading whose letters it has."""
    from pypdf.generic import NameObject, TextStringObject

    known = {"".join(title.split()): title for title in headings}
    stack = [writer.root_object.get("/Outlines")]
    while stack:
        node = stack.pop()
        node = node.get_object() if node is not None else None
        if node is None:
            continue
        item = node.get("/First")
        while item is not None:
            entry = item.get_object()
            title = str(entry.get("/Title", ""))
            if "".join(title.split()) in known:
                entry[NameObject("/Title")] = TextStringObject(known["".join(title.split())])
            stack.append(entry)
            item = entry.get("/Next")


def _with_metadata(source: Path, destination: Path, cover: Cover, headings: list[str] = ()) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(source))
    _fix_outline(writer, list(headings))
    writer.add_metadata(
        {
            "/Title": f"{cover.title} – {cover.municipality} {cover.year}",
            "/Author": cover.author,
            "/Subject": cover.title,
            "/Creator": "tilstand",
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(cover.language)
    with destination.open("wb") as handle:
        writer.write(handle)
