"""Helpers for tests that read a built site (a module of its own: two conftest.py files exist)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path


def site_pages(site: Path) -> list[Path]:
    """Every reader-facing page of a built site (not Sphinx's generated index pages)."""
    return sorted(p for p in site.rglob("*.html") if p.name not in ("genindex.html",) and "_static" not in p.parts)


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
