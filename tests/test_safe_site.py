"""End to end (issue 16): a project whose texts, settings and register hold everything in
tests/bad_texts — script, event handlers, styles that hide the draft banner, iframes with file:
URLs, forms, images from the web and from /etc/passwd-like paths, MyST directives — and a
municipality name with markup. The built site runs none of it in Chromium and asks nobody else
for anything; the PDF holds no file from outside the site."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from site_browser import offline_context
from sitetools import pdf_pages

from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.publish import build_report

CORPUS = Path(__file__).parent / "bad_texts"
SECRET = "root:x:0:0:hemmelig"
EVIL_NAME = "Fjordbygd <img src=x onerror=\"document.title='hacket'\"> kommune (fiktiv)"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("fiendtlig")
    (tmp / "etc").mkdir()
    (tmp / "etc" / "passwd").write_text(SECRET, encoding="utf-8")
    workspace = DEFAULT_WORKSPACE.copy_to(tmp / "a" / "b" / "c" / "d" / "prosjekt")
    # The register refuses such a name (tests/test_register_names.py); a name the service types in
    # its settings reaches the cover and the PDF's author, and must stay text there.
    with (workspace.settings / "9904.yml").open("a", encoding="utf-8") as settings:
        settings.write("\n" + yaml.safe_dump({"offisielt_navn": EVIL_NAME}, allow_unicode=True))
    texts = workspace.narrative / "9904" / "2024"
    hostile = "\n\n".join(
        (CORPUS / name).read_text(encoding="utf-8")
        for name in sorted(CORPUS.glob("*.md"))
        if not name.name.startswith(("ok_", "ulukket"))
    )
    (texts / "leders_vurdering.md").write_text(hostile, encoding="utf-8")
    (texts / "bilder").mkdir()
    (texts / "bilder" / "falsk.png").write_text(SECRET, encoding="utf-8")
    result = build_report(
        "9904",
        "2024",
        tmp / "nettsted",
        chapter="leders_vurdering",
        pdf=True,
        progress=False,
        workspace=workspace,
    )
    assert result.warnings, "the draft names what it took out"
    return result.site_dir


def test_no_injected_script_runs_and_no_outside_request(browser, serve, hostile_site):
    context, blocked = offline_context(browser)
    dialogs = []
    base = serve(hostile_site)
    try:
        pages = []
        for html in sorted(hostile_site.rglob("*.html")):
            # a page of its own for each file: a page that forwards (index.html in a one-chapter build)
            # must not interrupt the next visit
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(f"{base}/{html.relative_to(hostile_site).as_posix()}")
            page.wait_for_load_state("load")
            assert page.title() != "hacket"  # no script set it
            assert page.locator("article iframe, article form, input[type=password], article script").count() == 0
            if "leders_vurdering" in html.name:
                assert page.locator(".bd-header-announcement").is_visible()  # «Utkast» not hidden
            pages.append(page)
        pages[-1].wait_for_timeout(300)  # anything a page would run late has run, on every page still open
        assert all(page.title() != "hacket" for page in pages)
    finally:
        context.close()
    assert not dialogs and not blocked, (dialogs, blocked)


def test_no_file_from_outside_reaches_a_page_an_image_or_the_pdf(hostile_site):
    for path in hostile_site.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            assert SECRET.encode() not in path.read_bytes(), path
    (pdf,) = hostile_site.glob("*.pdf")
    text = " ".join(page.text for page in pdf_pages(pdf))
    assert SECRET not in text and "root:x" not in text
    assert "<img" in text  # the settings' name printed as text on the cover
