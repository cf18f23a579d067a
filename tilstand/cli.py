"""Command line: `python -m tilstand KOMMANDO` (see --help), in Norwegian.

One error boundary for every command: a mistake in what a user supplied (a file, a choice, a
setting) is printed as the message it carries, never as a traceback. Exit codes, the same for
every command:

    0  ferdig
    1  feil i filer med tall eller oppsett (hver feil med fil, rad og kolonne)
    2  ugyldig valg, argument eller en endelig rapport som mangler noe
    3  byggingen stoppet (et kapittel, Jupyter Book eller PDF-utskriften feilet)
    4  SSB kunne ikke svare
    5  batch: noen kommuner feilet (de andre er bygget; se listen og oversiktssiden)
    6  batch: ingen kommuner ble bygget
   70  en feil i verktøyet selv (kjør med --traceback og meld fra)
  130  avbrutt
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tilstand.ingest.problems import UserError
from tilstand.paths import DEFAULT_WORKSPACE, Workspace

EXIT_SSB, EXIT_BUG, EXIT_INTERRUPTED = 4, 70, 130
ARGPARSE_TEXTS = {
    "usage: ": "bruk: ",
    "positional arguments": "argumenter",
    "options": "valg",
    "show this help message and exit": "vis denne hjelpeteksten og avslutt",
    "the following arguments are required: %s": "disse argumentene må oppgis: %s",
    "unrecognized arguments: %s": "ukjente argumenter: %s",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldig valg: %(value)r (velg blant %(choices)s)",
    "expected one argument": "forventet én verdi",
    "%(prog)s: error: %(message)s\n": "%(prog)s: feil: %(message)s\n",
    "invalid %(type)s value: %(value)r": "ugyldig verdi: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "uklart valg: %(option)s kan bety %(matches)s",
    "not allowed with argument %s": "kan ikke brukes sammen med %s",
    "one of the arguments %s is required": "ett av argumentene %s må oppgis",
}


def _norwegian(message: str) -> str:
    return ARGPARSE_TEXTS.get(message, message)


argparse._ = _norwegian  # argparse's own texts ("usage", "options", …) in Norwegian


def _workspace(args) -> Workspace:
    return Workspace(Path(args.workspace).resolve()) if args.workspace else DEFAULT_WORKSPACE


def _seconds_since_start() -> float:
    """The command's wall time so far, from the process's start (interpreter start-up included)."""
    import psutil

    return time.time() - psutil.Process().create_time()


def _build(args) -> int:
    from tilstand.publish.unchanged import request, unchanged

    workspace = _workspace(args)
    choices = request(
        args.municipality, args.year, args.out, args.language, args.final, args.pdf, args.chapter, args.docx
    )
    if known := unchanged(workspace, choices):  # decided before pandas, Altair and Sphinx are imported
        _print_built(known, "tool.how_unchanged", _seconds_since_start())
        return 0
    from tilstand.ingest.problems import render
    from tilstand.publish import build_report

    result = build_report(
        args.municipality,
        args.year,
        args.out,
        language=args.language,
        final=args.final,
        pdf=args.pdf,
        docx=args.docx,
        chapter=args.chapter,
        workspace=workspace,
        progress=not args.quiet,
    )
    wall = _seconds_since_start()
    with result.log.open("a", encoding="utf-8") as log:
        log.write(f"kommandoen tok {wall:.1f} s fra start til slutt\n")
    _print_built(
        {
            "name": result.target.name,
            "kommunenummer": result.target.kommunenummer,
            "year": result.target.year,
            "language": result.language,
            "final": result.final,
            "warnings": [render(w, result.language) for w in result.warnings],
            "omitted": result.omitted,
            "pdf": str(result.pdf or ""),
            "docx": str(result.docx or ""),
            "site_dir": str(result.site_dir),
            "log": str(result.log),
        },
        "tool.how_built",
        wall,
    )
    return 0


def _print_built(built: dict, how: str, seconds: float) -> None:
    """What a build made (or found unchanged), in the report's målform."""
    from tilstand.language import LANGUAGES, Texts

    t = Texts(built["language"])
    for warning in built["warnings"]:
        print(warning, file=sys.stderr)
    site = Path(built["site_dir"])
    print(
        t(
            "tool.built_final" if built["final"] else "tool.built_draft",
            name=built["name"],
            code=built["kommunenummer"],
            year=built["year"],
            language=LANGUAGES[built["language"]],
            how=t(how, seconds=f"{seconds:.1f}".replace(".", ",")),
            site=site,
        )
    )
    if built["omitted"]:
        print(t("tool.omitted", chapters=", ".join(built["omitted"])))
    if built["pdf"]:
        print(t("tool.pdf", path=built["pdf"]))
    if built.get("docx"):
        print(t("tool.docx", path=built["docx"]))
    print(t("tool.log", path=built["log"]))
    print(t("tool.open", index=site / "index.html", site=site))


def _list(args) -> int:
    from tilstand.language import Texts
    from tilstand.workflow import describe_holdings, holdings

    t = Texts(args.language or "nb")
    items, warnings = holdings(_workspace(args))
    for warning in warnings:
        print(warning.render(t.language), file=sys.stderr)
    shown = items if args.all else [item for item in items if item.has_anything]
    print(t("tool.list_all" if args.all else "tool.list_some"))
    for item in shown:
        m = item.municipality
        history = ", ".join(c.code for c in m.codes if c.code != m.kommunenummer)
        earlier = t("tool.list_earlier", codes=history) if history else ""
        print(f"  {m.kommunenummer}  {m.name}{earlier}: {describe_holdings(item, t.language)}")
    print(t("tool.list_count", count=len(shown)))
    return 0


def _init(args) -> int:
    from tilstand.ingest.target import Target
    from tilstand.language import Texts
    from tilstand.publish.pipeline import default_site_dir
    from tilstand.workflow import init

    workspace = _workspace(args)
    result = init(args.municipality, args.year, name=args.name or "", language=args.language, workspace=workspace)
    m, t = result.municipality, Texts(result.language)
    print(t("tool.init_done", name=m.name, code=m.kommunenummer, year=result.year))
    for path in result.written:
        print(t("tool.wrote", path=workspace.relative(path)))
    for path in result.kept:
        print(t("tool.kept", path=workspace.relative(path)))
    target = Target(m, result.year, m.kommunenummer)
    print(
        t(
            "tool.next_steps",
            settings=f"data/settings/{m.kommunenummer}.yml",
            code=m.kommunenummer,
            own=f"data/own_figures/{m.kommunenummer}/{m.kommunenummer}_{result.year}.xlsx",
            folder=f"data/own_figures/{m.kommunenummer}/",
            texts=f"narrative/{m.kommunenummer}/{result.year}/",
            year=result.year,
            draft=workspace.relative(default_site_dir(target, workspace)) + "/",
            final=workspace.relative(default_site_dir(target, workspace, final=True)) + "/",
        )
    )
    return 0


def _template(args) -> int:
    from tilstand.ingest.target import parse_year, resolve_municipality
    from tilstand.ingest.template import template_language, write_template
    from tilstand.language import Texts

    workspace = _workspace(args)
    path = write_template(
        args.municipality, args.year, Path(args.out), force=args.force, language=args.language, workspace=workspace
    )
    code = resolve_municipality(args.municipality, parse_year(args.year), workspace).kommunenummer
    print(Texts(args.language or template_language(code, workspace))("tool.template_done", path=path))
    return 0


def _paths_language(paths: list[Path], workspace: Workspace) -> str:
    """The målform of the municipality whose folder (data/own_figures/<nr>/) the files lie in."""
    from tilstand.ingest.register import load_register
    from tilstand.ingest.template import template_language

    register = load_register(workspace.data)
    for path in paths:
        for part in path.resolve().parts[::-1]:
            if part.isdigit() and len(part) == 4 and register.is_known(part):
                return template_language(register.current_code(part), workspace)
    return "nb"


def _validate(args) -> int:
    from tilstand.ingest.dataset import check_files, jump_warnings_for
    from tilstand.ingest.problems import capped
    from tilstand.ingest.register import load_register
    from tilstand.language import Texts
    from tilstand.paths import leftover_reason

    workspace = _workspace(args)
    given = [Path(name) for name in args.files]
    t = Texts(args.language or _paths_language(given, workspace))
    problems, summaries, files = [], [], []
    for path in given:
        if path.is_dir():  # a folder is checked as the build reads it: an .xls in it is refused, not passed over
            inside = [p for p in sorted(path.iterdir()) if p.is_file() and not leftover_reason(p)]
            files += inside
            if not inside:
                problems.append(t("tool.empty_folder", path=path))
        elif not path.is_file():
            problems.append(t("tool.no_file", path=path))
        elif reason := leftover_reason(path):  # `validate mappe/*` also matches these
            summaries.append(t("tool.skipped", path=path, reason=t(reason)))
        else:
            files.append(path)
    read, found = check_files(files, workspace)
    for warning in load_register(workspace.data).warnings:  # a fictitious municipality left out
        print(warning.render(t.language), file=sys.stderr)
    unread = len(problems)  # files that were not there or held nothing to read
    problems += capped(sorted(found, key=lambda p: (p.file, p.row or 0, p.column)), t.language)
    bad = {problem.file for problem in found}
    for path, frame in read.items():
        if str(path) in bad:
            continue
        summaries.append(t("tool.no_errors", path=path, rows=len(frame), values=int(frame["value"].notna().sum())))
        summaries += [f"  {notice.render(t.language)}" for notice in frame.attrs.get("notices", [])]
        summaries += [f"  {warning.render(t.language)}" for warning in jump_warnings_for(frame, workspace)]
    print("\n".join(summaries)) if summaries else None
    if problems:
        named = sorted({str(problem.file) for problem in found}) or [str(path) for path in given]
        count = unread + len(found)  # every problem counted, also those the cap leaves unlisted
        print("\n".join([t("tool.found_errors", count=count, files=", ".join(named)), *problems]), file=sys.stderr)
        return 1
    return 0


def _import(args) -> int:
    from tilstand.formatting import format_years
    from tilstand.ingest.earlier import import_table
    from tilstand.ingest.template import template_language
    from tilstand.language import Texts

    workspace = _workspace(args)
    done = import_table(
        Path(args.file), args.municipality, source=args.source or "", force=args.force, workspace=workspace
    )
    from tilstand.ingest.register import load_register

    name = load_register(workspace.data).get(done.kommunenummer).name
    t = Texts(args.language or template_language(done.kommunenummer, workspace))
    print(
        t(
            "tool.imported",
            count=done.figures,
            name=name,
            code=done.kommunenummer,
            years=format_years(done.years, t.language),
            path=workspace.relative(done.path),
            folder=f"data/own_figures/{done.kommunenummer}/",
        )
    )
    return 0


def _fetch(args) -> int:
    from tilstand.ssb.cache import fetch_command
    from tilstand.ssb.snapshot import fetch_all_command

    workspace = _workspace(args)
    if args.all:
        return fetch_all_command(
            args.years, args.cache_dir or workspace.ssb_cache, base_url=args.ssb_url, register_dir=workspace.data
        )
    if not args.years:
        print("Feil: --years mangler: hvilke år skal hentes, f.eks. --years 2015-2024?", file=sys.stderr)
        return 2
    return fetch_command(
        args.municipality,
        args.years,
        args.cache_dir or workspace.ssb_cache,
        base_url=args.ssb_url,
        register_dir=workspace.data,
    )


def _batch(args) -> int:
    from tilstand.ingest.target import parse_year
    from tilstand.publish.batch import Options, run_batch

    codes = None if args.all else [c.strip() for c in args.municipalities.split(",") if c.strip()]
    options = Options(parse_year(args.year), args.pdf, args.language, str(args.out.resolve()) if args.out else None)
    language = args.language or "nb"  # the batch's own words; each report is in its municipality's målform
    result = run_batch(
        codes,
        options,
        workspace=_workspace(args),
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.quiet,
        language=language,
    )
    print(result.summary(language))
    for warning in result.warnings:  # a fictitious municipality's register line that cannot be read
        print(warning, file=sys.stderr)
    for outcome in result.failed:
        print(f"Feil: {outcome.name} ({outcome.kommunenummer}): {outcome.reason}", file=sys.stderr)
    print(f"Oversikt: {result.index}")
    return result.exit_code


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m tilstand", description="Lager tilstandsrapporten for barnevernstjenesten som nettsted og PDF."
    )
    main.add_argument("--workspace", default=None, help=argparse.SUPPRESS)  # a copy of the project (tests)
    main.add_argument("--traceback", action="store_true", help=argparse.SUPPRESS)
    commands = main.add_subparsers(dest="command", required=True, metavar="KOMMANDO", title="kommandoer")

    def command(name: str, summary: str, description: str, run):
        sub = commands.add_parser(name, help=summary, description=description)
        sub.set_defaults(run=run)
        return sub

    def municipality(sub, required: bool = True):
        sub.add_argument(
            "--municipality",
            "-m",
            required=required,
            help="kommunenummer (også historiske, fra før en reform) eller navn",
        )

    build = command(
        "build",
        "bygg rapporten for én kommune og ett år",
        "Bygger rapporten som nettsted (og PDF). Forrige nettsted beholdes til det nye er ferdig.",
        _build,
    )
    municipality(build)
    build.add_argument("--year", "-y", default=None, help="rapportåret; standard siste år med tall")
    build.add_argument(
        "--language",
        "-l",
        choices=["nb", "nn"],
        default=None,
        help="nb (bokmål) eller nn (nynorsk); standard kommunens målform",
    )
    build.add_argument(
        "--final",
        action="store_true",
        help="endelig rapport: uten «Utkast», og bare når alle tekster og påkrevde tall finnes",
    )
    build.add_argument("--pdf", action="store_true", help="skriv også hele rapporten som PDF (A4) i nettstedets mappe")
    build.add_argument(
        "--docx",
        action="store_true",
        help="skriv også rapporten som redigerbart Word-dokument (.docx) i nettstedets mappe",
    )
    build.add_argument(
        "--chapter", "-c", default=None, help="bygg bare ett kapittel (f.eks. meldinger) for å se på det"
    )
    build.add_argument(
        "--out",
        "-o",
        default=None,
        type=Path,
        help="mappe for nettstedet; standard _build/<kommunenummer>/<år>/utkast (endelig med --final)",
    )
    build.add_argument("--quiet", "-q", action="store_true", help="ingen fremdriftslinje")

    listing = command("list", "vis kommuner og hva de har", "Viser kommuner med tall, tekster og innstillinger.", _list)
    listing.add_argument("--all", "-a", action="store_true", help="vis alle kommuner i registeret")
    listing.add_argument("--language", "-l", choices=["nb", "nn"], default=None, help="nb (bokmål) eller nn (nynorsk)")

    setup = command(
        "init",
        "sett opp en kommune for et år",
        "Skriver innstillinger, mal for egne tall og tekstfiler med veiledning; skriver aldri over.",
        _init,
    )
    municipality(setup)
    setup.add_argument("--year", "-y", required=True, help="året rapporten gjelder")
    setup.add_argument("--name", default=None, help="navn på en fiktiv testkommune (9900–9999)")
    setup.add_argument(
        "--language",
        "-l",
        choices=["nb", "nn"],
        default=None,
        help="målform for meldingene, tekstene og malen (standard kommunens målform)",
    )

    template = command(
        "template",
        "skriv en tom mal for kommunens egne tall",
        "Skriver en mal (CSV eller .xlsx) med indikatorene, enhet og definisjon, klar til utfylling.",
        _template,
    )
    municipality(template)
    template.add_argument("--year", "-y", required=True, help="året tallene gjelder")
    template.add_argument("--out", "-o", required=True, help="filen som skal skrives (.csv eller .xlsx)")
    template.add_argument("--force", action="store_true", help="skriv over en fil som finnes")
    template.add_argument(
        "--language",
        "-l",
        choices=["nb", "nn"],
        default=None,
        help="nb (bokmål) eller nn (nynorsk); standard kommunens målform",
    )

    validate = command(
        "validate",
        "kontroller utfylte filer",
        "Kontrollerer filer med tall og viser alle feil med fil, rad og kolonne.",
        _validate,
    )
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FIL",
        help="CSV- eller Excel-filer, eller en mappe (f.eks. data/own_figures/4601/), som skal kontrolleres",
    )
    validate.add_argument(
        "--language",
        "-l",
        choices=["nb", "nn"],
        default=None,
        help="nb (bokmål) eller nn (nynorsk); standard målformen til kommunen filene hører til",
    )

    earlier = command(
        "import",
        "ta inn tall for tidligere år fra en tabell i en tidligere rapport",
        "Leser en tabell med årene som kolonner og én rad per tall (indikatorens tittel, og under den "
        "kategoriene), slik rapporter trykker dem, kontrollerer tallene som byggingen gjør, og skriver "
        "dem som kommunens egne tall for de årene. Se data/README.md.",
        _import,
    )
    municipality(earlier)
    earlier.add_argument("file", metavar="FIL", help="tabellen (.xlsx eller .csv)")
    earlier.add_argument("--source", default=None, help="kilden tallene er hentet fra; standard filnavnet")
    earlier.add_argument("--force", action="store_true", help="skriv over en fil fra en tidligere import")
    earlier.add_argument(
        "--language",
        "-l",
        choices=["nb", "nn"],
        default=None,
        help="nb (bokmål) eller nn (nynorsk); standard kommunens målform",
    )

    fetch = command(
        "fetch",
        "hent SSB-tall og lagre dem lokalt",
        "Henter tall fra SSBs API for kommunen, dens KOSTRA-gruppe, fylke og landet, og lagrer dem med kilde og dato.",
        _fetch,
    )
    which = fetch.add_mutually_exclusive_group(required=True)
    which.add_argument("--municipality", "-m", help="kommunenummer (også historiske, fra før en reform) eller navn")
    which.add_argument(
        "--all",
        action="store_true",
        help="alle kommuner, fylker, KOSTRA-grupper og landet på én gang (kan avbrytes og startes igjen)",
    )
    fetch.add_argument(
        "--years", default=None, help="år eller periode, f.eks. 2015-2024 (med --all: standard 2015 til i år)"
    )
    fetch.add_argument("--cache-dir", default=None, type=Path, help="standard data/ssb/cache")
    fetch.add_argument("--ssb-url", default=None, help=argparse.SUPPRESS)  # a mirror or a test server
    batch = command(
        "batch",
        "bygg utkast for mange kommuner samtidig",
        "Bygger utkastet for hver valgte kommune, fordelt på flere prosesser (Dask) på denne maskinen "
        "eller i en eksisterende Dask-klynge, og skriver en oversiktsside. Kommuner som er uendret "
        "siden forrige kjøring, hoppes over; én kommunes feil stopper ikke de andre.",
        _batch,
    )
    batch.add_argument("--year", "-y", required=True, help="rapportåret")
    chosen = batch.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--municipalities", default=None, help="kommunenumre eller navn, skilt med komma")
    chosen.add_argument("--all", action="store_true", help="alle kommuner med tall for året")
    batch.add_argument("--workers", type=int, default=None, help="antall prosesser; standard én per kjerne")
    batch.add_argument(
        "--scheduler", default=None, help="adressen til en eksisterende Dask-klynge, f.eks. tcp://vert:8786"
    )
    batch.add_argument(
        "--out",
        "-o",
        default=None,
        type=Path,
        help="mappe for alle nettstedene (én undermappe per kommune) og oversikten; "
        "standard hver kommunes vanlige mappe og _build/alle/<år>/",
    )
    batch.add_argument("--pdf", action="store_true", help="skriv også hver rapport som PDF")
    batch.add_argument(
        "--language",
        "-l",
        choices=["nb", "nn"],
        default=None,
        help="målform for rapportene og oversikten; standard hver kommunes egen målform",
    )
    batch.add_argument("--quiet", "-q", action="store_true", help="ingen fremdriftslinje")
    for sub in commands.choices.values():
        sub._optionals.title = "valg"
        sub._positionals.title = "argumenter"
    main._optionals.title = "valg"
    return main


def _error_language(args, error: UserError) -> str:
    """The målform to tell a mistake in: the one chosen, else that of the municipality the command
    is for (or the folder its files lie in, or the one a misspelt name is close to), else bokmål."""
    if getattr(args, "language", None):
        return args.language
    try:
        workspace = _workspace(args)
        if getattr(args, "files", None):
            return _paths_language([Path(name) for name in args.files], workspace)
        code = getattr(error, "suggested", None) or getattr(args, "municipality", None)
        if code:
            from tilstand.ingest.register import load_register
            from tilstand.ingest.target import resolve_municipality
            from tilstand.ingest.template import template_language

            kommunenummer = resolve_municipality(code, None, workspace).kommunenummer
            try:
                return template_language(kommunenummer, workspace)
            except UserError:  # its settings cannot be read: the municipality's language decision
                return load_register(workspace.data).language(kommunenummer) or "nb"
    except Exception:  # an unknown name: the message itself says so
        pass
    return "nb"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as error:
        print(f"Feil: {error.render(_error_language(args, error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        from tilstand.ssb.errors import SsbError

        if isinstance(error, SsbError):
            print(f"Feil: {error}", file=sys.stderr)
            return EXIT_SSB
        if args.traceback:
            raise
        print(
            f"Uventet feil i verktøyet ({type(error).__name__}: {error}). Kjør kommandoen på nytt med "
            "--traceback først (python -m tilstand --traceback …) og meld fra om feilen.",
            file=sys.stderr,
        )
        return EXIT_BUG
