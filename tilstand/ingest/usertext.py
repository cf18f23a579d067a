"""The one door the service's own text comes in by: Markdown a person wrote → HTML that is only text.

The text is parsed as CommonMark with tables (markdown-it, never MyST), so a directive, a role or
an include is never run. Raw HTML, links other than http(s)/mailto, MyST directives and images
from anywhere but the text's own `bilder/` folder are taken out, and each is noted with the file
and line so a draft can say what was removed and a final can refuse. The HTML then passes the
nh3 sanitiser with an allow-list, so whatever slipped past the parser still cannot be markup that
runs, loads or hides. Images are checked as PNG, JPEG, GIF or WebP and embedded in the page:
the page never loads anything from elsewhere.

A reference to a figure or table by its id, «{figur:meldinger_nye}» («{tabell:…}»), is not
resolved here: the numbers are given only when every chapter is finished. It is kept as a mark
(an index between two private-use characters, which a writer's own text never carries) in the
text, and publish/finish.py puts «figur 7» there.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

import imagesize
import nh3
from markdown_it import MarkdownIt

from tilstand.paths import confine

IMAGES_DIR = "bilder"  # narrative/<k>/<år>/bilder/: the only place a text's images come from
MAX_IMAGE_BYTES = 2_000_000
MAX_TEXT_BYTES = 500_000
TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
_IMAGE_TYPES = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
}
_HIDING = re.compile(r"<(script|style|textarea|title)\b", re.IGNORECASE)
_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$")
_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_PARSER.validateLink = lambda url: True  # every link reaches _inline, which keeps only safe ones and notes the rest
# An id starts and ends with a letter or digit, so an underscore in it is never Markdown's emphasis.
REFERENCE = re.compile(r"\{([Ff]igur|[Tt]abell):([A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)\}")
MARK, END = "\ue000", "\ue001"  # around a reference's index in the rendered text


@dataclass(frozen=True)
class Note:
    """Something taken out of (or left unfinished in) a text: a message key, its detail, the place."""

    file: str
    line: int | None
    key: str  # usertext.<key> in messages.yml
    detail: str = ""

    def message(self, t) -> str:
        return t("usertext." + self.key, detail=self.detail)

    def text(self, t) -> str:
        where = f"{self.file}, linje {self.line}" if self.line else self.file
        return f"{where}: {self.message(t)}"


@dataclass(frozen=True)
class Reference:
    """«{figur:meldinger_nye}» in a text: the figure (or its table) with that id, by its number."""

    file: str
    line: int | None
    kind: str  # «figur» or «tabell», as written: a capital starts a sentence («Figur 7 viser …»)
    name: str  # the figure's id: the indicator's, as in data/indicators.yml

    def note(self, whole_report: bool = True) -> Note:
        """What a draft says, and a final refuses for, when the report has no such figure; in a
        preview of one chapter, the figure may stand in another chapter."""
        kind = "unknown_reference" if whole_report else "reference_elsewhere"
        return Note(self.file, self.line, kind, f"{{{self.kind}:{self.name}}}")


def _short(text: str, limit: int = 40) -> str:
    words = " ".join(text.split())
    return words[:limit] + ("…" if len(words) > limit else "")


def _image(src: str, base: Path, images: Path) -> tuple[str | None, str]:
    """A data: URL of the image at src (relative to the text's folder), or None and why not."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^\\", src, re.I):  # an address or an absolute path
        return None, "image_outside"
    path = confine(base / src, images)
    if path is None:
        exists = (base / src).exists() or (base / src).is_symlink()
        return None, "image_outside" if exists or images.resolve() not in (
            base / src
        ).resolve().parents else "image_missing"
    return image_data_url(path)


def image_data_url(path: Path) -> tuple[str | None, str]:
    """A checked image (PNG, JPEG, GIF or WebP, by its content, at most MAX_IMAGE_BYTES) as a data:
    URL to embed, or None and the note's key saying why not."""
    if not path.is_file():
        return None, "image_missing"
    kind = _IMAGE_TYPES.get(path.suffix.lower())
    if kind is None or path.stat().st_size > MAX_IMAGE_BYTES:
        return None, "image_kind"
    content = path.read_bytes()
    mime, magics = kind
    width, height = imagesize.get(str(path))
    if (
        not content.startswith(magics)
        or (mime == "image/webp" and content[8:12] != b"WEBP")
        or width <= 0
        or height <= 0
    ):
        return None, "image_kind"
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}", ""


def _filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return value if _LINK.match(value) else None
    if attribute == "src":
        return value if element == "img" and _DATA_IMAGE.match(value) else None
    return value


def render(
    text: str, label: str, base: Path, images: Path, first_line: int = 1
) -> tuple[str, list[Note], list[Reference]]:
    """Safe HTML of a Markdown text from the file named label (lines counted from first_line), a
    note for each thing taken out, and the references to figures, each marked in the HTML by its
    index (MARK, index, END). base: the file's folder; images: the folder images may come from."""
    notes: list[Note] = []
    references: list[Reference] = []
    tokens = _PARSER.parse(text.replace(MARK, "").replace(END, ""))
    kept = []
    for token in tokens:
        line = token.map[0] + first_line if token.map else None
        if token.type == "html_block":
            notes.append(Note(label, line, "removed_html", _short(token.content)))
            continue
        if token.type in ("fence", "code_block") and token.info.strip().startswith("{"):
            notes.append(Note(label, line, "removed_directive", token.info.strip().split()[0]))
            continue
        if token.type == "inline" and token.children:
            token.children = _inline(token.children, label, line, base, images, notes)
            _mark_references(token.children, label, line, references)
        kept.append(token)
    html = _PARSER.renderer.render(kept, _PARSER.options, {})
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return clean, notes, references


def _mark_references(children, label: str, line: int | None, references: list[Reference]) -> None:
    """Each reference in the running text becomes its mark; one in a link's text or in code stays
    as written (a link cannot hold a link; code shows what to type)."""
    inside_link = 0
    for child in children:
        inside_link += child.type == "link_open"
        inside_link -= child.type == "link_close"
        if child.type != "text" or inside_link:
            continue

        def mark(match) -> str:
            references.append(Reference(label, line, match.group(1), match.group(2)))
            return f"{MARK}{len(references) - 1}{END}"

        child.content = REFERENCE.sub(mark, child.content)


def _inline(children, label, line, base, images, notes) -> list:
    kept, skip_link, inside = [], 0, None
    for child in children:
        if child.type == "html_inline":
            notes.append(Note(label, line, "removed_html", _short(child.content)))
            opened = _HIDING.match(child.content)
            inside = (
                None
                if inside and child.content.lower().startswith(f"</{inside}")
                else (opened.group(1).lower() if opened else inside)
            )
            continue
        if inside:  # the code between <script> and </script> (or a style's rules) is not text
            continue
        if child.type == "link_open":
            href = child.attrGet("href") or ""
            if not _LINK.match(href):
                notes.append(Note(label, line, "removed_link", _short(href)))
                skip_link += 1
                continue
        if child.type == "link_close" and skip_link:
            skip_link -= 1
            continue
        if child.type == "image":
            source, why = _image(child.attrGet("src") or "", base, images)
            if source is None:
                notes.append(Note(label, line, f"removed_{why}", _short(child.attrGet("src") or "")))
                continue
            child.attrSet("src", source)
        kept.append(child)
    return kept
