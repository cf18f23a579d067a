"""Query specs: which SSB table and codes give each indicator (data/ssb/queries.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.ssb.errors import SsbError
from tilstand.units import unit

QUERIES_CSV = DEFAULT_WORKSPACE.data / "ssb" / "queries.csv"
COLUMNS = [
    "indicator",
    "table_id",
    "contents_code",
    "region_variable",
    "year_variable",
    "other_selections",
    "unit",
    "note",
]


@dataclass(frozen=True)
class QuerySpec:
    """One indicator's selection in one table; every code is checked against the table's metadata."""

    indicator: str
    table_id: str
    contents_code: str
    region_variable: str
    year_variable: str
    other_selections: tuple[tuple[str, tuple[str, ...]], ...]
    unit: str
    note: str = ""

    @property
    def additive(self) -> bool:
        """Values of merged municipalities may be added up (counts, amounts), rates may not."""
        return unit(self.unit).summable

    @property
    def category_variables(self) -> list[str]:
        """Variables with several selected codes: their codes become the row's category."""
        return [var for var, codes in self.other_selections if len(codes) > 1]


def parse_selections(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`Alder=F000-017;KOKbvfunksjon0000=1,2` → ((var, codes), …), kept in written order."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        var, sep, codes = part.partition("=")
        values = tuple(c.strip() for c in codes.split(",") if c.strip())
        if not sep or not var.strip() or not values:
            raise SsbError(f"Ugyldig utvalg «{part}» i other_selections (forventet Variabel=kode1,kode2).")
        out.append((var.strip(), values))
    return tuple(out)


DERIVED_SHARES_CSV = DEFAULT_WORKSPACE.data / "ssb" / "derived_shares.csv"


@dataclass(frozen=True)
class DerivedShare:
    """A share SSB's counts give: numerator / denominator × 100, computed after counts of merged
    municipalities are summed (a share itself is never summed)."""

    indicator: str
    numerator: str
    denominator: str


def load_derived_shares(path: Path | str = DERIVED_SHARES_CSV) -> list[DerivedShare]:
    if not Path(path).exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return [DerivedShare(row["indicator"], row["numerator"], row["denominator"]) for row in csv.DictReader(fh)]


def load_queries(path: Path | str = QUERIES_CSV) -> list[QuerySpec]:
    """Read and check the spec file, so a typo fails before any request is made."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise SsbError(f"{path}: kolonnene må være {','.join(COLUMNS)}.")
        specs = []
        for row in reader:
            if not all(row[c].strip() for c in COLUMNS[:5] + ["unit"]):
                raise SsbError(f"{path}: rad for «{row['indicator']}» mangler obligatoriske felt.")
            specs.append(
                QuerySpec(
                    indicator=row["indicator"].strip(),
                    table_id=row["table_id"].strip(),
                    contents_code=row["contents_code"].strip(),
                    region_variable=row["region_variable"].strip(),
                    year_variable=row["year_variable"].strip(),
                    other_selections=parse_selections(row["other_selections"]),
                    unit=row["unit"].strip(),
                    note=row["note"].strip(),
                )
            )
    return specs
