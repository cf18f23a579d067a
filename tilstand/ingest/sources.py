"""Names the source of a figure the way a reader needs it: document and table, or SSB table
with its retrieval date (SSB's CC BY 4.0 licence asks for the credit)."""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from tilstand.formatting import format_date
from tilstand.ingest.reference import source_documents
from tilstand.language import Texts
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


def describe_source(source: str, refs: list[str], kommunenummer: str, language: str,
                    workspace: Workspace = DEFAULT_WORKSPACE) -> str:
    t = Texts(language)
    if source.startswith(SSB_PREFIX):
        table = source.removeprefix(SSB_PREFIX)
        retrieved = ssb_retrieved(table, kommunenummer, workspace)
        when = t("source.retrieved", date=format_date(retrieved, language)) if retrieved else ""
        return t("source.ssb", table=table) + when
    document = source_documents(workspace.data).get(source)
    where = f", {', '.join(refs[:4])}" if refs else ""
    if document:
        return f"{document.publisher}: {document.title} ({document.published}){where}"
    return f"{source}{where}"


def source_line(used: list[tuple[str, list[str]]], kommunenummer: str, language: str,
                workspace: Workspace = DEFAULT_WORKSPACE) -> str:
    """«Kilde: …» for the sources a series uses, in order of first use."""
    t = Texts(language)
    if not used:
        return t("source.none")
    return t("source.line", sources="; ".join(describe_source(source, refs, kommunenummer, language, workspace)
                                              for source, refs in used))
