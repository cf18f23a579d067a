"""Names the source of a figure the way a reader needs it: document and table, or SSB table
with its retrieval date (SSB's CC BY 4.0 licence asks for the credit)."""
from __future__ import annotations

import csv
import json
from datetime import date
from functools import lru_cache

from tilstand.formatting import format_date
from tilstand.paths import DATA_DIR

SSB_PREFIX = "ssb_"


@lru_cache(maxsize=1)
def documents() -> dict[str, dict[str, str]]:
    with (DATA_DIR / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@lru_cache(maxsize=64)
def ssb_retrieved(table_id: str, kommunenummer: str) -> date | None:
    """When the cached SSB figures for this municipality were fetched (from provenance.json)."""
    path = DATA_DIR / "ssb" / "cache" / table_id / "provenance.json"
    if not path.exists():
        return None
    entries = json.loads(path.read_text(encoding="utf-8")).get("by_municipality", {})
    entry = entries.get(kommunenummer)
    return date.fromisoformat(entry["retrieved"][:10]) if entry else None


def describe_source(source: str, refs: list[str], kommunenummer: str = "") -> str:
    if source.startswith(SSB_PREFIX):
        table = source.removeprefix(SSB_PREFIX)
        retrieved = ssb_retrieved(table, kommunenummer)
        when = f", hentet {format_date(retrieved)}" if retrieved else ""
        return f"SSB, tabell {table}{when}"
    document = documents().get(source)
    where = f", {', '.join(refs[:4])}" if refs else ""
    if document:
        return f"{document['publisher']}: {document['title']} ({document['published']}){where}"
    return f"{source}{where}"


def source_line(series) -> str:
    used = series.sources()
    if not used:
        return "Kilde: ingen tall."
    return "Kilde: " + "; ".join(describe_source(source, refs, series.kommunenummer)
                                 for source, refs in used) + "."
