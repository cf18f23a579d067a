"""Helpers for tests that read a built site (a module of its own: two conftest.py files exist)."""
from __future__ import annotations

from pathlib import Path


def site_pages(site: Path) -> list[Path]:
    """Every reader-facing page of a built site (not Sphinx's generated index pages)."""
    return sorted(p for p in site.rglob("*.html") if p.name not in ("genindex.html",) and "_static" not in p.parts)
