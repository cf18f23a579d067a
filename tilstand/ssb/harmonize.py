"""Turn decoded SSB cells into the project's observation layout, across municipal code changes.

A municipality's series spans several codes: a county reform gives it a new number, a merger one
number for several old ones (data/municipalities/kommuner-1994-2024.csv). Rows are put on today's code;
counts of merged municipalities are summed only when every predecessor has a number, and rates
are never summed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tilstand.ssb.errors import SsbTableError
from tilstand.ssb.queries import QuerySpec

OBSERVATION_COLUMNS = ["region", "year", "indicator", "category", "value", "status", "source", "source_ref", "note"]
AGGREGATE = re.compile(r"^(EAK|EAKUO|EKA\d{2}|EKG\d{2})$")


def is_aggregate(region: str) -> bool:
    return bool(AGGREGATE.match(region))


def municipal_codes(register, kommunenummer: str, years: list[int]) -> list[str]:
    """The codes that made up the municipality in any of `years` (merged ones included)."""
    return sorted({c.code for y in years for c in register.codes_in_year(kommunenummer, y)})


def _row(region, year, spec, category, value, status, ref, note):
    return {
        "region": region,
        "year": year,
        "indicator": spec.indicator,
        "category": category,
        "value": value,
        "status": status,
        "source": f"ssb_{spec.table_id}",
        "source_ref": ref,
        "note": note,
    }


def to_observations(cells: pd.DataFrame, spec: QuerySpec, register, kommunenummer: str) -> pd.DataFrame:
    """Cells (decoded, with a `source_ref` column) → observation rows for one indicator."""
    cells = spec_cells(cells, spec)
    aggregate = cells[spec.region_variable].map(is_aggregate)
    out = pd.concat(
        [aggregate_rows(cells[aggregate], spec), municipality_rows(cells[~aggregate], spec, register, kommunenummer)],
        ignore_index=True,
    )
    return out.sort_values(["region", "year", "category"], ignore_index=True)


def spec_cells(cells: pd.DataFrame, spec: QuerySpec) -> pd.DataFrame:
    """The cells one query selects (a table-wide answer holds several queries' codes), with
    `year` and `category` (the codes of variables the query selects several of) added."""
    keep = cells["ContentsCode"] == spec.contents_code
    for var, codes in spec.other_selections:
        keep &= cells[var].isin(codes)
    cells = cells[keep].copy()
    bad_years = sorted({y for y in cells[spec.year_variable] if not re.fullmatch(r"\d{4}", y)})
    if bad_years:
        raise SsbTableError(
            f"Tabell {spec.table_id} har ikke årstall i «{spec.year_variable}» "
            f"(fant {', '.join(bad_years[:3])}); bare årstabeller støttes."
        )
    cells["year"] = cells[spec.year_variable].astype(int)
    cat_vars = spec.category_variables
    cells["category"] = cells[cat_vars].astype(str).agg(".".join, axis=1) if cat_vars and len(cells) else ""
    return cells


def aggregate_rows(cells: pd.DataFrame, spec: QuerySpec) -> pd.DataFrame:
    """Counties, KOSTRA groups and the country, as SSB gives them."""
    rows = [
        _row(r[spec.region_variable], r["year"], spec, r["category"], r["value"], r["status"], r["source_ref"], "")
        for _, r in cells.iterrows()
    ]
    return pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)


def municipality_rows(cells: pd.DataFrame, spec: QuerySpec, register, kommunenummer: str) -> pd.DataFrame:
    """One municipality on today's code, from the cells of every code it had (see _merge_municipality)."""
    return pd.DataFrame(_merge_municipality(cells, spec, register, kommunenummer), columns=OBSERVATION_COLUMNS)


def _merge_municipality(cells, spec, register, kommunenummer) -> list[dict]:
    by_code = {(r[spec.region_variable], r.year, r.category): r for _, r in cells.iterrows()}
    rows = []
    for (year, category), _ in cells.groupby(["year", "category"]):
        expected = sorted(c.code for c in register.codes_in_year(kommunenummer, year))
        parts = [by_code.get((code, year, category)) for code in expected]
        present = [p for p in parts if p is not None]
        if not present:
            continue
        ref = " ".join(dict.fromkeys(p.source_ref for p in present))
        if len(expected) == 1:
            part = present[0]
            note = "" if expected[0] == kommunenummer else f"SSB-region {expected[0]}"
            rows.append(_row(kommunenummer, year, spec, category, part.value, part.status, ref, note))
            continue
        listed = ", ".join(expected)
        lacking = [code for code, p in zip(expected, parts) if p is None or np.isnan(p.value)]
        if not spec.additive:
            value, status, note = np.nan, "..", f"Andeler/rater summeres ikke over sammenslåtte kommuner ({listed})"
        elif lacking:
            value, status, note = np.nan, "..", f"Ikke summert: mangler tall for {', '.join(lacking)} (av {listed})"
        else:
            value, status, note = float(sum(p.value for p in present)), "", f"Sum av sammenslåtte kommuner {listed}"
        rows.append(_row(kommunenummer, year, spec, category, value, status, ref, note))
    return rows


def recompute_share(numerator: pd.DataFrame, denominator: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Share (0–100) from two harmonised count series; missing when either part is missing or 0."""
    merged = numerator.merge(
        denominator[["region", "year", "value", "source", "source_ref"]], on=["region", "year"], suffixes=("", "_den")
    )
    ok = merged["value"].notna() & merged["value_den"].notna() & (merged["value_den"] > 0)
    out = merged.assign(
        indicator=indicator,
        value=np.where(ok, 100 * merged["value"] / merged["value_den"].where(ok, 1), np.nan),
        status=np.where(ok, "", ".."),
        source_ref=merged["source_ref"] + " | " + merged["source_ref_den"],
        note="Andel beregnet fra antall",
    )
    return out[OBSERVATION_COLUMNS].reset_index(drop=True)
