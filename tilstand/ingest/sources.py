"""What the project knows about a figure's source besides its id: when cached SSB figures were
fetched (SSB's CC BY 4.0 licence asks for the credit with its date). The wording a reader sees
(«Kilde: …») is made in present/sources.py."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from tilstand.paths import DEFAULT_WORKSPACE, Workspace, fingerprint

SSB_PREFIX = "ssb_"


@lru_cache(maxsize=64)
def _retrieved(path: Path, kommunenummer: str, _fingerprint: tuple) -> date | None:
    if not path.exists():
        return None
    entry = json.loads(path.read_text(encoding="utf-8")).get("by_municipality", {}).get(kommunenummer)
    return date.fromisoformat(entry["retrieved"][:10]) if entry else None


def ssb_retrieved(table_id: str, kommunenummer: str, workspace: Workspace = DEFAULT_WORKSPACE) -> date | None:
    """When the cached SSB figures for this municipality were fetched (from provenance.json)."""
    path = workspace.ssb_cache / table_id / "provenance.json"
    return _retrieved(path, kommunenummer, fingerprint(path))
