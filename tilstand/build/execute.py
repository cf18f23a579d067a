"""Runs the chapter notebooks with Papermill in a small pool of kernels.

Parameters are passed as real strings through the Python API so that kommunenummer keep their
leading zeros. Kernels started at the same moment can collide (papermill #511), so a kernel
that fails to start is retried once.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable

import papermill as pm
from papermill.exceptions import PapermillExecutionError

from .errors import BuildError, ChapterFailed
from .stage import StagedChapter

KERNEL = "python3"
CELL_TIMEOUT_SECONDS = 120
KERNEL_START_TIMEOUT_SECONDS = 60
POOL_SIZE = 2


def execute_chapters(chapters: list[StagedChapter], parameters: dict[str, str], *,
                     env: dict[str, str] | None = None,
                     on_done: Callable[[StagedChapter], None] = lambda chapter: None) -> None:
    """Execute every chapter in place; the first failure stops the build."""
    if env:
        os.environ.update(env)
    with ThreadPoolExecutor(max_workers=POOL_SIZE) as pool:
        futures = {pool.submit(_execute_one, chapter, parameters): chapter for chapter in chapters}
        try:
            for future in as_completed(futures):
                future.result()
                on_done(futures[future])
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _execute_one(chapter: StagedChapter, parameters: dict[str, str]) -> None:
    for attempt in (1, 2):
        try:
            pm.execute_notebook(
                str(chapter.notebook), str(chapter.notebook),
                parameters=parameters,
                kernel_name=KERNEL,
                execution_timeout=CELL_TIMEOUT_SECONDS,
                start_timeout=KERNEL_START_TIMEOUT_SECONDS,
                cwd=str(chapter.notebook.parent),
                progress_bar=False,
                report_mode=False,
            )
            return
        except PapermillExecutionError as error:
            raise _chapter_failed(chapter, error) from error
        except (RuntimeError, OSError) as error:
            if attempt == 2 or not _is_kernel_start_failure(error):
                raise BuildError(
                    f"Kapittelet «{chapter.title}» ({chapter.relative_source}) kunne ikke kjøres: {error}"
                ) from error


def _is_kernel_start_failure(error: BaseException) -> bool:
    text = f"{type(error).__name__} {error}"
    return any(sign in text for sign in ("Kernel didn't respond", "Address already in use", "ZMQError",
                                         "Kernel died before replying"))


def _chapter_failed(chapter: StagedChapter, error: PapermillExecutionError) -> ChapterFailed:
    """Number the failing cell among the chapter's own code cells, as the author sees them."""
    import nbformat

    notebook = nbformat.read(chapter.notebook, as_version=4)
    code_cells = [cell for cell in notebook.cells
                  if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])]
    number = next((i for i, cell in enumerate(code_cells, start=1) if cell.source == error.source), None)
    first_line = next((line.strip() for line in (error.source or "").splitlines() if line.strip()), "")
    return ChapterFailed(chapter.title, chapter.relative_source, number, first_line,
                         f"{error.ename}: {error.evalue}")
