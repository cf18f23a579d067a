"""Municipality register with code history, counties, KOSTRA groups and written language.

Municipality numbers change (a municipality renumbered in 2020 and again in 2024 has three
codes), so a time series for one municipality spans several codes. This module maps any code
1994–2024, or today's name, onto today's municipality and tells which code was valid in a given
year; it also knows each municipality's county, its KOSTRA group and ASSS membership where a
source states them, and its language decision (målform).
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tilstand.ingest.problems import InLanguages, Problem, Said, said
from tilstand.ingest.reference import (  # noqa: F401 (NAME_MAX, NAME_PATTERN: workflow.init)
    NAME_MAX,
    NAME_PATTERN,
    Checked,
    read_reference,
    read_reference_rows,
)
from tilstand.language import DEFAULT_LANGUAGE, LANGUAGES, Texts
from tilstand.paths import DEFAULT_WORKSPACE, fingerprint
from tilstand.regions import RegionKind, group_number, region_kind

REGISTER_FILE = Path("municipalities") / "kommuner-1994-2024.csv"
EXTRA_FILE = Path("municipalities") / "extra.csv"
GROUPS_FILE = Path("municipalities") / "groups.csv"
KOSTRA_GROUPS_FILE = Path("municipalities") / "kostra_groups.csv"  # SSB Klass, written by `fetch --all`
COUNTIES_FILE = Path("municipalities") / "counties.csv"
LANGUAGE_FILE = Path("municipalities") / "malform.csv"

LIST_HINT = "Kjør `python -m tilstand list --all` for å se gyldige valg."
_LANGUAGE_DECISION = {"nynorsk": "nn", "bokmal": "nb", "noytral": "nb", "": None}
# "(-2019)", "(2020-2023)", "(1994-2001)"; a bracket without years is part of the name.
_VALID_YEARS = re.compile(r"\s*\((?P<first>\d{4})?-(?P<last>\d{4})?\)$")
# "0716u": the spreadsheet's way to keep a reused code (Våle, then Re) unique.
_REGISTER_CODE = re.compile(r"(?P<code>\d{4})[a-z]?")
_MUNICIPALITY_GROUP = re.compile(r"K\.(?P<code>\d{4})")


# What follows a municipality's name in its full, official form («Voss herad», «Volda kommune»).
_NAME_SUFFIXES = (" kommune", " herad", " kommuna", " suohkan", " gielda", " tjïelte", " komuun")


class UnknownMunicipality(ValueError):
    """A code or name the register cannot place; the message tells the analyst what to do. It is
    said in the målform of the municipality a misspelt name is close to (`suggested`), if any."""

    def __init__(self, message, suggested: str | None = None):
        self.said, self.suggested = message, suggested
        super().__init__(str(message) if isinstance(message, str) else message.render(DEFAULT_LANGUAGE))


@dataclass(frozen=True)
class HistoricCode:
    """One code and the years it was valid (None = open-ended on that side)."""

    code: str
    name: str
    first_year: int | None
    last_year: int | None

    def covers(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )

    @property
    def bounded(self) -> bool:
        """A stated range is better evidence for a year than a code with no range at all."""
        return self.first_year is not None or self.last_year is not None

    def distance(self, year: int) -> int:
        if self.first_year is not None and year < self.first_year:
            return self.first_year - year
        if self.last_year is not None and year > self.last_year:
            return year - self.last_year
        return 0


@dataclass(frozen=True)
class Municipality:
    """A municipality as it is today, with every code that has meant (part of) it."""

    kommunenummer: str
    name: str
    fictitious: bool
    codes: tuple[HistoricCode, ...]


@dataclass(frozen=True)
class Resolved:
    """What a code or name meant in a year: the municipality and the code to look data up by."""

    municipality: Municipality
    year: int
    code: str


@dataclass(frozen=True)
class _Entry:
    """A code in the SSB file; kommunenummer None = maps to no single municipality today."""

    historic: HistoricCode
    kommunenummer: str | None
    group_name: str


@dataclass(frozen=True)
class _GroupRow:
    from_year: int | None
    to_year: int | None
    kostra_group: str | None
    asss: bool | None

    def covers(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and (self.to_year is None or year <= self.to_year)


def _normalise_code(code: str) -> str:
    """'301' → '0301': spreadsheets drop the leading zero of counties 01–09."""
    code = code.strip()
    return code.zfill(4) if code.isdigit() and len(code) == 3 else code


def _normalise_name(name: str) -> str:
    return " ".join(name.replace("\u2013", "-").split()).casefold()


def _name_aliases(name: str) -> set[str]:
    """'Trondheim - Tråante' → also 'trondheim', 'tråante'; 'Våler (Østfold)' → also 'våler';
    'Eksempel kommune' → also 'eksempel'."""
    aliases = set()
    for variant in {name, re.sub(r"\s*\([^)]*\)$", "", name)}:
        aliases.add(_normalise_name(variant))
        aliases.update(_normalise_name(part) for part in variant.split(" - "))
    return aliases | {
        alias.removesuffix(suffix) for alias in aliases for suffix in _NAME_SUFFIXES if alias.endswith(suffix)
    }


def _year_or_none(text: str) -> int | None:
    return int(text) if text else None


def _split_validity(text: str) -> tuple[str, int | None, int | None]:
    match = _VALID_YEARS.search(text)
    if not match or not (match["first"] or match["last"]):
        return text.strip(), None, None
    return text[: match.start()].strip(), _year_or_none(match["first"]), _year_or_none(match["last"])


class Register:
    """Look-ups over SSB's code history plus the project's fictitious municipalities."""

    def __init__(
        self,
        municipalities: list[Municipality],
        entries: dict[str, list[_Entry]],
        groups: dict[str, list[_GroupRow]],
        counties: dict[str, str] | None = None,
        languages: dict[str, str | None] | None = None,
        broken: dict[str, list[Problem]] | None = None,
    ):
        self._municipalities = {m.kommunenummer: m for m in municipalities}
        self._broken = broken or {}
        self._entries = entries
        self._groups = groups
        self._counties = counties or {}
        self._languages = languages or {}
        self._exact_names: dict[str, set[str]] = {}
        self._aliases: dict[str, set[str]] = {}
        for municipality in municipalities:
            current = [c.name for c in municipality.codes if c.code == municipality.kommunenummer]
            for name in {municipality.name, *current}:
                self._exact_names.setdefault(_normalise_name(name), set()).add(municipality.kommunenummer)
                for alias in _name_aliases(name):
                    self._aliases.setdefault(alias, set()).add(municipality.kommunenummer)

    def resolve(self, code_or_name: str, year: int) -> Resolved:
        """Place a code or today's name in a year, and give the code valid then.

        A code reused by another municipality is told apart by the year. A code given with a
        year outside its validity (an old number with a year after the reform that replaced it)
        still resolves to its municipality: that is an analyst's slip, not a different place;
        `Resolved.code` is then the code valid in `year`.
        """
        given = _normalise_code(code_or_name)
        if given in self._entries:
            entry = self._entry_for(given, year)
            municipality = self._municipalities[entry.kommunenummer]
            if entry.historic in self.codes_in_year(municipality.kommunenummer, year):
                return Resolved(municipality, year, entry.historic.code)
        else:
            self._refuse_broken(given)
            municipality = self._municipalities[self._kommunenummer_by_name(code_or_name)]
        return Resolved(municipality, year, self._code_in_year(municipality, year))

    @property
    def warnings(self) -> list[Problem]:
        """Each fictitious municipality whose line in the register cannot be read, with what is wrong in
        it: that one is unavailable, every other municipality is not."""
        return list(self.warnings_by_code.values())

    @property
    def warnings_by_code(self) -> dict[str, Problem]:
        """The warnings by the number on the line, for a command that names some of them otherwise."""
        return {
            code: Problem(
                f"data/{EXTRA_FILE.as_posix()}",
                None,
                "",
                "",
                said("register.left_out", code=code, problems=_listed(problems)),
                warning=True,
            )
            for code, problems in self._broken.items()
        }

    def is_broken(self, code: str) -> bool:
        """A fictitious municipality whose line in the register has a mistake (and no other line)."""
        return _normalise_code(code) in self._broken and not self.is_known(code)

    def broken_reason(self, code: str) -> Said | None:
        """Why a fictitious municipality asked for by number cannot be used: what is wrong in its line of
        the register (None when the number has no such line)."""
        given = _normalise_code(code)
        if not self.is_broken(given):
            return None
        return said("choice.broken_register", code=given, problems=_listed(self._broken[given]))

    def _refuse_broken(self, given: str) -> None:
        """A command for exactly a municipality whose register line is wrong: say what is wrong in it."""
        if reason := self.broken_reason(given):
            raise UnknownMunicipality(reason)

    def current_code(self, code: str) -> str:
        """Today's code for any code; a reused code means its most recent use."""
        given = _normalise_code(code)
        if given not in self._entries:
            self._refuse_broken(given)
            raise UnknownMunicipality(said("choice.unknown_code", code=code))
        entry = max(
            self._entries[given],
            key=lambda e: float("inf") if e.historic.last_year is None else e.historic.last_year,
        )
        return self._checked(entry, code).kommunenummer

    def get(self, kommunenummer: str) -> Municipality:
        return self._municipalities[self.current_code(kommunenummer)]

    def is_known(self, code: str) -> bool:
        """True for any code, old or new, that maps to one municipality today."""
        entries = self._entries.get(_normalise_code(code), [])
        return any(e.kommunenummer is not None for e in entries)

    def all(self) -> list[Municipality]:
        return sorted(self._municipalities.values(), key=lambda m: m.kommunenummer)

    def kostra_group(self, kommunenummer: str, year: int) -> str | None:
        """The KOSTRA group number ("12"), or None when no source states it for that year."""
        row = self._group_row(kommunenummer, year, lambda r: r.kostra_group is not None)
        return row.kostra_group if row else None

    def is_asss(self, kommunenummer: str, year: int) -> bool | None:
        """ASSS membership, or None when no source states it for that year (unknown ≠ no)."""
        row = self._group_row(kommunenummer, year, lambda r: r.asss is not None)
        return row.asss if row else None

    def language(self, kommunenummer: str) -> str | None:
        """The municipality's language decision as a report language: 'nn' for nynorsk, 'nb' for
        bokmål and for neutral; None when the register does not state it."""
        return self._languages.get(self.current_code(kommunenummer))

    def county_name(self, county: str) -> str | None:
        """'32' → 'Akershus'; None for a number the register does not know."""
        return self._counties.get(county)

    def region_name(self, code: str, language: str = DEFAULT_LANGUAGE) -> str:
        """What a reader calls a region: today's municipality name, the county's name, or a
        comparison region's label («KOSTRA-gruppe 12», «Landet»). Never a bare code."""
        kind = region_kind(code)
        t = Texts(language)
        if kind is RegionKind.MUNICIPALITY:
            return self.get(code).name
        if kind is RegionKind.COUNTY:
            name = self.county_name(code[3:])
            return name or t("region.county_number", number=code[3:])
        if kind is RegionKind.KOSTRA_GROUP:
            return t("region.kostra_group", number=group_number(code))
        if kind in (RegionKind.COUNTRY, RegionKind.ASSS):
            return t(f"region.{code}")
        raise ValueError(f"Ukjent region «{code}».")

    def predecessors(self, kommunenummer: str) -> list[HistoricCode]:
        """Every earlier code: renumberings and the municipalities merged into it."""
        municipality = self.get(kommunenummer)
        return [c for c in municipality.codes if c.code != municipality.kommunenummer]

    def codes_in_year(self, kommunenummer: str, year: int) -> list[HistoricCode]:
        """All codes that made up the municipality in a year, e.g. to sum a merger's counts.

        Today's code has no stated start year, so it only counts when no dated code covers
        the year.
        """
        codes = [c for c in self.get(kommunenummer).codes if c.covers(year)]
        dated = [c for c in codes if c.bounded]
        return dated or codes

    def _code_in_year(self, municipality: Municipality, year: int) -> str:
        """The code valid in a year; in a merger, the one carrying the municipality's name."""
        codes = self.codes_in_year(municipality.kommunenummer, year)
        if not codes:
            return municipality.kommunenummer
        same_name = [c for c in codes if _normalise_name(c.name) in _name_aliases(municipality.name)]
        return (same_name or codes)[0].code

    def _entry_for(self, code: str, year: int) -> _Entry:
        entries = self._entries[code]
        covering = [e for e in entries if e.historic.covers(year)]
        dated = [e for e in covering if e.historic.bounded]
        entry = (dated or covering or [min(entries, key=lambda e: e.historic.distance(year))])[0]
        return self._checked(entry, code)

    def _checked(self, entry: _Entry, given: str) -> _Entry:
        if entry.kommunenummer is not None:
            return entry
        historic = entry.historic
        if historic.last_year is not None:
            raise UnknownMunicipality(
                f"Kommunenummer «{given}» ({historic.name}, til {historic.last_year}) ble delt "
                f"mellom flere kommuner og hører ikke til én kommune i dag. {LIST_HINT}"
            )
        raise UnknownMunicipality(f"«{given}» ({historic.name}, {entry.group_name}) er ikke en kommune. {LIST_HINT}")

    def _kommunenummer_by_name(self, name: str) -> str:
        query = _normalise_name(name)
        candidates = [query] + [query.removesuffix(suffix) for suffix in _NAME_SUFFIXES if query.endswith(suffix)]
        for table in (self._exact_names, self._aliases):
            for candidate in candidates:
                found = table.get(candidate, set())
                if len(found) == 1:
                    return next(iter(found))
                if found:
                    choices = ", ".join(f"{self._municipalities[k].name} ({k})" for k in sorted(found))
                    raise UnknownMunicipality(
                        f"«{name}» passer med flere kommuner: {choices}. Oppgi kommunenummer. {LIST_HINT}"
                    )
        close = difflib.get_close_matches(candidates[-1], [*self._exact_names, *self._aliases], n=1, cutoff=0.75)
        found = sorted({*self._exact_names.get(close[0], set()), *self._aliases.get(close[0], set())}) if close else []
        if len(found) == 1:
            suggestion = self._municipalities[found[0]]
            raise UnknownMunicipality(
                said("choice.unknown_close", name=name, suggestion=suggestion.name, code=suggestion.kommunenummer),
                suggested=suggestion.kommunenummer,
            )
        raise UnknownMunicipality(said("choice.unknown_name", name=name))

    def _group_row(self, kommunenummer: str, year: int, has_field: Callable[[_GroupRow], bool]) -> _GroupRow | None:
        rows = self._groups.get(self.current_code(kommunenummer), [])
        return next((r for r in rows if r.covers(year) and has_field(r)), None)


def _listed(problems: list[Problem]) -> InLanguages:
    """Problems as indented lines, in either language."""
    return InLanguages(
        tuple(
            (language, "\n".join(f"  - {problem.render(language)}" for problem in problems)) for language in LANGUAGES
        )
    )


def _read_register(path: Path) -> tuple[list[Municipality], dict[str, list[_Entry]]]:
    by_group: dict[str, list[HistoricCode]] = {}
    group_names: dict[str, str] = {}
    entries: dict[str, list[_Entry]] = {}
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter=";"):
            match = _REGISTER_CODE.fullmatch(row["KODE"].strip())
            if not match:
                raise ValueError(f"Uventet kommunenummer «{row['KODE']}» i {path}.")
            name, first, last = _split_validity(row["TEKST"])
            historic = HistoricCode(match["code"], name, first, last)
            group = _MUNICIPALITY_GROUP.fullmatch(row["GRUPPEKODE"].strip())
            kommunenummer = group["code"] if group else None
            if kommunenummer:
                by_group.setdefault(kommunenummer, []).append(historic)
                group_names[kommunenummer] = row["GRUPPETEKST"].strip()
            entries.setdefault(historic.code, []).append(_Entry(historic, kommunenummer, row["GRUPPETEKST"].strip()))
    municipalities = [Municipality(k, group_names[k], False, tuple(codes)) for k, codes in by_group.items()]
    return municipalities, entries


def _read_extra(
    checked: Checked, entries: dict[str, list[_Entry]]
) -> tuple[list[Municipality], dict[str, str | None], dict[str, list[Problem]]]:
    """The project's fictitious (test and example) municipalities, with their written language. A line
    with a mistake leaves out that municipality only (named by the number on the line, so a command for
    it can say what is wrong); a mistake in the header leaves out all of them."""
    municipalities, languages, broken = [], {}, {}
    header = [problem for problem in checked.problems if problem.row == 1]
    for number, row in enumerate(checked.rows, start=2):
        code = row.get("kommunenummer", "").strip()
        problems = header + [problem for problem in checked.problems if problem.row == number]
        if not problems and code in entries:
            problems = [
                Problem(f"data/{EXTRA_FILE.as_posix()}", number, "kommunenummer", code, said("register.not_in_ssb"))
            ]
        if problems:
            broken.setdefault(code, []).extend(problems)
            continue
        historic = HistoricCode(code, row["name"], None, None)
        municipalities.append(Municipality(code, historic.name, True, (historic,)))
        entries[code] = [_Entry(historic, code, historic.name)]
        languages[code] = _LANGUAGE_DECISION[row["malform"]]
    return municipalities, languages, broken


def _read_groups(rows) -> dict[str, list[_GroupRow]]:
    groups: dict[str, list[_GroupRow]] = {}
    for row in rows:
        groups.setdefault(row["kommunenummer"], []).append(
            _GroupRow(
                _year_or_none(row["from_year"]),
                _year_or_none(row["to_year"]),
                row["kostra_group"] or None,
                {"true": True, "false": False}.get(row["asss"]),
            )
        )
    return groups


@lru_cache(maxsize=8)
def _load(data_dir: Path, _fingerprint: tuple) -> Register:
    municipalities, entries = _read_register(data_dir / REGISTER_FILE)
    extra, extra_languages, broken = _read_extra(read_reference_rows(EXTRA_FILE.as_posix(), data_dir), entries)
    languages = {
        row["kommunenummer"]: _LANGUAGE_DECISION[row["malform"]]
        for row in read_reference(LANGUAGE_FILE.as_posix(), data_dir)
    }
    counties = {row["code"]: row["name"] for row in read_reference(COUNTIES_FILE.as_posix(), data_dir)}
    # Groups stated in groups.csv come first; SSB's classification fills every other municipality and year.
    classified = (
        read_reference(KOSTRA_GROUPS_FILE.as_posix(), data_dir) if (data_dir / KOSTRA_GROUPS_FILE).exists() else ()
    )
    groups = _read_groups(
        [*read_reference(GROUPS_FILE.as_posix(), data_dir), *({**row, "asss": ""} for row in classified)]
    )
    return Register(municipalities + extra, entries, groups, counties, {**languages, **extra_languages}, broken)


def load_register(data_dir: Path | None = None) -> Register:
    """The register of a data folder (default: this checkout's), read again when a file changes."""
    folder = Path(data_dir or DEFAULT_WORKSPACE.data).resolve()
    return _load(folder, fingerprint(folder / "municipalities"))
