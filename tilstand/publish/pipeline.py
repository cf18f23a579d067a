"""One build, as steps a reader can follow: plan → execute → assemble → print → publish.

- plan: choose the municipality, year, settings and language once, and check that a final
  report has what it needs and that every indicator with figures has a place in the book;
- execute: stage the chapters and run those whose inputs changed (the others come from the cache);
- assemble: finish the executed chapters into pages, write the appendix, the table of contents
  and the configuration, and let Jupyter Book make the site;
- print: the case PDF and the Word document, when asked for;
- publish: swap the new site in.

Each step is logged with its time in the report's build log (`_build/<nr>/<år>/build.log`).

A draft (the default) carries «Utkast» on every page and shows guidance where the service's own
text is missing; it goes to its own folder, so it never replaces a final report. A final build
refuses while anything a final report must hold is missing. The new site (and its PDF) is made
beside the old one and swapped in only when complete, so a failed build never replaces the last
good site, and a PDF always belongs to the site beside it.
"""

from __future__ import annotations

import logging
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from tqdm import tqdm

from tilstand.compute.view import publishable, report_figures
from tilstand.context import BuildContext
from tilstand.ingest import narrative
from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.dataset import Dataset, load_dataset_for, write_snapshot
from tilstand.ingest.problems import Problem
from tilstand.ingest.register import load_register
from tilstand.ingest.settings import Settings, settings_path
from tilstand.ingest.target import Chosen, Target, choose, parse_year, resolve_municipality
from tilstand.language import Texts
from tilstand.paths import DEFAULT_WORKSPACE, Workspace
from tilstand.present.tables import slug
from tilstand.publish import cache as execution_cache
from tilstand.publish import finish, placement, unchanged
from tilstand.publish.assemble import assemble_html, single_page
from tilstand.publish.errors import BuildError, FinalRefused
from tilstand.publish.execute import execute_chapters
from tilstand.publish.inputs import EXECUTE, build_inputs, digest
from tilstand.publish.pdf import cover_for, print_pdf
from tilstand.publish.stage import (
    StagedChapter,
    read_toc,
    stage_chapters,
    toc_files,
    write_config,
    write_static,
    write_toc,
)
from tilstand.publish.swap import check_destination, output_lock, publish, staging_dir

OMITTED_PAGE = "chapters/utelatt"
# Sphinx numbers the chapters (not their sections) through the parts, in the navigation and on each
# chapter's title (with use_multitoc_numbering in _config.yml); the PDF and Word take its numbers.
CHAPTER_NUMBERS = {"numbered": 1}
LOG_NAME = "build.log"
log = logging.getLogger("tilstand.build")


@dataclass
class BuildResult:
    target: Target
    site_dir: Path
    language: str = "nb"
    final: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    executed: list[str] = field(default_factory=list)  # chapters run (the others came from the cache)
    omitted: list[str] = field(default_factory=list)  # chapters left out for want of figures
    warnings: list[Problem] = field(default_factory=list)
    pdf: Path | None = None
    docx: Path | None = None
    log: Path | None = None

    @property
    def index(self) -> Path:
        return self.site_dir / "index.html"


DRAFT_FOLDER, FINAL_FOLDER = "utkast", "endelig"


def _report_folder(target: Target, workspace: Workspace) -> Path:
    """The project's own folder for one municipality's report of one year (_build/<nr>/<år>/)."""
    return workspace.build / target.kommunenummer / str(target.year)


def default_site_dir(target: Target, workspace: Workspace, chapter: str | None = None, final: bool = False) -> Path:
    """_build/<nr>/<år>/utkast/ for a draft, …/endelig/ for the final report (the one to publish):
    a draft never replaces or deletes a final site or its PDF."""
    return _report_folder(target, workspace) / (
        f"kapittel-{chapter}" if chapter else FINAL_FOLDER if final else DRAFT_FOLDER
    )


def pdf_name(target: Target, suffix: str = ".pdf") -> str:
    return f"tilstandsrapport-{slug(target.name.split(' (')[0])}-{target.year}{suffix}"


def final_problems(
    target: Target, dataset: Dataset, settings: Settings, workspace: Workspace, language: str = "nb"
) -> list[str]:
    """Everything a final report must hold and this one lacks: the service's own sections, written
    for this year (not last year's text), and the report year's figure for every required
    indicator of the parts the municipality uses."""
    t, code, year = Texts(language), target.kommunenummer, target.year
    missing = [
        t(
            "final.missing_section",
            name=name,
            path=workspace.relative(narrative.section_path(code, year, name, workspace)),
        )
        for name in narrative.missing_sections(code, year, workspace)
    ]
    missing += [
        t("final.stale_text", path=workspace.relative(path), last=year - 1)
        for path in narrative.stale_files(code, year, workspace)
    ]
    missing += [note.text(t) for note in narrative.notes(code, year, workspace)]
    frame = dataset.frame
    have = set(
        frame.loc[
            (frame["kommunenummer"] == code)
            & (frame["year"] == year)
            & (frame["value"].notna() | (frame["status"] != "")),
            "indicator",
        ]
    )
    for indicator in load_catalogue(workspace.data):
        enabled = indicator.module is None or indicator.module in settings.modules
        if indicator.required and enabled and indicator.id not in have:
            missing.append(t("final.missing_figure", year=year, title=indicator.title(language), id=indicator.id))
    if year not in settings.report_dates:  # a final report is dated by the service, not by the build
        missing.append(
            t(
                "final.missing_date",
                year=year,
                example=f"{year + 1}-MM-DD",
                path=workspace.relative(settings_path(code, workspace)),
            )
        )
    return missing


def _sphinx_settings(target: Target, settings: Settings, language: str, final: bool, pdf: str | None) -> dict:
    t = Texts(language)
    options = {
        "tilstand_accessibility_statement_url": settings.accessibility_statement_url,
        "tilstand_final": final,
        "tilstand_pdf": pdf or "",
        "tilstand_contact": settings.contact or "",
    }
    # The theme prints the navigation bar's title as HTML: give it the title as text (the page's
    # <title> escapes it itself). A name from the register or settings is never markup.
    options["html_theme_options"] = {"logo": {"text": escape(t("site.title", name=target.name, year=target.year))}}
    if not final:
        options["html_theme_options"]["announcement"] = t("draft.banner")
    return options


def _book_toc(toc: dict, chapter: str | None, dropped: set[str], appendix: bool, language: str) -> dict:
    if chapter:
        return {"format": "jb-book", "root": chapter}
    t, parts = Texts(language), []
    for part in toc.get("parts", []):
        chapters = [entry for entry in part.get("chapters", []) if entry.get("file") not in dropped]
        if chapters:
            parts.append({**part, "caption": t(part["caption"]), "chapters": chapters, **CHAPTER_NUMBERS})
    if appendix:
        parts.append({"caption": t("omitted.part"), "chapters": [{"file": OMITTED_PAGE}], **CHAPTER_NUMBERS})
    return {**{k: v for k, v in toc.items() if k != "parts"}, "parts": parts}


@dataclass(frozen=True)
class Plan:
    """What the build decided before it runs anything: every later step reads it, none decides again."""

    chosen: Chosen  # the target, settings and language, resolved once
    dataset: Dataset
    workspace: Workspace
    site_dir: Path
    toc: dict
    names: list[str]  # the chapters to build, as in the table of contents
    final: bool = False
    pdf: bool = False
    chapter: str | None = None  # one chapter alone, to look at it

    @property
    def target(self) -> Target:
        return self.chosen.target

    @property
    def settings(self) -> Settings:
        return self.chosen.settings

    @property
    def language(self) -> str:
        return self.chosen.language

    @property
    def parameters(self) -> dict[str, str]:
        return {"municipality": self.target.kommunenummer, "year": str(self.target.year), "language": self.language}


def plan(
    municipality: str | int,
    year: str | int | None = None,
    out: Path | None = None,
    *,
    language: str | None = None,
    final: bool = False,
    pdf: bool = False,
    chapter: str | None = None,
    workspace: Workspace = DEFAULT_WORKSPACE,
    dataset: Dataset | None = None,
) -> Plan:
    """Resolve the target, settings and language once; refuse a final report that lacks something,
    a chapter that is not in the book, an indicator with figures that no chapter shows, and a
    destination the tool may not replace (publish/swap.py)."""
    if dataset is None:  # another municipality's broken own figures never stop this one
        dataset = load_dataset_for(
            resolve_municipality(municipality, parse_year(year), workspace).kommunenummer, workspace
        )
    chosen = choose(municipality, year, language, workspace, dataset)
    target, settings = chosen.target, chosen.settings
    if final and (missing := final_problems(target, dataset, settings, workspace, chosen.language)):
        raise _refusal(target, missing, chosen.language)
    toc = read_toc(workspace.toc)
    names = toc_files(toc)
    if chapter:
        names = [name for name in names if Path(name).stem == chapter]
        if not names:
            raise BuildError(
                f"Fant ikke kapittelet «{chapter}» i _toc.yml; kapitlene er "
                f"{', '.join(Path(n).stem for n in toc_files(toc))}."
            )
    else:
        check_placement(target, dataset, workspace, names)
    site_dir = Path(out).absolute() if out else default_site_dir(target, workspace, chapter, final)
    check_destination(site_dir, workspace.root, owned_root=workspace.build)
    return Plan(chosen, dataset, workspace, site_dir, toc, names, final, pdf, chapter)


def _refusal(target: Target, missing: list[str], language: str) -> FinalRefused:
    t = Texts(language)
    return FinalRefused(
        "\n".join(
            [
                t("final.refused", name=target.name, year=target.year),
                *(f"  - {m}" for m in missing),
                t("final.refused_hint"),
            ]
        )
    )


def check_placement(target: Target, dataset: Dataset, workspace: Workspace, names: list[str]) -> None:
    """Every indicator with figures for the municipality up to the report year has a place in the book."""
    frame = dataset.frame
    with_figures = set(
        frame.loc[
            (frame["kommunenummer"] == target.kommunenummer) & (frame["year"] <= target.year) & frame["value"].notna(),
            "indicator",
        ]
    )
    sources = {
        Path(name).stem: (workspace.root / f"{name}.md").read_text(encoding="utf-8")
        for name in names
        if (workspace.root / f"{name}.md").exists()
    }
    if problems := placement.unplaced(load_catalogue(workspace.data), sources, with_figures):
        raise BuildError(placement.unplaced_message(problems, f"{target.name} til og med {target.year}"))


def execute(plan: Plan, book: Path, progress: bool = True) -> tuple[list[StagedChapter], list[str]]:
    """Stage the chapters and run those whose key changed; the chapters and the names of those run."""
    workspace, staging = plan.workspace, book.parent
    chapters = stage_chapters(book, workspace, plan.names, plan.language)
    common = digest(build_inputs(workspace, plan.target.kommunenummer, plan.target.year), EXECUTE)
    cache_dir = workspace.build / ".cache" / "executed"
    keys = {c.name: execution_cache.chapter_key(common, c, plan.parameters) for c in chapters}
    to_run = [c for c in chapters if not execution_cache.restore(cache_dir, keys[c.name], c)]
    write_static(book / "_static")
    if not to_run:  # every chapter from the cache (a text edit): no figures to prepare
        return chapters, []
    own = report_figures(plan.dataset, plan.target.kommunenummer, plan.settings, load_register(workspace.data))
    figures = publishable(
        own,
        load_catalogue(workspace.data),
        plan.settings.small_count_max,
        frozenset(plan.settings.open_small_counts),
    )
    context = BuildContext(
        str(workspace.root),
        str(write_snapshot(figures, staging / "figures.pkl")),
        plan.language,
        str(plan.chosen.write(staging / "chosen.pkl")),
    ).write(staging / "context.json")
    with tqdm(total=len(to_run), desc="Kjører kapitler", unit="kapittel", disable=not progress) as bar:
        execute_chapters(
            to_run,
            {**plan.parameters, "context": str(context)},
            on_done=lambda c: (
                execution_cache.store(cache_dir, keys[c.name], c),
                bar.set_postfix_str(c.title),
                bar.update(),
            ),
        )
    return chapters, [c.name for c in to_run]


def assemble(plan: Plan, chapters: list[StagedChapter], book: Path) -> tuple[Path, list[str], list[Problem]]:
    """Finish the executed chapters into pages and make the site: its folder, the chapters left
    out for want of figures, and the service's references to figures the report does not have
    (a final report is refused while there is one)."""
    options = finish.PageOptions(plan.workspace, plan.target.kommunenummer, plan.target.year, plan.language, plan.final)
    numbers = finish.Numbers()  # one numbering of figures and tables through the chapters, in order
    finished = {c.name: finish.finish_notebook(c.notebook, c.title, options, numbers) for c in chapters}
    unresolved = finish.resolve_references(
        [c.notebook for c in chapters if finished[c.name].refers],
        numbers,
        plan.language,
        plan.final,
        whole_report=not plan.chapter,
    )
    if plan.final and unresolved:
        raise _refusal(plan.target, [note.text(Texts(plan.language)) for note in unresolved], plan.language)
    downloads = book / "_static" / "data"
    downloads.mkdir(parents=True, exist_ok=True)
    for done in finished.values():
        for name, text in done.downloads.items():
            (downloads / name).write_text(text, encoding="utf-8")
    dropped = {name for name, done in finished.items() if done.empty and name != plan.toc["root"]}
    page = None if plan.chapter else finish.omitted_page(list(finished.values()), plan.language, plan.final)
    if page:
        (book / f"{OMITTED_PAGE}.md").write_text(page, encoding="utf-8")
    write_toc(book, _book_toc(plan.toc, plan.names[0] if plan.chapter else None, dropped, bool(page), plan.language))
    title = Texts(plan.language)("site.title", name=plan.target.name, year=plan.target.year)
    write_config(
        book,
        plan.workspace,
        title=title,
        language=plan.language,
        sphinx=_sphinx_settings(
            plan.target, plan.settings, plan.language, plan.final, pdf_name(plan.target) if plan.pdf else None
        ),
    )
    return assemble_html(book), sorted(dropped), narrative.as_warnings(unresolved)


def print_documents(plan: Plan, book: Path, html: Path, *, pdf: bool, docx: bool) -> tuple[Path | None, Path | None]:
    """The case PDF and the editable Word document, into the new site's folder, from one single-page
    assembly of the book. The PDF is printed on a thread of its own (see print_pdf), by Chromium, while
    the Word document's charts are drawn, so asking for both costs little more than the slower one."""
    from tilstand.publish.word import write_word

    single = single_page(book)
    cover = cover_for(plan.target, plan.settings, plan.language, plan.final, plan.workspace)
    with ThreadPoolExecutor(max_workers=1) as printer:
        printing = printer.submit(print_pdf, single, html / pdf_name(plan.target), cover) if pdf else None
        word = write_word(single, html / pdf_name(plan.target, ".docx"), cover) if docx else None
        return (printing.result() if printing else None), word


@contextmanager
def _step(result: BuildResult, name: str):
    started = time.perf_counter()
    log.info("%s …", name)
    yield
    result.timings[name] = time.perf_counter() - started
    log.info("%s: %.1f s", name, result.timings[name])


@contextmanager
def _build_log(path: Path):
    """The build's log file in the project's folder for the report (`build.log`, one per build): steps, times,
    warnings, errors."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        handler.close()


def build_report(
    municipality: str | int,
    year: str | int | None = None,
    out: Path | None = None,
    *,
    language: str | None = None,
    final: bool = False,
    pdf: bool = False,
    docx: bool = False,
    chapter: str | None = None,
    workspace: Workspace = DEFAULT_WORKSPACE,
    progress: bool = True,
    dataset: Dataset | None = None,
) -> BuildResult:
    """Build the site (and, with pdf, the case PDF; with docx, the Word document) for one municipality and year.

    dataset: the figures already loaded, for a process that builds several municipalities (a batch
    worker loads them once); by default every file under data/ is read and checked.
    The build log goes to the project's own folder for the report (_build/<nr>/<år>/build.log),
    never beside a folder given with out."""
    started = time.perf_counter()
    request = unchanged.request(municipality, year, out, language, final, pdf, chapter, docx)
    chosen = plan(
        municipality,
        year,
        out,
        language=language,
        final=final,
        pdf=pdf,
        chapter=chapter,
        workspace=workspace,
        dataset=dataset,
    )
    result = BuildResult(
        chosen.target,
        chosen.site_dir,
        chosen.language,
        final,
        warnings=list(chosen.dataset.warnings),
        log=_report_folder(chosen.target, workspace) / LOG_NAME,
    )
    result.warnings += narrative.warnings(chosen.target.kommunenummer, chosen.target.year, workspace)
    with _build_log(result.log), ExitStack() as held:
        held.enter_context(output_lock(chosen.site_dir))
        staging = staging_dir(chosen.site_dir)
        log.info(
            "%s (%s) %s, %s, %s",
            chosen.target.name,
            chosen.target.kommunenummer,
            chosen.target.year,
            chosen.language,
            "endelig" if final else "utkast",
        )
        for warning in result.warnings:
            log.warning("%s", warning)
        try:
            check_destination(chosen.site_dir, workspace.root, owned_root=workspace.build)  # again, with the lock held
            book = staging / "book"
            with _step(result, "execute"):
                chapters, result.executed = execute(chosen, book, progress)
            log.info("kjørt: %s", ", ".join(result.executed) or "ingen (alle fra hurtiglageret)")
            with _step(result, "assemble"):
                html, result.omitted, unresolved = assemble(chosen, chapters, book)
            for warning in unresolved:
                log.warning("%s", warning)
            result.warnings += unresolved
            if pdf or (docx and not chapter):
                with _step(result, "print"):
                    printed, word = print_documents(chosen, book, html, pdf=pdf, docx=docx and not chapter)
            with _step(result, "publish"):
                publish(
                    html,
                    chosen.site_dir,
                    {
                        "kommunenummer": chosen.target.kommunenummer,
                        "år": chosen.target.year,
                        "endelig": final,
                        "språk": chosen.language,
                    },
                )
            result.pdf = chosen.site_dir / printed.name if pdf else None
            result.docx = chosen.site_dir / word.name if docx and not chapter else None
        except (BuildError, FinalRefused) as error:
            log.error("%s", error)
            raise
        except Exception as error:  # anything unexpected still leaves the old site and says so
            log.exception("Byggingen stoppet")
            raise BuildError(
                f"Byggingen stoppet: {type(error).__name__}: {error}. Forrige publiserte nettsted er uendret."
            ) from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        result.timings["total"] = time.perf_counter() - started
        log.info("ferdig: %.1f s i byggingen", result.timings["total"])
    unchanged.remember(workspace, request, result)
    return result
