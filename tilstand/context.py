"""The build context: what a build hands its chapters besides municipality and year.

The build writes it as a small JSON file and passes its path to every chapter as the Papermill
parameter `context`: the workspace, the publishable figures and what the build resolved once
(target, settings and language, ingest/target.py `Chosen`), so no chapter resolves them again. A
chapter run by hand in JupyterLab has none and resolves them itself, once, with the same function
(this checkout, figures validated on the spot, the municipality's own language).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from tilstand.paths import DEFAULT_WORKSPACE, Workspace


@dataclass(frozen=True)
class BuildContext:
    workspace: str = str(DEFAULT_WORKSPACE.root)  # the checkout (or copy) the build reads
    snapshot: str | None = None  # the publishable figures (validated, small counts hidden)
    language: str | None = None  # the report's language, when the build chose one
    chosen: str | None = None  # the resolved target, settings and language (a file)

    @property
    def folder(self) -> Workspace:
        return Workspace(Path(self.workspace))

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: str | Path | None) -> BuildContext:
        if not path:
            return cls()
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))
