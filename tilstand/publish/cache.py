"""Reuses executed chapters when nothing that could change their output has changed.

The key covers every chapter's code cells, the parameters, every file under data/, the
package's own source and the pinned requirements. Narrative (markdown cells) is not part of
the key: a text-only edit reuses the executed code cells and takes the new text. This is
unlike jupyter-cache, which hashes code cells only and would publish stale figures after a
data refresh.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat

from tilstand.paths import BUILD_DIR, DATA_DIR, REPO_ROOT
from tilstand.publish.stage import StagedChapter

CACHE_DIR = BUILD_DIR / ".cache" / "executed"
KEEP = 4


def _update_with_tree(digest, folder: Path, suffixes: tuple[str, ...] | None = None) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and (suffixes is None or path.suffix in suffixes):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())


def execution_key(chapters: list[StagedChapter], parameters: dict[str, str]) -> str:
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode())
    _update_with_tree(digest, DATA_DIR)
    _update_with_tree(digest, REPO_ROOT / "tilstand", (".py", ".js", ".css"))
    digest.update((REPO_ROOT / "requirements.txt").read_bytes())
    for chapter in chapters:
        digest.update(chapter.notebook.name.encode())
        notebook = nbformat.read(chapter.notebook, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                digest.update(cell.source.encode() + json.dumps(cell.metadata.get("tags", [])).encode())
    return digest.hexdigest()[:24]


def _entry(key: str) -> Path:
    return CACHE_DIR / key


def restore(key: str, chapters: list[StagedChapter], downloads: Path) -> bool:
    """Fill the staged chapters from the cache; False (nothing changed) when there is no entry."""
    entry = _entry(key)
    if not (entry / "complete").exists():
        return False
    for chapter in chapters:
        executed = nbformat.read(entry / "chapters" / chapter.notebook.name, as_version=4)
        fresh = nbformat.read(chapter.notebook, as_version=4)
        nbformat.write(_with_new_text(fresh, executed), chapter.notebook)
    if (entry / "downloads").exists():
        shutil.copytree(entry / "downloads", downloads, dirs_exist_ok=True)
    entry.touch()
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
            cells.append(next(executed_code))      # the cell Papermill injected
    executed.cells = cells
    return executed


def store(key: str, chapters: list[StagedChapter], downloads: Path) -> None:
    entry = _entry(key)
    shutil.rmtree(entry, ignore_errors=True)
    (entry / "chapters").mkdir(parents=True)
    for chapter in chapters:
        shutil.copyfile(chapter.notebook, entry / "chapters" / chapter.notebook.name)
    if downloads.exists():
        shutil.copytree(downloads, entry / "downloads")
    (entry / "complete").touch()
    _prune()


def _prune() -> None:
    entries = sorted((p for p in CACHE_DIR.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
