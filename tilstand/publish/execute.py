"""Runs the chapter notebooks with Papermill, in the build's own process.

Papermill's usual engine starts a kernel (a process that imports pandas and Altair again) and every
output travels to the build over a socket; for twenty short chapters that cost more than the
chapters themselves (the default report: 21 s of CPU with two kernels, 9 s in this process). So the
build registers an engine of its own through Papermill's engine interface: the cells run in this
process's IPython shell, where the package is already imported, each notebook in a namespace of its
own, and what a cell shows is recorded as a kernel would send it (display data, the cell's last
value, printed text, an error with its traceback). Papermill still injects the parameters, as real
strings through the Python API so kommunenummer keep their leading zeros, and still refuses a
notebook with an error. An analyst runs the same notebooks in JupyterLab in an ordinary kernel.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import threading
import types
from collections.abc import Callable, Iterator

import nbformat
import papermill as pm
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from jupyter_client.jsonutil import json_default
from papermill.engines import Engine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from traitlets import Type
from traitlets.config import Config, MultipleInstanceError

from tilstand.publish.errors import BuildError, ChapterFailed
from tilstand.publish.stage import StagedChapter

ENGINE = "tilstand"
KERNEL = "python3"  # the kernel JupyterLab uses for the same notebooks
CELL_TIMEOUT_SECONDS = 120
WARM_UP = "import tilstand.report"  # what every chapter imports first


def _output(output_type: str, **fields) -> nbformat.NotebookNode:
    """A notebook output as nbformat.v4.new_output makes it, without checking each one against the
    schema: the notebook is checked whole when Papermill writes it (a check per output cost 2 % of a
    build)."""
    defaults = {"execute_result": {"execution_count": None}}.get(output_type, {})
    return nbformat.from_dict({"output_type": output_type, **defaults, **fields})


def _as_sent(value):
    """A value as a kernel would have sent it: JSON (dates as text, NumPy numbers as numbers)."""
    return json.loads(json.dumps(value, default=json_default))


class _Outputs(DisplayPublisher):
    """What the running cell shows, in order, as notebook outputs."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.outputs: list = []

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False):
        self.outputs.append(_output("display_data", data=_as_sent(data), metadata=_as_sent(metadata or {})))

    def clear_output(self, wait=False):
        self.outputs.clear()

    def write(self, name: str, text: str) -> None:
        """Printed text, one output per stream as long as nothing else comes between."""
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        elif text:
            self.outputs.append(_output("stream", name=name, text=text))


class _LastValue(DisplayHook):
    """The value of a cell's last expression, kept as the kernel's execute_result (no «Out[n]»)."""

    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        self.shell.display_pub.outputs.append(
            _output("execute_result", data=_as_sent(format_dict), metadata=_as_sent(md_dict or {}))
        )


class _ChapterShell(InteractiveShell):
    """IPython as a kernel runs it, with what the cells show kept as outputs instead of sent."""

    display_pub_class = Type(_Outputs)
    displayhook_class = Type(_LastValue)

    def _showtraceback(self, etype, evalue, stb):
        self.display_pub.outputs.append(_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb))


class _Stream(io.TextIOBase):
    def __init__(self, outputs: _Outputs, name: str):
        self._outputs, self._name = outputs, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._outputs.write(self._name, text)
        return len(text)


def _shell() -> _ChapterShell:
    """The process's shell, made once; its module is not __main__, so the command's own stays."""
    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.cache_size = 0  # no Out[] history holding every chapter's values
    config.InteractiveShell.colors = "nocolor"
    try:
        return _ChapterShell.instance(config=config, user_module=types.ModuleType("tilstand_chapter"))
    except MultipleInstanceError as error:
        raise BuildError(
            "Rapporten kan ikke bygges inne i en Jupyter-kjerne; bygg den fra kommandolinjen "
            "(python -m tilstand build)."
        ) from error


def _fresh_namespace(shell: InteractiveShell) -> None:
    """Each notebook starts without the previous one's variables (as a new kernel would)."""
    for name in [n for n in shell.user_ns if n not in shell.user_ns_hidden and not n.startswith("__")]:
        del shell.user_ns[name]


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Stop a cell that runs longer than seconds. A timer's signal reaches the main thread only, so
    a batch worker, which builds on a thread of Dask's, runs its cells untimed."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise TimeoutError(f"cellen brukte mer enn {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class InProcessEngine(Engine):
    """Papermill's engine interface, the cells run in this process (see the module's docstring)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, execution_timeout=None, **kwargs):
        shell = _shell()
        _fresh_namespace(shell)
        for index, cell in enumerate(nb_man.nb.cells):
            if cell.cell_type != "code":
                continue
            nb_man.cell_start(cell, index)
            recorded = shell.display_pub
            recorded.outputs = []
            with (
                contextlib.redirect_stdout(_Stream(recorded, "stdout")),
                contextlib.redirect_stderr(_Stream(recorded, "stderr")),
                _time_limit(execution_timeout),
            ):
                result = shell.run_cell(cell.source, store_history=False)
            cell.outputs, cell.execution_count = recorded.outputs, index
            if not result.success:
                nb_man.cell_exception(cell, index)
            nb_man.cell_complete(cell, index)
            if not result.success:
                break


papermill_engines.register(ENGINE, InProcessEngine)


def warm_up() -> None:
    """Make the shell and import what the chapters need, once per process (a batch worker does it
    before its first municipality)."""
    _shell().run_cell(WARM_UP, store_history=False)


def execute_chapters(
    chapters: list[StagedChapter],
    parameters: dict[str, str],
    *,
    on_done: Callable[[StagedChapter], None] = lambda chapter: None,
    timeout: float | None = CELL_TIMEOUT_SECONDS,
) -> None:
    """Execute every chapter in place, one after another; the first failure stops the build."""
    for chapter in chapters:
        _execute_one(chapter, parameters, timeout)
        on_done(chapter)


def _execute_one(chapter: StagedChapter, parameters: dict[str, str], timeout: float | None) -> None:
    try:
        pm.execute_notebook(
            str(chapter.notebook),
            str(chapter.notebook),
            parameters=parameters,
            engine_name=ENGINE,
            kernel_name=KERNEL,
            execution_timeout=timeout,
            progress_bar=False,
            report_mode=False,
            request_save_on_cell_execute=False,  # written once, when the chapter is done
        )
    except PapermillExecutionError as error:
        raise _chapter_failed(chapter, error) from error
    except (RuntimeError, OSError) as error:
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
