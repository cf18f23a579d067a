"""One build: choose → check → stage → execute chapters → finish them → assemble → publish.

A draft (the default) carries «Utkast» on every page and shows guidance where the service's own
text is missing; it goes to its own folder, so it never replaces a final report. A final build refuses while anything a final report must hold is missing. The
new site (and its PDF) is made beside the old one and swapped in only when complete, so a
failed build never replaces the last good site, and a PDF always belongs to the site beside it.
"""
from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from tilstand.compute.view import publishable, report_language
from tilstand.context import BuildContext
from tilstand.ingest import narrative
from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.dataset import Dataset, load_dataset, write_snapshot
from tilstand.ingest.problems import Problem
from tilstand.ingest.register import load_register
from tilstand.ingest.settings import Settings, load_settings
from tilstand.ingest.target import Target, resolve_target
from tilstand.language import Texts
from tilstand.paths import DEFAULT_WORKSPACE, Workspace
from tilstand.present.tables import slug
from tilstand.publish import cache as execution_cache
from tilstand.publish import finish
from tilstand.publish.assemble import assemble_html
from tilstand.publish.errors import BuildError, FinalRefused
from tilstand.publish.execute import POOL_SIZE, KernelPool, execute_chapters
from tilstand.publish.inputs import EXECUTE, build_inputs, digest
from tilstand.publish.pdf import cover_for, print_pdf
from tilstand.publish.publish import publish
from tilstand.publish.stage import read_toc, stage_chapters, toc_files, write_config, write_static, write_toc

OMITTED_PAGE = "chapters/utelatt"


@dataclass
class BuildResult:
    target: Target
    site_dir: Path
    language: str = "nb"
    final: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    executed: list[str] = field(default_factory=list)    # chapters run (the others came from the cache)
    omitted: list[str] = field(default_factory=list)     # chapters left out for want of figures
    warnings: list[Problem] = field(default_factory=list)
    pdf: Path | None = None

    @property
    def index(self) -> Path:
        return self.site_dir / "index.html"


DRAFT_FOLDER, FINAL_FOLDER = "utkast", "endelig"


def default_site_dir(target: Target, workspace: Workspace, chapter: str | None = None, final: bool = False) -> Path:
    """_build/<nr>/<år>/utkast/ for a draft, …/endelig/ for the final report (the one to publish):
    a draft never replaces or deletes a final site or its PDF."""
    folder = workspace.build / target.kommunenummer / str(target.year)
    return folder / (f"kapittel-{chapter}" if chapter else FINAL_FOLDER if final else DRAFT_FOLDER)


def pdf_name(target: Target) -> str:
    return f"tilstandsrapport-{slug(target.name.split(' (')[0])}-{target.year}.pdf"


def final_problems(target: Target, dataset: Dataset, settings: Settings, workspace: Workspace,
                   language: str = "nb") -> list[str]:
    """Everything a final report must hold and this one lacks: the service's own sections, written
    for this year (not last year's text), and the report year's figure for every required
    indicator of the parts the municipality uses."""
    t, code, year = Texts(language), target.kommunenummer, target.year
    missing = [t("final.missing_section", name=name,
                 path=workspace.relative(narrative.section_path(code, year, name, workspace)))
               for name in narrative.missing_sections(code, year, workspace)]
    missing += [t("final.stale_text", path=workspace.relative(path), last=year - 1)
                for path in narrative.stale_files(code, year, workspace)]
    frame = dataset.frame
    have = set(frame.loc[(frame["kommunenummer"] == code) & (frame["year"] == year)
                         & (frame["value"].notna() | (frame["status"] != "")), "indicator"])
    for indicator in load_catalogue(workspace.data):
        enabled = indicator.module is None or indicator.module in settings.modules
        if indicator.required and enabled and indicator.id not in have:
            missing.append(t("final.missing_figure", year=year, title=indicator.title(language), id=indicator.id))
    return missing


def _sphinx_settings(target: Target, settings: Settings, language: str, final: bool, pdf: str | None) -> dict:
    t = Texts(language)
    options = {"tilstand_accessibility_statement_url": settings.accessibility_statement_url,
               "tilstand_final": final, "tilstand_pdf": pdf or "", "tilstand_contact": settings.contact or ""}
    if not final:
        options["html_theme_options"] = {"announcement": t("draft.banner")}
    return options


def _book_toc(toc: dict, chapter: str | None, dropped: set[str], appendix: bool, language: str) -> dict:
    if chapter:
        return {"format": "jb-book", "root": chapter}
    t, parts = Texts(language), []
    for part in toc.get("parts", []):
        chapters = [entry for entry in part.get("chapters", []) if entry.get("file") not in dropped]
        if chapters:
            parts.append({**part, "caption": t(part["caption"]), "chapters": chapters})
    if appendix:
        parts.append({"caption": t("omitted.part"), "chapters": [{"file": OMITTED_PAGE}]})
    return {**{k: v for k, v in toc.items() if k != "parts"}, "parts": parts}


def build_report(municipality: str | int, year: str | int | None = None, out: Path | None = None, *,
                 language: str | None = None, final: bool = False, pdf: bool = False, chapter: str | None = None,
                 workspace: Workspace = DEFAULT_WORKSPACE, progress: bool = True,
                 kernels: KernelPool | None = None) -> BuildResult:
    """Build the site (and, with pdf, the case PDF) for one municipality and year.

    kernels: a running pool to run the chapters on, for a process that builds several reports (a
    test session); by default the build starts its own and stops it when done."""
    started = time.perf_counter()
    dataset = load_dataset(workspace)
    target = resolve_target(municipality, year, workspace, dataset)
    settings = load_settings(target.kommunenummer, workspace)
    language = report_language(language, settings, load_register(workspace.data), target.kommunenummer)
    if final and (missing := final_problems(target, dataset, settings, workspace, language)):
        t = Texts(language)
        raise FinalRefused("\n".join([t("final.refused", name=target.name, year=target.year),
                                      *(f"  - {m}" for m in missing), t("final.refused_hint")]))
    site_dir = Path(out).resolve() if out else default_site_dir(target, workspace, chapter, final)
    staging = site_dir.parent / f".staging-{uuid.uuid4().hex[:8]}"
    result = BuildResult(target, site_dir, language, final, warnings=list(dataset.warnings))
    t = Texts(language)
    try:
        book = staging / "book"
        toc = read_toc(workspace.toc)
        names = toc_files(toc)
        if chapter:
            names = [name for name in names if Path(name).stem == chapter]
            if not names:
                raise BuildError(f"Fant ikke kapittelet «{chapter}» i _toc.yml; kapitlene er "
                                 f"{', '.join(Path(n).stem for n in toc_files(toc))}.")
        chapters = stage_chapters(book, workspace, names, language)
        step = time.perf_counter()
        parameters = {"municipality": target.kommunenummer, "year": str(target.year), "language": language}
        common = digest(build_inputs(workspace, target.kommunenummer, target.year), EXECUTE)
        cache_dir = workspace.build / ".cache" / "executed"
        keys = {c.name: execution_cache.chapter_key(common, c, parameters) for c in chapters}
        to_run = [c for c in chapters if not execution_cache.restore(cache_dir, keys[c.name], c)]
        pool = kernels or (KernelPool(staging, staging / "kernels.log", size=min(len(to_run), POOL_SIZE))
                           if to_run else None)
        try:
            write_static(book / "_static")     # while the kernels start
            figures = publishable(dataset, load_catalogue(workspace.data), settings.small_count_max)
            context = BuildContext(str(workspace.root), str(write_snapshot(figures, staging / "figures.pkl")),
                                   language).write(staging / "context.json")
            with tqdm(total=len(to_run), desc="Kjører kapitler", unit="kapittel",
                      disable=not progress or not to_run) as bar:
                execute_chapters(to_run, {**parameters, "context": str(context)}, pool,
                                 on_done=lambda c: (execution_cache.store(cache_dir, keys[c.name], c),
                                                    bar.set_postfix_str(c.title), bar.update()))
        finally:
            if pool and pool is not kernels:
                pool.close()
        result.executed = [c.name for c in to_run]
        result.timings["execute"] = time.perf_counter() - step
        step = time.perf_counter()
        how = finish.Settings(workspace, target.kommunenummer, target.year, language, final)
        finished = {c.name: finish.finish_notebook(c.notebook, c.title, how) for c in chapters}
        downloads = book / "_static" / "data"
        downloads.mkdir(parents=True, exist_ok=True)
        for done in finished.values():
            for name, text in done.downloads.items():
                (downloads / name).write_text(text, encoding="utf-8")
        dropped = {name for name, done in finished.items() if done.empty and name != toc["root"]}
        result.omitted = sorted(dropped)
        page = None if chapter else finish.omitted_page(list(finished.values()), language, final)
        if page:
            (book / f"{OMITTED_PAGE}.md").write_text(page, encoding="utf-8")
        write_toc(book, _book_toc(toc, names[0] if chapter else None, dropped, bool(page), language))
        name = pdf_name(target) if pdf else None
        write_config(book, workspace, title=t("site.title", name=target.name, year=target.year), language=language,
                     sphinx=_sphinx_settings(target, settings, language, final, name))
        html = assemble_html(book)
        result.timings["assemble"] = time.perf_counter() - step
        if pdf:
            step = time.perf_counter()
            print_pdf(book, html / name, cover_for(target, settings, language, final, workspace))
            result.timings["pdf"] = time.perf_counter() - step
        publish(html, site_dir)
        result.pdf = site_dir / name if pdf else None
    except BuildError:
        raise
    except Exception as error:   # anything unexpected still leaves the old site and says so
        raise BuildError(f"Byggingen stoppet: {type(error).__name__}: {error}. "
                         "Forrige publiserte nettsted er uendret.") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.timings["total"] = time.perf_counter() - started
    return result
