"""The package reads like a table of contents: data flows one way, read → validate → harmonise →
compute → present → publish, so a module imports only from the floors below its own, nothing
imports in a circle, and no module reads the environment behind its caller's back."""

from __future__ import annotations

import ast
import re

from tilstand.paths import PACKAGE_DIR

FLOORS = [  # lowest first; a module may import from its own group and the floors below
    ["yamlfile"],
    ["paths", "units", "regions", "language"],
    ["formatting", "context"],
    ["ingest"],
    ["compute", "ssb", "workflow"],
    ["present"],
    ["publish", "report"],
    ["cli", "bench"],
    ["__main__"],
]
FLOOR = {group: number for number, groups in enumerate(FLOORS) for group in groups}
REPORT_MAX_LINES = 190  # as ruff formats it: one thin method per thing a chapter shows (figures, duties, texts, glue); logic in present/


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def imports(tree: ast.Module, known: set[str]) -> set[str]:
    """Every tilstand module a module imports, at the top or inside a function («from package
    import module» is the module)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tilstand"):
            for alias in node.names:
                found.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("tilstand"))
    return found


def group(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_imports_only_go_down():
    known = modules()
    upward = []
    for name, tree in known.items():
        if name == "tilstand":
            continue
        for target in imports(tree, known.keys()) & known.keys():
            if target != "tilstand" and group(target) != group(name) and FLOOR[group(target)] >= FLOOR[group(name)]:
                upward.append(f"{name} → {target}")
    assert not upward, upward


def test_no_import_cycles():
    known = modules()
    graph = {name: imports(tree, known.keys()) & known.keys() - {name, "tilstand"} for name, tree in known.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles


def test_no_module_reads_the_environment():
    """Settings come from files and arguments; a build's choices travel in its BuildContext."""
    readers = [
        str(path.relative_to(PACKAGE_DIR))
        for path in PACKAGE_DIR.rglob("*.py")
        if re.search(r"os\.environ|getenv\(", path.read_text(encoding="utf-8"))
    ]
    assert not readers, readers


def test_report_only_orchestrates():
    lines = (PACKAGE_DIR / "report.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= REPORT_MAX_LINES, len(lines)
