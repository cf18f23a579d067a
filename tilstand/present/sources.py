"""Names the source of a figure the way a reader needs it: document and table, or SSB table
with its retrieval date (SSB's CC BY 4.0 licence asks for the credit)."""

from __future__ import annotations

from tilstand.formatting import format_date
from tilstand.ingest.reference import source_documents
from tilstand.ingest.sources import SSB_PREFIX, ssb_retrieved
from tilstand.language import Texts
from tilstand.paths import DEFAULT_WORKSPACE, Workspace


def describe_source(
    source: str, refs: list[str], kommunenummer: str, language: str, workspace: Workspace = DEFAULT_WORKSPACE
) -> str:
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


def source_line(
    used: list[tuple[str, list[str]]], kommunenummer: str, language: str, workspace: Workspace = DEFAULT_WORKSPACE
) -> str:
    """«Kilde: …» for the sources a series uses (see Series.sources), in order of first use."""
    t = Texts(language)
    if not used:
        return t("source.none")
    return t(
        "source.line",
        sources="; ".join(describe_source(source, refs, kommunenummer, language, workspace) for source, refs in used),
    )
