"""Benchmark: the `build` command's wall time for the fictitious example report, from clean, with
nothing changed, after an edit of the service's text (narrative/) and after an edit of the
municipality's own figures (the steps' times come from the build's log); and `batch` over 20
fictitious municipalities (copies of the example) on 2 worker processes: municipalities per minute and
peak memory per worker (the goal: 357 drafts in ≤ 15 minutes, ≤ 1.5 GB per worker).

    python -m tilstand.bench        (or `make bench`)
    python -m tilstand.bench --batch   (the batch figure alone)

Every run is the command a user types (a new process, start to exit), in a scratch copy of the
project, so the edits never touch the checkout. Writes _build/bench.json and prints a table.
Targets on a 2-core machine: a clean build in ≤ 15 s, a no-change rebuild in ≤ 1,5 s, a rebuild
after a text edit in ≤ 6 s. Tests never time anything; this does.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tilstand.ingest import narrative
from tilstand.paths import DEFAULT_WORKSPACE, Workspace
from tilstand.publish.inputs import ASSEMBLE, build_inputs

MUNICIPALITY, YEAR = "9901", 2024  # the fictitious example: own figures and texts of its own
TARGETS = {"clean": 15.0, "no_change": 1.5, "narrative_edit": 6.0, "own_figures_edit": 15.0}
BATCH_COUNT, BATCH_WORKERS = 20, 2  # `batch` over copies of the example, on two worker processes
# The goal: every municipality's draft in ≤ 15 min on two cores, ≤ 1.5 GB a worker.
BATCH_TARGETS = {"all_minutes": 15.0, "worker_peak_mb": 1536}
ALL_MUNICIPALITIES = 357


def _edit_narrative(workspace: Workspace) -> str:
    path = narrative.section_path(MUNICIPALITY, YEAR, "leders_vurdering", workspace)
    path.write_text(path.read_text(encoding="utf-8") + "\nEn ekstra setning lagt til av målingen.\n", encoding="utf-8")
    assert any(
        path.is_relative_to(p)
        for i in build_inputs(workspace, MUNICIPALITY, YEAR)
        if i.step == ASSEMBLE
        for p in i.paths
    ), "the service's text must be an assemble-step input"
    return workspace.relative(path)


def _edit_own_figures(workspace: Workspace) -> str:
    """Sick leave up by a tenth of a percentage point: every chapter's figures may change."""
    path = next((workspace.own_figures / MUNICIPALITY).glob(f"*{YEAR}*"))
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{MUNICIPALITY},{YEAR},sykefravaer_andel,,"):
            cells = line.split(",")
            cells[4] = f"{float(cells[4]) + 0.1:.1f}"
            lines[i] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return workspace.relative(path)


def fictitious_copies(workspace: Workspace, count: int, first: int = 9905) -> list[str]:
    """count fictitious municipalities (99xx), each a copy of the example's own figures and texts, in a
    scratch workspace: enough municipalities to measure a batch without real ones."""
    codes = [str(first + i) for i in range(count)]
    with (workspace.data / "municipalities" / "extra.csv").open("a", encoding="utf-8") as register:
        for code in codes:
            register.write(f'{code},Testkommune {code} (fiktiv),true,bokmal,"Kopi av {MUNICIPALITY} til målinger"\n')
    for code in codes:
        (workspace.own_figures / code).mkdir()
        for path in (workspace.own_figures / MUNICIPALITY).iterdir():
            text = path.read_text(encoding="utf-8").replace(f"\n{MUNICIPALITY},", f"\n{code},")
            (workspace.own_figures / code / path.name.replace(MUNICIPALITY, code)).write_text(text, encoding="utf-8")
        shutil.copytree(workspace.narrative / MUNICIPALITY, workspace.narrative / code)
    return codes


def _step_times(log: Path) -> dict[str, float]:
    """The steps' times the build wrote in its log («execute: 4.2 s»); none for a no-change rebuild."""
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return {name: float(seconds) for name, seconds in re.findall(r"INFO (\w+): ([\d.]+) s$", text, re.M)}


def run() -> dict:
    results = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg()[0],
        },
        "report": f"{MUNICIPALITY} {YEAR}",
        "runs": {},
    }
    with tempfile.TemporaryDirectory() as folder:
        workspace = DEFAULT_WORKSPACE.copy_to(Path(folder))
        out = Path(folder) / "site" / "html"
        command = [
            sys.executable,
            "-m",
            "tilstand",
            "--workspace",
            str(workspace.root),
            "build",
            "--municipality",
            MUNICIPALITY,
            "--year",
            str(YEAR),
            "--out",
            str(out),
            "--quiet",
        ]
        for name, edit in (
            ("clean", None),
            ("no_change", None),
            ("narrative_edit", _edit_narrative),
            ("own_figures_edit", _edit_own_figures),
        ):
            if edit:
                results.setdefault("edited", {})[name] = edit(workspace)
            log = workspace.build / MUNICIPALITY / str(YEAR) / "build.log"
            log.unlink(missing_ok=True)
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            wall = time.perf_counter() - started
            if done.returncode:
                raise SystemExit(f"{name}: byggingen feilet:\n{done.stderr}")
            steps = _step_times(log)
            results["runs"][name] = {
                "execute_s": round(steps.get("execute", 0.0), 2),
                "assemble_s": round(steps.get("assemble", 0.0), 2),
                "total_s": round(wall, 2),
                "target_s": TARGETS[name],
                "within_target": wall <= TARGETS[name],
                "printed": done.stdout.splitlines()[0] if done.stdout else "",
            }
    return results


def run_batch_bench(count: int = BATCH_COUNT, workers: int = BATCH_WORKERS) -> dict:
    """Drafts of count fictitious municipalities on a local cluster of `workers` processes, from a
    cold start (cluster, kernels, dataset): municipalities per minute and each worker's peak memory."""
    from tilstand.publish.batch import Options, run_batch

    with tempfile.TemporaryDirectory() as folder:
        workspace = DEFAULT_WORKSPACE.copy_to(Path(folder))
        codes = fictitious_copies(workspace, count)
        started = time.perf_counter()
        result = run_batch(
            codes,
            Options(YEAR, False, None, str(Path(folder) / "batch")),
            workspace=workspace,
            workers=workers,
            progress=False,
        )
        wall = time.perf_counter() - started
    built = [o for o in result.outcomes if o.status == "ok"]
    per_minute = len(built) / wall * 60
    task_s = sum(o.seconds for o in built) / max(len(built), 1)
    peak = max((o.worker_peak_mb or 0 for o in built), default=0)
    # The run's fixed cost (cluster, imports, checking the figures, closing) and the steady rate of its
    # tasks, carried over to every municipality: what the goal itself is about.
    fixed = max(wall - len(built) * task_s / workers, 0.0)
    all_minutes = (fixed + ALL_MUNICIPALITIES * task_s / workers) / 60
    return {
        "municipalities": count,
        "workers": workers,
        "built": len(built),
        "total_s": round(wall, 1),
        "per_minute": round(per_minute, 1),
        "task_s_mean": round(task_s, 1),
        "cpu_s_mean": round(sum(o.cpu_seconds for o in built) / max(len(built), 1), 1),
        "load_average": os.getloadavg()[0],
        "worker_peak_mb": peak,
        "failed": {o.kommunenummer: o.reason for o in result.failed},
        "fixed_s": round(fixed, 1),
        "all_minutes": round(all_minutes, 1),
        "within_target": all_minutes <= BATCH_TARGETS["all_minutes"] and peak <= BATCH_TARGETS["worker_peak_mb"],
        "targets": BATCH_TARGETS,
    }


def print_batch(batch: dict) -> None:
    print(
        f"batch: {batch['built']} av {batch['municipalities']} kommuner med {batch['workers']} prosesser på "
        f"{batch['total_s']:.0f} s = {batch['per_minute']:.1f} kommuner i minuttet "
        f"({batch['task_s_mean']:.1f} s per kommune og prosess), høyeste minne per prosess "
        f"{batch['worker_peak_mb']} MB (mål ≤ {batch['targets']['worker_peak_mb']} MB)"
    )
    # What two idle cores would do: every core busy with builds, none waiting for the others' jobs.
    print(
        f"  CPU-tid per kommune {batch['cpu_s_mean']:.1f} s (prosess og kjerne); på to ledige kjerner gir det om lag "
        f"{2 * 60 / max(batch['cpu_s_mean'], 0.1):.0f} kommuner i minuttet (belastning ved slutt "
        f"{batch['load_average']:.1f})"
    )
    print(
        f"  fast kostnad {batch['fixed_s']:.0f} s (klynge, import, kontroll av tallene, avslutning); med samme fart "
        f"tar alle {ALL_MUNICIPALITIES} kommuner om lag {batch['all_minutes']:.1f} min "
        f"(mål ≤ {batch['targets']['all_minutes']:.0f} min): {'ok' if batch['within_target'] else 'OVER'}"
    )
    for code, reason in batch["failed"].items():
        print(f"  feilet {code}: {reason}")


def main(argv: list[str] | None = None) -> int:
    """`--batch` measures the batch alone (a few minutes less than everything)."""
    if "--batch" in (sys.argv[1:] if argv is None else argv):
        print_batch(run_batch_bench())
        return 0
    results = run()
    results["batch"] = run_batch_bench()
    DEFAULT_WORKSPACE.build.mkdir(exist_ok=True)
    path = DEFAULT_WORKSPACE.build / "bench.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"{'bygg':<18}{'kjøring':>10}{'sammensetting':>15}{'kommandoen':>12}{'mål':>7}")
    for name, run_ in results["runs"].items():
        print(
            f"{name:<18}{run_['execute_s']:>9.1f}s{run_['assemble_s']:>14.1f}s"
            f"{run_['total_s']:>11.1f}s{run_['target_s']:>6.1f}s {'ok' if run_['within_target'] else 'OVER'}"
        )
    print_batch(results["batch"])
    print(f"Skrev {path} (belastning ved start: {results['machine']['load_average_at_start']:.1f}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
