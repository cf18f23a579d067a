"""The report as one PDF for the political case, printed by Debian's Chromium.

Jupyter Book's own PDF builder downloads a browser, which cannot work here; instead the executed
book is assembled once more as a single page and printed on A4 with the site's print
stylesheet, after every chart has been drawn.
"""
from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tilstand.publish.assemble import assemble_html
from tilstand.publish.errors import BuildError

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
CHART_WAIT_MS = 30_000


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


def print_pdf(book_dir: Path, destination: Path, **cover) -> Path:
    """Assemble the executed book as one page and print it to destination (A4).

    Printing runs in a thread of its own: Playwright's synchronous API refuses to run where an
    event loop is already running (a notebook, or a test session with a browser open)."""
    single = _single_page(assemble_html(book_dir, builder="singlehtml"))
    with ThreadPoolExecutor(max_workers=1) as printer:
        return printer.submit(_print, single, destination).result()


def _print(single: Path, destination: Path) -> Path:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(single.as_uri())
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('div.tilstand-chart')).every("
                "d => d.classList.contains('tilstand-chart--drawn') || d.classList.contains('tilstand-chart--failed'))",
                timeout=CHART_WAIT_MS)
            if page.locator("div.tilstand-chart--failed").count():
                raise BuildError("En figur kunne ikke tegnes i PDF-en; se nettstedet for feilen.")
            page.evaluate("""() => {   // the report's title on the first page
                const title = document.createElement('h1');
                title.className = 'tilstand-pdf-title';
                title.textContent = document.title.split(' — ').pop();
                (document.querySelector('main') || document.body).prepend(title); }""")
            page.emulate_media(media="print")
            destination.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(destination), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
    return destination
