"""Lays out the staging book: config with the report's title, toc, static assets, notebooks.

Chapters are kept as MyST-markdown notebooks (jupytext) so diffs stay readable; here they
become .ipynb files that Papermill can execute.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import jupytext
import yaml

from tilstand.formatting import vega_format_locale, vega_time_format_locale
from tilstand.paths import REPO_ROOT
from tilstand.ingest.settings import load_settings
from tilstand.publish import vega_bundle

ASSETS_DIR = Path(__file__).resolve().parent / "site_assets"


@dataclass(frozen=True)
class StagedChapter:
    title: str
    source: Path      # chapters/meldinger.md in the repository
    notebook: Path    # <staging>/chapters/meldinger.ipynb

    @property
    def relative_source(self) -> str:
        try:
            return str(self.source.relative_to(REPO_ROOT))
        except ValueError:
            return str(self.source)


def toc_files(toc_path: Path) -> list[str]:
    """Every file named in the toc, root first, in reading order."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            for part in entry.get("parts", []) or []:
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return files


def chapter_title(source: Path) -> str:
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return source.stem


def stage_book(book_dir: Path, *, title: str, config_path: Path, toc_path: Path,
               source_root: Path = REPO_ROOT, kommunenummer: str | None = None) -> list[StagedChapter]:
    """Write the staging book and return its chapters in toc order."""
    book_dir.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["title"] = title
    if kommunenummer:   # read by tilstand.publish.sphinx_site: the footer of every page links to it
        config.setdefault("sphinx", {}).setdefault("config", {})["tilstand_accessibility_statement_url"] = \
            load_settings(kommunenummer).accessibility_statement_url
    (book_dir / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    shutil.copyfile(toc_path, book_dir / "_toc.yml")
    _write_static(book_dir / "_static")

    chapters = []
    for name in toc_files(toc_path):
        source = source_root / f"{name}.md"
        if not source.exists():
            raise FileNotFoundError(f"_toc.yml nevner «{name}», men {source} finnes ikke.")
        notebook = book_dir / f"{name}.ipynb"
        notebook.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(jupytext.read(source), notebook, fmt="ipynb")
        chapters.append(StagedChapter(chapter_title(source), source, notebook))
    return chapters


def _write_static(static_dir: Path) -> None:
    """Self-hosted chart libraries, locale and styles: every page works with no network."""
    static_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vega_bundle.bundle_path(), static_dir / "vega-bundle.js")
    import json
    locale = {"format": vega_format_locale(), "time": vega_time_format_locale()}
    (static_dir / "tilstand-locale.js").write_text(
        "window.TILSTAND_LOCALE = " + json.dumps(locale, ensure_ascii=False) + ";\n", encoding="utf-8")
    for asset in ASSETS_DIR.iterdir():
        shutil.copyfile(asset, static_dir / asset.name)
