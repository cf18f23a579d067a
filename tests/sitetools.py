"""Helpers for tests that read a built site (a module of its own: two conftest.py files exist)."""

from __future__ import annotations

import contextlib
import functools
import io
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree


def site_pages(site: Path) -> list[Path]:
    """Every reader-facing page of a built site (not Sphinx's generated index pages)."""
    return sorted(p for p in site.rglob("*.html") if p.name not in ("genindex.html",) and "_static" not in p.parts)


class Run(NamedTuple):
    """A line of text on a page, or the part of one in one font (turned text, a chart's axis title,
    comes in pieces of a letter or two)."""

    y: float  # the foot of the text's box, in pt above the page's lower edge
    size: float  # its font size in pt
    text: str


@functools.lru_cache(maxsize=8)
def _page_texts(pdf: Path) -> tuple[str, ...]:
    """Every page's text in the order it is drawn (`pdftotext -raw`: the words pypdf's extract_text
    finds, in a twentieth of its time): lines kept, words not joined across a hyphen; a ligature reads
    as its letters."""
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return tuple(text.stdout.decode("utf-8").split("\f")[:-1])  # every page ends with a form feed


@functools.lru_cache(maxsize=8)
def _page_runs(pdf: Path) -> tuple[tuple[Run, ...], ...]:
    """Every page's lines of text with their place and size (`pdftohtml -xml`; at zoom 3, the most it
    allows, both to a third of a point)."""
    zoom = 3
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-q", "-zoom", str(zoom), str(pdf)], capture_output=True, check=True
    )
    pages, sizes = [], {}
    for page in ElementTree.fromstring(xml.stdout).iter("page"):
        sizes |= {spec.get("id"): float(spec.get("size")) / zoom for spec in page.iter("fontspec")}
        height = float(page.get("height"))
        runs = []
        for run in page.iter("text"):
            if text := " ".join("".join(run.itertext()).split()):
                bottom = float(run.get("top")) + float(run.get("height"))
                runs.append(Run((height - bottom) / zoom, sizes[run.get("font")], text))
        pages.append(tuple(runs))
    return tuple(pages)


@dataclass(frozen=True)
class PdfPage:
    """One page of a printed PDF, read with poppler's tools (poppler-utils): its text, and on asking
    (a second tool) every line with its place and font size."""

    pdf: Path
    index: int

    @property
    def text(self) -> str:
        return _page_texts(self.pdf)[self.index]

    @property
    def runs(self) -> tuple[Run, ...]:
        return _page_runs(self.pdf)[self.index]


def pdf_pages(pdf: Path) -> list[PdfPage]:
    """Every page of a PDF, each tool's reading done once per test process: several modules read the
    same PDF."""
    return [PdfPage(Path(pdf), index) for index in range(len(_page_texts(Path(pdf))))]


def read_raw(path: Path):
    """A file of figures as the tool reads it: every cell text, spreadsheet rows kept."""
    from tilstand.ingest.readers import read_table

    table = read_table(Path(path), str(path))
    assert not table.problems, table.problems
    return table.frame


def copy_workspace(target: Path) -> Path:
    """A copy of this checkout's inputs to change in a test without touching the checkout; build
    with --workspace or Workspace(target)."""
    from tilstand.paths import DEFAULT_WORKSPACE

    return DEFAULT_WORKSPACE.copy_to(target).root


def block_for(municipality: str, year: int, indicator_id: str, **options):
    """The block a chapter would show for one indicator (None when it has no figures)."""
    from tilstand.compute.view import open_view
    from tilstand.present import blocks, sections
    from tilstand.present.sentences import Wording

    view = open_view(municipality, year)
    wording = Wording(view.language, frozenset(m.name for m in view.register.all()))
    series = view.series(indicator_id)
    return blocks.indicator_block(series, sections.labels(view, wording, series), key=indicator_id, **options)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str) -> Ran:
    """`python -m tilstand ARGS` in this process, its output captured (the entry point itself is
    run as a user runs it in test_build.py)."""
    from tilstand.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Ran(code, out.getvalue(), err.getvalue())
