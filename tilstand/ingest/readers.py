"""Reads a file of figures the way a Norwegian office writes it, every cell as the text a person sees.

- CSV separated by semicolons (what Norwegian Excel saves) or commas, detected from the header;
  UTF-8 with or without BOM, or Windows-1252.
- Excel workbooks (.xlsx): only what a person sees in Excel. The visible sheet «Tall» (or the first
  visible one); hidden and very hidden sheets are not read and are named in a notice; a figure in a
  hidden or filtered-out row, or anything in a hidden column that would be read, is refused. Cell
  formats are honoured as Excel shows them: a cell whose format shows a percent holding 0.079 is 7,9 %
  (a «%» in quotes is text, not a percent format), and a date where a figure belongs is refused.
  Workbooks are streamed (read-only) within bounds on the unpacked size, the sheet's extent and the
  number of cells.
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
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError, fromstring, iterparse

import pandas as pd

from tilstand.ingest.problems import Problem, Said, said
from tilstand.ingest.validation import HELP_COLUMNS

READABLE = (".csv", ".xlsx", ".xlsm")
SAVE_AS = said("readers.save_as")
REFUSED = (".xls", ".ods", ".numbers", ".txt", ".tsv")  # each with its sentence, readers.format.<suffix>
DATA_SHEET = "Tall"
LISTS_SHEET = "Lister"  # the template's own hidden sheet of choices for its drop-down lists
ENCODINGS = ("utf-8-sig", "cp1252")
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
HEADER_COLUMNS = ("region", "year", "indicator", "value")  # a sheet whose first row has these holds figures
SEPARATORS = (";", ",", "\t")
# Bounds no file of figures comes near; a workbook beyond them is refused before it is read.
MAX_UNPACKED = 20_000_000  # bytes, all parts of a workbook unpacked
MAX_CSV = 200_000_000  # bytes; SSB's files for every municipality (fetch --all) are far smaller
MAX_PARTS = 1_000
MAX_ROWS, MAX_COLUMNS, MAX_CELLS = 50_000, 100, 500_000


@dataclass
class Table:
    """A file's cells as text (header stripped), with the spreadsheet row of each line."""

    label: str
    frame: pd.DataFrame
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # warnings: what was left unread, and why


def read_table(path: Path, label: str, data: bytes | None = None) -> Table:
    """The file's table and what stops it from being read. data: its bytes, when the caller has read
    them already (to key a cache by them): what is checked is then exactly what the key names."""
    suffix = path.suffix.lower()
    if suffix in READABLE:
        try:
            if suffix == ".csv":
                return _read_csv(path, label, data)
            return _read_excel(label, path.read_bytes() if data is None else data)
        except OSError as error:
            return _failed(label, said("readers.cannot_open", reason=error.strerror or str(error)))
    if suffix in REFUSED:
        return _failed(label, said(f"readers.format{suffix}", save_as=SAVE_AS))
    return _failed(label, said("readers.format_unknown", suffix=suffix or path.name, save_as=SAVE_AS))


def _failed(label: str, sentence: Said) -> Table:
    """A file that cannot be read at all: one sentence saying why and what to do."""
    return Table(label, pd.DataFrame(), [], [Problem(label, None, "", "", sentence)])


def _decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")  # cp1252 decodes nearly every byte; never reached


def _mixed_encoding(data: bytes) -> int | None:
    """The line of the first byte that is not UTF-8 in a file that elsewhere holds æøå as UTF-8 (text
    pasted from two sources): read as Windows-1252 either half would be garbled."""
    try:
        data.decode("utf-8-sig")
        return None
    except UnicodeDecodeError as error:
        start = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    if data.startswith(b"\xef\xbb\xbf") or re.search(rb"[\xc2\xc3][\x80-\xbf]", data):
        return data[:start].count(b"\n") + 1
    return None


def _separator(header: str) -> str:
    """The separator that splits the header line into the most fields (Norwegian Excel writes ';')."""
    return max(SEPARATORS, key=lambda sep: (len(next(csv.reader([header], delimiter=sep))), sep == ";"))


def _read_csv(path: Path, label: str, data: bytes | None) -> Table:
    if (size := path.stat().st_size if data is None else len(data)) > MAX_CSV:
        return _failed(label, said("readers.csv_too_large", size=size // 1_000_000, most=MAX_CSV // 1_000_000))
    data = path.read_bytes() if data is None else data
    if data.startswith(UTF16_MARKS) or b"\x00" in data[:200]:
        return _failed(label, said("readers.utf16"))
    if line := _mixed_encoding(data):
        return Table(label, pd.DataFrame(), [], [Problem(label, line, "", "", said("readers.mixed_encoding"))])
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return _failed(label, said("readers.empty_file"))
    separator = _separator(lines[0])
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=separator))
    except csv.Error:
        return _failed(label, said("readers.unclosed_quote", save_as=SAVE_AS))
    width = len(records[0])
    header = _trimmed([cell.strip().lstrip("\ufeff") for cell in records[0]])
    body, rows, problems = [], [], []
    for number, record in enumerate(records[1:], start=2):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue  # an empty line says nothing
        if len(cells) > width or any(cells[len(header) :]):
            problems.append(Problem(label, number, "", "", _too_many_cells(cells, header, separator)))
            continue
        body.append(cells[: len(header)] + [""] * (len(header) - len(cells)))
        rows.append(number)
    return Table(label, pd.DataFrame(body, columns=header, dtype=str), rows, problems)


def _trimmed(header: list[str]) -> list[str]:
    """The header without the empty cells Excel leaves to the right of a table («;;;»)."""
    while header and not header[-1]:
        header = header[:-1]
    return header


def _too_many_cells(cells: list[str], header: list[str], separator: str) -> Said:
    """A row with more cells than the header: say so, and name the likely cause (a decimal comma
    in the column «value» of a comma-separated file)."""
    sentence = said("readers.too_many_cells", cells=len(cells), header=len(header))
    if separator == "," and "value" in header:
        whole, decimals = (cells + ["", ""])[header.index("value") :][:2]
        if whole.lstrip("-").isdigit() and decimals.isdigit():
            return said("readers.decimal_comma_split", sentence=sentence, split=f"{whole},{decimals}")
    return said("readers.extra_cells", sentence=sentence)


def _read_excel(label: str, data: bytes) -> Table:
    """The workbook from its bytes, read once: every pass over it (its parts, values, formulas and
    layout) sees the same file, even if Excel saves it again meanwhile."""
    from openpyxl import load_workbook

    if problem := _archive_problem(io.BytesIO(data)):
        return _failed(label, problem)
    try:  # read-only: streamed, so a huge sheet costs no more memory than its rows
        workbook = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False, read_only=True)  # a formula, or an empty cell
    except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file
        return _failed(label, said("readers.not_a_workbook", save_as=SAVE_AS))
    try:
        return _read_sheet(data, label, workbook, formulas)
    except (zipfile.BadZipFile, ParseError, KeyError, EOFError, zlib.error):  # a part damaged or missing
        return _failed(label, said("readers.damaged", save_as=SAVE_AS))
    finally:
        workbook.close()
        formulas.close()


def _archive_problem(workbook: io.BytesIO) -> Said | None:
    """A workbook that unpacks to far more than any file of figures (a «zip bomb»), said before it is read.
    zipfile never unpacks a part beyond the size its header states, so a header that lies fails its check."""
    try:
        with zipfile.ZipFile(workbook) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip at all: load_workbook says so
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_PARTS or unpacked > MAX_UNPACKED:
        return said("readers.zip_bomb", size=unpacked // 1_000_000, parts=len(members), most=MAX_UNPACKED // 1_000_000)
    return None


def _read_sheet(data: bytes, label: str, workbook, formulas) -> Table:
    visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    hidden = [sheet for sheet in workbook.worksheets if sheet.sheet_state != "visible"]
    if not visible:
        return _failed(label, said("readers.all_hidden"))
    sheet = next((s for s in visible if s.title == DATA_SHEET), visible[0])
    notices = [
        Problem(label, None, "", "", said("readers.hidden_sheet", sheet=s.title), warning=True)
        for s in hidden
        if s.title != LISTS_SHEET
    ]
    layout = _layout(data, sheet)
    if layout.problem:
        return _failed(label, layout.problem)
    if not layout.last_row:
        return _failed(label, said("readers.empty_sheet"))
    first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=layout.last_column), ())
    header = _trimmed([str(cell.value).strip() if cell.value is not None else "" for cell in first])
    if elsewhere := _sheet_with_figures(visible, sheet, header):
        return _failed(
            label,
            said(
                "readers.figures_elsewhere",
                sheet=sheet.title,
                columns=", ".join(HEADER_COLUMNS),
                other=elsewhere,
                data_sheet=DATA_SHEET,
            ),
        )
    if not set(HEADER_COLUMNS) <= set(header) and (concealed := _sheet_with_figures(hidden, None, header)):
        return _failed(label, said("readers.figures_in_hidden_sheet", sheet=concealed, data_sheet=DATA_SHEET))
    bounds = {"min_row": 2, "max_row": max(layout.last_row, 2), "max_col": max(len(header), 1)}
    written = formulas[sheet.title].iter_rows(**bounds)
    body, rows, problems = [], [], []
    for line, stored in zip(sheet.iter_rows(**bounds), written):
        cells = []
        for column, cell, formula in zip(header, line, stored):
            text, problem = _cell_text(cell, column)
            if cell.value is None and isinstance(formula.value, str) and formula.value.startswith("="):
                text, problem = formula.value, said("readers.formula")
            if problem:
                problems.append(Problem(label, cell.row, column, text, problem))
            cells.append(text)
        if not any(cells):
            continue
        body.append(cells + [""] * (len(header) - len(cells)))
        rows.append(next(c.row for c in line if getattr(c, "row", None)))
    unseen = [number for number in rows if number in layout.hidden_rows]
    if unseen:
        problems.append(
            Problem(label, unseen[0], "", "", said("readers.hidden_rows", rows=_row_ranges(unseen), sheet=sheet.title))
        )
    problems += _hidden_column_problems(label, sheet.title, header, body, layout)
    return Table(label, pd.DataFrame(body, columns=header, dtype=str), rows, problems, notices)


def _row_ranges(numbers: list[int]) -> Said:
    """«Rad 5» or «Radene 5, 7–9»."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    shown = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)
    return said("readers.row_one" if len(numbers) == 1 else "readers.row_many", rows=shown)


def _hidden_column_problems(
    label: str, title: str, header: list[str], body: list[list[str]], layout: Layout
) -> list[Problem]:
    """A hidden column that would be read and holds something: a figure (or its region, year, category
    or source) nobody sees on screen or on paper. The template's help columns are never read."""
    from openpyxl.utils.cell import get_column_letter

    problems = []
    for index, column in enumerate(header):
        if column in HELP_COLUMNS or not layout.column_hidden(index + 1):
            continue
        if any(cells[index] for cells in body):
            letter = get_column_letter(index + 1)
            problems.append(
                Problem(label, None, "", "", said("readers.hidden_column", letter=letter, column=column, sheet=title))
            )
    return problems


@dataclass
class Layout:
    """What the sheet's XML says before any cell is read: where the content ends, which rows and columns
    are hidden (columns as spans: hiding every unused column to the right of a table is one span)."""

    last_row: int = 0
    last_column: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    problem: Said | None = None

    def column_hidden(self, number: int) -> bool:
        return any(first <= number <= last for first, last in self.hidden_columns)


def _layout(data: bytes, sheet) -> Layout:
    """The sheet's rows streamed from the file, bounded: a stray value far outside the table, or more
    cells than any file of figures, is refused in seconds instead of read for minutes."""

    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    layout, cells, row_number, hidden = Layout(), 0, 0, False
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(_sheet_part(archive, sheet.title)) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "start":
                if tag == "row":
                    row_number = int(element.get("r") or row_number + 1)
                    hidden = _hidden(element)
                continue
            if tag == "row":
                element.clear()
            if tag == "col" and _hidden(element):
                layout.hidden_columns.append((int(element.get("min") or 1), int(element.get("max") or 1)))
            if tag != "c" or not any(child.tag.rpartition("}")[2] in ("v", "is", "f") for child in element):
                continue  # a formatted but empty cell says nothing
            cells += 1
            reference = element.get("r") or ""
            column = column_index_from_string(coordinate_from_string(reference)[0]) if reference else 1
            if column > MAX_COLUMNS or row_number > MAX_ROWS:
                layout.problem = said(
                    "readers.far_cell",
                    sheet=sheet.title,
                    cell=reference or row_number,
                    rows=MAX_ROWS,
                    columns=MAX_COLUMNS,
                )
                return layout
            if cells > MAX_CELLS:
                layout.problem = said("readers.too_many_filled", sheet=sheet.title, most=MAX_CELLS)
                return layout
            layout.last_row = max(layout.last_row, row_number)
            layout.last_column = max(layout.last_column, column)
            if hidden:
                layout.hidden_rows.add(row_number)
    return layout


def _hidden(element) -> bool:
    """A row or column hidden in Excel (also when dragged to nothing: Excel then marks it hidden)."""
    return element.get("hidden") in ("1", "true")


def _sheet_part(archive, title: str) -> str:
    """The file inside the workbook that holds the sheet called title (xl/workbook.xml and its relations)."""
    names = {
        "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "pkg": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    book = fromstring(archive.read("xl/workbook.xml"))
    relations = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in relations.findall("pkg:Relationship", names)}
    for entry in book.iterfind("main:sheets/main:sheet", names):
        if entry.get("name") == title:
            target = targets[entry.get(f"{{{names['rel']}}}id")]
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(title)


def _sheet_with_figures(sheets: list, read, header: list[str]) -> str | None:
    """The name of another of sheets that holds the figures, when the sheet read does not."""
    if set(HEADER_COLUMNS) <= set(header):
        return None
    for sheet in sheets:
        first = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        if sheet is not read and set(HEADER_COLUMNS) <= {str(v).strip() for v in first if v is not None}:
            return sheet.title
    return None


def _cell_text(cell, column: str) -> tuple[str, Said | None]:
    """A cell as the text a person sees, and what is wrong with it when it cannot be a figure."""
    value = cell.value
    if value is None:
        return "", None
    if isinstance(value, (datetime, date, time)):
        shown = value.strftime("%d.%m.%Y") if isinstance(value, (datetime, date)) else str(value)
        if column in ("value", "year", "region"):
            return shown, said("readers.date")
        return shown, None
    if isinstance(value, bool):
        return ("SANN" if value else "USANN"), None
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if shows_percent(cell.number_format or "", number):
            number *= 100  # a percent cell shows 7,9 % and holds 0.079
        if not number.is_finite():
            return str(value), None  # the value rules refuse it with their own message
        return _plain(number), None
    return str(value).strip(), None


_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')  # "text", \x, [colour], _x (space), *x (fill)


def shows_percent(number_format: str, number: Decimal | float = 1) -> bool:
    """Whether Excel shows the number multiplied by 100: a «%» outside quotes, escapes and brackets in
    the format's section for this number (positive;negative;zero). «0.0" %"» shows 0.8 as «0,8 %»."""
    plain = [_LITERAL.sub("", part) for part in _split_sections(number_format)]
    index = 1 if number < 0 and len(plain) > 1 else 2 if number == 0 and len(plain) > 2 else 0
    return "%" in plain[index]


def _split_sections(number_format: str) -> list[str]:
    """The format's sections at the «;» that are not inside quotes."""
    sections, current, quoted = [], "", False
    for character in number_format:
        if character == '"':
            quoted = not quoted
        if character == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += character
    return sections + [current]


def _plain(number: Decimal) -> str:
    """A number as plain text without exponent: 826.0 → '826', 7.9000000001 → '7.9'."""
    rounded = round(number, 9).normalize()
    text = format(rounded, "f")
    return text
