"""How a chapter shows what it shows, in its notebook: one protocol for JupyterLab and the site.

Each thing shown (a figure, a notice, the service's own text) is a group of ordinary outputs an
analyst's JupyterLab renders (markdown, a Vega-Lite chart, an HTML table). The first output of
the group carries, in its metadata under "tilstand", what the site needs: the role, the site's
HTML and the files to download. The build (publish/outputs.py) replaces each group by its HTML,
writes the downloads, fills in the service's text and leaves out what a reader should not see.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from tilstand.language import Texts
from tilstand.present import html
from tilstand.present.blocks import Block

KEY = "tilstand"
VEGALITE = "application/vnd.vegalite.v5+json"  # the version JupyterLab 4 renders
LAB_WIDTH = 640


class Role(StrEnum):
    READER = "reader"  # shown on the site as its HTML
    EMPTY = "empty"  # a figure without figures: left out; a section of nothing but these goes too
    NARRATIVE = "narrative"  # the service's own text: read from narrative/ when the site is assembled
    LAB = "lab"  # for the analyst in JupyterLab only (glued values)


@dataclass(frozen=True)
class Shown:
    role: Role
    lab: tuple[dict, ...]  # the bundles JupyterLab shows, in order
    html: str = ""  # what the site shows
    downloads: dict[str, str] = field(default_factory=dict)  # file name → text
    name: str = ""  # the narrative section, or what an empty figure is about
    optional: bool = False  # empty because the part is not used here: left out unlisted
    aside: str = ""  # figures there are, kept off the pages: "part_off" (an optional
    # part the settings leave out) or "appendix_only"; listed in the appendix

    def metadata(self) -> dict:
        return {
            "role": self.role.value,
            "html": self.html,
            "downloads": self.downloads,
            "name": self.name,
            "optional": self.optional,
            "aside": self.aside,
        }


def figure(block: Block, language: str) -> Shown:
    lab = [{"text/markdown": f"**{block.title}**  \n{block.subtitle}"}]
    if block.key_figure:
        year = f" ({block.key_figure_year})" if block.key_figure_year else ""
        lab.append({"text/markdown": f"## {block.key_figure}{year}"})
    if block.chart:
        lab.append({VEGALITE: lab_chart(block.chart), "text/plain": block.summary})
    text = " ".join([block.summary, *block.notes]).strip()
    if text:
        lab.append({"text/markdown": text})
    if block.table:
        lab.append({"text/html": html.table_html(block.table, language)})
    downloads = {block.download.name: block.download.text} if block.download else {}
    return Shown(Role.READER, tuple(lab), html.block_html(block, language), downloads)


def lab_chart(spec: dict) -> dict:
    """The chart as JupyterLab draws it: a fixed width, since Lab's output area has none for
    Vega's «container» to follow (the chart would grow with every redraw and hang the tab)."""
    return {**spec, "width": LAB_WIDTH} if spec.get("width") == "container" else spec


def reader_html(content: str, markdown: str, downloads: dict[str, str] | None = None) -> Shown:
    """Anything else a reader sees (a table, a list, a notice): its HTML, and markdown for Lab."""
    return Shown(Role.READER, ({"text/markdown": markdown},), content, downloads or {})


def empty(what: str, language: str, optional: bool = False, aside: str = "") -> Shown:
    """A figure asked for but without figures: said in Lab; on the site the figure is left out and
    listed on the page of what the report does not contain. An optional part the municipality
    does not use is left out without a word, unless it has figures (aside): the appendix names them."""
    key = "lab.optional" if optional else "lab.empty"
    return Shown(
        Role.EMPTY, ({"text/markdown": Texts(language)(key, what=what)},), name=what, optional=optional, aside=aside
    )


def narrative(name: str, text: str | None, language: str) -> Shown:
    """The service's own text; the build fills in the file's current content."""
    shown = text if text else Texts(language)("lab.narrative_missing", name=name)
    return Shown(Role.NARRATIVE, ({"text/markdown": shown},), name=name)


_MARKUP = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "[": "\\[",
    "]": "\\]",
    "`": "\\`",
    "{": "\\{",
    "}": "\\}",
    "\\": "\\\\",
    "|": "\\|",
}


def as_text(text: str) -> str:
    """Text for a Markdown glue ({glue:md}) that stays text: a name from the register or the
    settings never becomes HTML, a link or a MyST role (emphasis the sentences use is kept)."""
    return "".join(_MARKUP.get(ch, ch) for ch in text)


def for_lab(markdown: str) -> Shown:
    return Shown(Role.LAB, ({"text/markdown": markdown},))


def show(shown: Shown) -> None:
    """Display the group in the running notebook."""
    from IPython.display import display

    group = uuid.uuid4().hex[:12]
    for index, bundle in enumerate(shown.lab):
        info = {"group": group, **(shown.metadata() if index == 0 else {})}
        display(bundle, raw=True, metadata={KEY: info})


def read(output: dict) -> dict | None:
    """The protocol's information of a notebook output, or None for any other output."""
    return (output.get("metadata") or {}).get(KEY)
