"""A machine lost mid-build, for the batch tests: a scheduler preload (Dask's
`distributed.scheduler.preload`) that kills (SIGKILL) the worker process running a chosen task, as
often as asked, once the task has run for AFTER seconds. A task on a worker that dies counts that
death against it, so no other task may be on the worker then: the engine is told to hold one task
per worker (worker-saturation 1.0, which it applies when a batch has more tasks than twice the
workers' threads), and a worker is killed only while the aimed-at task is alone on it."""

from __future__ import annotations

import contextlib
import os
import signal
import time

import dask
from tornado.ioloop import PeriodicCallback

AFTER = 0.3  # seconds into the build
AIMS: dict[str, int] = {}  # task key → how many more times the worker running it is killed
KILLED: list[str] = []  # the task keys, once per kill, in order


@contextlib.contextmanager
def losing(aims: dict[str, int], allowed_failures: int):
    """Every cluster started inside kills the workers of `aims` and allows each task
    `allowed_failures` lost workers; yields the list of kills (task keys), filled as they happen."""
    AIMS.clear()
    AIMS.update(aims)
    KILLED.clear()
    config = {
        "distributed.scheduler.allowed-failures": allowed_failures,
        "distributed.scheduler.worker-saturation": 1.0,
        "distributed.scheduler.preload": [__name__],
    }
    with dask.config.set(config):
        yield KILLED


def dask_setup(scheduler) -> None:
    """Called by the scheduler as it starts: watch the aimed-at tasks ten times a second."""
    alone_since: dict[str, tuple[str, float]] = {}  # task key → (worker, when it began to run alone there)
    dead: set[str] = set()

    def strike() -> None:
        now = time.monotonic()
        for key in [key for key, left in AIMS.items() if left]:
            task = scheduler.tasks.get(key)
            worker = task.processing_on if task else None
            if worker is None or worker.address in dead or len(worker.processing) != 1:
                alone_since.pop(key, None)
                continue
            address, since = alone_since.setdefault(key, (worker.address, now))
            if address != worker.address:
                alone_since[key] = (worker.address, now)
            elif now - since >= AFTER:
                os.kill(worker.pid, signal.SIGKILL)
                dead.add(worker.address)
                AIMS[key] -= 1
                KILLED.append(key)
                alone_since.pop(key)

    scheduler.periodic_callbacks["tilstand-lose-workers"] = PeriodicCallback(strike, 100)
