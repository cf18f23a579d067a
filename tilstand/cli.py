"""Command line: `python -m tilstand KOMMANDO` (see --help), in Norwegian.

One error boundary for every command: a mistake in what a user supplied (a file, a choice, a
setting) is printed as the message it carries, never as a traceback. Exit codes, the same for
every command:

    0  ferdig
    1  feil i filer med tall eller oppsett (hver feil med fil, rad og kolonne)
    2  ugyldig valg, argument eller en endelig rapport som mangler noe
    3  byggingen stoppet (et kapittel, Jupyter Book eller PDF-utskriften feilet)
    4  SSB kunne ikke svare
   70  en feil i verktøyet selv (kjør med --traceback og meld fra)
  130  avbrutt
"""
from __future__ import annotations

import argparse
import sys
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


argparse._ = _norwegian   # argparse's own texts ("usage", "options", …) in Norwegian


def _workspace(args) -> Workspace:
    return Workspace(Path(args.workspace).resolve()) if args.workspace else DEFAULT_WORKSPACE


def _warn(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _build(args) -> int:
    from tilstand.publish import build_report

    result = build_report(args.municipality, args.year, args.out, language=args.language, final=args.final,
                          pdf=args.pdf, chapter=args.chapter, workspace=_workspace(args), progress=not args.quiet)
    _warn(result.warnings)
    target, kind = result.target, "endelig rapport" if result.final else "utkast"
    print(f"Ferdig: {kind} for {target.name} ({target.kommunenummer}) {target.year} på "
          f"{'nynorsk' if result.language == 'nn' else 'bokmål'}, bygget på {result.timings['total']:.1f} s.")
    if result.omitted:
        print(f"Kapitler uten tall er utelatt og listet i vedlegget: {', '.join(result.omitted)}.")
    if result.pdf:
        print(f"PDF for den politiske saken: {result.pdf}")
    print(f"Åpne {result.index} i en nettleser, eller kjør\n"
          f"  python3 -m http.server --directory {result.site_dir} 8000\n"
          "og gå til http://localhost:8000/")
    return 0


def _list(args) -> int:
    from tilstand.workflow import describe_holdings, holdings

    items = holdings(_workspace(args))
    shown = items if args.all else [item for item in items if item.has_anything]
    print("Alle kommuner i registeret:" if args.all else
          "Kommuner med tall, tekster eller innstillinger (alle kommuner: list --all):")
    for item in shown:
        m = item.municipality
        history = ", ".join(c.code for c in m.codes if c.code != m.kommunenummer)
        print(f"  {m.kommunenummer}  {m.name}{f' (tidligere {history})' if history else ''}: {describe_holdings(item)}")
    print(f"{len(shown)} kommuner.")
    return 0


def _init(args) -> int:
    from tilstand.workflow import init

    workspace = _workspace(args)
    result = init(args.municipality, args.year, name=args.name or "", language=args.language, workspace=workspace)
    m = result.municipality
    print(f"{m.name} ({m.kommunenummer}) er satt opp for {result.year}.")
    for path in result.written:
        print(f"  skrev    {workspace.relative(path)}")
    for path in result.kept:
        print(f"  beholdt  {workspace.relative(path)} (fantes fra før)")
    own = f"data/own_figures/{m.kommunenummer}/{m.kommunenummer}_{result.year}.xlsx"
    print(f"""Neste steg:
  1. Se over innstillingene i data/settings/{m.kommunenummer}.yml.
  2. Fyll inn årets tall i {own} og kontroller dem:
       python -m tilstand validate {own}
  3. Skriv tjenestens tekster i narrative/{m.kommunenummer}/{result.year}/ (veiledningen står i filene).
  4. Bygg et utkast og se over det:
       python -m tilstand build --municipality {m.kommunenummer} --year {result.year}
  5. Når alt er på plass: python -m tilstand build --municipality {m.kommunenummer} --year {result.year} --final --pdf""")
    return 0


def _template(args) -> int:
    from tilstand.ingest.template import write_template

    path = write_template(args.municipality, args.year, Path(args.out), force=args.force, workspace=_workspace(args))
    print(f"Skrev malen {path}. Fyll inn kolonnene «value» og «source», kontroller filen med "
          f"`python -m tilstand validate {path}`, og legg den i data/own_figures/<kommunenummer>/; "
          "se data/README.md.")
    return 0


def _validate(args) -> int:
    from tilstand.ingest.catalogue import load_catalogue
    from tilstand.ingest.dataset import jump_warnings_for, read_observations
    from tilstand.ingest.problems import DataValidationError
    from tilstand.ingest.register import load_register
    from tilstand.paths import leftover_reason

    workspace = _workspace(args)
    catalogue, register = load_catalogue(workspace.data), load_register(workspace.data)
    problems, summaries = [], []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            problems.append(f"{name}: filen finnes ikke.")
            continue
        if reason := leftover_reason(path):     # `validate mappe/*` also matches these
            summaries.append(f"{name}: hoppet over; det er {reason}, ikke en fil med tall.")
            continue
        try:
            frame = read_observations(path, catalogue, register)
        except DataValidationError as error:
            problems.append(str(error))
            continue
        summaries.append(f"{name}: ingen feil ({len(frame)} rader, {int(frame['value'].notna().sum())} med verdi).")
        summaries += [f"  {warning}" for warning in jump_warnings_for(frame, workspace)]
    print("\n".join(summaries)) if summaries else None
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return 0


def _fetch(args) -> int:
    from tilstand.ssb.cache import fetch_command

    workspace = _workspace(args)
    return fetch_command(args.municipality, args.years, args.cache_dir or workspace.ssb_cache,
                         base_url=args.ssb_url, register_dir=workspace.data)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m tilstand",
                                   description="Lager tilstandsrapporten for barnevernstjenesten som nettsted og PDF.")
    main.add_argument("--workspace", default=None, help=argparse.SUPPRESS)   # a copy of the project (tests)
    main.add_argument("--traceback", action="store_true", help=argparse.SUPPRESS)
    commands = main.add_subparsers(dest="command", required=True, metavar="KOMMANDO", title="kommandoer")

    def command(name: str, summary: str, description: str, run):
        sub = commands.add_parser(name, help=summary, description=description)
        sub.set_defaults(run=run)
        return sub

    def municipality(sub, required: bool = True):
        sub.add_argument("--municipality", "-m", required=required,
                         help="kommunenummer (også historiske, fra før en reform) eller navn")

    build = command("build", "bygg rapporten for én kommune og ett år",
                    "Bygger rapporten som nettsted (og PDF). Forrige nettsted beholdes til det nye er ferdig.", _build)
    municipality(build)
    build.add_argument("--year", "-y", default=None, help="rapportåret; standard siste år med tall")
    build.add_argument("--language", "-l", choices=["nb", "nn"], default=None,
                       help="nb (bokmål) eller nn (nynorsk); standard kommunens målform")
    build.add_argument("--final", action="store_true",
                       help="endelig rapport: uten «Utkast», og bare når alle tekster og påkrevde tall finnes")
    build.add_argument("--pdf", action="store_true", help="skriv også hele rapporten som PDF (A4) i nettstedets mappe")
    build.add_argument("--chapter", "-c", default=None, help="bygg bare ett kapittel (f.eks. meldinger) for å se på det")
    build.add_argument("--out", "-o", default=None, type=Path,
                       help="mappe for nettstedet; standard _build/<kommunenummer>/<år>/utkast (endelig med --final)")
    build.add_argument("--quiet", "-q", action="store_true", help="ingen fremdriftslinje")

    listing = command("list", "vis kommuner og hva de har", "Viser kommuner med tall, tekster og innstillinger.", _list)
    listing.add_argument("--all", "-a", action="store_true", help="vis alle kommuner i registeret")

    setup = command("init", "sett opp en kommune for et år",
                    "Skriver innstillinger, mal for egne tall og tekstfiler med veiledning; skriver aldri over.", _init)
    municipality(setup)
    setup.add_argument("--year", "-y", required=True, help="året rapporten gjelder")
    setup.add_argument("--name", default=None, help="navn på en fiktiv testkommune (9900–9999)")
    setup.add_argument("--language", "-l", choices=["nb", "nn"], default=None, help="målform for en testkommune")

    template = command("template", "skriv en tom mal for kommunens egne tall",
                       "Skriver en mal (CSV eller .xlsx) med indikatorene, enhet og definisjon, klar til utfylling.",
                       _template)
    municipality(template)
    template.add_argument("--year", "-y", required=True, help="året tallene gjelder")
    template.add_argument("--out", "-o", required=True, help="filen som skal skrives (.csv eller .xlsx)")
    template.add_argument("--force", action="store_true", help="skriv over en fil som finnes")

    validate = command("validate", "kontroller utfylte filer",
                       "Kontrollerer filer med tall og viser alle feil med fil, rad og kolonne.", _validate)
    validate.add_argument("files", nargs="+", metavar="FIL", help="CSV- eller Excel-filer som skal kontrolleres")

    fetch = command("fetch", "hent SSB-tall og lagre dem lokalt",
                    "Henter tall fra SSBs API for kommunen, dens KOSTRA-gruppe, fylke og landet, og lagrer dem "
                    "med kilde og dato.", _fetch)
    municipality(fetch)
    fetch.add_argument("--years", required=True, help="år eller periode, f.eks. 2015-2024")
    fetch.add_argument("--cache-dir", default=None, type=Path, help="standard data/ssb/cache")
    fetch.add_argument("--ssb-url", default=None, help=argparse.SUPPRESS)   # a mirror or a test server
    for sub in commands.choices.values():
        sub._optionals.title = "valg"
        sub._positionals.title = "argumenter"
    main._optionals.title = "valg"
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as error:
        print(f"Feil: {error}", file=sys.stderr)
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
        print(f"Uventet feil i verktøyet ({type(error).__name__}: {error}). Kjør kommandoen på nytt med "
              "--traceback først (python -m tilstand --traceback …) og meld fra om feilen.", file=sys.stderr)
        return EXIT_BUG
