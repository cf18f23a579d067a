"""Shared fixtures: sites built once per test session, a local web server and Debian's Chromium.

Building a site takes seconds, so each (municipality, year) is built at most once per run and
shared by every test that reads it.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from tilstand.paths import REPO_ROOT
from tilstand.publish import build_report, pdf

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [*pdf.CHROMIUM_ARGS, "--disable-quic"]  # the PDF printer's, and no QUIC to other hosts


@pytest.fixture(scope="session")
def build_site(tmp_path_factory):
    """build_site("3201", "2024") → the folder of that site, built once per session; with pdf=True
    the case PDF is printed too and lies in that folder, with docx=True the Word document."""
    built: dict[tuple[str, str], tuple[Path, bool, bool]] = {}

    def build(municipality: str, year: str | None = None, pdf: bool = False, docx: bool = False) -> Path:
        key = (municipality, str(year))
        site, has_pdf, has_docx = built.get(key, (None, False, False))
        if site is None or (pdf and not has_pdf) or (docx and not has_docx):  # a site with its PDF serves one without
            out = tmp_path_factory.mktemp(f"site-{municipality}-{year}") / "utkast"
            site = build_report(
                municipality, year, out, pdf=pdf or has_pdf, docx=docx or has_docx, progress=False
            ).site_dir
            built[key] = (site, pdf or has_pdf, docx or has_docx)
        return site

    return build


@pytest.fixture(scope="session")
def default_site(build_site) -> Path:
    """The reference build: Bærum 2024, its site, its PDF and its Word document."""
    return build_site("3201", "2024", pdf=True, docx=True)


@pytest.fixture(scope="session")
def nynorsk_site(build_site) -> Path:
    """The fictitious nynorsk example, 9904 Fjordbygd 2024: its site, its PDF and its Word document."""
    return build_site("9904", "2024", pdf=True, docx=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) → base URL of a web server on 127.0.0.1 for that folder."""
    servers = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def offline_page(browser):
    """A page that may only talk to 127.0.0.1; every other request is cut off."""
    from site_browser import offline_context

    context, _ = offline_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def audit(browser, serve):
    """audit(site) → every page of the site visited once and its facts recorded (site_browser.SiteAudit):
    the drawn charts, headings, links, legends and axe-core's findings; requests to other hosts cut off.
    audit(site, every_page=False) visits only the pages axe-core checks (a full audit serves it too)."""
    from site_browser import audit_site

    axe = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
    done = {}

    def run(site: Path, every_page: bool = True):
        if (site, True) in done:
            return done[site, True]
        if (site, every_page) not in done:
            if not axe.exists():
                pytest.fail("axe-core mangler: kjør `npm ci` (make test gjør det).")
            done[site, every_page] = audit_site(
                browser, site, serve(site), f"{serve(axe.parent)}/{axe.name}", every_page
            )
        return done[site, every_page]

    return run
