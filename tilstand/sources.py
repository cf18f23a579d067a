"""Names the source of a figure the way a reader needs it: document and table, or SSB table."""
from __future__ import annotations

import csv
from functools import lru_cache

from .paths import DATA_DIR


@lru_cache(maxsize=1)
def documents() -> dict[str, dict[str, str]]:
    with (DATA_DIR / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def describe_source(source: str, refs: list[str]) -> str:
    document = documents().get(source)
    where = f", {', '.join(refs[:4])}" if refs else ""
    if document:
        return f"{document['publisher']}: {document['title']} ({document['published']}){where}"
    return f"{source}{where}"


def source_line(series) -> str:
    used = series.sources()
    if not used:
        return "Kilde: ingen tall."
    return "Kilde: " + "; ".join(describe_source(source, refs) for source, refs in used) + "."
