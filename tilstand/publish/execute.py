"""Runs the chapter notebooks with Papermill on a small pool of reused kernels.

Parameters are passed as real strings through the Python API so that kommunenummer keep their
leading zeros. Each worker starts one kernel and runs its chapters on it one after another,
clearing the namespace in between: starting a kernel and importing pandas and Altair cost more
than most chapters, and the machine has two cores. Kernels started at the same moment can
collide (papermill #511), so they use sockets of their own, and a failed start is retried once.
"""
from __future__ import annotations

import os
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

import nbformat
import papermill as pm
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.utils import run_sync
from papermill.exceptions import PapermillExecutionError

from tilstand.publish.errors import BuildError, ChapterFailed
from tilstand.publish.stage import StagedChapter

KERNEL = "python3"
CELL_TIMEOUT_SECONDS = 120
KERNEL_START_TIMEOUT_SECONDS = 60
POOL_SIZE = 2
CLEAR_NAMESPACE = "%reset -f"


class ChapterKernel:
    """One kernel over local sockets of its own, with the build's environment and folder."""

    def __init__(self, env: dict[str, str], cwd: str | None, log: Path | None):
        self.manager = AsyncKernelManager(kernel_name=KERNEL)
        self.manager.transport = "ipc"
        self.manager.ip = os.path.join(tempfile.gettempdir(), f"tilstand-kernel-{uuid.uuid4().hex[:12]}")
        options = {"env": {**os.environ, **env}}
        if cwd:
            options["cwd"] = cwd
        self._log = open(log, "ab") if log else None        # kernel chatter goes to the staging log
        if self._log:
            options["stderr"] = self._log
        self._options = options
        self.used = False

    def start(self) -> None:
        run_sync(self.manager.start_kernel)(**self._options)

    def clear(self) -> None:
        """Forget the previous chapter's variables; imported modules (and the dataset) stay."""
        client = self.manager.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=KERNEL_START_TIMEOUT_SECONDS)
            client.execute_interactive(CLEAR_NAMESPACE, silent=True, timeout=CELL_TIMEOUT_SECONDS)
        finally:
            client.stop_channels()

    def stop(self) -> None:
        try:
            run_sync(self.manager.shutdown_kernel)(now=True)
        finally:
            if self._log:
                self._log.close()


def execute_chapters(chapters: list[StagedChapter], parameters: dict[str, str], *,
                     env: dict[str, str] | None = None, log: Path | None = None,
                     on_done: Callable[[StagedChapter], None] = lambda chapter: None) -> None:
    """Execute every chapter in place; the first failure stops the build.

    env and the working folder reach the kernels only: Papermill's own `cwd` changes the folder
    of this whole process, which is not safe with several chapters running in threads.
    """
    folders = {str(chapter.notebook.parent) for chapter in chapters}
    cwd = folders.pop() if len(folders) == 1 else None
    local, kernels, lock = threading.local(), [], threading.Lock()

    def kernel_for_this_worker() -> ChapterKernel:
        if getattr(local, "kernel", None) is None:
            local.kernel = _started(ChapterKernel(dict(env or {}), cwd, log))
            with lock:
                kernels.append(local.kernel)
        return local.kernel

    def run(chapter: StagedChapter) -> None:
        kernel = kernel_for_this_worker()
        try:
            _execute_one(chapter, parameters, kernel)
        except BuildError:
            local.kernel = None      # a kernel that failed a chapter is not trusted with the next
            raise

    try:
        with ThreadPoolExecutor(max_workers=POOL_SIZE) as pool:
            futures = {pool.submit(run, chapter): chapter for chapter in chapters}
            try:
                for future in as_completed(futures):
                    future.result()
                    on_done(futures[future])
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    finally:
        for kernel in kernels:
            try:
                kernel.stop()
            except Exception:   # a kernel already gone needs no stopping
                pass


def _started(kernel: ChapterKernel) -> ChapterKernel:
    """Start the kernel, once more if the first start fails (parallel starts can collide)."""
    try:
        kernel.start()
    except (RuntimeError, OSError):
        try:
            kernel.start()
        except (RuntimeError, OSError) as error:
            raise BuildError(f"Kunne ikke starte Python-kjernen for kapitlene: {error}") from error
    return kernel


def _execute_one(chapter: StagedChapter, parameters: dict[str, str], kernel: ChapterKernel) -> None:
    try:
        if kernel.used:
            kernel.clear()
        kernel.used = True
        pm.execute_notebook(
            str(chapter.notebook), str(chapter.notebook),
            parameters=parameters,
            kernel_name=KERNEL,
            km=kernel.manager,
            execution_timeout=CELL_TIMEOUT_SECONDS,
            start_timeout=KERNEL_START_TIMEOUT_SECONDS,
            progress_bar=False,
            report_mode=False,
        )
    except PapermillExecutionError as error:
        raise _chapter_failed(chapter, error) from error
    except (RuntimeError, OSError, TimeoutError) as error:
        raise BuildError(
            f"Kapittelet «{chapter.title}» ({chapter.relative_source}) kunne ikke kjøres: {error}") from error
    _hide_parameter_cells(chapter.notebook)


def _hide_parameter_cells(path) -> None:
    """The parameters and the cell Papermill injects are for the analyst, not the reader."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        tags = cell.metadata.setdefault("tags", [])
        if ("parameters" in tags or "injected-parameters" in tags) and "remove-cell" not in tags:
            tags.append("remove-cell")
    nbformat.write(notebook, path)


def _chapter_failed(chapter: StagedChapter, error: PapermillExecutionError) -> ChapterFailed:
    """Number the failing cell among the chapter's own code cells, as the author sees them."""
    notebook = nbformat.read(chapter.notebook, as_version=4)
    code_cells = [cell for cell in notebook.cells
                  if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])]
    number = next((i for i, cell in enumerate(code_cells, start=1) if cell.source == error.source), None)
    first_line = next((line.strip() for line in (error.source or "").splitlines() if line.strip()), "")
    return ChapterFailed(chapter.title, chapter.relative_source, number, first_line,
                         f"{error.ename}: {error.evalue}")
