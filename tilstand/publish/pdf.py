"""The report as one PDF for the political case, printed by Debian's Chromium.

Jupyter Book's own PDF builder downloads a browser, which cannot work here; instead the executed
book is assembled once more as a single page and printed on A4 with the site's print stylesheet,
after every chart has been drawn. The PDF reads like a report, not like web pages glued together:
- a cover (title, municipality, year, date; case number and logo from the settings; «Utkast»
  on a draft) and a table of contents whose page numbers come from the printed pages themselves:
  the book is printed once, each chapter's first page is read back, and it is printed again with
  those numbers (the contents keep their length, so no page moves);
- «side X av Y» and the municipality and year on every page;
- title, author and language in the PDF's metadata.
"""
from __future__ import annotations

import html
import shutil
from concurrent.futures import ThreadPoolExecutor
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
from tilstand.publish.assemble import assemble_html
from tilstand.publish.errors import BuildError

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
CHART_WAIT_MS = 30_000
MARGIN = {"top": "20mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
PAGE_WIDTH_PX = round((210 - 16 - 16) / 25.4 * 96)   # A4 less the margins: charts are drawn to fit it
PLACEHOLDER = "00"      # the width a page number takes in the first printing of the contents


@dataclass(frozen=True)
class Cover:
    title: str
    municipality: str
    year: int
    language: str
    final: bool
    case_number: str = ""
    logo: str = ""             # a checked image as a data: URL: the printer loads nothing from outside the site
    printed: date = field(default_factory=date.today)


def cover_for(target: Target, settings: Settings, language: str, final: bool, workspace: Workspace) -> Cover:
    return Cover(Texts(language)("pdf.title"), target.name, target.year, language, final,
                 settings.case_numbers.get(target.year, ""), _logo(target, settings, workspace))


def _logo(target: Target, settings: Settings, workspace: Workspace) -> str:
    """The settings' logo, a path from data/settings/, only if it is an image inside the project."""
    if not settings.logo:
        return ""
    path = confine(workspace.settings / settings.logo, workspace.root)
    url, _ = image_data_url(path) if path else (None, "")
    if url is None:
        label = workspace.relative(settings_path(target.kommunenummer, workspace))
        raise DataValidationError([Problem(label, None, "logo", settings.logo,
                                           "et PNG-, JPEG-, GIF- eller WebP-bilde (høyst 2 MB) inne i prosjektet; "
                                           "stien regnes fra mappen data/settings/, f.eks. logo/kommune.png")])
    return url


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise BuildError("PDF-en skrives ut med Debians chromium, som ikke er installert. "
                         "Kjør `make pdf` (installerer den) eller `apt-get install chromium`.")
    return found


def _single_page(folder: Path) -> Path:
    """The page holding the whole book. Its root document sits in chapters/, and Sphinx's
    single-page builder links _static/ relative to that folder, so the assets are put there."""
    page = next(folder.glob("chapters/*.html"))
    shutil.copytree(folder / "_static", page.parent / "_static", dirs_exist_ok=True)
    return page


def print_pdf(book_dir: Path, destination: Path, cover: Cover) -> Path:
    """Assemble the executed book as one page and print it to destination (A4).

    Printing runs in a thread of its own: Playwright's synchronous API refuses to run where an
    event loop is already running (a notebook, or a test session with a browser open)."""
    single = _single_page(assemble_html(book_dir, builder="singlehtml"))
    with ThreadPoolExecutor(max_workers=1) as printer:
        return printer.submit(_print, single, destination, cover).result()


def _front_matter(cover: Cover) -> str:
    t = Texts(cover.language)
    logo = f'<img class="tilstand-cover__logo" src="{html.escape(cover.logo)}" alt="">' if cover.logo else ""
    lines = [f'<p class="tilstand-cover__date">{html.escape(t("pdf.date", date=format_date(cover.printed, cover.language)))}</p>']
    if cover.case_number:
        lines.append(f'<p class="tilstand-cover__case">{html.escape(t("pdf.case", number=cover.case_number))}</p>')
    if not cover.final:
        lines.append(f'<p class="tilstand-cover__draft">{html.escape(t("draft.banner"))}</p>')
    return (f'<section class="tilstand-cover">{logo}<p class="tilstand-cover__title">{html.escape(cover.title)}</p>'
            f'<p class="tilstand-cover__municipality">{html.escape(cover.municipality)}</p>'
            f'<p class="tilstand-cover__year">{cover.year}</p>{"".join(lines)}</section>'
            f'<nav class="tilstand-toc"><p class="tilstand-toc__title">{html.escape(t("pdf.contents"))}</p>'
            f'<ol class="tilstand-toc__list"></ol></nav>')


PREPARE = """([front, placeholder]) => {
    const main = document.querySelector('main') || document.body;
    main.insertAdjacentHTML('afterbegin', front);
    // on the single page the report's title is the one h1 and every chapter's title an h2
    const chapters = Array.from(main.querySelectorAll('article section > h2'));
    const list = main.querySelector('.tilstand-toc__list');
    chapters.forEach((h, i) => {
        h.closest('section').classList.add('tilstand-chapter');
        const item = document.createElement('li');
        const title = h.textContent.replace(/#$/, '').trim();
        item.innerHTML = '<span class="tilstand-toc__name"></span><span class="tilstand-toc__page">' + placeholder + '</span>';
        item.querySelector('.tilstand-toc__name').textContent = title;
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
.tilstand-toc__title { font-size: 20pt; font-weight: 700; margin: 0 0 8mm; }
.tilstand-toc__list { list-style: none; padding: 0; margin: 0; font-size: 12pt; }
.tilstand-toc__list li { display: flex; align-items: baseline; gap: 2mm; margin: 0 0 2.5mm; }
.tilstand-toc__name { flex: 0 1 auto; }
.tilstand-toc__list li::after { content: ""; order: 1; flex: 1 1 auto; border-bottom: 1px dotted #555; }
.tilstand-toc__page { order: 2; min-width: 8mm; text-align: right; font-variant-numeric: tabular-nums; }
"""


def _templates(cover: Cover) -> tuple[str, str]:
    t = Texts(cover.language)
    style = "font-size:8pt;color:#333;width:100%;margin:0 16mm;font-family:system-ui,sans-serif;"
    header = (f'<div style="{style}text-align:right;">'
              f'{html.escape(t("pdf.running_header", name=cover.municipality, year=cover.year))}</div>')
    pages = t("pdf.page", page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    footer = f'<div style="{style}text-align:center;">{pages}</div>'
    return header, footer


def page_lines(page, cover: Cover) -> list[str]:
    """A printed page's lines of text, without the running header and the page number."""
    t = Texts(cover.language)
    header = t("pdf.running_header", name=cover.municipality, year=cover.year)
    footer = t("pdf.page", page="", pages="").split()[0]
    return [line.strip() for line in (page.extract_text() or "").splitlines()
            if line.strip() and line.strip() != header and not line.strip().startswith(f"{footer} ")]


def _chapter_pages(pdf: Path, titles: list[str], cover: Cover) -> list[int]:
    """The page each chapter starts on, read back from the printed PDF (where its title stands
    on a line of its own)."""
    from pypdf import PdfReader

    def headings(lines: list[str]) -> set[str]:      # a title may wrap onto a second line
        return set(lines) | {f"{a} {b}" for a, b in zip(lines, lines[1:])}

    pages = [headings(page_lines(page, cover)) for page in PdfReader(pdf).pages]
    found, start = [], 2                 # after the cover and the contents
    for title in titles:
        number = next((i + 1 for i in range(start, len(pages)) if title in pages[i]), None)
        if number is None:
            raise BuildError(f"Fant ikke kapittelet «{title}» i PDF-en; innholdslisten kan ikke lages.")
        found.append(number)
        start = number - 1
    return found


def _print(single: Path, destination: Path, cover: Cover) -> Path:
    from playwright.sync_api import sync_playwright

    header, footer = _templates(cover)
    options = dict(format="A4", print_background=True, display_header_footer=True, header_template=header,
                   footer_template=footer, margin=MARGIN, tagged=True, outline=True)
    destination.parent.mkdir(parents=True, exist_ok=True)
    draft = destination.with_suffix(".utkast.pdf")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": PAGE_WIDTH_PX, "height": 1000})
            page.emulate_media(media="print")      # before the charts are drawn: they are drawn for paper
            page.route("**/*", lambda route: route.continue_() if _inside_site(route.request.url, single.parent.parent)
                       else route.abort())
            page.goto(single.as_uri())
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('div.tilstand-chart')).every("
                "d => d.classList.contains('tilstand-chart--drawn') || d.classList.contains('tilstand-chart--failed'))",
                timeout=CHART_WAIT_MS)
            if page.locator("div.tilstand-chart--failed").count():
                raise BuildError("En figur kunne ikke tegnes i PDF-en; se nettstedet for feilen.")
            page.add_style_tag(content=STYLE)
            titles = page.evaluate(PREPARE, [_front_matter(cover), PLACEHOLDER])
            page.pdf(path=str(draft), **options)
            numbers = _chapter_pages(draft, titles, cover)
            page.evaluate("(numbers) => document.querySelectorAll('.tilstand-toc__page').forEach("
                          "(n, i) => { n.textContent = String(numbers[i]); })", numbers)
            page.pdf(path=str(draft), **options)
        finally:
            browser.close()
    _with_metadata(draft, destination, cover)
    draft.unlink(missing_ok=True)
    return destination


def _inside_site(url: str, site: Path) -> bool:
    """Whether the printer may load url: a file of the site being printed, nothing else (no
    network, no file elsewhere on the machine, even by a link inside the site)."""
    if not url.startswith("file:"):
        return url.startswith("data:")
    path = Path(url2pathname(unquote(urlsplit(url).path)))
    return confine(path, site) is not None


def _with_metadata(source: Path, destination: Path, cover: Cover) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.add_metadata({"/Title": f"{cover.title} – {cover.municipality} {cover.year}",
                         "/Author": cover.municipality, "/Subject": cover.title,
                         "/Creator": "tilstand"})
    writer.root_object[NameObject("/Lang")] = TextStringObject(cover.language)
    with destination.open("wb") as handle:
        writer.write(handle)
