"""The service's own text: the sections of the report only the service can write (the leader's
assessment, organisation, supervision, user participation, cooperation, challenges) and its
optional comments on each chapter's figures. Read from narrative/<kommunenummer>/<år>/, never
invented.

A file holds headings and text in Markdown; everything between <!-- and --> is guidance for the
writer (`init` writes it) and never reaches a reader. A file with nothing but headings and
guidance is not written yet.
"""
from __future__ import annotations

import re
from pathlib import Path

from tilstand.paths import DEFAULT_WORKSPACE, Workspace

# The hand-written sections a final report must have, in reading order (Bufdir's template and the
# model report: leader's assessment, organisation, supervision, user participation, cooperation,
# challenges and priorities).
SECTIONS = ("leders_vurdering", "organisering_og_bemanning", "tilsyn_og_forvaltningsrevisjon",
            "brukermedvirkning", "samarbeid_med_andre_sektorer", "utfordringsbilde")
COMMENTS = "kommentarer"       # narrative/<k>/<år>/kommentarer/<kapittel>.md: the service's comment
GUIDES_DIR = Path(__file__).resolve().parent / "narrative_guides"
_GUIDANCE = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
# init's note on a text copied from last year («<!-- Kopiert fra 2024: …» / «Kopiert frå 2024»):
# as long as it is there, the text has not been brought up to date.
COPIED_MARKER = re.compile(r"<!--\s*Kopiert fr[aå] (\d{4})")


def folder(kommunenummer: str, year: int, workspace: Workspace = DEFAULT_WORKSPACE) -> Path:
    return workspace.narrative / kommunenummer / str(year)


def section_path(kommunenummer: str, year: int, name: str, workspace: Workspace = DEFAULT_WORKSPACE) -> Path:
    return folder(kommunenummer, year, workspace) / f"{name}.md"


def comment_path(kommunenummer: str, year: int, chapter: str, workspace: Workspace = DEFAULT_WORKSPACE) -> Path:
    return folder(kommunenummer, year, workspace) / COMMENTS / f"{chapter}.md"


def written_text(path: Path) -> str | None:
    """The text a reader sees (guidance removed, headings as bold lines); None when nothing is
    written yet: the file is absent, empty, or holds only headings and guidance."""
    if not path.is_file():
        return None
    text = _GUIDANCE.sub("", path.read_text(encoding="utf-8")).strip()
    if not _HEADING.sub("", text).strip():
        return None
    return _demote_headings(re.sub(r"\n{3,}", "\n\n", text))


def read_section(kommunenummer: str, year: int, name: str, workspace: Workspace = DEFAULT_WORKSPACE) -> str | None:
    return written_text(section_path(kommunenummer, year, name, workspace))


def read_comment(kommunenummer: str, year: int, chapter: str, workspace: Workspace = DEFAULT_WORKSPACE) -> str | None:
    return written_text(comment_path(kommunenummer, year, chapter, workspace))


def missing_sections(kommunenummer: str, year: int, workspace: Workspace = DEFAULT_WORKSPACE) -> list[str]:
    return [name for name in SECTIONS if read_section(kommunenummer, year, name, workspace) is None]


def is_stale(path: Path, last_year: Path) -> bool:
    """Last year's text about to be published as this year's: the file still carries init's
    «copied from last year» note, or what a reader would see is exactly last year's text."""
    if not path.is_file():
        return False
    if COPIED_MARKER.search(path.read_text(encoding="utf-8")):
        return True
    text = written_text(path)
    return text is not None and text == written_text(last_year)


def stale_files(kommunenummer: str, year: int, workspace: Workspace = DEFAULT_WORKSPACE) -> list[Path]:
    """This year's sections and chapter comments that are still last year's text."""
    paths = [section_path(kommunenummer, year, name, workspace) for name in SECTIONS]
    comments = folder(kommunenummer, year, workspace) / COMMENTS
    paths += sorted(comments.glob("*.md")) if comments.is_dir() else []
    last = folder(kommunenummer, year - 1, workspace)
    return [p for p in paths if is_stale(p, last / p.relative_to(folder(kommunenummer, year, workspace)))]


def guide_template(name: str, language: str) -> str:
    """The file `init` writes for a section: its headings and, as <!-- guidance -->, what belongs there."""
    return (GUIDES_DIR / language / f"{name}.md").read_text(encoding="utf-8")


def guide_outline(name: str, language: str) -> list[tuple[str, str]]:
    """(heading, guidance) pairs of a section's template, for a draft's notice of what is missing."""
    template = guide_template(name, language)
    pairs, heading = [], ""
    for part in re.split(r"(^#{1,6}[ \t]+.+$)", template, flags=re.MULTILINE):
        if _HEADING.fullmatch(part.strip()):
            heading = _HEADING.sub(r"\1", part.strip())
            continue
        guidance = " ".join(" ".join(m.split()) for m in re.findall(r"<!--(.*?)-->", part, re.DOTALL))
        if guidance and heading:     # the note before the first heading is about the file itself
            pairs.append((heading, guidance))
    return pairs


def _demote_headings(text: str) -> str:
    """Headings in the file become bold lines: the page's sections come from the chapter, not the file."""
    return _HEADING.sub(r"**\1**", text)
