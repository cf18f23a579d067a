"""Helpers for tests that read a built site (a module of its own: two conftest.py files exist)."""

from __future__ import annotations

import contextlib
import functools
import io
from dataclasses import dataclass
from pathlib import Path


def site_pages(site: Path) -> list[Path]:
    """Every reader-facing page of a built site (not Sphinx's generated index pages)."""
    return sorted(p for p in site.rglob("*.html") if p.name not in ("genindex.html",) and "_static" not in p.parts)


@dataclass(frozen=True)
class PdfPage:
    text: str
    runs: list[tuple[float, float, str]]  # (height on the page, font size in pt, text) of every piece of text


@functools.lru_cache(maxsize=4)
def pdf_pages(pdf: Path) -> list[PdfPage]:
    """Every page of a PDF as pypdf extracts it, read once per test process: that takes seconds for a
    report, and several modules read the same PDF."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        runs = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((cm[5] + tm[5] * cm[3], size * abs(tm[3] * cm[3]) if tm[3] else size, text.strip()))

        pages.append(PdfPage(page.extract_text(visitor_text=visit), runs))
    return pages


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
