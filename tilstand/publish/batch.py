"""Every municipality's draft at once, on dask.distributed: one task per municipality.

The same code runs on a `LocalCluster` (one worker process per core, one thread each) or on an
existing cluster (`--scheduler tcp://host:8786`). The engine does the scheduling, the retries and the
dashboard (when bokeh is installed); a worker plugin does what every build shares once per worker:
the imports the chapters need (they run in the worker itself) and the checked dataset. Each task runs the ordinary
`build_report` into its own municipality's folder, so a site is swapped in only when complete.
A municipality whose build fails is reported with its reason and the others go on.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from distributed import WorkerPlugin

from tilstand.ingest.dataset import Dataset, load_dataset_apart
from tilstand.ingest.problems import Problem, Said, UserError, render, said
from tilstand.ingest.register import load_register
from tilstand.language import text
from tilstand.paths import Workspace
from tilstand.publish.inputs import RebuildKeys

PLUGIN = "tilstand-batch"
RETRIES = 2  # a task that raised past build_report's own errors (a worker out of memory …)
STATE_FILE = "batch.json"  # beside the index: what each municipality's last build was made from


@dataclass
class Outcome:
    """What became of one municipality: built, failed (with the reason) or unchanged since last time."""

    kommunenummer: str
    name: str
    status: str  # "ok", "feilet" or "uendret"
    key: str
    site: str | None = None
    pdf: str | None = None
    figures_date: str | None = None  # ISO date of the newest figures the report holds, if known
    reason: str | None = None
    seconds: float | None = None
    worker_peak_mb: int | None = None  # the worker's (and its children's) peak memory so far (Linux), for the benchmark
    cpu_seconds: float | None = None  # CPU time the build took in the worker and its kernel (for the benchmark)


@dataclass(frozen=True)
class Options:
    year: int
    pdf: bool
    language: str | None
    out: str | None  # a folder for every site (one sub-folder each), or the default folders


class BatchWorker(WorkerPlugin):
    """Set up once per worker process and shared by every municipality the worker builds."""

    name = PLUGIN

    def __init__(self, root: str):
        self.root = root

    def setup(self, worker=None) -> None:
        from tilstand.publish.execute import warm_up

        warm_up()

        self.workspace = Workspace(Path(self.root))
        self.dataset, self.broken = load_dataset_apart(self.workspace)
        register = load_register(self.workspace.data)
        self.broken = {_current(register, folder): error for folder, error in self.broken.items()}


def _current(register, code: str) -> str:
    return register.current_code(code) if register.is_known(code) else code


def build_one(kommunenummer: str, name: str, key: str, options: Options) -> Outcome:
    """The task: one municipality's draft with the worker's imports and dataset. A mistake in the
    municipality's own files or a failed chapter is its outcome, not an exception, so the engine
    retries only what may succeed the second time."""
    import time

    from distributed import get_worker

    from tilstand.publish import build_report

    state: BatchWorker = get_worker().plugins[PLUGIN]
    started, cpu_before = time.perf_counter(), cpu_seconds()
    outcome = Outcome(kommunenummer, name, "feilet", key)
    if kommunenummer in state.broken:
        outcome.reason = str(state.broken[kommunenummer])
        return outcome
    out = Path(options.out) / kommunenummer if options.out else None
    try:
        result = build_report(
            kommunenummer,
            options.year,
            out,
            language=options.language,
            pdf=options.pdf,
            workspace=state.workspace,
            progress=False,
            dataset=state.dataset,
        )
    except UserError as error:
        outcome.reason = str(error)
    else:
        outcome.status, outcome.site = "ok", str(result.site_dir)
        outcome.pdf = str(result.pdf) if result.pdf else None
        newest = figures_date(state.dataset, kommunenummer, options.year, state.workspace)
        outcome.figures_date = newest.isoformat() if newest else None
    outcome.seconds = round(time.perf_counter() - started, 1)
    outcome.cpu_seconds = round(cpu_seconds() - cpu_before, 1)
    outcome.worker_peak_mb = peak_memory_mb()
    return outcome


def cpu_seconds() -> float:
    """CPU time used so far by this process and its children (Chromium printing a PDF): on a busy
    machine the benchmark's wall time says little, this says what a build costs."""
    import psutil

    total = 0.0
    for process in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def peak_memory_mb() -> int | None:
    """Peak resident memory of this process plus that of each of its children (Chromium printing a PDF),
    from Linux's VmHWM: an upper bound of what one worker needs at once. None elsewhere."""
    import psutil

    total = 0
    for process in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
        except OSError:
            continue
        total += int(next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), 0))
    return total // 1024 or None


def figures_date(dataset: Dataset, kommunenummer: str, year: int, workspace: Workspace) -> date | None:
    """The newest date the report's figures carry: when SSB's tables were fetched for the
    municipality, and when its own files of figures were last saved. None when neither is known
    (figures only from published reports, which carry a year, not a date)."""
    from tilstand.ingest.sources import SSB_PREFIX, ssb_retrieved

    rows = dataset.frame[(dataset.frame["kommunenummer"] == kommunenummer) & (dataset.frame["year"] <= year)]
    dates = [
        ssb_retrieved(source.removeprefix(SSB_PREFIX), kommunenummer, workspace)
        for source in rows.loc[rows["origin"] == "ssb", "source"].unique()
    ]
    dates += [
        date.fromtimestamp((workspace.root / label).stat().st_mtime)
        for label in rows.loc[rows["origin"] == "own", "file"].unique()
        if (workspace.root / label).exists()
    ]
    return max((d for d in dates if d), default=None)


class Keys:
    """Each municipality's rebuild key for this batch's options (the shared inputs hashed once)."""

    def __init__(self, workspace: Workspace, options: Options):
        self._keys, self._options = RebuildKeys(workspace), options

    def __call__(self, kommunenummer: str) -> str:
        return self._keys(kommunenummer, self._options.year, asdict(self._options))


def read_state(path: Path) -> dict[str, Outcome]:
    """The outcomes of the last batch into the same folder (nothing when there was none)."""
    try:
        return {o["kommunenummer"]: Outcome(**o) for o in json.loads(path.read_text(encoding="utf-8"))}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def write_state(path: Path, outcomes: list[Outcome]) -> None:
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_text(json.dumps([asdict(o) for o in outcomes], indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def unchanged(previous: Outcome | None, key: str, options: Options) -> bool:
    """A municipality built from exactly these inputs last time, whose site (and PDF) is still there."""
    return bool(
        previous
        and previous.status in ("ok", "uendret")
        and previous.key == key
        and previous.site
        and (Path(previous.site) / "index.html").exists()
        and (not options.pdf or (previous.pdf and Path(previous.pdf).exists()))
    )


EXIT_PARTIAL, EXIT_NONE_BUILT = 5, 6  # see cli.py: some municipalities failed / every one failed


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    index: Path
    warnings: list[str] = field(default_factory=list)  # what the register left out, said in the batch's language

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "feilet"]

    def summary(self, language: str) -> str:
        """The line that ends a batch: how many were built, unchanged and failed, of how many."""
        counts = {status: sum(o.status == status for o in self.outcomes) for status in ("ok", "uendret", "feilet")}
        return text(
            "batch.done",
            language,
            built=counts["ok"],
            unchanged=counts["uendret"],
            failed=counts["feilet"],
            total=len(self.outcomes),
        )

    @property
    def exit_code(self) -> int:
        if not self.failed:
            return 0
        return EXIT_NONE_BUILT if len(self.failed) == len(self.outcomes) else EXIT_PARTIAL


@dataclass(frozen=True)
class Selection:
    """What a batch builds: the municipalities (kommunenummer, name); those that cannot be built before
    anything runs, with why (a fictitious municipality whose line in the register has a mistake); and
    the register's warnings about the lines of any other fictitious municipality."""

    municipalities: list[tuple[str, str]]
    refused: dict[str, Said]
    warnings: list[Problem]


def chosen_municipalities(codes: list[str] | None, year: int, workspace: Workspace) -> Selection:
    """The municipalities asked for, or with codes None every municipality with any figures for the year
    (and any whose own figures could not be read, to report them). A fictitious municipality whose
    register line is wrong is refused with what is wrong in it, when asked for by number or when it has
    own figures; otherwise its line is a warning: it is never left out without a word."""
    from tilstand.ingest.target import InvalidChoice, municipality_text, resolve_municipality

    register = load_register(workspace.data)
    chosen, refused = {}, {}
    if codes is None:
        dataset, broken = load_dataset_apart(workspace)
        frame = dataset.frame
        found = set(frame.loc[(frame["year"] == year) & frame["value"].notna(), "kommunenummer"])
        found = {code for code in found if code in dataset.municipalities()}
        found |= {_current(register, folder) for folder in broken if register.is_known(folder)}
        refused = {folder: reason for folder in broken if (reason := register.broken_reason(folder))}
        if not found and not refused:
            raise InvalidChoice(said("batch.no_figures", year=year))
        chosen = {code: register.get(code).name for code in found}
    else:
        for code in codes:
            if reason := register.broken_reason(municipality_text(code)):
                refused[municipality_text(code)] = reason
                continue
            municipality = resolve_municipality(code, year, workspace)
            chosen[municipality.kommunenummer] = municipality.name
    warnings = [warning for code, warning in register.warnings_by_code.items() if code not in refused]
    return Selection(sorted(chosen.items()), refused, warnings)


def index_folder(options: Options, workspace: Workspace) -> Path:
    return Path(options.out).resolve() if options.out else workspace.build / "alle" / str(options.year)


@contextlib.contextmanager
def _client(workers: int | None, scheduler: str | None):
    """A client of an existing cluster, or of a cluster on this machine: one single-threaded worker
    process per core (Papermill is safest one build per process); the dashboard when bokeh is there.
    The client closes before the cluster it started, so no finished task is scheduled again."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # A free port of its own: the default 8787 may be taken (another batch, a notebook's cluster), and
    # Dask would warn about it in English; the link is printed only when bokeh can serve the dashboard.
    with (
        _forked_workers(),
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


# What a worker process imports before its first build, imported once in Python's forkserver.
PRELOADED = ["distributed", "tilstand.report", "tilstand.publish.batch", "tilstand.publish.pipeline"]


@contextlib.contextmanager
def _forked_workers():
    """Worker processes forked from one that has imported the tool once (Dask's forkserver method,
    the server preloaded with the tool's modules): a worker, or one started again after a worker is
    lost, is ready in a fraction of a second instead of importing everything itself. Where there is
    no forkserver (Windows), Dask's default."""
    import multiprocessing

    import dask

    if "forkserver" not in multiprocessing.get_all_start_methods():
        yield
        return
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        from distributed.utils import get_mp_context

        get_mp_context().set_forkserver_preload(PRELOADED)  # after Dask has set its own list, once
        yield


def _lost(error: BaseException, language: str) -> str:
    """Why a task failed past its retries: a worker that kept dying, or a fault in the tool."""
    from distributed import KilledWorker

    if isinstance(error, KilledWorker):
        return text("batch.lost_worker", language)
    return text("batch.unexpected", language, error=f"{type(error).__name__}: {error}")


def run_batch(
    codes: list[str] | None,
    options: Options,
    *,
    workspace: Workspace,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    language: str = "nb",
) -> BatchResult:
    """Build every chosen municipality's draft on the cluster, skip those whose rebuild key is
    unchanged, and write the index page and the state the next run resumes from."""
    from distributed import as_completed
    from tqdm import tqdm

    from tilstand.publish.batch_index import write_index

    selection = chosen_municipalities(codes, options.year, workspace)
    folder = index_folder(options, workspace)
    folder.mkdir(parents=True, exist_ok=True)
    previous, keys = read_state(folder / STATE_FILE), Keys(workspace, options)
    outcomes = {
        code: Outcome(code, text("batch.unnamed", language), "feilet", "", reason=render(reason, language))
        for code, reason in selection.refused.items()
    }
    todo = []
    for code, name in selection.municipalities:
        key = keys(code)
        if unchanged(previous.get(code), key, options):
            outcomes[code] = Outcome(**{**asdict(previous[code]), "status": "uendret", "name": name})
        else:
            todo.append((code, name, key))
    if todo:
        # Checked once here and kept in the store (_build/.cache/checked/), so each worker reads the
        # checked figures instead of checking every file itself at the same time as the others.
        load_dataset_apart(workspace)
        with _client(workers, scheduler) as client:
            client.register_plugin(BatchWorker(str(workspace.root)), name=PLUGIN)
            if progress and client.dashboard_link and importlib.util.find_spec("bokeh"):
                print(text("batch.dashboard", language, link=client.dashboard_link))
            futures = client.map(
                build_one,
                *zip(*todo),
                options=options,
                retries=RETRIES,
                pure=False,
                key=[f"tilstand-{code}-{options.year}" for code, _, _ in todo],
            )
            wanted = {future.key: item for future, item in zip(futures, todo)}
            with tqdm(
                total=len(todo), desc=text("batch.progress", language), unit="kommune", disable=not progress
            ) as bar:
                for future in as_completed(futures):
                    code, name, key = wanted[future.key]
                    try:
                        outcome = future.result()
                    except Exception as error:  # the task itself failed past its retries
                        outcome = Outcome(code, name, "feilet", key, reason=_lost(error, language))
                    outcomes[code] = outcome
                    bar.set_postfix_str(f"{code} {outcome.status}")
                    bar.update()
    ordered = [outcomes[code] for code in sorted(outcomes)]
    write_state(folder / STATE_FILE, ordered)
    return BatchResult(
        ordered,
        write_index(folder, ordered, options.year, language),
        [warning.render(language) for warning in selection.warnings],
    )
