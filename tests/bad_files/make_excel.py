"""Writes the Excel cases of tests/bad_files/cases.yml into a folder (test_bad_files.py runs it).

Each function below writes one workbook the way Excel leaves it after an analyst has typed, pasted
or formatted the cells; the file name is the function's name with «.xlsx». It also writes the lock
and hidden files office programs leave beside a workbook (LEFTOVERS): they are written here, not
committed, because many global gitignores leave out «~$*», «.~lock.*#» and «._*».
Run it by hand to look at the files:  python tests/bad_files/make_excel.py /tmp/excel_cases
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HEADER = ["region", "year", "indicator", "category", "value", "status", "source", "source_ref", "note"]
SOURCE = "Familia-uttrekk 15.01.2025"


def _book(rows, header=HEADER, title="Tall"):
    """A workbook whose first sheet holds the header and the rows (None = an empty cell)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    return book, sheet


def _row(indicator, value, category=None, source=SOURCE, region="9901", year="2024", status=None):
    return [region, year, indicator, category, value, status, source, None, None]


# --- accepted -----------------------------------------------------------------------------------

def ok_excel_prosentcelle(path):
    """Shares typed as «7,9 %» in a percent-formatted cell: Excel stores 0.079."""
    book, sheet = _book([_row("meldinger_nye", 826),
                         _row("sykefravaer_andel", 0.079, source="HR-portalen"),
                         _row("turnover_andel", 0.096, source="HR-portalen")])
    sheet["E3"].number_format = "0.0%"
    sheet["E4"].number_format = "0.0 %"
    book.save(path)


def ok_excel_tall_som_tekst(path):
    """Numbers stored as text (green triangle in Excel): pasted from the case system."""
    book, _ = _book([_row("meldinger_nye", "826"),
                     _row("sykefravaer_andel", "7,9", source="HR-portalen"),
                     _row("utgift_per_tiltak_maned", "25\u00a0100", category="kommunale_fosterhjem",
                          source="Regnskap (Agresso)"),
                     _row("arsverk", " 58,2 ", source="HR-portalen")])
    book.save(path)


def ok_excel_heltall_som_flyttall(path):
    """Region and year typed as numbers, a count computed elsewhere and pasted as 826.0."""
    book, _ = _book([_row("meldinger_nye", 826.0, region=9901, year=2024),
                     _row("akuttplasseringer", 15, region=9901, year=2024.0),
                     _row("arsverk", 58.2, region=9901, year=2024, source="HR-portalen")])
    book.save(path)


def ok_excel_tom_rad_og_tomme_kolonner(path):
    """An empty row between two blocks, and formatted but empty columns to the right of the table."""
    book, sheet = _book([_row("meldinger_nye", 502),
                         [None] * 9,
                         _row("akuttplasseringer", 15)])
    for column in ("J", "K", "L"):
        for number in range(1, 5):
            sheet[f"{column}{number}"].number_format = "0.0"
            sheet[f"{column}{number}"].value = None
    sheet["J1"] = ""             # an emptied header cell Excel keeps as an empty string
    book.save(path)


def ok_excel_veiledning_forst(path):
    """The sheet «Tall» is not the first one: the analyst moved «Veiledning» to the front."""
    book, _ = _book([_row("meldinger_nye", 502)])
    guide = book.create_sheet("Veiledning", 0)
    guide["A1"] = "Slik fyller du ut malen"
    book.save(path)


# --- refused --------------------------------------------------------------------------------------

def excel_dato_i_verdi(path):
    """Norwegian Excel turned «1.5» (årsverk) into the date 1 May."""
    book, sheet = _book([_row("meldinger_nye", 502),
                         _row("arsverk_etter_avdeling", datetime(2026, 5, 1), category="barnevernvakt_mottak_akutt",
                              source="HR-portalen")])
    sheet["E3"].number_format = "dd.mm.yyyy"
    book.save(path)


def excel_feilverdi(path):
    """A share computed by a formula that divided by an empty cell: Excel stores #DIV/0!."""
    book, _ = _book([_row("meldinger_nye", 502),
                     _row("tiltaksplan_andel", "#DIV/0!")])
    book.save(path)


def excel_formel_uten_resultat(path):
    """A total written as a formula by a script, with no result stored in the file."""
    book, _ = _book([_row("innsynskrav_medier", 2),
                     _row("innsynskrav", "=40+15")])
    book.save(path)


def excel_tom_rad_og_feil(path):
    """An empty row in the middle, and a mistake below it: the row named must be Excel's row."""
    book, _ = _book([_row("meldinger_nye", 502),
                     [None] * 9,
                     [None] * 9,
                     _row("akuttplasseringer", "femten")])
    book.save(path)


def excel_tittelrad(path):
    """A title typed above the header, so the header is in row 2."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tall"
    sheet.append(["Barnevernstall 2024 – Eksempel kommune"])
    sheet.append(HEADER)
    sheet.append(_row("meldinger_nye", 502))
    book.save(path)


def excel_tall_i_annet_ark(path):
    """The figures were pasted into a new sheet «Tall 2024»; the first sheet holds notes."""
    book = Workbook()
    notes = book.active
    notes.title = "Notater"
    notes["A1"] = "Tall hentet fra Familia 15.01.2025 av Kari"
    sheet = book.create_sheet("Tall 2024")
    sheet.append(HEADER)
    sheet.append(_row("meldinger_nye", 502))
    book.save(path)


def excel_tomt_ark(path):
    """A new workbook saved before anything was pasted into it."""
    book = Workbook()
    book.active.title = "Tall"
    book.save(path)


def excel_prosentcelle_790(path):
    """7,9 typed into a percent cell with Excel's automatic percent entry turned off: the cell holds
    7.9 and shows 790 %."""
    book, sheet = _book([_row("sykefravaer_andel", 7.9, source="HR-portalen")])
    sheet["E2"].number_format = "0%"
    book.save(path)


def excel_region_som_tekst_med_apostrof(path):
    """A region typed with Excel's text marker kept in the cell («'9901» pasted from another system)."""
    book, _ = _book([_row("meldinger_nye", 502, region="'9901")])
    book.save(path)


# --- not files of figures: what Excel, LibreOffice and macOS leave beside a workbook ------------------

_OWNER = "Ola Nordmann"
LEFTOVERS = {
    # Excel's owner file while 9901_2024.xlsx is open: the user name, in ANSI and in UTF-16, padded.
    "~$9901_2024.xlsx": bytes([len(_OWNER)]) + _OWNER.encode("cp1252").ljust(53, b" ")
                        + bytes([len(_OWNER), 0]) + (_OWNER + " " * 43).encode("utf-16-le"),
    # LibreOffice's lock file while 9901_2024.csv is open.
    ".~lock.9901_2024.csv#": "Ola Nordmann,ola,SAKSBEH-PC-12,29.11.2026 09:12,"
                             "file:///C:/Users/ola/AppData/Roaming/LibreOffice/4;\n".encode("utf-8"),
    # macOS's AppleDouble file (resource fork) beside 9901_2024.csv on a shared drive.
    "._9901_2024.csv": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\x09"
                       + b"\x00" * 20 + b"\x02\x00\x00\x00\x32\x00\x00\x0e\xb0ATTR\x3b\x9a\xc9\xff",
}


BUILDERS = [ok_excel_prosentcelle, ok_excel_tall_som_tekst, ok_excel_heltall_som_flyttall,
            ok_excel_tom_rad_og_tomme_kolonner, ok_excel_veiledning_forst, excel_dato_i_verdi,
            excel_feilverdi, excel_formel_uten_resultat, excel_tom_rad_og_feil, excel_tittelrad,
            excel_tall_i_annet_ark, excel_tomt_ark, excel_prosentcelle_790, excel_region_som_tekst_med_apostrof]


def names() -> list[str]:
    """The names of the files make_all writes."""
    return [f"{build.__name__}.xlsx" for build in BUILDERS] + list(LEFTOVERS)


def make_all(folder: Path) -> list[Path]:
    """Every Excel case and every leftover file, written into folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for build in BUILDERS:
        path = folder / f"{build.__name__}.xlsx"
        build(path)
        paths.append(path)
    for name, content in LEFTOVERS.items():
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    return paths


if __name__ == "__main__":
    for written in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(written)
