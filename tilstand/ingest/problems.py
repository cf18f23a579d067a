"""Problems found in the files a user supplies, each naming file, place, value and what was expected.

Row numbers are those a spreadsheet shows: the header is row 1, the first figure row 2. A
problem in a settings or catalogue file names the key instead of a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tilstand.language import DEFAULT_LANGUAGE, text

_POINT_DECIMAL = re.compile(r"-?\d+\.\d+")


@dataclass(frozen=True)
class Said:
    """A text from messages.yml not yet put in a language: a problem is found once (and cached)
    and told in the målform of whoever reads it. Values may themselves be Said."""

    key: str
    values: tuple = ()

    def render(self, language: str) -> str:
        return text(self.key, language, **{name: render(value, language) for name, value in self.values})


def said(key: str, /, **values) -> Said:
    return Said(key, tuple(sorted(values.items())))


@dataclass(frozen=True)
class InLanguages:
    """A name the catalogue gives in each language (an indicator's title), told in the reader's."""

    texts: tuple  # (language, text) pairs

    def render(self, language: str) -> str:
        return dict(self.texts).get(language) or dict(self.texts)[DEFAULT_LANGUAGE]


def render(message, language: str) -> str:
    """A Said or a Problem in `language`; plain text (a file name, a value, an older message) as it is."""
    return message.render(language) if isinstance(message, (Said, InLanguages, Problem)) else str(message)


def _shown_value(value: str, file: str) -> str:
    """A value as the user sees it in the file: Excel shows a decimal comma where the cell holds a point."""
    if file.lower().endswith((".xlsx", ".xlsm")) and _POINT_DECIMAL.fullmatch(value):
        return value.replace(".", ",")
    return value


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str
    value: str
    expected: str | Said
    warning: bool = False  # reported, but does not stop a build

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)

    def render(self, language: str) -> str:
        prefix = text("problem.note", language) if self.warning else ""
        expected = render(self.expected, language)
        if not self.column:  # the whole file or row: one sentence says why
            where = text("problem.row", language, row=self.row) if self.row is not None else ""
            return f"{prefix}{self.file}{where}: {expected[:1].upper()}{expected[1:]}"
        shown = f"«{_shown_value(self.value, self.file)}»" if self.value != "" else text("problem.empty", language)
        where = (
            text("problem.cell", language, row=self.row, column=self.column)
            if self.row is not None
            else f"«{self.column}»"
        )
        end = "" if expected.endswith(("?", ".")) else "."
        return f"{prefix}{self.file}, {where}: {shown} – {text('problem.expected', language, expected=expected)}{end}"


MAX_OF_A_KIND = 30  # messages of one kind (file, column, what was expected) before a count


def capped(problems: list[Problem], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The problems as lines, at most MAX_OF_A_KIND of one kind, then «… og N til av samme slag»:
    100 000 copies of one mistake are one mistake to fix, not 100 000 lines to read."""
    lines, shown, hidden, last = [], {}, {}, {}
    gist: dict = {}  # each distinct message up to its first bracket, rendered once
    for problem in problems:
        if problem.expected not in gist:
            gist[problem.expected] = render(problem.expected, language).partition("(")[0].partition(";")[0]
        kind = (problem.file, problem.column, gist[problem.expected])
        shown[kind] = shown.get(kind, 0) + 1
        if shown[kind] <= MAX_OF_A_KIND:
            lines.append(problem.render(language))
            last[kind] = len(lines)
        else:
            hidden[kind] = hidden.get(kind, 0) + 1
    for kind, count in sorted(hidden.items(), key=lambda item: -last[item[0]]):
        where = text("problem.kind_column", language, column=kind[1], file=kind[0]) if kind[1] else kind[0]
        lines.insert(last[kind], text("problem.more_of_kind", language, count=count, where=where))
    return lines


class UserError(Exception):
    """Anything wrong with what a user supplied: printed as it is, never as a traceback.

    Raised with a Said, it is told in the målform of whoever reads it (`render`)."""

    exit_code = 2

    def __init__(self, message="", *rest):
        self.said = message
        super().__init__(render(message, DEFAULT_LANGUAGE), *rest)

    def render(self, language: str) -> str:
        return render(self.said, language) if isinstance(self.said, (Said, InLanguages)) else str(self)


class DataValidationError(UserError, ValueError):
    """All problems found in one or more files."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column))
        super().__init__(self.render(DEFAULT_LANGUAGE))

    def render(self, language: str) -> str:
        files = sorted({p.file for p in self.problems})
        header = text("tool.found_errors", language, count=len(self.problems), files=", ".join(files))
        return "\n".join([header] + [f"  - {line}" for line in capped(self.problems, language)])


def pydantic_problems(error, file: str, where_prefix: str = "") -> list[Problem]:
    """A pydantic ValidationError as problems: the key path, the value and, in Norwegian, what was expected."""
    problems = []
    for item in error.errors():
        path = ".".join(str(part) for part in (where_prefix, *item["loc"]) if part != "")
        value = item.get("input")
        shown = "" if isinstance(value, (dict, list)) or value is None else str(value)
        problems.append(Problem(file, None, path or "-", shown, _expected(item)))
    return problems


def _expected(item: dict) -> str | Said:
    kind, context = item["type"], item.get("ctx") or {}
    if kind == "missing":
        return said("check.missing")
    if kind == "extra_forbidden":
        return said("check.extra")
    if kind in ("literal_error", "enum"):
        return said("check.one_of", choices=context.get("expected", ""))
    if kind.startswith(("bool", "int", "float")):
        return said(f"check.{kind.split('_')[0]}")
    if kind.startswith("string"):
        return said("check.text")
    if kind in ("dict_type", "model_type"):
        return said("check.group")
    if kind == "list_type":
        return said("check.list")
    if kind == "url_parsing" or kind.startswith("url"):
        return said("check.url")
    if kind == "value_error":
        return str(context.get("error", item.get("msg", "")))
    return item.get("msg", kind)
