"""A blank template for a municipality's own figures: the indicators it reports, ready to fill and
validate.

Rows: every general indicator of the catalogue, plus those of the optional parts the
municipality's settings turn on; never figures the project supplies itself (SSB, national rates)
nor categories only a published source uses. The analyst fills `value` (and `source`), runs
`python -m tilstand validate`, and drops the file in `data/own_figures/<kommunenummer>/`. Columns
after `note` only help the person filling it in: the loader ignores them. The Excel version
checks what it can while typing (known indicators and categories, whole numbers for counts,
percent for shares) and has the guide on a second sheet.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from tilstand.ingest.catalogue import Catalogue, Indicator, load_catalogue
from tilstand.ingest.problems import UserError
from tilstand.ingest.readers import DATA_SHEET
from tilstand.ingest.settings import load_settings
from tilstand.ingest.target import FIRST_YEAR, parse_year, resolve_municipality
from tilstand.ingest.validation import HELP_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, SSB_SYMBOLS
from tilstand.ingest.register import load_register
from tilstand.language import Texts
from tilstand.paths import DEFAULT_WORKSPACE, Workspace
from tilstand.units import UNITS

COLUMNS = list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + HELP_COLUMNS)
GUIDE_SHEET = "Veiledning"
GUIDE_LANGUAGE = "nb"       # the template's help is for the analyst; reader-facing texts are elsewhere

COLUMN_HELP = {
    "region": "Kommunenummeret som gjaldt i året (fire sifre, med null foran, f.eks. 0301). Ikke endre.",
    "year": "Året tallet gjelder. Ikke endre.",
    "indicator": "Indikatorens id fra data/indicators.yml. Ikke endre.",
    "category": "Kategorien (f.eks. hvem som meldte). Tom betyr indikatorens hele verdi eller total.",
    "value": "Tallet. Desimalkomma, mellomrom som tusenskille, ingen %-tegn (andeler skrives 0–100). "
             "La cellen stå tom hvis tallet mangler – skriv aldri 0 for et tall dere ikke har.",
    "status": "Tom når verdien er fylt inn. Ellers et av SSBs symboler som forklarer hvorfor tallet mangler.",
    "source": "Hvor tallet kommer fra (fagsystem, regnskap, HR-system, SSB-tabell). Må fylles ut når "
              "verdi eller status er fylt ut.",
    "source_ref": "Valgfritt: rapport, uttrekksdato eller tabellnummer.",
    "note": "Valgfritt: forbehold, brudd i serien eller annet leseren bør vite.",
    "title": "Hjelp: indikatorens navn (leses ikke inn).",
    "unit": "Hjelp: enheten verdien skal oppgis i (leses ikke inn).",
    "definition": "Hjelp: hva som telles (leses ikke inn).",
    "category_label": "Hjelp: kategoriens navn (leses ikke inn).",
}
SYMBOL_HELP = {
    ".": "Ikke relevant (tallet finnes ikke for kommunen eller året).",
    "..": "Ikke tilgjengelig (tallet finnes, men dere har det ikke).",
    ":": "Skjult av personvernhensyn (verktøyet skjuler også små tall selv før publisering).",
    "-": "Nøyaktig null. Verdien kan da stå tom eller være 0.",
}


class TemplateError(UserError):
    pass


def write_template(municipality: str | int, year: str | int, out_path: Path, *, force: bool = False,
                   workspace: Workspace = DEFAULT_WORKSPACE) -> Path:
    """Write the template as CSV or Excel (by suffix) and return the path written. An existing
    file is never replaced unless force is given: it may hold a season's figures."""
    out_path = Path(out_path)
    if out_path.is_dir():
        raise TemplateError(f"«{out_path}» er en mappe; oppgi et filnavn, f.eks. {out_path / 'tall.xlsx'}.")
    if out_path.suffix.lower() not in (".csv", ".xlsx"):
        raise TemplateError(f"Malen kan skrives som .csv eller .xlsx, ikke «{out_path.suffix or out_path.name}».")
    if out_path.exists() and not force:
        raise TemplateError(f"{out_path} finnes allerede og kan inneholde utfylte tall, så den skrives ikke over. "
                            "Velg et annet filnavn, eller bruk --force for å erstatte den.")
    chosen = parse_year(year)
    if chosen is None:
        raise TemplateError(f"Oppgi et årstall fra {FIRST_YEAR} med --year.")
    municipality = resolve_municipality(municipality, chosen, workspace)
    code = load_register(workspace.data).resolve(municipality.kommunenummer, chosen).code
    modules = load_settings(municipality.kommunenummer, workspace).modules
    catalogue = load_catalogue(workspace.data)
    frame = template_frame(code, chosen, catalogue, modules)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if out_path.suffix.lower() == ".csv":
        frame.to_csv(out_path, index=False, sep=";", encoding="utf-8-sig")
    else:
        _write_excel(frame, out_path, catalogue)
    return out_path


def in_template(indicator: Indicator, modules: tuple[str, ...]) -> bool:
    return indicator.in_template and (indicator.module is None or indicator.module in modules)


def template_frame(code: str, year: int, catalogue: Catalogue, modules: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per indicator (its whole value or total) and per category, values empty."""
    rows = []
    for indicator in catalogue:
        if not in_template(indicator, modules):
            continue
        base = {column: "" for column in COLUMNS} | {
            "region": code, "year": str(year), "indicator": indicator.id,
            "title": indicator.title(GUIDE_LANGUAGE).format(nemnda="nemnda"), "unit": indicator.unit,
            "definition": indicator.definition(GUIDE_LANGUAGE)}
        if _has_whole_row(indicator):
            rows.append(base)
        rows += [base | {"category": category.id, "category_label": category.label(GUIDE_LANGUAGE)}
                 for category in indicator.categories if category.in_template]
    return pd.DataFrame(rows, columns=COLUMNS)


def _has_whole_row(indicator: Indicator) -> bool:
    """Uncategorised row unless the categories are shares, rates, or parts of another indicator."""
    if not indicator.categories:
        return True
    return indicator.kind.summable and not indicator.total


def _guide() -> pd.DataFrame:
    t = Texts(GUIDE_LANGUAGE)
    rows = [("Slik gjør dere", "", "Fyll inn «value» og «source» for de tallene dere har. Kjør "
             "`python -m tilstand validate FIL` og rett det som meldes. Legg filen i "
             "data/own_figures/<kommunenummer>/ og bygg rapporten. Se data/README.md.")]
    rows += [("Kolonne", column, text) for column, text in COLUMN_HELP.items()]
    rows += [("Enhet", unit, t(f"unit_help.{unit}")) for unit in UNITS]
    rows += [("SSB-symbol i «status»", symbol, SYMBOL_HELP[symbol]) for symbol in SSB_SYMBOLS if symbol]
    rows.append(("Manglende tall", "", "En tom verdi vises som manglende i rapporten, aldri som 0. "
                 "Deler som skal summere til en total (f.eks. meldinger etter hvem som meldte), må gjøre det."))
    return pd.DataFrame(rows, columns=["Emne", "Navn", "Forklaring"])


def _write_excel(frame: pd.DataFrame, path: Path, catalogue: Catalogue) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=DATA_SHEET, index=False)
        _guide().to_excel(writer, sheet_name=GUIDE_SHEET, index=False)
        sheet = writer.sheets[DATA_SHEET]
        sheet.freeze_panes = "E2"
        letters = {name: chr(ord("A") + i) for i, name in enumerate(COLUMNS)}
        for name in ("region", "year", "indicator", "category", "status", "source", "source_ref", "note"):
            for cell in sheet[letters[name]]:
                cell.number_format = "@"   # text: a kommunenummer like 0301 keeps its leading zero
        last = len(frame) + 1
        _lists(sheet, frame, letters, last, catalogue)
        value = letters["value"]
        counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                error="Et antall er et helt tall, 0 eller mer.", errorTitle="Antall")
        shares = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                                error="En andel skrives i prosent, mellom 0 og 100 (7,9 for 7,9 %).",
                                errorTitle="Andel")
        for check in (counts, shares):
            check.showErrorMessage = True
            sheet.add_data_validation(check)
        for offset, row in enumerate(frame.itertuples(), start=2):
            kind = catalogue.get(row.indicator).kind
            if kind.whole:
                counts.add(f"{value}{offset}")
            elif kind.is_share:
                shares.add(f"{value}{offset}")
        for column, width in zip(letters.values(), (8, 6, 34, 26, 12, 8, 24, 18, 30, 40, 12, 60, 30)):
            sheet.column_dimensions[column].width = width
        writer.sheets[GUIDE_SHEET].column_dimensions["C"].width = 100


def _lists(sheet, frame: pd.DataFrame, letters: dict[str, str], last: int, catalogue: Catalogue) -> None:
    """Drop-down lists for the SSB symbols, and a check that indicator and category are known."""
    from openpyxl.worksheet.datavalidation import DataValidation

    symbols = DataValidation(type="list", formula1='"' + ",".join(s for s in SSB_SYMBOLS if s) + '"',
                             allow_blank=True, error="Bruk et av SSBs symboler: . .. : -", errorTitle="Status")
    symbols.showErrorMessage = True
    sheet.add_data_validation(symbols)
    symbols.add(f"{letters['status']}2:{letters['status']}{last}")
    indicators = sorted(set(frame["indicator"]))
    hidden = sheet.parent.create_sheet("Lister")
    for index, indicator in enumerate(indicators, start=1):
        hidden.cell(row=index, column=1, value=indicator)
    hidden.sheet_state = "hidden"
    known = DataValidation(type="list", formula1=f"Lister!$A$1:$A${len(indicators)}", allow_blank=False,
                           error="Indikatoren finnes ikke i katalogen.", errorTitle="Indikator")
    known.showErrorMessage = True
    sheet.add_data_validation(known)
    known.add(f"{letters['indicator']}2:{letters['indicator']}{last}")
