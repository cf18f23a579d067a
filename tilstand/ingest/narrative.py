"""The service's own text: the sections of the report only the service can write (the leader's
assessment, organisation, supervision, user participation, cooperation, challenges) and its
optional comments on each chapter's figures. Read from narrative/<kommunenummer>/<år>/, never
invented.

A file holds headings and text in Markdown; everything between <!-- and --> is guidance for the
writer (`init` writes it) and never reaches a reader. A file with nothing but headings and
guidance is not written yet. What a person wrote is text, never markup: it enters only through
usertext.render, which takes out anything else and notes it (file and line) for the draft; a
final report refuses while a note remains. A file that is a symbolic link, or lies outside the
project's narrative folder, is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tilstand.ingest.problems import Problem
from tilstand.ingest.usertext import IMAGES_DIR, MAX_TEXT_BYTES, Note, Reference, render
from tilstand.language import Texts
from tilstand.paths import DEFAULT_WORKSPACE, Workspace, confine

# The hand-written sections a final report must have, in reading order (Bufdir's template and the
# model report: leader's assessment, organisation, supervision, user participation, cooperation,
# challenges and priorities).
SECTIONS = (
    "leders_vurdering",
    "organisering_og_bemanning",
    "tilsyn_og_forvaltningsrevisjon",
    "brukermedvirkning",
    "samarbeid_med_andre_sektorer",
    "utfordringsbilde",
)
COMMENTS = "kommentarer"  # narrative/<k>/<år>/kommentarer/<kapittel>.md: the service's comment
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


@dataclass(frozen=True)
class Written:
    """A text as a reader gets it: safe HTML (headings as bold lines, guidance removed), a note
    for everything taken out of it or left unfinished, and its references to figures (marked in
    the HTML, numbered when the report is finished)."""

    html: str
    notes: tuple[Note, ...] = ()
    references: tuple[Reference, ...] = ()

    @property
    def finished(self) -> bool:
        """Written, and nothing in it that stops a final report."""
        return bool(self.html.strip()) and not self.notes


def written_text(path: Path, workspace: Workspace = DEFAULT_WORKSPACE) -> Written | None:
    """The text of one file; None when nothing is written yet: the file is absent, empty, or holds
    only headings and guidance (and nothing was taken out of it)."""
    if not path.is_file() and not path.is_symlink():
        return None
    label = workspace.relative(path)
    if path.is_symlink() or confine(path, workspace.narrative) is None:
        return Written("", (Note(label, None, "not_inside"),))
    try:
        raw = path.read_text(encoding="utf-8")[:MAX_TEXT_BYTES]
    except UnicodeDecodeError:
        return Written("", (Note(label, None, "not_utf8"),))
    text, notes = _without_guidance(raw, label)
    if not _HEADING.sub("", text).strip():
        unfinished = tuple(note for note in notes if note.key != "guidance_only")
        return Written("", unfinished) if unfinished else None
    year_folder = path.parent.parent if path.parent.name == COMMENTS else path.parent
    html, removed, references = render(_demote_headings(text), label, path.parent, year_folder / IMAGES_DIR)
    return Written(html, tuple(sorted([*notes, *removed], key=lambda n: n.line or 0)), tuple(references))


def _without_guidance(raw: str, label: str) -> tuple[str, list[Note]]:
    """The text with guidance blanked (lines kept, so notes name the file's own lines); an unclosed
    <!-- hides the rest and is noted, and so is a heading with nothing but guidance under it."""
    text = _GUIDANCE.sub(lambda m: "\n" * m.group(0).count("\n"), raw)
    notes = []
    if (start := text.find("<!--")) >= 0:
        notes.append(Note(label, text.count("\n", 0, start) + 1, "unclosed_comment"))
        text = text[:start]
    lines, raw_lines = text.split("\n"), raw.split("\n")
    headings = [i for i, line in enumerate(lines) if _HEADING.fullmatch(line.strip())] + [len(lines)]
    for here, after in zip(headings, headings[1:]):
        body = "\n".join(lines[here + 1 : after]).strip()
        if not body and "<!--" in "\n".join(raw_lines[here + 1 : after]):
            notes.append(Note(label, here + 1, "guidance_only", _HEADING.sub(r"\1", lines[here].strip())))
    return text, notes


def read_section(kommunenummer: str, year: int, name: str, workspace: Workspace = DEFAULT_WORKSPACE) -> Written | None:
    return written_text(section_path(kommunenummer, year, name, workspace), workspace)


def read_comment(
    kommunenummer: str, year: int, chapter: str, workspace: Workspace = DEFAULT_WORKSPACE
) -> Written | None:
    return written_text(comment_path(kommunenummer, year, chapter, workspace), workspace)


def missing_sections(kommunenummer: str, year: int, workspace: Workspace = DEFAULT_WORKSPACE) -> list[str]:
    """The required sections not written, or left unfinished (an unclosed comment, guidance only)."""
    unfinished = {"unclosed_comment", "guidance_only", "not_inside", "not_utf8"}
    return [
        name
        for name in SECTIONS
        if (text := read_section(kommunenummer, year, name, workspace)) is None
        or not text.html.strip()
        or any(note.key in unfinished for note in text.notes)
    ]


def notes(kommunenummer: str, year: int, workspace: Workspace = DEFAULT_WORKSPACE) -> list[Note]:
    """Everything taken out of, or left unfinished in, the year's texts and comments."""
    paths = [section_path(kommunenummer, year, name, workspace) for name in SECTIONS]
    paths += sorted((folder(kommunenummer, year, workspace) / COMMENTS).glob("*.md"))
    return [note for path in paths if (text := written_text(path, workspace)) for note in text.notes]


def is_stale(
    path: Path, last_year: Path, workspace: Workspace = DEFAULT_WORKSPACE, *, this: Written | None = None
) -> bool:
    """Last year's text about to be published as this year's: the file still carries init's
    «copied from last year» note, or what a reader would see is exactly last year's text.
    this: the file's text, when the caller has it already (so it is not rendered twice)."""
    if not path.is_file() or path.is_symlink():
        return False
    if COPIED_MARKER.search(path.read_text(encoding="utf-8", errors="replace")):
        return True
    this = this or written_text(path, workspace)
    last = this and this.html and written_text(last_year, workspace)
    return bool(last and this.html == last.html)


def stale_files(kommunenummer: str, year: int, workspace: Workspace = DEFAULT_WORKSPACE) -> list[Path]:
    """This year's sections and chapter comments that are still last year's text."""
    paths = [section_path(kommunenummer, year, name, workspace) for name in SECTIONS]
    comments = folder(kommunenummer, year, workspace) / COMMENTS
    paths += sorted(comments.glob("*.md")) if comments.is_dir() else []
    last = folder(kommunenummer, year - 1, workspace)
    return [p for p in paths if is_stale(p, last / p.relative_to(folder(kommunenummer, year, workspace)), workspace)]


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
        if guidance and heading:  # the note before the first heading is about the file itself
            pairs.append((heading, guidance))
    return pairs


def _demote_headings(text: str) -> str:
    """Headings in the file become bold lines: the page's sections come from the chapter, not the file."""
    return _HEADING.sub(r"**\1**", text)


def warnings(kommunenummer: str, year: int, workspace: Workspace = DEFAULT_WORKSPACE) -> list[Problem]:
    """The notes as warnings for the command line (a draft is built; a final is refused)."""
    return as_warnings(notes(kommunenummer, year, workspace))


def as_warnings(found: list[Note]) -> list[Problem]:
    t = Texts("nb")
    return [
        Problem(note.file, None, "", "", (f"linje {note.line}: " if note.line else "") + note.message(t), warning=True)
        for note in found
    ]
