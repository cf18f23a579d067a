"""Batch workers share one cache of executed chapters and prune it at the same time: an entry the
other worker removed must not fail this build (it failed 1 of 20 municipalities in the benchmark)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from tilstand.publish import cache
from tilstand.publish.stage import StagedChapter


def _chapter(folder: Path) -> StagedChapter:
    notebook = folder / "meldinger.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), notebook)
    return StagedChapter("chapters/meldinger", "Meldinger", folder / "meldinger.md", notebook)


def test_an_entry_removed_by_another_worker_while_pruning_is_no_failure(tmp_path, monkeypatch):
    store, chapter = tmp_path / "cache", _chapter(tmp_path)
    monkeypatch.setattr(cache, "KEEP", 2)
    for i, key in enumerate(("a", "b", "c")):
        cache.store(store, key, chapter)
        os.utime(store / f"{key}.ipynb", (i, i))
    gone = store / "b.ipynb"
    real_stat = Path.stat

    def stat(path, *args, **kwargs):  # the other worker removed «b» after this one listed the folder
        if path == gone:
            path.unlink(missing_ok=True)
            raise FileNotFoundError(path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    cache.store(store, "d", chapter)
    monkeypatch.undo()
    assert sorted(p.name for p in store.glob("*.ipynb")) == ["c.ipynb", "d.ipynb"]


def test_a_removed_entry_is_run_again_not_restored_as_an_empty_notebook(tmp_path, monkeypatch):
    store, chapter = tmp_path / "cache", _chapter(tmp_path)
    cache.store(store, "a", chapter)
    real_read = nbformat.read

    def read(path, *args, **kwargs):  # read, then removed by the other worker before it is kept longer
        notebook = real_read(path, *args, **kwargs)
        Path(path).unlink(missing_ok=True)
        return notebook

    monkeypatch.setattr(nbformat, "read", read)
    assert cache.restore(store, "a", chapter) is False
    assert not (store / "a.ipynb").exists()
