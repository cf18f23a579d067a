"""The indicator catalogue: the one definition every chart, table, CSV, sentence, template row and
validation rule reads (`data/indicators.yml`).

Each entry says what the figure is (title, unit, definition, source), how a reader is told about
it (phrasing, series breaks, goal direction), which optional part of the report it belongs to,
and which rules a file of figures must keep (parts that add up, parts that never exceed a total,
shares that agree with their counts). Every reader-facing text is given per language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tilstand.ingest.problems import DataValidationError, Problem, pydantic_problems
from tilstand.language import LANGUAGES, MissingTranslation
from tilstand.paths import DEFAULT_WORKSPACE, fingerprint
from tilstand.units import UNITS, Unit
from tilstand.units import unit as unit_of
from tilstand.yamlfile import load_yaml

CATALOGUE_FILE = "indicators.yml"
COLOURS_FILE = "colours.yml"  # one colour per category across the report (data/README.md)
DEFAULT_JUMP_FACTOR = 3.0  # a figure more than 3× (or under 1/3 of) last year's is worth a second look

# What a figure is, which decides what a sentence may say about it (docs/editorial-kinds.md):
# count, share (or rate), amount (per unit, or kroner that are parts of nothing), composition (parts
# of a declared total: its own total row, its `total` indicator, or 100 % for shares) and balance
# (budget − accounts, negative = overspend).
FigureKind = Literal["count", "share", "amount", "composition", "balance"]


class Text(BaseModel):
    """One text in each language; bokmål is always given."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    nb: str
    nn: str | None = None

    def derive(self, make) -> Text:
        """A new text from this one, per language: make(language, text) → text."""
        return Text(nb=make("nb", self.nb), nn=make("nn", self.nn) if self.nn is not None else None)

    def __call__(self, language: str) -> str:
        value = getattr(self, language, None)
        if value is None:
            raise MissingTranslation(
                f"Teksten «{self.nb}» mangler på {LANGUAGES.get(language, language)} i data/{CATALOGUE_FILE}."
            )
        return value


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: Text
    in_template: bool = True  # False: only in published sources (e.g. a label unreadable there)
    national: str | None = None  # a detailed category one report uses: the national (SSB) one it is part of
    sentence: Text | None = None  # the level sentence for this part alone, with {value} and {year}
    colour: str = ""  # set from data/colours.yml, never written in the catalogue itself


class ShareOf(BaseModel):
    """A share that is count / total × 100, where the file gives all three."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    count: str
    total: str


class FixedPrices(BaseModel):
    """An amount in one year's kroner, and the indicator with the same amounts in current kroner."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: int
    nominal: str


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    id: str
    title: Text
    unit: str
    chapter: str  # the chapter that shows it (its own call there, or the chapter's
    # standard block of the figures it does not place itself)
    appendix_only: bool = False  # shown by no chapter on purpose: listed in the appendix
    highlights: bool = True  # a candidate for the summary's notable changes
    definition: Text
    source: str = ""
    module: str | None = None  # an optional part of the report, enabled in settings
    required: bool = False  # a final report needs the report year's figure
    in_template: bool = True  # False: supplied by the project (SSB, national rates)
    cumulative: bool = False  # a running total since some year, not a yearly figure
    asss_profile: bool = False  # a row of the ASSS network's service profile
    numerator: Text | None = None
    denominator: Text | None = None
    higher_is_better: bool | None = None
    parts_sum_to_total: bool = False
    total: str | None = None  # the indicator the categories add up to (default: its own total row)
    at_most: list[str] = Field(default_factory=list)  # never larger than these («id» or «id:category»;
    # same region, year and, without one, category)
    share_of: ShareOf | None = None
    balance_of: tuple[str, str] | None = None  # (budget, accounts): the balance is budget − accounts
    jump_factor: float = DEFAULT_JUMP_FACTOR
    series_breaks: dict[int, Text] = Field(default_factory=dict)
    deadline_rule: Text | None = None
    ssb_table: str | None = None
    fixed_prices: FixedPrices | None = None  # in one year's kroner; points to the nominal figure
    sentence: Text | None = None  # the level sentence, with {value} and {year}
    noun: Text | None = None  # what is counted, in the plural («nye meldinger»)
    categories: tuple[Category, ...] = ()
    declared_kind: FigureKind | None = Field(default=None, alias="kind")  # default: from the unit
    persons: bool = False  # counts children, families or young adults: small ones are hidden

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        if value not in UNITS:
            raise ValueError(f"en av enhetene {', '.join(UNITS)}")
        return value

    @model_validator(mode="after")
    def _kind_fits(self) -> Indicator:
        """A declared kind must be true of the unit and the breakdown, so no sentence says more than
        the figure allows."""
        unit, kind = unit_of(self.unit), self.declared_kind
        if kind == "share" and not unit.is_share:
            raise ValueError("kind: share krever enheten prosent")
        if kind == "count" and not unit.is_count:
            raise ValueError("kind: count krever enheten antall eller årsverk")
        if kind == "balance" and not unit.is_money:
            raise ValueError("kind: balance krever en enhet i kroner")
        if kind == "amount" and (unit.is_count or unit.is_share):
            raise ValueError("kind: amount krever en enhet som ikke er antall eller prosent")
        if kind == "composition" and not self.categories:
            raise ValueError("kind: composition krever categories (delene av totalen)")
        if kind == "composition" and not (unit.is_share or self.total or self.parts_sum_to_total):
            raise ValueError("kind: composition krever en total (total eller parts_sum_to_total) eller enheten prosent")
        if self.persons and self.unit != "antall":
            raise ValueError("persons: true krever enheten antall (hele personer)")
        return self

    @property
    def figure_kind(self) -> str:
        """The declared kind, or the one the unit implies (a count, a share or an amount)."""
        if self.declared_kind:
            return self.declared_kind
        unit = unit_of(self.unit)
        return "count" if unit.is_count else "share" if unit.is_share else "amount"

    @property
    def kind(self) -> Unit:
        return unit_of(self.unit)

    @property
    def is_count(self) -> bool:
        return self.kind.is_count

    @property
    def is_share(self) -> bool:
        return self.kind.is_share

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def category_label(self, category_id: str, language: str) -> str:
        known = self.category(category_id)
        return known.label(language) if known else category_id

    def category_colour(self, category_id: str) -> str:
        known = self.category(category_id)
        return known.colour if known else ""

    def category_order(self, category_id: str) -> int:
        ids = [c.id for c in self.categories]
        return ids.index(category_id) if category_id in ids else len(ids)


class Catalogue:
    def __init__(self, indicators: dict[str, Indicator]):
        self._indicators = indicators

    def __contains__(self, indicator_id: str) -> bool:
        return indicator_id in self._indicators

    def __iter__(self):
        return iter(self._indicators.values())

    def __len__(self) -> int:
        return len(self._indicators)

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self._indicators[indicator_id]
        except KeyError:
            raise KeyError(f"Indikatoren «{indicator_id}» finnes ikke i data/{CATALOGUE_FILE}.") from None

    def for_chapter(self, chapter: str) -> list[Indicator]:
        return [indicator for indicator in self if indicator.chapter == chapter]

    @property
    def chapters(self) -> list[str]:
        """The chapters that show the catalogue's figures, in the catalogue's order."""
        return list(dict.fromkeys(indicator.chapter for indicator in self if not indicator.appendix_only))

    @property
    def modules(self) -> list[str]:
        return sorted({i.module for i in self if i.module})


def _references(indicators: dict[str, Indicator], file: str) -> list[Problem]:
    """Every indicator an entry names must exist."""
    problems = []
    for indicator in indicators.values():
        named = [("total", indicator.total), *(("at_most", ref.partition(":")[0]) for ref in indicator.at_most)]
        if indicator.share_of:
            named += [("share_of.count", indicator.share_of.count), ("share_of.total", indicator.share_of.total)]
        named += [("balance_of", ref) for ref in indicator.balance_of or ()]
        own = {category.id for category in indicator.categories}
        problems += [
            Problem(
                file,
                None,
                f"{indicator.id}.categories.{category.id}.national",
                category.national,
                "id-en til en annen kategori av samme indikator",
            )
            for category in indicator.categories
            if category.national and category.national not in own
        ]
        if indicator.fixed_prices:
            named.append(("fixed_prices.nominal", indicator.fixed_prices.nominal))
        for field, ref in named:
            if ref and ref not in indicators:
                problems.append(
                    Problem(file, None, f"{indicator.id}.{field}", ref, "id-en til en indikator i katalogen")
                )
    return problems


def _colours(path: Path, raw: dict) -> tuple[dict[str, str], list[Problem]]:
    """Each category id's colour (data/colours.yml), and what is wrong with the table: a category
    of the catalogue without a colour, a name not in the palette, two parts of one indicator (or
    two categories of the same name) in different ways than one colour per category allows."""
    file = f"data/{COLOURS_FILE}"
    table = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else None
    table = table if isinstance(table, dict) else {}
    palette, named = table.get("palette") or {}, table.get("categories") or {}
    problems = [
        Problem(file, None, "palette", name, "en farge som #0b5d9e")
        for name, colour in palette.items()
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", str(colour))
    ]
    problems += [
        Problem(file, None, f"categories.{category}", name, f"en farge fra palette: {', '.join(palette)}")
        for category, name in named.items()
        if name not in palette
    ]
    colours = {category: palette[name] for category, name in named.items() if name in palette}
    by_label: dict[str, set[str]] = {}
    for indicator_id, entry in raw.items():
        parts = [c for c in (entry or {}).get("categories") or [] if isinstance(c, dict) and "id" in c]
        for part in parts:
            if "colour" in part:
                problems.append(
                    Problem(
                        f"data/{CATALOGUE_FILE}",
                        None,
                        f"{indicator_id}.categories.{part['id']}",
                        "colour",
                        f"fargen står i {file} (én farge per kategori i hele rapporten)",
                    )
                )
            if part["id"] not in named:
                problems.append(
                    Problem(
                        file, None, "categories", part["id"], f"en farge for kategorien (den brukes av {indicator_id})"
                    )
                )
            label = (part.get("label") or {}).get("nb") if isinstance(part.get("label"), dict) else None
            if label and part["id"] in colours:
                by_label.setdefault(label, set()).add(colours[part["id"]])
        shown = [colours[p["id"]] for p in parts if p["id"] in colours]
        if len(set(shown)) < min(len(shown), len(palette)):
            problems.append(Problem(file, None, "categories", indicator_id, "ulike farger for delene av indikatoren"))
    problems += [
        Problem(file, None, "categories", label, "samme farge for kategorier med samme navn")
        for label, used in by_label.items()
        if len(used) > 1
    ]
    return colours, problems


@lru_cache(maxsize=4)
def _load(path: Path, colours_path: Path, _fingerprint: tuple) -> Catalogue:
    file = f"data/{CATALOGUE_FILE}"
    raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    colours, problems = _colours(colours_path, raw)
    indicators = {}
    for indicator_id, entry in raw.items():
        entry = dict(entry or {})
        if isinstance(entry.get("categories"), list):
            entry["categories"] = [
                {**part, "colour": colours.get(part.get("id"), "")}
                if isinstance(part, dict) and "colour" not in part
                else part
                for part in entry["categories"]
            ]
        try:
            indicators[indicator_id] = Indicator.model_validate({"id": indicator_id, **entry})
        except ValidationError as error:
            problems += pydantic_problems(error, file, indicator_id)
    problems += _references(indicators, file)
    if problems:
        raise DataValidationError(problems)
    return Catalogue(indicators)


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    folder = Path(data_dir or DEFAULT_WORKSPACE.data).resolve()
    path, colours = folder / CATALOGUE_FILE, folder / COLOURS_FILE
    return _load(path, colours, fingerprint(path, *([colours] if colours.exists() else [])))
