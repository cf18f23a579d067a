"""Benchmark: wall time per stage for the fictitious example report, from clean, after an edit of the
service's text (narrative/) and after an edit of the municipality's own figures.

    python -m tilstand.bench        (or `make bench`)

Every run builds in a scratch copy of the project, so the edits never touch the checkout. Writes
_build/bench.json and prints a table. Targets on a 2-core machine: a clean build in ≤ 15 s, a
rebuild after a text edit in ≤ 6 s. Tests never time anything; this does.
"""
from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from pathlib import Path

from tilstand.ingest import narrative
from tilstand.paths import DEFAULT_WORKSPACE, Workspace
from tilstand.publish import build_report
from tilstand.publish.inputs import ASSEMBLE, build_inputs

MUNICIPALITY, YEAR = "9901", 2024      # the fictitious example: own figures and texts of its own
TARGETS = {"clean": 15.0, "narrative_edit": 6.0, "own_figures_edit": 15.0}


def _edit_narrative(workspace: Workspace) -> str:
    path = narrative.section_path(MUNICIPALITY, YEAR, "leders_vurdering", workspace)
    path.write_text(path.read_text(encoding="utf-8") + "\nEn ekstra setning lagt til av målingen.\n", encoding="utf-8")
    assert any(path.is_relative_to(p) for i in build_inputs(workspace, MUNICIPALITY, YEAR) if i.step == ASSEMBLE
               for p in i.paths), "the service's text must be an assemble-step input"
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


def run() -> dict:
    results = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                           "load_average_at_start": os.getloadavg()[0]},
               "report": f"{MUNICIPALITY} {YEAR}", "runs": {}}
    with tempfile.TemporaryDirectory() as folder:
        workspace = DEFAULT_WORKSPACE.copy_to(Path(folder))
        for name, edit in (("clean", None), ("narrative_edit", _edit_narrative), ("own_figures_edit", _edit_own_figures)):
            if edit:
                results.setdefault("edited", {})[name] = edit(workspace)
            started = time.perf_counter()
            result = build_report(MUNICIPALITY, YEAR, workspace=workspace, progress=False)   # to …/utkast/
            wall = time.perf_counter() - started
            results["runs"][name] = {"execute_s": round(result.timings["execute"], 2),
                                     "assemble_s": round(result.timings["assemble"], 2),
                                     "total_s": round(wall, 2), "target_s": TARGETS[name],
                                     "within_target": wall <= TARGETS[name],
                                     "chapters_run": len(result.executed)}
    return results


def main() -> int:
    results = run()
    DEFAULT_WORKSPACE.build.mkdir(exist_ok=True)
    path = DEFAULT_WORKSPACE.build / "bench.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"{'bygg':<18}{'kapitler':>9}{'kjøring':>10}{'sammensetting':>15}{'totalt':>9}{'mål':>7}")
    for name, run_ in results["runs"].items():
        print(f"{name:<18}{run_['chapters_run']:>9}{run_['execute_s']:>9.1f}s{run_['assemble_s']:>14.1f}s"
              f"{run_['total_s']:>8.1f}s{run_['target_s']:>6.0f}s {'ok' if run_['within_target'] else 'OVER'}")
    print(f"Skrev {path} (belastning ved start: {results['machine']['load_average_at_start']:.1f}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
