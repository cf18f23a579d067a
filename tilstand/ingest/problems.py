"""Problems found in the files a user supplies, each naming file, place, value and what was expected.

Row numbers are those a spreadsheet shows: the header is row 1, the first figure row 2. A
problem in a settings or catalogue file names the key instead of a row.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str
    value: str
    expected: str
    warning: bool = False      # reported, but does not stop a build

    def __str__(self) -> str:
        prefix = "Merk: " if self.warning else ""
        if not self.column:                       # the whole file or row: one sentence says why
            where = f", rad {self.row}" if self.row is not None else ""
            return f"{prefix}{self.file}{where}: {self.expected[:1].upper()}{self.expected[1:]}"
        shown = f"«{self.value}»" if self.value != "" else "tom"
        where = f"rad {self.row}, kolonne «{self.column}»" if self.row is not None else f"«{self.column}»"
        return f"{prefix}{self.file}, {where}: {shown} – forventet {self.expected}."


MAX_OF_A_KIND = 30       # messages of one kind (file, column, what was expected) before a count


def capped(problems: list[Problem]) -> list[str]:
    """The problems as lines, at most MAX_OF_A_KIND of one kind, then «… og N til av samme slag»:
    100 000 copies of one mistake are one mistake to fix, not 100 000 lines to read."""
    lines, shown, hidden, last = [], {}, {}, {}
    for problem in problems:
        kind = (problem.file, problem.column, problem.expected.partition("(")[0].partition(";")[0])
        shown[kind] = shown.get(kind, 0) + 1
        if shown[kind] <= MAX_OF_A_KIND:
            lines.append(str(problem))
            last[kind] = len(lines)
        else:
            hidden[kind] = hidden.get(kind, 0) + 1
    for kind, count in sorted(hidden.items(), key=lambda item: -last[item[0]]):
        where = f"kolonne «{kind[1]}» i " if kind[1] else ""
        lines.insert(last[kind], f"… og {count} til av samme slag ({where}{kind[0]})")
    return lines


class UserError(Exception):
    """Anything wrong with what a user supplied: printed as it is, never as a traceback."""

    exit_code = 2


class DataValidationError(UserError, ValueError):
    """All problems found in one or more files."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column))
        files = sorted({p.file for p in self.problems})
        header = f"Fant {len(self.problems)} feil i {', '.join(files)}:"
        super().__init__("\n".join([header] + [f"  - {line}" for line in capped(self.problems)]))


def pydantic_problems(error, file: str, where_prefix: str = "") -> list[Problem]:
    """A pydantic ValidationError as problems: the key path, the value and, in Norwegian, what was expected."""
    problems = []
    for item in error.errors():
        path = ".".join(str(part) for part in (where_prefix, *item["loc"]) if part != "")
        value = item.get("input")
        shown = "" if isinstance(value, (dict, list)) or value is None else str(value)
        problems.append(Problem(file, None, path or "-", shown, _expected(item)))
    return problems


def _expected(item: dict) -> str:
    kind, context = item["type"], item.get("ctx") or {}
    if kind == "missing":
        return "at feltet finnes"
    if kind == "extra_forbidden":
        return "bare kjente felt (se data/README.md)"
    if kind in ("literal_error", "enum"):
        return f"en av {context.get('expected', '')}"
    if kind.startswith(("bool", "int", "float")):
        return {"bool": "ja/nei (true/false)", "int": "et helt tall", "float": "et tall"}[kind.split("_")[0]]
    if kind.startswith("string"):
        return "tekst"
    if kind in ("dict_type", "model_type"):
        return "en gruppe med felt (nøkkel: verdi)"
    if kind == "list_type":
        return "en liste ([a, b])"
    if kind == "url_parsing" or kind.startswith("url"):
        return "en nettadresse som begynner med https://"
    if kind == "value_error":
        return str(context.get("error", item.get("msg", "")))
    return item.get("msg", kind)
