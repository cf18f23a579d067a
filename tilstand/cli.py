"""Command line: `python -m tilstand build|list|template|validate|fetch` (see --help)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tilstand.ingest.target import DEFAULT_MUNICIPALITY, InvalidChoice


def _build(args) -> int:
    from tilstand.publish import BuildError, build_report
    from tilstand.ingest.validation import DataValidationError

    try:
        result = build_report(args.municipality, args.year, args.out, progress=not args.quiet, pdf=args.pdf)
    except (InvalidChoice, BuildError, DataValidationError) as error:
        print(f"Feil: {error}", file=sys.stderr)
        return 2
    target = result.target
    print(f"Ferdig: rapporten for {target.municipality.name} ({target.kommunenummer}) {target.year} "
          f"er bygget på {result.timings['total']:.1f} s.")
    if result.pdf:
        print(f"PDF for den politiske saken: {result.pdf}")
    print(f"Åpne {result.index} i en nettleser, eller kjør\n"
          f"  python3 -m http.server --directory {result.site_dir} 8000\n"
          "og gå til http://localhost:8000/")
    return 0


def _list(args) -> int:
    from tilstand.ingest.target import available, year_ranges

    print("Kommuner og år med tall (bruk kommunenummer eller navn med --municipality):")
    for municipality, years in available():
        codes = ", ".join(c.code for c in municipality.codes if c.code != municipality.kommunenummer)
        history = f" (tidligere {codes})" if codes else ""
        print(f"  {municipality.kommunenummer}  {municipality.name}{history}: {year_ranges(years)}")
    return 0


def _template(args) -> int:
    from tilstand.ingest.template import write_template

    try:
        path = write_template(args.municipality, args.year, Path(args.out))
    except InvalidChoice as error:
        print(f"Feil: {error}", file=sys.stderr)
        return 2
    print(f"Skrev malen {path}. Fyll inn kolonnene «value» og «source», kontroller filen med "
          f"`python -m tilstand validate`, og legg den i "
          f"data/own_figures/<kommunenummer>/; se data/README.md.")
    return 0


def _validate(args) -> int:
    from tilstand.ingest.dataset import read_observations
    from tilstand.ingest.validation import DataValidationError

    try:
        frame = read_observations(Path(args.file))
    except DataValidationError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"{args.file}: ingen feil ({len(frame)} rader, {frame['value'].notna().sum()} med verdi).")
    return 0


def _fetch(args) -> int:
    from tilstand.ssb import fetch_command
    from tilstand.ssb.cache import DEFAULT_CACHE_DIR

    return fetch_command(args.municipality, args.years, args.cache_dir or DEFAULT_CACHE_DIR)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m tilstand",
        description="Lager tilstandsrapporten for barnevernstjenesten som nettsted.")
    commands = main.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    build = commands.add_parser("build", help="bygg rapporten for én kommune og ett år",
                                description="Bygger rapporten som nettsted. Forrige nettsted beholdes "
                                            "til det nye er ferdig.")
    build.add_argument("--municipality", "-m", default=DEFAULT_MUNICIPALITY,
                       help="kommunenummer (også historiske, f.eks. 0219) eller navn; standard 3201 Bærum")
    build.add_argument("--year", "-y", default=None, help="rapportåret; standard siste år med tall")
    build.add_argument("--out", "-o", default=None, type=Path,
                       help="mappe for nettstedet; standard _build/<kommunenummer>/<år>/html")
    build.add_argument("--pdf", action="store_true",
                       help="skriv også hele rapporten som PDF (A4) ved siden av nettstedet; krever Debians chromium")
    build.add_argument("--quiet", "-q", action="store_true", help="ingen fremdriftslinje")
    build.set_defaults(run=_build)

    listing = commands.add_parser("list", help="vis kommuner og år med tall",
                                  description="Viser kommuner og år det finnes tall for.")
    listing.set_defaults(run=_list)

    template = commands.add_parser("template", help="skriv en tom mal for kommunens egne tall",
                                   description="Skriver en mal (CSV eller .xlsx) med alle indikatorer, "
                                               "enhet og definisjon, klar til utfylling.")
    template.add_argument("--municipality", "-m", required=True, help="kommunenummer eller navn")
    template.add_argument("--year", "-y", required=True, help="året tallene gjelder")
    template.add_argument("--out", "-o", required=True, help="filen som skal skrives (.csv eller .xlsx)")
    template.set_defaults(run=_template)

    validate = commands.add_parser("validate", help="kontroller en utfylt mal",
                                   description="Kontrollerer en fil med tall og viser alle feil med "
                                               "fil, rad og kolonne.")
    validate.add_argument("file", help="CSV- eller Excel-filen som skal kontrolleres")
    validate.set_defaults(run=_validate)

    fetch = commands.add_parser("fetch", help="hent SSB-tall og lagre dem lokalt",
                                description="Henter tall fra SSBs API for kommunen, dens KOSTRA-gruppe, "
                                            "fylke og landet, og lagrer dem med kilde og dato.")
    fetch.add_argument("--municipality", "-m", required=True, help="kommunenummer eller navn")
    fetch.add_argument("--years", required=True, help="år eller periode, f.eks. 2015-2024")
    fetch.add_argument("--cache-dir", default=None, type=Path, help="standard data/ssb/cache")
    fetch.set_defaults(run=_fetch)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
