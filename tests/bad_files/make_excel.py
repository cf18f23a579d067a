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


def _notes_first(note, title):
    """A workbook whose first sheet «Notater» holds a note, and a second sheet `title` the figures."""
    book = Workbook()
    book.active.title = "Notater"
    book.active["A1"] = note
    sheet = book.create_sheet(title)
    sheet.append(HEADER)
    sheet.append(_row("meldinger_nye", 502))
    return book, sheet


def _row(indicator, value, category=None, source=SOURCE, region="9901", year="2024", status=None):
    return [region, year, indicator, category, value, status, source, None, None]


# --- accepted -----------------------------------------------------------------------------------


def ok_excel_prosentcelle(path):
    """Shares typed as «7,9 %» in a percent-formatted cell: Excel stores 0.079."""
    book, sheet = _book(
        [
            _row("meldinger_nye", 826),
            _row("sykefravaer_andel", 0.079, source="HR-portalen"),
            _row("turnover_andel", 0.096, source="HR-portalen"),
        ]
    )
    sheet["E3"].number_format = "0.0%"
    sheet["E4"].number_format = "0.0 %"
    book.save(path)


def ok_excel_tall_som_tekst(path):
    """Numbers stored as text (green triangle in Excel): pasted from the case system."""
    book, _ = _book(
        [
            _row("meldinger_nye", "826"),
            _row("sykefravaer_andel", "7,9", source="HR-portalen"),
            _row(
                "utgift_per_tiltak_maned", "25\u00a0100", category="kommunale_fosterhjem", source="Regnskap (Agresso)"
            ),
            _row("arsverk", " 58,2 ", source="HR-portalen"),
        ]
    )
    book.save(path)


def ok_excel_heltall_som_flyttall(path):
    """Region and year typed as numbers, a count computed elsewhere and pasted as 826.0."""
    book, _ = _book(
        [
            _row("meldinger_nye", 826.0, region=9901, year=2024),
            _row("akuttplasseringer", 15, region=9901, year=2024.0),
            _row("arsverk", 58.2, region=9901, year=2024, source="HR-portalen"),
        ]
    )
    book.save(path)


def ok_excel_tom_rad_og_tomme_kolonner(path):
    """An empty row between two blocks, and formatted but empty columns to the right of the table."""
    book, sheet = _book([_row("meldinger_nye", 502), [None] * 9, _row("akuttplasseringer", 15)])
    for column in ("J", "K", "L"):
        for number in range(1, 5):
            sheet[f"{column}{number}"].number_format = "0.0"
            sheet[f"{column}{number}"].value = None
    sheet["J1"] = ""  # an emptied header cell Excel keeps as an empty string
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
    book, sheet = _book(
        [
            _row("meldinger_nye", 502),
            _row(
                "arsverk_etter_avdeling",
                datetime(2026, 5, 1),
                category="barnevernvakt_mottak_akutt",
                source="HR-portalen",
            ),
        ]
    )
    sheet["E3"].number_format = "dd.mm.yyyy"
    book.save(path)


def excel_feilverdi(path):
    """A share computed by a formula that divided by an empty cell: Excel stores #DIV/0!."""
    book, _ = _book([_row("meldinger_nye", 502), _row("tiltaksplan_andel", "#DIV/0!")])
    book.save(path)


def excel_formel_uten_resultat(path):
    """A total written as a formula by a script, with no result stored in the file."""
    book, _ = _book([_row("innsynskrav_medier", 2), _row("innsynskrav", "=40+15")])
    book.save(path)


def excel_tom_rad_og_feil(path):
    """An empty row in the middle, and a mistake below it: the row named must be Excel's row."""
    book, _ = _book([_row("meldinger_nye", 502), [None] * 9, [None] * 9, _row("akuttplasseringer", "femten")])
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
    book, _ = _notes_first("Tall hentet fra Familia 15.01.2025 av Kari", "Tall 2024")
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


# --- only what a person sees in Excel is read --------------------------------------------------------


def ok_excel_skjult_ark(path):
    """Last year's figures kept in a hidden sheet, and an old draft in a very hidden one (set by a macro):
    only the visible sheet «Tall» is read, and both hidden sheets are named in a notice."""
    book, _ = _book([_row("meldinger_nye", 502)])
    for title, state, value in (("Fjoråret", "hidden", 999), ("Utkast", "veryHidden", 777)):
        old = book.create_sheet(title)
        old.append(HEADER)
        old.append(_row("meldinger_nye", value))
        old.sheet_state = state
    book.save(path)


def ok_excel_prosent_i_anforselstegn(path):
    """A share typed as 7,9 in a cell formatted «0,0" %"»: Excel shows «7,9 %» without multiplying;
    beside it a real percent cell (0.096 shown as 9,6 %)."""
    book, sheet = _book(
        [_row("sykefravaer_andel", 7.9, source="HR-portalen"), _row("turnover_andel", 0.096, source="HR-portalen")]
    )
    sheet["E2"].number_format = '0.0" %"'
    sheet["E3"].number_format = "0.0%"
    book.save(path)


def excel_bare_skjult_ark_har_tall(path):
    """The sheet with the figures was hidden by mistake; only a notes sheet is visible."""
    book, sheet = _notes_first("Tallene er i arket Tall", "Tall")
    sheet.sheet_state = "hidden"
    book.save(path)


def excel_skjulte_rader(path):
    """Two rows hidden (right click, «Skjul»): figures nobody sees on screen or on paper."""
    book, sheet = _book(
        [
            _row("meldinger_nye", 502),
            _row("akuttplasseringer", 15),
            _row("innsynskrav", 40),
            _row("arsverk", 45.5, source="HR-portalen"),
        ]
    )
    for number in (3, 4):
        sheet.row_dimensions[number].hidden = True
    book.save(path)


def excel_filtrert_bort(path):
    """A preliminary figure marked «ikke publiser» in the note, filtered away with Excel's filter."""
    book, sheet = _book(
        [
            _row("meldinger_nye", 502),
            _row("akuttplasseringer", 15)[:8] + ["ikke publiser – foreløpig tall"],
            _row("innsynskrav", 40),
        ]
    )
    sheet.auto_filter.ref = "A1:I4"
    sheet.auto_filter.add_filter_column(8, ["(Tomme)"], blank=True)
    sheet.row_dimensions[3].hidden = True
    book.save(path)


def excel_skjult_verdikolonne(path):
    """The column «value» hidden (right click on E, «Skjul»): the sheet shows indicators and sources,
    none of the figures that would be published."""
    book, sheet = _book([_row("meldinger_nye", 502), _row("akuttplasseringer", 15)])
    sheet.column_dimensions["E"].hidden = True
    book.save(path)


def excel_skjult_kategorikolonne(path):
    """The column «category» hidden with the note beside it: each figure is seen without the part it counts."""
    book, sheet = _book(
        [_row("meldinger_etter_instans", 40, category="politi"), _row("meldinger_etter_instans", 60, category="skole")]
    )
    sheet.column_dimensions.group("D", "D", hidden=True)
    sheet.column_dimensions["I"].hidden = True  # the note: hidden, but empty
    book.save(path)


def ok_excel_skjulte_tomme_kolonner(path):
    """Every unused column to the right of the table hidden for a tidy sheet, an empty «note» column hidden,
    and the template's help column «title» hidden: nothing that would be read is out of sight."""
    book, sheet = _book([_row("meldinger_nye", 502)[:9] + ["Nye meldinger"]], header=HEADER + ["title"])
    sheet.column_dimensions["I"].hidden = True
    sheet.column_dimensions["J"].hidden = True
    sheet.column_dimensions.group("K", "XFD", hidden=True)
    book.save(path)


def excel_antall_og_kroner_med_komma(path):
    """Numbers pasted from an English report as text: «1,000» reports and «210,000» kroner."""
    book, _ = _book(
        [
            _row("meldinger_nye", "1,000"),
            _row("utgift_per_tiltak_maned", "210,000", category="kommunale_fosterhjem", source="Regnskap (Agresso)"),
        ]
    )
    book.save(path)


def excel_aar_med_fotnote(path):
    """A year with a footnote digit, as in a published table: «2024¹»."""
    book, _ = _book([_row("meldinger_nye", 502, year="2024\u00b9")])
    book.save(path)


def excel_bortkommen_celle(path):
    """One stray character typed into the sheet's very last cell, XFD1048576."""
    book, sheet = _book([_row("meldinger_nye", 502)])
    sheet["XFD1048576"] = "x"
    book.save(path)


def excel_zip_bombe(path):
    """A small workbook with a part that unpacks to far more than any table (a «zip bomb»)."""
    import zipfile

    book, _ = _book([_row("meldinger_nye", 502)])
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/media/bilde.bin", b"\0" * 200_000_000)


# --- not files of figures: what Excel, LibreOffice and macOS leave beside a workbook ------------------

_OWNER = "Ola Nordmann"
LEFTOVERS = {
    # Excel's owner file while 9901_2024.xlsx is open: the user name, in ANSI and in UTF-16, padded.
    "~$9901_2024.xlsx": bytes([len(_OWNER)])
    + _OWNER.encode("cp1252").ljust(53, b" ")
    + bytes([len(_OWNER), 0])
    + (_OWNER + " " * 43).encode("utf-16-le"),
    # LibreOffice's lock file while 9901_2024.csv is open.
    ".~lock.9901_2024.csv#": b"Ola Nordmann,ola,SAKSBEH-PC-12,29.11.2026 09:12,"
    b"file:///C:/Users/ola/AppData/Roaming/LibreOffice/4;\n",
    # macOS's AppleDouble file (resource fork) beside 9901_2024.csv on a shared drive.
    "._9901_2024.csv": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\x09"
    + b"\x00" * 20
    + b"\x02\x00\x00\x00\x32\x00\x00\x0e\xb0ATTR\x3b\x9a\xc9\xff",
}


BUILDERS = [
    ok_excel_prosentcelle,
    ok_excel_tall_som_tekst,
    ok_excel_heltall_som_flyttall,
    ok_excel_tom_rad_og_tomme_kolonner,
    ok_excel_veiledning_forst,
    excel_dato_i_verdi,
    excel_feilverdi,
    excel_formel_uten_resultat,
    excel_tom_rad_og_feil,
    excel_tittelrad,
    excel_tall_i_annet_ark,
    excel_tomt_ark,
    excel_prosentcelle_790,
    excel_region_som_tekst_med_apostrof,
    ok_excel_skjult_ark,
    ok_excel_prosent_i_anforselstegn,
    excel_bare_skjult_ark_har_tall,
    excel_skjulte_rader,
    excel_filtrert_bort,
    excel_skjult_verdikolonne,
    excel_skjult_kategorikolonne,
    ok_excel_skjulte_tomme_kolonner,
    excel_antall_og_kroner_med_komma,
    excel_aar_med_fotnote,
    excel_bortkommen_celle,
    excel_zip_bombe,
]


# Text files too large to commit: 100 000 copies of one row.
GENERATED = {
    "hundre_tusen_like_rader.csv": lambda: (
        "region;year;indicator;category;value;status;source;source_ref;note\n"
        + f"9901;2024;meldinger_nye;;502;;{SOURCE};;\n" * 100_000
    ).encode(),
}


def names() -> list[str]:
    """The names of the files make_all writes."""
    return [f"{build.__name__}.xlsx" for build in BUILDERS] + list(LEFTOVERS) + list(GENERATED)


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
    for name, make in GENERATED.items():
        (folder / name).write_bytes(make())
        paths.append(folder / name)
    return paths


if __name__ == "__main__":
    for written in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(written)
