"""A rebuild with nothing changed returns at once, before the heavy stack is imported.

After each build the rebuild key (every input's content, publish/inputs.py, and the choices of
the command) is written beside the published site and under the command's choices. When `build`
is asked the same again, it computes the key from the files alone and, when it matches the site
still in place (and its PDF, when one was asked for), says so instead of building. Reads only the
standard library and the inputs' list.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tilstand.paths import Workspace
from tilstand.publish.inputs import RebuildKeys


def request(municipality, year, out, language, final, pdf, chapter, docx=False) -> dict:
    """The command's choices, as typed: the same typing finds the same earlier build."""
    return {
        "municipality": str(municipality).strip(),
        "year": str(year or ""),
        "language": language or "",
        "out": str(Path(out).resolve()) if out else "",
        "final": bool(final),
        "pdf": bool(pdf),
        "docx": bool(docx),
        "chapter": chapter or "",
    }


def rebuild_key(workspace: Workspace, kommunenummer: str, year: int, choices: dict) -> str:
    return RebuildKeys(workspace)(kommunenummer, year, choices)


def _record(workspace: Workspace, choices: dict) -> Path:
    name = hashlib.sha256(json.dumps(choices, sort_keys=True).encode()).hexdigest()[:20]
    return workspace.build / ".cache" / "builds" / f"{name}.json"


def _site_key(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.key"


def remember(workspace: Workspace, choices: dict, result) -> None:
    """Record a finished build (a publish.pipeline.BuildResult) for the next `build` with the same choices."""
    from tilstand.ingest.problems import render

    key = rebuild_key(workspace, result.target.kommunenummer, result.target.year, choices)
    _site_key(result.site_dir).write_text(key, encoding="utf-8")
    record = _record(workspace, choices)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(
        json.dumps(
            {
                "key": key,
                "kommunenummer": result.target.kommunenummer,
                "year": result.target.year,
                "name": result.target.name,
                "language": result.language,
                "final": result.final,
                "site_dir": str(result.site_dir),
                "pdf": str(result.pdf) if result.pdf else "",
                "docx": str(result.docx) if getattr(result, "docx", None) else "",
                "omitted": result.omitted,
                "warnings": [render(w, result.language) for w in result.warnings],
                "log": str(result.log) if result.log else "",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


def unchanged(workspace: Workspace, choices: dict) -> dict | None:
    """The earlier build's record when its site is in place and nothing it read has changed."""
    record = _record(workspace, choices)
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
        site = Path(known["site_dir"])
        if not (site / "index.html").exists() or any(
            known.get(kind) and not Path(known[kind]).exists() for kind in ("pdf", "docx")
        ):
            return None
        key = rebuild_key(workspace, known["kommunenummer"], known["year"], choices)
        return known if key == known["key"] == _site_key(site).read_text(encoding="utf-8") else None
    except (OSError, ValueError, KeyError):
        return None
