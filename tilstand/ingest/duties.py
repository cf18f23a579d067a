"""The measurable legal duties (`data/duties.yml`): each duty's figure, the rule that gives its
status and its legal source by year, checked against the catalogue when it loads. A new duty is an
entry in the file, never code."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from tilstand.ingest.catalogue import Catalogue, Text
from tilstand.ingest.problems import DataValidationError, Problem, pydantic_problems
from tilstand.yamlfile import load_yaml

DUTIES_FILE = "duties.yml"


class Rule(BaseModel):
    """The requirement is met when the figure is at most / at least the number (one of the two)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    at_most: float | None = None
    at_least: float | None = None

    @model_validator(mode="after")
    def _one(self) -> Rule:
        if (self.at_most is None) == (self.at_least is None):
            raise ValueError("rule krever enten at_most eller at_least")
        return self


class Duty(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    duty: Text
    law: dict[int, Text]  # the source from the year it applies
    figure: str  # «indicator» or «indicator:category»
    rule: Rule
    benchmark: str | None = None  # the same measure for other regions

    @property
    def indicator_id(self) -> str:
        return self.figure.partition(":")[0]

    @property
    def category(self) -> str:
        return self.figure.partition(":")[2]

    def law_in(self, year: int, language: str) -> str:
        """The source that applied in `year` (the newest from that year or earlier); '' before any."""
        applying = [since for since in self.law if since <= year]
        return self.law[max(applying)](language) if applying else ""


def load_duties(data_dir: Path, catalogue: Catalogue) -> list[Duty]:
    """The duties in the file's order; an unknown figure or a malformed entry stops it, named."""
    file = f"data/{DUTIES_FILE}"
    raw = load_yaml((Path(data_dir) / DUTIES_FILE).read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise DataValidationError([Problem(file, None, "", "", "en liste med plikter")])
    problems, duties = [], []
    for number, entry in enumerate(raw, start=1):
        try:
            duty = Duty.model_validate(entry)
        except ValidationError as error:
            problems += pydantic_problems(
                error, file, str(entry.get("id", number)) if isinstance(entry, dict) else str(number)
            )
            continue
        for ref in filter(None, (duty.figure, duty.benchmark)):
            indicator_id, _, category = ref.partition(":")
            if indicator_id not in catalogue or (category and not catalogue.get(indicator_id).category(category)):
                problems.append(
                    Problem(file, number, duty.id, ref, "id-en til en indikator (og en kategori) i katalogen")
                )
        duties.append(duty)
    if problems:
        raise DataValidationError(problems)
    return duties
