"""Reuses an executed chapter when nothing that could change its output has changed.

Each chapter has its own key: every input the execute step reads (publish/inputs.py: settings,
figures, data, chapters' code, the package, the pinned requirements), the chapter's own code
cells and the parameters. The chapter's text (markdown cells) is not part of the key: a text-only
edit reuses the executed code cells and takes the new text. Unlike jupyter-cache, which hashes
code cells only, a data refresh never publishes stale figures.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import nbformat

from tilstand.publish.stage import StagedChapter

KEEP = 200  # entries kept (chapters × builds); older ones are removed


def chapter_key(common: str, chapter: StagedChapter, parameters: dict[str, str]) -> str:
    sha = hashlib.sha256((common + json.dumps(parameters, sort_keys=True) + chapter.name).encode())
    notebook = nbformat.read(chapter.notebook, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            sha.update(cell.source.encode() + json.dumps(cell.metadata.get("tags", [])).encode())
    return sha.hexdigest()[:24]


def restore(cache_dir: Path, key: str, chapter: StagedChapter) -> bool:
    """Fill the staged chapter from the cache; False when there is no entry."""
    entry = cache_dir / f"{key}.ipynb"
    try:  # another build (a batch worker beside this one) may remove an old entry at any moment
        executed = nbformat.read(entry, as_version=4)
        os.utime(entry)  # kept longest; never re-creates a removed entry (touch would)
    except FileNotFoundError:
        return False
    fresh = nbformat.read(chapter.notebook, as_version=4)
    nbformat.write(_with_new_text(fresh, executed), chapter.notebook)
    return True


def _with_new_text(fresh, executed):
    """The executed code cells (with their outputs) in the fresh notebook's order of cells."""
    executed_code = iter(cell for cell in executed.cells if cell.cell_type == "code")
    cells = []
    for cell in fresh.cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cells.append(next(executed_code))
        if "parameters" in cell.metadata.get("tags", []):
            cells.append(next(executed_code))  # the cell Papermill injected
    executed.cells = cells
    return executed


def store(cache_dir: Path, key: str, chapter: StagedChapter) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f".{key}.{os.getpid()}.tmp"  # two builds may store one key at once
    shutil.copyfile(chapter.notebook, temporary)
    temporary.replace(cache_dir / f"{key}.ipynb")
    entries = sorted(
        ((mtime, path) for path in cache_dir.glob("*.ipynb") if (mtime := _mtime(path)) is not None), reverse=True
    )
    for _, old in entries[KEEP:]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> float | None:
    """None for an entry another build removed since the folder was listed (batch workers prune the
    same cache; one of 20 municipalities failed on this race in the benchmark)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return None
