"""Issue 16: a workbook is read as a person sees it in Excel, and messages stay readable.

Unit tests of the rules the corpus in tests/bad_files exercises end to end: which number formats
Excel shows multiplied by 100, which «1,000» is ambiguous, and how many messages of one kind are shown.
"""

from __future__ import annotations

import pytest

from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.problems import MAX_OF_A_KIND, DataValidationError, Problem, capped, render
from tilstand.ingest.readers import shows_percent
from tilstand.ingest.validation import read_value, value_problem


@pytest.mark.parametrize(
    "number_format, number, shown_as_percent",
    [
        ("0%", 0.079, True),
        ("0.0 %", 0.079, True),
        ("[Red]0.0%", 0.079, True),  # a colour in brackets does not hide the percent
        ('0.0" %"', 7.9, False),  # «7,9 %» as text after the number: not multiplied
        ("0.0\\%", 7.9, False),  # an escaped «%» is text too
        ('"Andel: "0.0', 7.9, False),
        ("0%;-0", 0.5, True),
        ("0%;-0", -0.5, False),  # the negative section has no percent
        ('0;-0;"0 %"', 0, False),  # the zero section shows «0 %» as text
        ("General", 7.9, False),
        ("", 7.9, False),
    ],
)
def test_a_cell_is_a_percent_only_when_excel_shows_it_multiplied(number_format, number, shown_as_percent):
    assert shows_percent(number_format, number) is shown_as_percent


@pytest.mark.parametrize(
    "indicator, text, refused",
    [
        ("meldinger_nye", "1,000", True),  # a count of reports: 1 or 1000?
        ("innsynskrav", "12,345", True),
        ("utgift_per_tiltak_maned", "210,000", True),
        ("meldinger_nye", "1 000", False),
        ("arsverk", "1,500", False),  # full-time equivalents have decimals: 1,5 årsverk
        ("utgift_per_tiltak_maned", "0,500", False),
    ],
)
def test_an_english_thousands_comma_is_refused_where_a_figure_is_seldom_a_fraction(indicator, text, refused):
    number, expected = read_value(text)
    assert expected is None
    problem = value_problem(number, text, load_catalogue().get(indicator))
    problem = render(problem, "nb") if problem is not None else None
    assert (problem is not None and "tusenskille" in problem) is refused, problem
    if refused:
        assert f"«{text}»" in problem and text.replace(",", "")[-3:] in problem


def test_at_most_a_few_dozen_messages_of_one_kind_then_a_count():
    same = [
        Problem(
            "tall.csv",
            row,
            "indicator",
            "meldinger_nye",
            f"én rad per region, år, indikator og kategori (samme som rad {row - 1})",
        )
        for row in range(3, 1003)
    ]
    other = [Problem("tall.csv", 5, "value", "fem", "et tall")]
    lines = capped(same + other)
    assert len(lines) == MAX_OF_A_KIND + 2
    assert lines[MAX_OF_A_KIND] == "… og 970 til av samme slag (kolonne «indicator» i tall.csv)"
    assert "rad 5, kolonne «value»" in lines[-1]
    message = str(DataValidationError(same + other))
    assert message.startswith("Fant 1001 feil i tall.csv:") and "rad 1002" not in message


def _workbook(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Tall"
    sheet.append(["region", "year", "indicator", "category", "value", "status", "source"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_damaged_sheet_is_a_message_not_a_crash(tmp_path):
    import zipfile

    from tilstand.ingest.readers import read_table

    good = _workbook(tmp_path / "hel.xlsx", [["9901", "2024", "meldinger_nye", None, 502, None, "Familia"]])
    damaged = tmp_path / "skadet.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    table = read_table(damaged, "skadet.xlsx")
    assert [str(p) for p in table.problems] == [
        "skadet.xlsx: Filen kan ikke leses som Excel-arbeidsbok; den er skadet. Lagre den som Excel-arbeidsbok "
        "(.xlsx) eller CSV (.csv) og prøv igjen."
    ]


def test_a_file_the_tool_fails_on_is_a_problem_of_that_file_only(tmp_path, monkeypatch):
    """A bug met in one file must not stop the others: it is said for that file, and the rest is read."""
    from tilstand.ingest import dataset

    first = _workbook(tmp_path / "a.xlsx", [["9901", "2024", "meldinger_nye", None, 502, None, "Familia"]])
    second = _workbook(tmp_path / "b.xlsx", [["9901", "2023", "meldinger_nye", None, 480, None, "Familia"]])
    real = dataset.read_observations

    def failing(path, *args, **kwargs):
        if path == first:
            raise RuntimeError("oops")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(dataset, "read_observations", failing)
    read, problems = dataset.check_files([first, second])
    assert list(read) == [second]
    assert [(p.file, p.warning) for p in problems] == [(str(first), False)]
    assert "feil i verktøyet (RuntimeError)" in str(problems[0]) and "Meld fra" in str(problems[0])


def test_a_csv_file_far_larger_than_any_table_is_refused_unread(tmp_path, monkeypatch):
    from tilstand.ingest import readers

    path = tmp_path / "stor.csv"
    path.write_text("region;year;indicator;category;value;status;source\n" + "9901;2024;x;;1;;k\n" * 100)
    monkeypatch.setattr(readers, "MAX_CSV", 1000)
    table = readers.read_table(path, "stor.csv")
    assert table.frame.empty and len(table.problems) == 1
    assert str(table.problems[0]).startswith("stor.csv: Filen er ") and "Kopier bare tabellen" in str(table.problems[0])
