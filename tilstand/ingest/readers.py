"""Reads a file of figures the way a Norwegian office writes it, every cell as the text a person sees.

- CSV separated by semicolons (what Norwegian Excel saves) or commas, detected from the header;
  UTF-8 with or without BOM, or Windows-1252.
- Excel workbooks (.xlsx): the sheet «Tall» (or the first one), with cell formats honoured: a
  cell formatted as percent holding 0.079 is 7,9 %, and a date where a figure belongs is refused.
- Older or other formats (.xls, .ods, .numbers, .txt, Excel's «Unicode-tekst») are refused with
  one sentence saying what to save as. Office lock files (~$…, .~lock…) and hidden files are not
  figures and are skipped by whoever lists the files (paths.leftover_reason).
- A row with more cells than the header is refused as a whole, most often a decimal comma in a
  comma-separated file; a formula without a stored result and a date where a figure belongs are
  refused, each naming its cell.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pandas as pd

from tilstand.ingest.problems import Problem

READABLE = (".csv", ".xlsx", ".xlsm")
SAVE_AS = "Lagre den som Excel-arbeidsbok (.xlsx) eller CSV (.csv) og prøv igjen"
REFUSED = {
    ".xls": f"Filen er i det gamle Excel-formatet .xls. {SAVE_AS}.",
    ".ods": f"Filen er i OpenDocument-formatet .ods. {SAVE_AS}.",
    ".numbers": f"Filen er i Numbers-formatet. {SAVE_AS}.",
    ".txt": f"Filen er en tekstfil (.txt). {SAVE_AS}.",
    ".tsv": f"Filen er tabulatorseparert (.tsv). {SAVE_AS}.",
}
DATA_SHEET = "Tall"
ENCODINGS = ("utf-8-sig", "cp1252")
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
HEADER_COLUMNS = ("region", "year", "indicator", "value")     # a sheet whose first row has these holds figures
SEPARATORS = (";", ",", "\t")


@dataclass
class Table:
    """A file's cells as text (header stripped), with the spreadsheet row of each line."""

    label: str
    frame: pd.DataFrame
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_table(path: Path, label: str) -> Table:
    suffix = path.suffix.lower()
    if suffix in READABLE:
        try:
            return _read_excel(path, label) if suffix != ".csv" else _read_csv(path, label)
        except OSError as error:
            return _failed(label, f"Filen kan ikke åpnes ({error.strerror or error}).")
    return _failed(label, REFUSED.get(suffix, f"Filtypen «{suffix or path.name}» kan ikke leses. {SAVE_AS}."))


def _failed(label: str, sentence: str) -> Table:
    """A file that cannot be read at all: one sentence saying why and what to do."""
    return Table(label, pd.DataFrame(), [], [Problem(label, None, "", "", sentence)])


def _decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")   # cp1252 decodes nearly every byte; never reached


def _separator(header: str) -> str:
    """The separator that splits the header line into the most fields (Norwegian Excel writes ';')."""
    return max(SEPARATORS, key=lambda sep: (len(next(csv.reader([header], delimiter=sep))), sep == ";"))


def _read_csv(path: Path, label: str) -> Table:
    data = path.read_bytes()
    if data.startswith(UTF16_MARKS) or b"\x00" in data[:200]:
        return _failed(label, "Filen er lagret som «Unicode-tekst» (UTF-16), som ikke kan leses. Lagre den i "
                              "Excel som «CSV UTF-8 (kommadelt)» eller «CSV (semikolondelt)», eller som "
                              "Excel-arbeidsbok (.xlsx).")
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return _failed(label, "Filen er tom; den skal ha en overskriftsrad med kolonnenavnene "
                              "(region, year, indicator …) og én rad per tall.")
    separator = _separator(lines[0])
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=separator))
    except csv.Error:
        return _failed(label, "Filen kan ikke leses som CSV (en celle med anførselstegn slutter aldri). "
                              f"{SAVE_AS}.")
    width = len(records[0])
    header = _trimmed([cell.strip().lstrip("\ufeff") for cell in records[0]])
    body, rows, problems = [], [], []
    for number, record in enumerate(records[1:], start=2):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue                        # an empty line says nothing
        if len(cells) > width or any(cells[len(header):]):
            problems.append(Problem(label, number, "", "", _too_many_cells(cells, header, separator)))
            continue
        body.append(cells[:len(header)] + [""] * (len(header) - len(cells)))
        rows.append(number)
    return Table(label, pd.DataFrame(body, columns=header, dtype=str), rows, problems)


def _trimmed(header: list[str]) -> list[str]:
    """The header without the empty cells Excel leaves to the right of a table («;;;»)."""
    while header and not header[-1]:
        header = header[:-1]
    return header


def _too_many_cells(cells: list[str], header: list[str], separator: str) -> str:
    """A row with more cells than the header: say so, and name the likely cause (a decimal comma
    in the column «value» of a comma-separated file)."""
    sentence = f"raden har {len(cells)} celler, men overskriftsraden har {len(header)}."
    if separator == "," and "value" in header:
        whole, decimals = (cells + ["", ""])[header.index("value"):][:2]
        if whole.lstrip("-").isdigit() and decimals.isdigit():
            split = f"{whole},{decimals}"
            return (f"{sentence} Trolig er desimalkommaet i «{split}» lest som skilletegn, fordi filen er "
                    "kommadelt. Lagre filen som «CSV (semikolondelt)», eller sett tall med desimalkomma i "
                    "anførselstegn.")
    return f"{sentence} Fjern cellene som er for mye, eller sett tekst med skilletegn i anførselstegn."


def _read_excel(path: Path, label: str) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True, read_only=False)
        formulas = load_workbook(path, data_only=False, read_only=False)   # to tell a formula from an empty cell
    except Exception:   # openpyxl raises many kinds for a damaged or mislabelled file
        return _failed(label, f"Filen kan ikke åpnes som Excel-arbeidsbok; den kan være skadet eller "
                              f"ha feil filendelse. {SAVE_AS}.")
    sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
    grid = list(sheet.iter_rows())
    if not grid:
        return _failed(label, "Arket er tomt; det skal ha en overskriftsrad med kolonnenavnene "
                              "(region, year, indicator …) og én rad per tall.")
    header = _trimmed([str(cell.value).strip() if cell.value is not None else "" for cell in grid[0]])
    if elsewhere := _sheet_with_figures(workbook, sheet, header):
        return _failed(label, f"Arket «{sheet.title}», som ble lest, har ikke overskriftsraden med kolonnene "
                              f"{', '.join(HEADER_COLUMNS)} …; tallene ser ut til å ligge i arket «{elsewhere}». "
                              f"Gi det arket navnet «{DATA_SHEET}», eller flytt det først i arbeidsboken.")
    written = formulas[sheet.title]
    body, rows, problems = [], [], []
    for line in grid[1:]:
        cells = []
        for column, cell in zip(header, line):
            text, problem = _cell_text(cell, column)
            formula = written[cell.coordinate].value if cell.value is None else None
            if isinstance(formula, str) and formula.startswith("="):
                text, problem = formula, ("et tall; cellen har en formel uten lagret resultat. Åpne filen i "
                                          "Excel og lagre den igjen (da lagres resultatet), eller skriv tallet inn")
            if problem:
                problems.append(Problem(label, cell.row, column, text, problem))
            cells.append(text)
        if not any(cells):
            continue
        body.append(cells + [""] * (len(header) - len(cells)))
        rows.append(line[0].row)
    return Table(label, pd.DataFrame(body, columns=header, dtype=str), rows, problems)


def _sheet_with_figures(workbook, read, header: list[str]) -> str | None:
    """The name of another sheet that holds the figures, when the sheet read does not."""
    if set(HEADER_COLUMNS) <= set(header):
        return None
    for sheet in workbook.worksheets:
        first = next(sheet.iter_rows(max_row=1, values_only=True), ())
        if sheet is not read and set(HEADER_COLUMNS) <= {str(v).strip() for v in first if v is not None}:
            return sheet.title
    return None


def _cell_text(cell, column: str) -> tuple[str, str | None]:
    """A cell as the text a person sees, and what is wrong with it when it cannot be a figure."""
    value = cell.value
    if value is None:
        return "", None
    if isinstance(value, (datetime, date, time)):
        shown = value.strftime("%d.%m.%Y") if isinstance(value, (datetime, date)) else str(value)
        if column in ("value", "year", "region"):
            return shown, "et tall, ikke en dato (cellen er formatert som dato i Excel; endre formatet til Tall)"
        return shown, None
    if isinstance(value, bool):
        return ("SANN" if value else "USANN"), None
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (cell.number_format or ""):
            number *= 100             # a percent cell shows 7,9 % and holds 0.079
        if not number.is_finite():
            return str(value), None   # the value rules refuse it with their own message
        return _plain(number), None
    return str(value).strip(), None


def _plain(number: Decimal) -> str:
    """A number as plain text without exponent: 826.0 → '826', 7.9000000001 → '7.9'."""
    rounded = round(number, 9).normalize()
    text = format(rounded, "f")
    return text
