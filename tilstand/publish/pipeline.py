"""One build: choose → stage → execute chapters → assemble → publish, with stage timings."""
from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from tilstand.present.blocks import DOWNLOADS_ENV
from tilstand.ingest.target import Target, resolve_target
from tilstand.ingest.dataset import SNAPSHOT_ENV, load_dataset, write_snapshot
from tilstand.publish import cache as execution_cache
from tilstand.paths import BUILD_DIR, REPO_ROOT, pythonpath_with
from tilstand.publish.assemble import assemble_html
from tilstand.publish.pdf import print_pdf
from tilstand.publish.errors import BuildError
from tilstand.publish.execute import execute_chapters
from tilstand.publish.publish import publish
from tilstand.publish.stage import stage_book



@dataclass
class BuildResult:
    target: Target
    site_dir: Path
    timings: dict[str, float] = field(default_factory=dict)
    reused_execution: bool = False   # chapters taken from the cache: only narrative changed
    pdf: Path | None = None          # the whole report on A4, beside the site folder

    @property
    def index(self) -> Path:
        return self.site_dir / "index.html"


def default_site_dir(target: Target) -> Path:
    return BUILD_DIR / target.kommunenummer / str(target.year) / "html"


def pdf_name(target: Target) -> str:
    name = target.municipality.name.split(" (")[0].lower().replace(" ", "-")
    return f"tilstandsrapport-{name}-{target.year}.pdf"


def site_title(target: Target) -> str:
    return f"Tilstandsrapport for barnevernstjenesten – {target.municipality.name} {target.year}"


def build_report(municipality: str | None = None, year: str | int | None = None, out: Path | None = None, *,
                 config: Path = REPO_ROOT / "_config.yml", toc: Path = REPO_ROOT / "_toc.yml",
                 source_root: Path = REPO_ROOT, progress: bool = True, pdf: bool = False) -> BuildResult:
    """Build the site for one municipality and year; the previous site stays until this one is done."""
    started = time.perf_counter()
    target = resolve_target(municipality, year)
    site_dir = Path(out).resolve() if out else default_site_dir(target)
    staging = site_dir.parent / f".staging-{uuid.uuid4().hex[:8]}"
    result = BuildResult(target, site_dir)
    try:
        book = staging / "book"
        chapters = stage_book(book, title=site_title(target), config_path=config, toc_path=toc,
                              source_root=source_root, kommunenummer=target.kommunenummer)
        step = time.perf_counter()
        parameters = {"year": str(target.year), "municipality": target.kommunenummer}
        downloads = book / "_static" / "data"
        key = execution_cache.execution_key(chapters, parameters)
        if execution_cache.restore(key, chapters, downloads):
            result.reused_execution = True
        else:
            snapshot = write_snapshot(load_dataset(), staging / "dataset.pkl")
            with tqdm(total=len(chapters), desc="Kjører kapitler", unit="kapittel", disable=not progress) as bar:
                execute_chapters(chapters, parameters,
                                 env={DOWNLOADS_ENV: str(downloads), SNAPSHOT_ENV: str(snapshot),
                                      "PYTHONPATH": pythonpath_with(source_root)},
                                 log=staging / "kernels.log",
                                 on_done=lambda chapter: (bar.set_postfix_str(chapter.title), bar.update()))
            execution_cache.store(key, chapters, downloads)
        result.timings["execute"] = time.perf_counter() - step
        step = time.perf_counter()
        html = assemble_html(book)
        result.timings["assemble"] = time.perf_counter() - step
        if pdf:
            step = time.perf_counter()
            result.pdf = print_pdf(book, staging / pdf_name(target))
            result.timings["pdf"] = time.perf_counter() - step
        publish(html, site_dir)
        if result.pdf:
            result.pdf = Path(shutil.move(str(result.pdf), str(site_dir.parent / result.pdf.name)))
    except BuildError:
        raise
    except Exception as error:   # anything unexpected still leaves the old site and says so
        raise BuildError(f"Byggingen stoppet: {type(error).__name__}: {error}. "
                         "Forrige publiserte nettsted er uendret.") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.timings["total"] = time.perf_counter() - started
    return result
