"""Every input of a build, declared once: what it is, where it lies, and which step reads it.

The staging, the rebuild key and the benchmark all read this list, so an input cannot be part of
one and missing from another. An input read when chapters run ("execute") is part of the key of
the executed chapters; an input read when the site is put together ("assemble": the service's
own text, the chapters' prose, the book's configuration) is read anew in every build, so an edit
always shows. A chapter's code cells are part of that chapter's own key (publish/cache.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from tilstand.paths import PACKAGE_DIR, REPO_ROOT, Workspace, files_under

EXECUTE, ASSEMBLE = "execute", "assemble"


@dataclass(frozen=True)
class Input:
    name: str
    paths: tuple[Path, ...]
    step: str


def build_inputs(workspace: Workspace, kommunenummer: str, year: int) -> list[Input]:
    return [
        Input("innstillinger", (workspace.settings / f"{kommunenummer}.yml",), EXECUTE),
        Input("egne tall", (workspace.own_figures / kommunenummer,), EXECUTE),
        Input("data", (workspace.data,), EXECUTE),
        Input("pakken", (PACKAGE_DIR,), EXECUTE),
        Input("avhengigheter", (REPO_ROOT / "requirements.txt",), EXECUTE),
        Input("tjenestens tekster", (workspace.narrative / kommunenummer / str(year),), ASSEMBLE),
        Input("kapitler og bokoppsett", (workspace.chapters, workspace.toc, workspace.config), ASSEMBLE),
    ]


def digest(inputs: list[Input], step: str) -> str:
    """A key over the contents of every file the step reads (each file once)."""
    files = sorted({file.resolve() for i in inputs if i.step == step for path in i.paths for file in files_under(path)})
    sha = hashlib.sha256()
    for file in files:
        sha.update(str(file).encode())
        sha.update(file.read_bytes())
    return sha.hexdigest()


OWN = {"innstillinger", "egne tall", "tjenestens tekster"}  # the inputs that belong to one municipality


class RebuildKeys:
    """The rebuild key of one municipality's build: the contents of every input it reads and the
    command's choices. The inputs all municipalities share (data/, the package, the chapters) are
    hashed once per year, so a batch over many municipalities reads them once."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self._shared: dict[int, str] = {}

    def __call__(self, kommunenummer: str, year: int, choices: dict) -> str:
        inputs = build_inputs(self.workspace, kommunenummer, year)
        if year not in self._shared:
            shared = [i for i in inputs if i.name not in OWN]
            self._shared[year] = digest(shared, EXECUTE) + digest(shared, ASSEMBLE)
        own = [i for i in inputs if i.name in OWN]
        parts = [self._shared[year], digest(own, EXECUTE), digest(own, ASSEMBLE), json.dumps(choices, sort_keys=True)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()
