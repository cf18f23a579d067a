"""Lays out the staging book: configuration, table of contents, static assets and the chapters as
notebooks in the report's language.

Chapters are MyST-markdown notebooks (jupytext) with their text in every language beside the
shared code: each markdown cell says its language (`+++ {"lang": "nn"}`). Here every chapter
keeps the cells of the report's language; a text that lacks that language stops the build,
naming the chapter and the text, instead of falling back to another language.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jupytext
import nbformat
import yaml

from tilstand.formatting import vega_format_locale, vega_time_format_locale
from tilstand.language import LANGUAGES
from tilstand.paths import Workspace, fingerprint
from tilstand.publish import vega_bundle
from tilstand.publish.errors import BuildError
from tilstand.yamlfile import load_yaml

ASSETS_DIR = Path(__file__).resolve().parent / "site_assets"


@dataclass(frozen=True)
class StagedChapter:
    name: str  # as in the table of contents: chapters/meldinger
    title: str  # the chapter's heading in the report's language
    source: Path  # chapters/meldinger.md in the workspace
    notebook: Path  # <staging>/chapters/meldinger.ipynb


def toc_files(toc: dict) -> list[str]:
    """Every file named in a Jupyter Book toc, root first, in reading order."""
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return files


def read_toc(path: Path) -> dict:
    return load_yaml(path.read_text(encoding="utf-8"))


def localise(notebook, language: str, label: str):
    """Keep the markdown cells of `language`; every run of text between two code cells must be
    written in every language the report can be built in, or in none (code only)."""
    problems, cells, run = [], [], []

    def close_run():
        given = {cell.metadata.get("lang") for cell in run}
        if run and None in given:
            first = next(cell for cell in run if cell.metadata.get("lang") is None)
            problems.append(f'tekst uten språkmerke (+++ {{"lang": "nb"}}): «{_start(first.source)}»')
        elif run and language not in given:
            problems.append(f"tekst som mangler på {LANGUAGES[language]}: «{_start(run[0].source)}»")
        cells.extend(cell for cell in run if cell.metadata.get("lang") == language)
        run.clear()

    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            run.append(cell)
            continue
        close_run()
        if cell.cell_type == "code":
            cells.append(cell)
    close_run()
    if problems:
        raise BuildError(
            f"Kapittelet {label} kan ikke bygges på {LANGUAGES[language]}:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    for cell in cells:
        cell.metadata.pop("lang", None)
    notebook.cells = cells
    return notebook


def _start(text: str) -> str:
    words = " ".join(text.split())
    return words[:60] + ("…" if len(words) > 60 else "")


def chapter_title(notebook) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def stage_chapters(book_dir: Path, workspace: Workspace, names: list[str], language: str) -> list[StagedChapter]:
    chapters = []
    for name in names:
        source = workspace.root / f"{name}.md"
        if not source.exists():
            raise BuildError(f"_toc.yml nevner «{name}», men {workspace.relative(source)} finnes ikke.")
        text, title = _localised(source, fingerprint(source), language, workspace.relative(source))
        target = book_dir / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        chapters.append(StagedChapter(name, title or Path(name).stem, source, target))
    return chapters


@lru_cache(maxsize=128)
def _localised(source: Path, _stamp: tuple, language: str, label: str) -> tuple[str, str]:
    """The chapter in one language as notebook JSON, and its title: made once per process for each
    version of the file (a batch worker stages the same chapters for every municipality)."""
    notebook = localise(jupytext.read(source), language, label)
    return nbformat.writes(notebook), chapter_title(notebook)


def write_config(book_dir: Path, workspace: Workspace, *, title: str, language: str, sphinx: dict) -> None:
    """The workspace's _config.yml with the report's title, language and site settings."""
    config = load_yaml(workspace.config.read_text(encoding="utf-8"))
    config["title"] = title
    options = config.setdefault("sphinx", {}).setdefault("config", {})
    options["language"] = language
    for key, value in sphinx.items():
        options[key] = {**options.get(key, {}), **value} if isinstance(value, dict) else value
    (book_dir / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_toc(book_dir: Path, toc: dict) -> None:
    (book_dir / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_static(static_dir: Path) -> None:
    """Self-hosted chart libraries, locale and styles: every page works with no network."""
    static_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vega_bundle.bundle_path(), static_dir / "vega-bundle.js")
    locale = {"format": vega_format_locale(), "time": vega_time_format_locale()}
    (static_dir / "tilstand-locale.js").write_text(
        "window.TILSTAND_LOCALE = " + json.dumps(locale, ensure_ascii=False) + ";\n", encoding="utf-8"
    )
    for asset in ASSETS_DIR.iterdir():
        shutil.copyfile(asset, static_dir / asset.name)
