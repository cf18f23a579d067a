"""A municipality's own choices for its report, one validated file each: data/settings/<kommunenummer>.yml.

What varies between municipalities lives here, never in chapters or code: the written language,
which regions the figures are compared with, the optional parts of the report, the link to the
accessibility statement, contact, logo and case number. A municipality without a file gets the
defaults: its language decision and KOSTRA group from the register, its county and the country.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationError, field_validator

from tilstand.ingest.problems import DataValidationError, Problem, Said, pydantic_problems, said
from tilstand.language import check_language
from tilstand.paths import DEFAULT_WORKSPACE, Workspace, fingerprint
from tilstand.regions import RegionKind, region_kind
from tilstand.yamlfile import load_yaml

DEFAULT_SMALL_COUNT_MAX = 4  # counts 1–4 can identify a child (bvl. § 13-1)
_YES_NO = {"ja": True, "nei": False, "yes": True, "no": False}


def _yes_no(value):
    return _YES_NO.get(value.strip().lower(), value) if isinstance(value, str) else value


class Comparison(BaseModel):
    """Which regions the municipality's figures are shown beside."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
    kostra_group: bool | int = Field(True, alias="kostra_gruppe")  # ja: the register's group; or a number
    county: bool = Field(True, alias="fylke")
    country: bool = Field(True, alias="landet")
    asss: bool | None = None  # None: as the register says
    municipalities: tuple[str, ...] = Field((), alias="kommuner")  # named peers, e.g. a neighbour
    other_regions: tuple[str, ...] = Field((), alias="andre_regioner")  # e.g. another KOSTRA group

    _yes_no = field_validator("kostra_group", "county", "country", "asss", mode="before")(_yes_no)

    @field_validator("kostra_group")
    @classmethod
    def _group(cls, value):
        if not isinstance(value, bool) and not 1 <= value <= 17:
            raise ValueError("ja, nei eller et gruppenummer fra 1 til 17")
        return value

    @field_validator("municipalities", mode="before")
    @classmethod
    def _codes(cls, value):
        codes = tuple(str(code).strip().zfill(4) for code in (value or ()))
        for code in codes:
            if region_kind(code) is not RegionKind.MUNICIPALITY:
                raise ValueError('kommunenummer med fire sifre, f.eks. "0301"')
        return codes

    @field_validator("other_regions", mode="before")
    @classmethod
    def _regions(cls, value):
        codes = tuple(str(code).strip() for code in (value or ()))
        for code in codes:
            if region_kind(code) in (None, RegionKind.MUNICIPALITY):
                raise ValueError("SSB-koder for sammenligningsregioner: EKGnn, EKAnn, EAK eller EAKUO")
        return codes


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
    language: str | None = Field(None, alias="målform")
    comparison: Comparison = Field(default_factory=Comparison, alias="sammenligning")
    accessibility_statement: AnyHttpUrl | None = Field(None, alias="tilgjengelighetserklæring")
    contact: str | None = Field(None, alias="kontakt")
    source: str | None = Field(None, alias="kilde", max_length=200)  # the template's default source
    logo: str | None = None
    # the name on the cover, as the municipality itself writes it («Voss herad»); None: «<navn> kommune»
    official_name: str | None = Field(None, alias="offisielt_navn", min_length=2, max_length=80)
    case_numbers: dict[int, str] = Field(default_factory=dict, alias="saksnummer")
    report_dates: dict[int, date] = Field(default_factory=dict, alias="rapportdato")  # the date on the cover, per year
    modules: tuple[str, ...] = Field((), alias="valgfrie_deler")
    small_count_max: int = Field(DEFAULT_SMALL_COUNT_MAX, alias="små_tall", le=20)
    small_count_reason: str | None = Field(None, alias="små_tall_begrunnelse", min_length=20, max_length=500)
    # indicators whose small counts the service publishes openly (e.g. counts the leader states in
    # the report), each with its written reason: named on «Om rapporten»
    open_small_counts: dict[str, str | None] = Field(default_factory=dict, alias="åpne_små_tall")

    @field_validator("small_count_max", mode="before")
    @classmethod
    def _threshold(cls, value):
        """Privacy is never switched off by a stray `false`, `nei` or 0: only a whole number from 1."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(
                f"et helt tall fra 1 til 20 (standard {DEFAULT_SMALL_COUNT_MAX}: antall 1–"
                f"{DEFAULT_SMALL_COUNT_MAX} skjules); skjulingen av små tall kan ikke slås av"
            )
        return value

    # years the service calls not representative (e.g. the pandemic): left out when a value is compared
    # with the earlier years' range
    not_representative_years: tuple[int, ...] = Field((), alias="ikke_representative_år")

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value):
        if value in (None, ""):
            return None
        try:
            return check_language(value)
        except ValueError:
            raise ValueError("bokmål eller nynorsk") from None

    @field_validator("official_name", mode="before")
    @classmethod
    def _name(cls, value):
        return " ".join(value.split()) or None if isinstance(value, str) else value

    @property
    def accessibility_statement_url(self) -> str:
        return str(self.accessibility_statement) if self.accessibility_statement else ""


def settings_path(kommunenummer: str, workspace: Workspace = DEFAULT_WORKSPACE) -> Path:
    return workspace.settings / f"{kommunenummer}.yml"


@lru_cache(maxsize=16)
def _load(
    path: Path, label: str, known_modules: tuple[str, ...], _fingerprint: tuple, persons: frozenset[str] = frozenset()
) -> Settings:
    if not path.exists():
        return Settings()
    try:
        raw = _bounded_yaml(path, label)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"linje {mark.line + 1}" if mark else "-"
        raise DataValidationError(
            [Problem(label, None, where, "", "gyldig YAML (nøkkel: verdi, innrykk med mellomrom)")]
        ) from None
    try:
        settings = Settings.model_validate(raw or {})
    except ValidationError as error:
        raise DataValidationError(pydantic_problems(error, label)) from None
    if settings.small_count_max < DEFAULT_SMALL_COUNT_MAX and not (settings.small_count_reason or "").strip():
        raise DataValidationError(
            [
                Problem(
                    label,
                    None,
                    "små_tall_begrunnelse",
                    "",
                    f"en begrunnelse (minst 20 tegn), fordi små_tall: {settings.small_count_max} er lavere enn standarden "
                    f"{DEFAULT_SMALL_COUNT_MAX} og viser antall som kan gjøre det mulig å kjenne igjen et barn; skriv "
                    "hvorfor, eller fjern linjen med små_tall",
                )
            ]
        )
    problems = [
        Problem(
            label,
            None,
            f"åpne_små_tall.{i}",
            i,
            "id-en til en indikator som teller personer (persons: true i data/indicators.yml)",
        )
        for i in settings.open_small_counts
        if i not in persons
    ]
    problems += [
        Problem(
            label,
            None,
            f"åpne_små_tall.{i}",
            (reason or "").strip(),
            "en begrunnelse (minst 20 tegn) for å vise små tall for denne indikatoren åpent, for "
            "eksempel at lederen oppgir tallene åpent i rapporten; uten begrunnelse skjules de",
        )
        for i, reason in settings.open_small_counts.items()
        if len((reason or "").strip()) < 20
    ]
    if problems:
        raise DataValidationError(problems)
    unknown = [m for m in settings.modules if m not in known_modules]
    if unknown:
        raise DataValidationError(
            [Problem(label, None, "valgfrie_deler", m, f"en av {', '.join(known_modules)}") for m in unknown]
        )
    return settings


MAX_SETTINGS_BYTES, MAX_ALIASES = 100_000, 20


def _refused(label: str, where: str, value: str, expected: Said) -> DataValidationError:
    return DataValidationError([Problem(label, None, where, value, expected)])


def _bounded_yaml(path: Path, label: str):
    """The settings file's YAML, refused when it is too big, not UTF-8 or full of aliases (a few
    lines of anchors can expand to gigabytes)."""
    data = path.read_bytes()
    if len(data) > MAX_SETTINGS_BYTES:
        raise _refused(
            label, "", "", said("settings.too_big", size=len(data) // 1000, limit=MAX_SETTINGS_BYTES // 1000)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _refused(
            label, f"linje {line}", data[error.start : error.start + 1].hex(" "), said("settings.not_utf8")
        ) from None
    aliases = sum(isinstance(token, yaml.AliasToken) for token in yaml.scan(text))
    if aliases > MAX_ALIASES:
        raise _refused(label, "", "", said("settings.aliases", count=aliases, limit=MAX_ALIASES))
    return load_yaml(text)


def load_settings(kommunenummer: str, workspace: Workspace = DEFAULT_WORKSPACE) -> Settings:
    """The municipality's settings (defaults when it has no file); DataValidationError names every
    wrong key with what was expected."""
    from tilstand.ingest.catalogue import load_catalogue

    path = settings_path(kommunenummer, workspace)
    catalogue = load_catalogue(workspace.data)
    persons = frozenset(i.id for i in catalogue if i.persons)
    return _load(path, workspace.relative(path), tuple(catalogue.modules), fingerprint(path), persons)
