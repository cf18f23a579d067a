"""The report in the municipality's written language: every text exists in bokmål and nynorsk, a
missing translation stops the build, and the pages pass Debian's Norwegian dictionaries
(hunspell-no) apart from the reviewed domain words in tests/spelling/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import jupytext
import pytest
import yaml
from bs4 import BeautifulSoup
from site_browser import forwards_only
from sitetools import site_pages

from tilstand.ingest import narrative
from tilstand.ingest.catalogue import Text, load_catalogue
from tilstand.ingest.register import load_register
from tilstand.language import MESSAGES_FILE, MissingTranslation, text
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.publish.errors import BuildError
from tilstand.publish.stage import localise, read_toc, toc_files

NYNORSK_EXAMPLE = "9904"  # «Fjordbygd kommune (fiktiv)», language decision nynorsk in the register
BOKMAL_ONLY = [
    "ikke",
    "hvor",
    "noen",
    "barnevernstjenesten",
    "meldinger",
    "undersøkelser",
    "tjenesten",
    "hvordan",
    "hvis",
    "også",
    "fra",
]
SPELLING = Path(__file__).resolve().parent / "spelling"
HUNSPELL = shutil.which("hunspell")


# --- every text in both languages --------------------------------------------------------------


def test_every_message_has_bokmal_and_nynorsk():
    messages = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    missing = [key for key, texts in messages.items() if not texts.get("nb") or not texts.get("nn")]
    assert not missing, missing


def _texts(value, path=""):
    if isinstance(value, Text):
        yield path, value
    elif hasattr(value, "model_fields"):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}[{key}]")


def test_every_catalogue_text_has_nynorsk():
    missing = [
        f"{indicator.id}{where}"
        for indicator in load_catalogue()
        for where, value in _texts(indicator)
        if value.nn is None
    ]
    assert not missing, missing


def test_every_chapter_and_guide_exists_in_both_languages():
    for name in toc_files(read_toc(DEFAULT_WORKSPACE.toc)):
        source = jupytext.read(DEFAULT_WORKSPACE.root / f"{name}.md")
        headings = {}
        for language in ("nb", "nn"):
            cells = localise(jupytext.reads(jupytext.writes(source, fmt="myst"), fmt="myst"), language, name).cells
            headings[language] = [
                line.split(" ", 1)[0]
                for cell in cells
                if cell.cell_type == "markdown"
                for line in cell.source.splitlines()
                if line.startswith("#")
            ]
        assert headings["nb"] == headings["nn"], f"{name}: overskriftene er ulike på bokmål og nynorsk"
    for section in (*narrative.SECTIONS, "kommentar"):
        for language in ("nb", "nn"):
            assert narrative.guide_template(section, language)


def test_a_missing_translation_stops_the_build_instead_of_falling_back():
    chapter = jupytext.reads('+++ {"lang": "nb"}\n\n# Meldinger\n\nBare bokmål.\n', fmt="myst")
    with pytest.raises(BuildError, match="mangler på nynorsk"):
        localise(chapter, "nn", "chapters/prove.md")
    with pytest.raises(MissingTranslation):
        text("finnes.ikke", "nn")
    with pytest.raises(MissingTranslation):
        Text(nb="bare bokmål")("nn")


def test_the_register_decides_and_the_command_line_overrides(capsys):
    assert load_register().language(NYNORSK_EXAMPLE) == "nn"
    from tilstand.compute.view import open_view

    assert open_view(NYNORSK_EXAMPLE, 2024).language == "nn"
    assert open_view(NYNORSK_EXAMPLE, 2024, language="nb").language == "nb"
    assert open_view("9901", 2024, language="nn").language == "nn"


# --- the pages -------------------------------------------------------------------------------


def _page_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for node in soup(["script", "style"]):
        node.decompose()
    names = [
        el.get(attr)
        for attr in ("aria-label", "title", "placeholder", "alt")
        for el in soup.find_all(attrs={attr: True})
    ]
    return soup.get_text(" ") + " " + " ".join(names)


def _allowed(language: str) -> set[str]:
    words = {
        line.strip()
        for line in (SPELLING / f"{language}.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    names = {word for m in load_register().all() for word in re.findall(r"[\wæøåÆØÅ]+", m.name)}
    return words | names


def _misspelled(site: Path, dictionary: str, language: str) -> dict[str, str]:
    if HUNSPELL is None:
        pytest.fail("hunspell mangler: `make test` installerer Debians hunspell og hunspell-no.")
    texts = {page.name: _page_text(page) for page in site_pages(site) if not forwards_only(page)}
    # One hunspell for the whole site (loading a dictionary takes longer than checking a page).
    # One word a line: hunspell reads a long line in pieces and would report the halves of a word.
    words = subprocess.run(
        [HUNSPELL, "-d", dictionary, "-l"],
        input="\n".join(" ".join(texts.values()).split()),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    allowed = _allowed(language)
    return {
        word: next((name for name, text in texts.items() if word in text), "?")
        for word in dict.fromkeys(words)
        if word not in allowed
    }


def test_nynorsk_pages_pass_the_nynorsk_dictionary(nynorsk_site):
    wrong = _misspelled(nynorsk_site, "nn_NO", "nn")
    assert not wrong, "ord som ikkje står i ordlista (side): " + ", ".join(f"{w} ({p})" for w, p in wrong.items())


def test_bokmal_pages_pass_the_bokmal_dictionary(default_site):
    wrong = _misspelled(default_site, "nb_NO", "nb")
    assert not wrong, "ord som ikke står i ordlisten (side): " + ", ".join(f"{w} ({p})" for w, p in wrong.items())


def test_no_bokmal_only_form_on_a_nynorsk_page(nynorsk_site):
    found = []
    for page in site_pages(nynorsk_site):
        if forwards_only(page):
            continue
        words = set(re.findall(r"[\wæøåÆØÅ]+", _page_text(page).lower()))
        found += [f"{page.name}: «{word}»" for word in BOKMAL_ONLY if word in words]
    assert not found, found


def test_every_nynorsk_page_says_it_is_nynorsk(nynorsk_site):
    for page in site_pages(nynorsk_site):
        if not forwards_only(page):
            assert '<html lang="nn"' in page.read_text(encoding="utf-8"), page.name


def test_the_nynorsk_example_has_the_same_charts_tables_and_downloads_as_a_bokmal_build(nynorsk_site):
    """The same chapter code in either language: only the words differ."""

    def figures(site):
        return sorted(p.name for p in (site / "_static" / "data").glob("*.csv"))

    def charts(site):
        return sum(p.read_text(encoding="utf-8").count('class="tilstand-chart"') for p in site_pages(site))

    assert figures(nynorsk_site) and charts(nynorsk_site) > 20
    text = (nynorsk_site / "chapters" / "meldinger.html").read_text(encoding="utf-8")
    assert "Last ned tala for" in text and "Vis tala som tabell" in text and "nye meldingar" in text
    header = (nynorsk_site / "_static" / "data" / f"meldinger-nye-{NYNORSK_EXAMPLE}-2024.csv").read_text(
        encoding="utf-8-sig"
    )
    assert header.startswith("År;Region;Kategori;Verdi;Eining;Merknad;Kjelde")
