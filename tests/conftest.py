"""Shared fixtures: sites built once per test run, a local web server and Debian's Chromium.

Building a site takes seconds, so each (municipality, year) is built at most once per run and
shared by every test that reads it; with pytest-xdist's workers (`make test` runs two), by
whichever worker asks first (`shared`).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import pickle
import re
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tilstand.paths import REPO_ROOT
from tilstand.publish import build_report, pdf

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [*pdf.CHROMIUM_ARGS, "--disable-quic"]  # the PDF printer's, and no QUIC to other hosts
# The sites whose PDF and Word document tests read: built with them whoever asks first, so once.
WITH_DOCUMENTS = {("3201", "2024"), ("9904", "2024")}


SITE_FIXTURES = re.compile(r"\b(build_site|default_site|nynorsk_site|default_pdf|default_pages)\b")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist (`make test` runs two workers): whole modules are the units of work, as with
    --dist loadscope, and every module that asks for a session-built site is one unit, so a worker
    never waits for a site the other is building. (xdist's own grouping, --dist loadgroup, groups
    nothing on pytest 9.2: pytest-xdist issue 1386.)"""
    from xdist.scheduler import LoadScopeScheduling

    @functools.cache
    def reads_sites(module: str) -> bool:
        return bool(SITE_FIXTURES.search((config.rootpath / module).read_text(encoding="utf-8")))

    class SitesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::")[0]
            return "sites" if reads_sites(module) else module

    return SitesTogether(config, log)


@pytest.fixture(scope="session")
def shared(tmp_path_factory) -> Callable[[str, Callable[[Any], bool], Callable[[Any], Any]], Any]:
    """shared(name, enough, make) → a value made once per run: make(what there was, or None) unless
    enough(what there is). With pytest-xdist the workers keep it in a file beside their temporary
    folders, made under a file lock by the first worker that needs it and read by the others (the
    pattern of xdist's documentation for session fixtures)."""
    folder = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") else None
    known: dict[str, Any] = {}

    def get(name: str, enough: Callable[[Any], bool], make: Callable[[Any], Any]) -> Any:
        value = known.get(name)
        if value is not None and enough(value):
            return value
        if folder is None:
            value = make(value)
        else:
            from filelock import FileLock

            stored = folder / f"{name}.pickle"
            with FileLock(f"{stored}.lock"):
                value = pickle.loads(stored.read_bytes()) if stored.exists() else None
                if value is None or not enough(value):
                    value = make(value)
                    stored.write_bytes(pickle.dumps(value))
        known[name] = value
        return value

    return get


@pytest.fixture(scope="session")
def build_site(tmp_path_factory, shared):
    """build_site("3201", "2024") → the folder of that site, built once per run; with pdf=True the
    case PDF is printed too and lies in that folder, with docx=True the Word document."""

    def build(municipality: str, year: str | None = None, pdf: bool = False, docx: bool = False) -> Path:
        documents = (municipality, str(year)) in WITH_DOCUMENTS
        pdf, docx = pdf or documents, docx or documents

        def make(before: tuple[Path, bool, bool] | None) -> tuple[Path, bool, bool]:
            _, had_pdf, had_docx = before or (None, False, False)  # a site with its PDF serves one without
            out = tmp_path_factory.mktemp(f"site-{municipality}-{year}") / "utkast"
            pdf_, docx_ = pdf or had_pdf, docx or had_docx
            return build_report(municipality, year, out, pdf=pdf_, docx=docx_, progress=False).site_dir, pdf_, docx_

        def enough(built: tuple[Path, bool, bool]) -> bool:
            return (built[1] or not pdf) and (built[2] or not docx)

        return shared(f"site-{municipality}-{year}", enough, make)[0]

    return build


@pytest.fixture(scope="session")
def default_site(build_site) -> Path:
    """The reference build: Bærum 2024, its site, its PDF and its Word document."""
    return build_site("3201", "2024")


@pytest.fixture(scope="session")
def nynorsk_site(build_site) -> Path:
    """The fictitious nynorsk example, 9904 Fjordbygd 2024: its site, its PDF and its Word document."""
    return build_site("9904", "2024")


@pytest.fixture(scope="module")
def default_pdf(default_site):
    """The reference build's PDF, for what pypdf reads of its structure (outline, metadata, fonts)."""
    from pypdf import PdfReader

    return PdfReader(next(default_site.glob("*.pdf")))


@pytest.fixture(scope="module")
def default_pages(default_site):
    """The reference build's PDF, page by page, as poppler reads its text (sitetools.pdf_pages)."""
    from sitetools import pdf_pages

    return pdf_pages(next(default_site.glob("*.pdf")))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) → base URL of a web server on 127.0.0.1 for that folder, one per folder."""
    servers: dict[Path, http.server.ThreadingHTTPServer] = {}

    def start(folder: Path) -> str:
        if folder not in servers:
            servers[folder] = http.server.ThreadingHTTPServer(
                ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder))
            )
            # each server's loop looks for shutdown() this often: at the default half second, ending
            # the session waited seconds for them one after another
            threading.Thread(target=servers[folder].serve_forever, args=(0.05,), daemon=True).start()
        return f"http://127.0.0.1:{servers[folder].server_port}"

    yield start
    for server in servers.values():
        server.shutdown()
        server.server_close()


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
def audit(browser, serve, shared):
    """audit(site) → every page of the site visited once and its facts recorded (site_browser.SiteAudit):
    the drawn charts, headings, links, legends and axe-core's findings; requests to other hosts cut off.
    audit(site, every_page=False) visits only the pages axe-core checks (a full audit serves it too)."""
    from site_browser import audit_site

    axe = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

    def run(site: Path, every_page: bool = True):
        def make(_):
            if not axe.exists():
                pytest.fail("axe-core mangler: kjør `npm ci` (make test gjør det).")
            return every_page, audit_site(browser, site, serve(site), f"{serve(axe.parent)}/{axe.name}", every_page)

        name = "audit-" + hashlib.sha256(str(site).encode()).hexdigest()[:12]
        return shared(name, lambda done: done[0] or not every_page, make)[1]

    return run
