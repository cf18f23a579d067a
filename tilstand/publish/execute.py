"""Runs the chapter notebooks with Papermill on a small pool of reused kernels.

Parameters are passed as real strings through the Python API so that kommunenummer keep their
leading zeros. Starting a kernel and importing pandas and Altair cost more than most chapters, and
the machine has two cores, so the build starts two kernels (already importing the package) while
it validates the figures and stages the book, and each kernel then runs its chapters one after
another; the first cell of every staged chapter clears the previous chapter's variables.
Kernels started at the same moment can collide (papermill #511), so they use sockets of their own,
and a failed start is retried once. A kernel that failed a chapter is not given another.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

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
WARM_UP = "import tilstand.report"  # the imports every chapter needs, done while the book is staged


class ChapterKernel:
    """One kernel over local sockets of its own, in the build's folder."""

    def __init__(self, cwd: Path, log: Path | None):
        self.manager = AsyncKernelManager(kernel_name=KERNEL)
        self.manager.transport = "ipc"
        self.manager.ip = os.path.join(tempfile.gettempdir(), f"tilstand-kernel-{uuid.uuid4().hex[:12]}")
        self._log = open(log, "ab") if log else None  # noqa: SIM115 — kernel chatter goes to the staging log, closed with the kernel
        self._options = {"cwd": str(cwd), **({"stderr": self._log} if self._log else {})}

    def start(self) -> ChapterKernel:
        """Start, once more if the first start fails (parallel starts can collide), and import."""
        try:
            run_sync(self.manager.start_kernel)(**self._options)
        except (RuntimeError, OSError):
            try:
                run_sync(self.manager.start_kernel)(**self._options)
            except (RuntimeError, OSError) as error:
                raise BuildError(f"Kunne ikke starte Python-kjernen for kapitlene: {error}") from error
        client = self.manager.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=KERNEL_START_TIMEOUT_SECONDS)
            client.execute_interactive(WARM_UP, silent=True, timeout=CELL_TIMEOUT_SECONDS)
        finally:
            client.stop_channels()
        return self

    def stop(self) -> None:
        try:
            run_sync(self.manager.shutdown_kernel)(now=True)
        except Exception:  # a kernel already gone needs no stopping
            pass
        finally:
            if self._log:
                self._log.close()


class KernelPool:
    """Kernels started in the background as soon as the build knows its folder."""

    def __init__(self, cwd: Path, log: Path | None = None, size: int = POOL_SIZE):
        self._cwd, self._log, self.size = cwd, log, size
        self._ready: queue.Queue = queue.Queue()
        self._all: list[ChapterKernel] = []
        self._lock = threading.Lock()
        for _ in range(size):
            threading.Thread(target=self._start_one, daemon=True).start()

    def _start_one(self) -> None:
        kernel = ChapterKernel(self._cwd, self._log)
        with self._lock:
            self._all.append(kernel)
        try:
            self._ready.put(kernel.start())
        except BaseException as error:  # handed to whoever waits for a kernel
            self._ready.put(error)

    def take(self) -> ChapterKernel:
        found = self._ready.get()
        if isinstance(found, BaseException):
            raise found
        return found

    def give_back(self, kernel: ChapterKernel) -> None:
        """A kernel whose chapters all ran, ready for the next build that shares the pool."""
        self._ready.put(kernel)

    def replace(self, failed: ChapterKernel) -> None:
        """Stop a kernel that failed a chapter and start one more in its place."""
        failed.stop()
        threading.Thread(target=self._start_one, daemon=True).start()

    def close(self) -> None:
        with self._lock:
            kernels = list(self._all)
        for kernel in kernels:
            kernel.stop()


def execute_chapters(
    chapters: list[StagedChapter],
    parameters: dict[str, str],
    pool: KernelPool,
    *,
    on_done: Callable[[StagedChapter], None] = lambda chapter: None,
) -> None:
    """Execute every chapter in place on the pool's kernels; the first failure stops the build.
    The kernels go back to the pool afterwards, so a pool can serve several builds. With every
    chapter from the cache there is nothing to run, and no pool is started."""
    if not chapters:
        return
    local = threading.local()
    taken: list[ChapterKernel] = []

    def run(chapter: StagedChapter) -> None:
        if getattr(local, "kernel", None) is None:
            local.kernel = pool.take()
            taken.append(local.kernel)
        try:
            _execute_one(chapter, parameters, local.kernel)
        except BuildError:
            taken.remove(local.kernel)  # a kernel that failed a chapter is not trusted with the next
            pool.replace(local.kernel)
            local.kernel = None
            raise

    try:
        with ThreadPoolExecutor(max_workers=pool.size) as workers:  # one thread per kernel, never waiting for one
            futures = {workers.submit(run, chapter): chapter for chapter in chapters}
            try:
                for future in as_completed(futures):
                    future.result()
                    on_done(futures[future])
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    finally:
        for kernel in taken:
            pool.give_back(kernel)


def _execute_one(chapter: StagedChapter, parameters: dict[str, str], kernel: ChapterKernel) -> None:
    try:
        pm.execute_notebook(
            str(chapter.notebook),
            str(chapter.notebook),
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
        raise BuildError(f"Kapittelet «{chapter.title}» ({chapter.name}.md) kunne ikke kjøres: {error}") from error


def _chapter_failed(chapter: StagedChapter, error: PapermillExecutionError) -> ChapterFailed:
    """Number the failing cell among the chapter's own code cells, as the author sees them."""
    notebook = nbformat.read(chapter.notebook, as_version=4)
    code_cells = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and not {"injected-parameters", "remove-cell"} & set(cell.metadata.get("tags", []))
    ]
    number = next((i for i, cell in enumerate(code_cells, start=1) if cell.source == error.source), None)
    first_line = next((line.strip() for line in (error.source or "").splitlines() if line.strip()), "")
    return ChapterFailed(chapter.title, f"{chapter.name}.md", number, first_line, f"{error.ename}: {error.evalue}")
