"""Benchmark: wall time per stage for the default report, from clean and after a text-only edit.

    python -m tilstand.bench        (or `make bench`)

Writes _build/bench.json and prints a table. Targets on a 2-core machine: a full default build
in ≤ 15 s, a rebuild after a narrative-only change in ≤ 6 s. Tests never time anything; this does.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from tilstand.publish import build_report
from tilstand.publish.cache import CACHE_DIR
from tilstand.publish.stage import toc_files
from tilstand.paths import BUILD_DIR, REPO_ROOT

TARGETS = {"clean": 15.0, "narrative_only": 6.0}


def _copy_book(destination: Path) -> Path:
    """A copy of the toc and chapters, so the text edit never touches the checkout."""
    shutil.copyfile(REPO_ROOT / "_toc.yml", destination / "_toc.yml")
    shutil.copytree(REPO_ROOT / "chapters", destination / "chapters")
    return destination / "_toc.yml"


def _edit_narrative(source_root: Path) -> str:
    chapter = source_root / f"{toc_files(source_root / '_toc.yml')[-1]}.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEn ekstra setning lagt til av målingen.\n",
                       encoding="utf-8")
    return chapter.name


def run() -> dict:
    results = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                           "load_average_at_start": os.getloadavg()[0]}, "runs": {}}
    with tempfile.TemporaryDirectory() as folder:
        source_root = Path(folder)
        toc = _copy_book(source_root)
        out = source_root / "site"
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        (BUILD_DIR / ".cache").mkdir(parents=True, exist_ok=True)
        for bundle in (BUILD_DIR / ".cache").glob("vega-bundle*.js"):
            bundle.unlink()
        for name in ("clean", "narrative_only"):
            if name == "narrative_only":
                results["edited"] = _edit_narrative(source_root)
            started = time.perf_counter()
            result = build_report(None, None, out, toc=toc, source_root=source_root, progress=False)
            wall = time.perf_counter() - started
            results["runs"][name] = {"execute_s": round(result.timings["execute"], 2),
                                     "assemble_s": round(result.timings["assemble"], 2),
                                     "total_s": round(wall, 2), "target_s": TARGETS[name],
                                     "within_target": wall <= TARGETS[name],
                                     "reused_execution": result.reused_execution}
    return results


def main() -> int:
    results = run()
    BUILD_DIR.mkdir(exist_ok=True)
    path = BUILD_DIR / "bench.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"{'bygg':<16}{'kjøring':>10}{'sammensetting':>15}{'totalt':>9}{'mål':>7}")
    for name, run_ in results["runs"].items():
        print(f"{name:<16}{run_['execute_s']:>9.1f}s{run_['assemble_s']:>14.1f}s{run_['total_s']:>8.1f}s"
              f"{run_['target_s']:>6.0f}s {'ok' if run_['within_target'] else 'OVER'}")
    print(f"Skrev {path} (belastning ved start: {results['machine']['load_average_at_start']:.1f}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
