"""Which municipality and year a report is for, in which language and with which settings,
checked before anything is built and resolved once (`choose`): a build hands the result to every
chapter, and a chapter run in JupyterLab calls the same function.

Each wrong choice gets one sentence saying what was wrong and how to list the valid ones.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tilstand.ingest.dataset import Dataset, load_dataset_for
from tilstand.ingest.problems import UserError, said
from tilstand.ingest.register import Municipality, Register, UnknownMunicipality, load_register
from tilstand.ingest.settings import Settings, load_settings
from tilstand.language import DEFAULT_LANGUAGE, check_language
from tilstand.paths import DEFAULT_WORKSPACE, Workspace

FIRST_YEAR = 1990


class InvalidChoice(UserError, ValueError):
    """A municipality or year the report cannot be built for."""


@dataclass(frozen=True)
class Target:
    municipality: Municipality
    year: int
    code_in_year: str  # the kommunenummer valid in that year (an older code for an older year)

    @property
    def kommunenummer(self) -> str:
        return self.municipality.kommunenummer

    @property
    def name(self) -> str:
        return self.municipality.name


def parse_year(text: str | int | None) -> int | None:
    if text is None or text == "":
        return None
    text = str(text).strip()
    if not (text.isdigit() and len(text) == 4 and int(text) >= FIRST_YEAR):
        raise InvalidChoice(said("choice.year", year=text, first=FIRST_YEAR))
    return int(text)


def municipality_text(value: str | int) -> str:
    """A municipality as given: a name, or a number typed without its leading zero (301 → 0301)."""
    text = str(value).strip()
    return text.zfill(4) if text.isdigit() and len(text) < 4 else text


def resolve_municipality(
    municipality: str | int, year: int | None = None, workspace: Workspace = DEFAULT_WORKSPACE
) -> Municipality:
    try:
        # without a year, the municipality as it is now: its name and number today
        return (
            load_register(workspace.data)
            .resolve(municipality_text(municipality), year or date.today().year)
            .municipality
        )
    except UnknownMunicipality as error:
        choice = InvalidChoice(error.said)
        choice.suggested = error.suggested
        raise choice from None


def resolve_target(
    municipality: str | int,
    year: str | int | None = None,
    workspace: Workspace = DEFAULT_WORKSPACE,
    dataset: Dataset | None = None,
) -> Target:
    """The municipality as it was in the chosen year; the latest year with figures by default."""
    chosen_year = parse_year(year)
    current = resolve_municipality(municipality, chosen_year, workspace)
    if chosen_year is None:
        years = (dataset or load_dataset_for(current.kommunenummer, workspace)).years_for(current.kommunenummer)
        if not years:
            raise InvalidChoice(said("choice.no_figures", name=current.name, code=current.kommunenummer))
        chosen_year = years[-1]
    resolved = load_register(workspace.data).resolve(current.kommunenummer, chosen_year)
    return Target(current, chosen_year, resolved.code)


def report_language(language: str | None, settings: Settings, register: Register, kommunenummer: str) -> str:
    """The report's language: chosen for the build, else the municipality's settings, else its
    language decision (nynorsk, or bokmål for bokmål and neutral municipalities)."""
    chosen = language or settings.language or register.language(kommunenummer) or DEFAULT_LANGUAGE
    return check_language(chosen)


@dataclass(frozen=True)
class Chosen:
    """What a report is for, resolved once: the municipality in its year, its settings, the language."""

    target: Target
    settings: Settings
    language: str

    def write(self, path: Path) -> Path:
        path.write_bytes(pickle.dumps(self))
        return path

    @staticmethod
    def read(path: str | Path) -> Chosen:
        return pickle.loads(Path(path).read_bytes())


def choose(
    municipality: str | int,
    year: str | int | None = None,
    language: str | None = None,
    workspace: Workspace = DEFAULT_WORKSPACE,
    dataset: Dataset | None = None,
) -> Chosen:
    target = resolve_target(municipality, year, workspace, dataset)
    settings = load_settings(target.kommunenummer, workspace)
    return Chosen(
        target, settings, report_language(language, settings, load_register(workspace.data), target.kommunenummer)
    )
