"""Runs the chapter notebooks with Papermill in a small pool of kernels.

Parameters are passed as real strings through the Python API so that kommunenummer keep their
leading zeros. Kernels started at the same moment can collide (papermill #511), so a kernel
that fails to start is retried once.
"""
from __future__ import annotations

import os
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable

import papermill as pm
from jupyter_client.manager import AsyncKernelManager
from papermill.exceptions import PapermillExecutionError

from .errors import BuildError, ChapterFailed
from .stage import StagedChapter

KERNEL = "python3"
CELL_TIMEOUT_SECONDS = 120
KERNEL_START_TIMEOUT_SECONDS = 60
POOL_SIZE = 2


class IpcKernelManager(AsyncKernelManager):
    """Kernels talk over local sockets of their own: no TCP ports to collide (papermill #511),
    no unencrypted-TCP warning. Each kernel gets a unique socket path, so parallel starts in
    one folder cannot meet."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self.ip = os.path.join(tempfile.gettempdir(), f"tilstand-kernel-{uuid.uuid4().hex[:12]}")

    extra_env: dict[str, str] = {}
    kernel_cwd: str | None = None

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw["env"] = {**(kw.get("env") or os.environ), **self.extra_env}
        if self.kernel_cwd:
            kw["cwd"] = self.kernel_cwd
        return await super()._async_launch_kernel(kernel_cmd, **kw)


def execute_chapters(chapters: list[StagedChapter], parameters: dict[str, str], *,
                     env: dict[str, str] | None = None,
                     on_done: Callable[[StagedChapter], None] = lambda chapter: None) -> None:
    """Execute every chapter in place; the first failure stops the build.

    env and the working folder reach the kernels only: Papermill's own `cwd` changes the folder
    of this whole process, which is not safe with several chapters running in threads.
    """
    folders = {str(chapter.notebook.parent) for chapter in chapters}
    manager = type("ChapterKernelManager", (IpcKernelManager,),
                   {"extra_env": dict(env or {}), "kernel_cwd": folders.pop() if len(folders) == 1 else None})
    with ThreadPoolExecutor(max_workers=POOL_SIZE) as pool:
        futures = {pool.submit(_execute_one, chapter, parameters, manager): chapter for chapter in chapters}
        try:
            for future in as_completed(futures):
                future.result()
                on_done(futures[future])
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _execute_one(chapter: StagedChapter, parameters: dict[str, str], manager: type) -> None:
    for attempt in (1, 2):
        try:
            pm.execute_notebook(
                str(chapter.notebook), str(chapter.notebook),
                parameters=parameters,
                kernel_name=KERNEL,
                kernel_manager_class=manager,
                execution_timeout=CELL_TIMEOUT_SECONDS,
                start_timeout=KERNEL_START_TIMEOUT_SECONDS,
                progress_bar=False,
                report_mode=False,
            )
            _hide_parameter_cells(chapter.notebook)
            return
        except PapermillExecutionError as error:
            raise _chapter_failed(chapter, error) from error
        except (RuntimeError, OSError) as error:
            if attempt == 2 or not _is_kernel_start_failure(error):
                raise BuildError(
                    f"Kapittelet «{chapter.title}» ({chapter.relative_source}) kunne ikke kjøres: {error}"
                ) from error


def _hide_parameter_cells(path) -> None:
    """The parameters and the cell Papermill injects are for the analyst, not the reader."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        tags = cell.metadata.setdefault("tags", [])
        if ("parameters" in tags or "injected-parameters" in tags) and "remove-cell" not in tags:
            tags.append("remove-cell")
    nbformat.write(notebook, path)


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
