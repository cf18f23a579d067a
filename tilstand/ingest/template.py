"""A blank template for a municipality's own figures: every indicator, ready to fill and validate.

The analyst fills `value` (and `source`), runs `python -m tilstand validate`, and drops the file
in `data/own_figures/<kommunenummer>/`; the build reads it from there with no code change.
Columns after `note` only help the person filling it in: the loader ignores them.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from tilstand.ingest.catalogue import Catalogue, Indicator, load_catalogue
from tilstand.ingest.target import InvalidChoice, parse_year
from tilstand.ingest.register import UnknownMunicipality, load_register
from tilstand.ingest.validation import FIRST_YEAR, HELP_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, SSB_SYMBOLS

COLUMNS = list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + HELP_COLUMNS)
DATA_SHEET = "Tall"
GUIDE_SHEET = "Veiledning"
# Units whose categories can be added up, so the uncategorised row is their total.
SUMMABLE_UNITS = ("antall", "1000 kroner", "mill. kroner")

COLUMN_HELP = {
    "region": "Kommunenummeret som gjaldt i året (fire sifre, med null foran, f.eks. 0219). Ikke endre.",
    "year": "Året tallet gjelder. Ikke endre.",
    "indicator": "Indikatorens id fra data/indicators.csv. Ikke endre.",
    "category": "Kategorien (f.eks. hvem som meldte). Tom betyr indikatorens hele verdi eller total.",
    "value": "Tallet. Desimalkomma eller -punktum, ingen %-tegn (andeler skrives 0–100). "
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
UNIT_HELP = {
    "antall": "Et helt antall (barn, meldinger, saker …).",
    "prosent": "Andel i prosent, 0–100 (12,5 betyr 12,5 %).",
    "kroner": "Kroner, uten tusenskille eller med mellomrom (74 373).",
    "1000 kroner": "Tusen kroner.",
    "mill. kroner": "Millioner kroner, med desimaler (10,2). Minus for merforbruk.",
    "indeks": "Et indekstall, slik kilden oppgir det.",
    "dager": "Antall dager.",
}
SYMBOL_HELP = {
    ".": "Ikke relevant (tallet finnes ikke for kommunen eller året).",
    "..": "Ikke tilgjengelig (tallet finnes, men dere har det ikke).",
    ":": "Skjult av personvernhensyn (verktøyet skjuler også små tall selv før publisering).",
    "-": "Nøyaktig null. Verdien kan da stå tom eller være 0.",
}


def write_template(municipality: str, year: str | int, out_path: Path) -> Path:
    """Write the template as CSV or Excel (by suffix) and return the path written."""
    out_path = Path(out_path)
    if out_path.suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidChoice(f"Malen kan skrives som .csv eller .xlsx, ikke «{out_path.suffix or out_path.name}».")
    chosen = parse_year(year)
    if chosen is None or chosen < FIRST_YEAR:
        raise InvalidChoice(f"Oppgi et årstall fra {FIRST_YEAR} med --year.")
    try:
        code = load_register().resolve(municipality, chosen).code
    except UnknownMunicipality as error:
        raise InvalidChoice(str(error)) from None
    frame = template_frame(code, chosen, load_catalogue())
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if out_path.suffix.lower() == ".csv":
        frame.to_csv(out_path, index=False, encoding="utf-8")
    else:
        _write_excel(frame, out_path)
    return out_path


def template_frame(code: str, year: int, catalogue: Catalogue) -> pd.DataFrame:
    """One row per indicator (its whole value or total) and per category, values empty."""
    rows = []
    for indicator in catalogue:
        base = {column: "" for column in COLUMNS} | {
            "region": code, "year": str(year), "indicator": indicator.id, "title": indicator.title,
            "unit": indicator.unit, "definition": indicator.definition}
        if _has_whole_row(indicator):
            rows.append(base)
        rows += [base | {"category": category.id, "category_label": category.label}
                 for category in indicator.categories]
    return pd.DataFrame(rows, columns=COLUMNS)


def _has_whole_row(indicator: Indicator) -> bool:
    """Uncategorised row unless the categories are shares, rates, or parts of another indicator."""
    if not indicator.categories:
        return True
    return indicator.unit in SUMMABLE_UNITS and not indicator.total_indicator


def _guide() -> pd.DataFrame:
    rows = [("Slik gjør dere", "", "Fyll inn «value» og «source» for de tallene dere har. Kjør "
             "`python -m tilstand validate FIL` og rett det som meldes. Legg filen i "
             "data/own_figures/<kommunenummer>/ og bygg rapporten. Se data/README.md.")]
    rows += [("Kolonne", column, text) for column, text in COLUMN_HELP.items()]
    rows += [("Enhet", unit, text) for unit, text in UNIT_HELP.items()]
    rows += [("SSB-symbol i «status»", symbol, SYMBOL_HELP[symbol]) for symbol in SSB_SYMBOLS if symbol]
    rows.append(("Manglende tall", "", "En tom verdi vises som manglende i rapporten, aldri som 0. "
                 "Deler som skal summere til en total (f.eks. meldinger etter hvem som meldte), må gjøre det."))
    return pd.DataFrame(rows, columns=["Emne", "Navn", "Forklaring"])


def _write_excel(frame: pd.DataFrame, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=DATA_SHEET, index=False)
        _guide().to_excel(writer, sheet_name=GUIDE_SHEET, index=False)
        sheet = writer.sheets[DATA_SHEET]
        sheet.freeze_panes = "E2"
        for cells in sheet.iter_cols(min_row=1, max_row=1):
            # Text cells, so a kommunenummer like 0219 keeps its leading zero when edited.
            for cell in sheet[cells[0].column_letter]:
                cell.number_format = "@"
        for column, width in zip("ABCDEFGHIJKLM", (8, 6, 34, 26, 12, 8, 24, 18, 30, 40, 12, 60, 30)):
            sheet.column_dimensions[column].width = width
        writer.sheets[GUIDE_SHEET].column_dimensions["C"].width = 100
