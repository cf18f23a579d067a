"""Turns an executed chapter into the page a reader gets (see present/outputs.py for the protocol).

- a figure's outputs become its HTML, and its CSV file is collected for _static/data/;
- the service's own text is read from narrative/ now, so an edit always shows;
- where the service's text is missing, a draft shows its guidance, marked as such; a final
  report never does;
- a figure without figures is left out, and so is a section (or a whole chapter) left with
  nothing but such figures: it is listed on the page of what the report does not contain;
- figures and tables are numbered through the report («Figur 7», «Tabell 3»), in the order of
  the chapters, so the site, the PDF and the Word document made from these pages carry the same
  numbers a council member can cite;
- the service's texts refer to a figure or its table by id («{figur:meldinger_nye}»): once every
  chapter is numbered, the reference becomes «figur 7», a link to the figure; one the report does
  not have becomes «figur ?» with a note in a draft, and stops a final report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import nbformat

from tilstand.ingest import narrative
from tilstand.ingest.usertext import END, MARK, Note, Reference
from tilstand.language import Texts
from tilstand.paths import Workspace
from tilstand.present import html
from tilstand.present.outputs import Role, read
from tilstand.present.tables import slug

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$", re.MULTILINE)
# A figure's title (with the figure's anchor, present/html.py) or a table's caption, in page order.
_NUMBERED = re.compile(r'(<span class="tilstand-figure__title"(?: id="(?:title-)?([^"]*)")?[^>]*>)|(<caption>)')
_MARKED = re.compile(f"{MARK}(\\d+){END}")


@dataclass(frozen=True)
class Place:
    """Where a numbered figure or table stands: its number, its chapter's page and the figure's anchor."""

    number: int
    page: str
    anchor: str


@dataclass
class Numbers:
    """The last figure and table number given (one counter for the whole report), where each
    figure and its table stand, and the references to them in the service's texts."""

    figures: int = 0
    tables: int = 0
    places: dict[tuple[str, str], Place] = field(default_factory=dict)  # ("figur"/"tabell", anchor) → place
    references: list[Reference] = field(default_factory=list)

    def apply(self, content: str, language: str, page: str = "") -> str:
        """The reader's HTML (one output, on the chapter's page) with each figure title and table
        caption numbered in turn; a table after a figure's title is that figure's table."""
        t = Texts(language)
        figure = ""

        def number(match) -> str:
            nonlocal figure
            if match.group(1):
                self.figures += 1
                figure = match.group(2) or ""
                kind, count, label = "figur", self.figures, t("html.figure_number", number=self.figures)
            else:
                self.tables += 1
                kind, count, label = "tabell", self.tables, t("html.table_number", number=self.tables)
            if figure:
                self.places.setdefault((kind, figure), Place(count, page, f"figur-{figure}"))
            return f'{match.group(0)}<span class="tilstand-number">{label}</span> '

        return _NUMBERED.sub(number, content)

    def refer(self, content: str, references: tuple[Reference, ...]) -> str:
        """A text's HTML with its references' marks made the report's: resolved once all is numbered."""
        start = len(self.references)
        self.references += references
        return _MARKED.sub(lambda m: f"{MARK}{start + int(m.group(1))}{END}", content)

    def place(self, reference: Reference) -> Place | None:
        return self.places.get((reference.kind.lower(), slug(reference.name)))

    def resolve(self, content: str, language: str, whole_report: bool = True) -> tuple[str, list[Note]]:
        """The references in content as «figur 7», a link to the figure on its page (`page.html#anchor`,
        the site's chapters share a folder); one not in the report (or in a one-chapter preview, not in
        that chapter) as «figur ?», with its note."""
        t, missing = Texts(language), []

        def resolved(match) -> str:
            reference = self.references[int(match.group(1))]
            place = self.place(reference)
            word = t(
                f"html.{'figure' if reference.kind.lower() == 'figur' else 'table'}_reference",
                number=place.number if place else "?",
            )
            word = word[:1].upper() + word[1:] if reference.kind[:1].isupper() else word
            if place is None:
                missing.append(reference.note(whole_report))
                return escape(word)
            return f'<a class="tilstand-ref" href="{escape(place.page)}.html#{escape(place.anchor)}">{escape(word)}</a>'

        return _MARKED.sub(resolved, content), missing


@dataclass(frozen=True)
class PageOptions:
    """What finishing a page needs to know about the build (not the municipality's settings)."""

    workspace: Workspace
    kommunenummer: str
    year: int
    language: str
    final: bool


@dataclass
class Finished:
    title: str
    downloads: dict[str, str] = field(default_factory=dict)
    omitted: list[tuple[str, list[str]]] = field(default_factory=list)  # (section heading, what had no figures)
    aside: list[tuple[str, str]] = field(default_factory=list)  # (why, what): figures kept off the pages
    empty: bool = False  # nothing in the chapter had figures: leave it out of the report
    page: str = ""  # the chapter's page, without .html: where its figures are linked to
    refers: bool = False  # the service's text on it refers to figures (resolved when all are numbered)


def _narrative_output(name: str, options: PageOptions, numbers: Numbers) -> dict | None:
    """The service's text as it is in its file now (safe HTML, see ingest/usertext.py), its
    references to figures handed to numbers; in a draft, the guidance where it is missing, a note
    of anything taken out of it, and a notice under a text that is still last year's."""
    section, _, chapter = name.partition("/")
    t = Texts(options.language)
    if chapter:
        written = narrative.read_comment(options.kommunenummer, options.year, chapter, options.workspace)
        if written is None:
            return None
        text = numbers.refer(written.html, written.references)
        content = f"<p><strong>{escape(t('narrative.comment_heading'))}</strong></p>\n{text}" if text else ""
    else:
        written = narrative.read_section(options.kommunenummer, options.year, name, options.workspace)
        content = numbers.refer(written.html, written.references) if written else ""
    if options.final:
        return _html_output(content) if content else None
    if not content:
        content = html.draft_guide(name, options.language) if not chapter else ""
    if written and written.notes:
        content += _notes_box(written.notes, options.language)
    if content and _is_last_years(name, options, written):
        content += html.draft_note(html.notice_html(t("draft.unchanged", last=options.year - 1)), options.language)
    return _html_output(content) if content else None


def _is_last_years(name: str, options: PageOptions, written: narrative.Written | None) -> bool:
    """The text (a section, or a chapter's comment «kommentarer/<kapittel>»), as written, is still last year's."""
    section, _, chapter = name.partition("/")
    relative = f"{narrative.COMMENTS}/{chapter}.md" if chapter else f"{section}.md"
    this_year = narrative.folder(options.kommunenummer, options.year, options.workspace) / relative
    last = narrative.folder(options.kommunenummer, options.year - 1, options.workspace) / relative
    return narrative.is_stale(this_year, last, options.workspace, this=written)


def _html_output(content: str) -> dict:
    return nbformat.v4.new_output("display_data", data={"text/html": content})


def _finish_cell(cell, options: PageOptions, finished: Finished, numbers: Numbers) -> tuple[int, list[str]]:
    """Replace the cell's protocol groups; return how many things a reader sees and what was empty."""
    outputs, shown, empty = [], 0, []
    for output in cell.get("outputs", []):
        info = read(output)
        if info is None:
            outputs.append(output)
            continue
        if "role" not in info:  # a later part of a group already handled
            continue
        role = Role(info["role"])
        if role is Role.READER:
            outputs.append(_html_output(numbers.apply(info["html"], options.language, finished.page)))
            finished.downloads.update(info["downloads"])
            shown += 1
        elif role is Role.EMPTY:
            empty.append("" if info.get("optional") else info["name"])
            if info.get("aside"):
                finished.aside.append((info["aside"], info["name"]))
        elif role is Role.NARRATIVE:
            known = len(numbers.references)
            replacement = _narrative_output(info["name"], options, numbers)
            finished.refers |= len(numbers.references) > known
            if replacement is not None:
                outputs.append(replacement)
                shown += 1
    cell["outputs"] = outputs
    return shown, empty


def _heading(cell) -> tuple[int, str] | None:
    if cell.cell_type != "markdown":
        return None
    match = _HEADING.search(cell.source)
    return (len(match.group(1)), match.group(2)) if match else None


def _shown(output) -> bool:
    """Whether an output appears on the page (a glued value, stored for {glue} roles, does not)."""
    return not output.get("metadata", {}).get("scrapbook", {}).get("mime_prefix")


PARAMETER_TAGS = {"parameters", "injected-parameters"}  # for the analyst and Papermill, not the reader


def finish_notebook(path, title: str, options: PageOptions, numbers: Numbers | None = None) -> Finished:
    """Finish one executed chapter (titled `title`) in place; numbers carries the numbering on
    from the chapters before it."""
    numbers = numbers if numbers is not None else Numbers()
    notebook = nbformat.read(path, as_version=4)
    cells = notebook.cells
    for cell in cells:
        tags = cell.metadata.setdefault("tags", [])
        if PARAMETER_TAGS & set(tags) and "remove-cell" not in tags:
            tags.append("remove-cell")
    finished = Finished(title, page=Path(path).stem)
    counts = [
        (_finish_cell(cell, options, finished, numbers) if cell.cell_type == "code" else (0, [])) for cell in cells
    ]
    keep = [True] * len(cells)
    headings = [(i, h) for i, cell in enumerate(cells) if (h := _heading(cell))]
    # Deepest sections first, so a section emptied by its subsections is judged on what is left:
    # nothing shown in it, and something asked for in it (here or in a subsection already left out)
    # that had no figures. A section of prose alone, with nothing asked for, stays.
    for index, (level, text) in sorted(headings, key=lambda item: -item[1][0]):
        end = next((i for i, h in headings if i > index and h[0] <= level), len(cells))
        shown = sum(counts[i][0] for i in range(index, end) if keep[i])
        empty = [what for i in range(index, end) for what in counts[i][1]]
        if empty and not shown:
            listed = [what for what in empty if what]  # an optional part not used is not listed
            if level == 1:
                finished.empty = True  # the whole chapter goes: one entry, not one per section
                finished.omitted = [("", listed)]
                break
            for i in range(index, end):
                keep[i] = False
            if listed:
                finished.omitted.append((text, listed))
    for cell in cells:
        if (
            cell.cell_type == "code"
            and not any(map(_shown, cell.outputs))
            and "remove-cell" not in cell.metadata["tags"]
        ):
            # It would leave an empty box on the page, where on paper a heading could part from
            # its text. Its glued values stay: myst-nb reads them from every cell.
            cell.metadata["tags"] = [*cell.metadata["tags"], "remove-cell"]
    notebook.cells = [cell for cell, kept in zip(cells, keep) if kept]
    nbformat.write(notebook, path)
    return finished


def resolve_references(
    paths: list[Path], numbers: Numbers, language: str, final: bool, whole_report: bool = True
) -> list[Note]:
    """Put each reference's number in the finished chapters at paths (those whose texts refer to
    figures), now that every chapter is numbered, so a text may point to a later chapter; return
    the notes of references the report has no figure for. A draft shows them under the text; a
    final report is refused (publish/pipeline.py)."""
    unresolved = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        for output in (output for cell in notebook.cells for output in cell.get("outputs", [])):
            content = output.get("data", {}).get("text/html", "")
            if MARK not in content:
                continue
            content, missing = numbers.resolve(content, language, whole_report)
            if missing and not final:
                content += _notes_box(missing, language)
            output["data"]["text/html"] = content
            unresolved += missing
        nbformat.write(notebook, path)
    return unresolved


def _notes_box(notes, language: str) -> str:
    """A draft's box listing what was taken out of a text or left unfinished, with file and line."""
    t = Texts(language)
    items = "".join(f"<li>{escape(note.text(t))}</li>" for note in notes)
    return html.draft_note(f"<p>{escape(t('usertext.notes_heading'))}</p><ul>{items}</ul>", language)


def omitted_page(chapters: list[Finished], language: str, final: bool) -> str | None:
    """The appendix: what the report leaves out for want of figures, the figures it keeps off its
    pages (all hidden as small counts, an optional part not switched on, an indicator shown only
    here), and, in a draft, how to add them."""
    t = Texts(language)
    entries = [
        (chapter, heading, items) for chapter in chapters if not chapter.empty for heading, items in chapter.omitted
    ]
    whole = [chapter for chapter in chapters if chapter.empty]
    aside = {
        why: sorted({what for chapter in chapters for reason, what in chapter.aside if reason == why})
        for why in ("hidden", "part_off", "appendix_only")
    }
    if not entries and not whole and not any(aside.values()):
        return None
    lines = [f"# {t('omitted.title')}", ""]
    if whole:
        lines += [t("omitted.chapters"), ""]
    for chapter in whole:
        items = sorted({what for _, listed in chapter.omitted for what in listed})
        lines.append(f"- **{chapter.title}**" + (f": {t.join(items)}" if items else ""))
    if entries:
        lines += [*([""] if whole else []), t("omitted.intro"), ""]
    for chapter, heading, items in entries:
        where = chapter.title if not heading else f"{chapter.title}: {heading}"
        lines.append(f"- **{where}**: {t.join(sorted(set(items)))}")
    for why, items in aside.items():
        if items:
            lines += ["", t(f"omitted.{why}"), "", *(f"- {item}" for item in items)]
    if not final:
        lines += [
            "",
            "```{admonition} " + t("draft.label"),
            ":class: tilstand-draft-note",
            "",
            t("omitted.how_to_add"),
            "```",
        ]
    return "\n".join(lines) + "\n"
