"""Fetch a municipality's SSB figures into a local cache with provenance, and read it back offline.

Layout under `cache_dir`: `<table>/<hash>.json` (raw responses), `<table>/provenance.json`,
`<kommunenummer>.csv` (observation layout, `source` = `ssb_<table>`, `source_ref` = URL).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from tilstand.formatting import format_date
from tilstand.ingest.register import load_register
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.ssb.client import OFFLINE_HINT, SsbClient
from tilstand.ssb.errors import SsbError
from tilstand.ssb.harmonize import OBSERVATION_COLUMNS, municipal_codes, recompute_share, to_observations
from tilstand.ssb.jsonstat import decode
from tilstand.ssb.queries import DerivedShare, QuerySpec, load_derived_shares, load_queries

DEFAULT_CACHE_DIR = DEFAULT_WORKSPACE.ssb_cache
FIRST_YEAR = 2015  # the KOSTRA barnevern tables begin here (their titles: «2015 - …»)


def source_label(table_id: str, retrieved: date) -> str:
    """The credit line SSB's CC BY 4.0 licence asks for, with the retrieval date."""
    return f"Kilde: SSB, tabell {table_id}, hentet {format_date(retrieved, 'nb')}"


@dataclass
class FetchResult:
    kommunenummer: str
    observations: pd.DataFrame
    provenance: dict[str, dict]
    warnings: list[str] = field(default_factory=list)


def comparison_regions(register, kommunenummer: str, codes: list[str], years: list[int]) -> list[str]:
    """Country, country without Oslo, the county of each code in use, and the KOSTRA group(s).

    The KOSTRA grouping changed in 2020, so every group the register states for these years is
    asked for; a year with no stated group gets none rather than a guess.
    """
    groups = {register.kostra_group(kommunenummer, y) for y in years} - {None}
    return ["EAK", "EAKUO"] + sorted({f"EKA{code[:2]}" for code in codes}) + sorted(f"EKG{int(g):02d}" for g in groups)


def fetch(
    municipality: str,
    years: list[int],
    cache_dir: Path | str = DEFAULT_CACHE_DIR,
    *,
    client: SsbClient | None = None,
    register=None,
    queries: list[QuerySpec] | None = None,
    today: date | None = None,
    progress: Callable[[str], None] = print,
    derived: list[DerivedShare] | None = None,
) -> FetchResult:
    """Fetch every query spec for one municipality (all its codes) and its comparison regions."""
    cache_dir = Path(cache_dir)
    register = register or load_register()
    kommunenummer = resolve_municipality(register, municipality, max(years))
    client = client or SsbClient(raw_dir=cache_dir)
    queries = queries if queries is not None else load_queries()
    retrieved = (today or date.today()).isoformat()
    frames, provenance, warnings = [], {}, []
    for spec in queries:
        progress(f"Henter «{spec.indicator}» fra SSB-tabell {spec.table_id} …")
        meta = client.metadata(spec.table_id)
        available = set(meta.variables.get(spec.year_variable, []))
        wanted = [str(y) for y in years if str(y) in available]
        absent = [str(y) for y in years if str(y) not in available]
        if not wanted:
            raise SsbError(
                f"Tabell {spec.table_id} («{meta.title}») har ingen tall for "
                f"{years[0]}–{years[-1]}; den kan være avsluttet eller erstattet."
            )
        if absent:
            warnings.append(f"Tabell {spec.table_id} har ikke tall for {', '.join(absent)}.")
        year_numbers = [int(y) for y in wanted]
        codes = municipal_codes(register, kommunenummer, year_numbers)
        regions = codes + comparison_regions(register, kommunenummer, codes, year_numbers)
        extract = client.fetch(meta, spec, regions, wanted)
        cells = pd.concat([decode(doc).assign(source_ref=url) for url, doc in extract.chunks], ignore_index=True)
        frames.append(to_observations(cells, spec, register, kommunenummer))
        entry = provenance.setdefault(
            spec.table_id,
            {
                "table_id": spec.table_id,
                "title": meta.title,
                "updated": meta.updated,
                "api": meta.api,
                "retrieved": retrieved,
                "urls": [],
            },
        )
        entry["urls"] += [url for url, _ in extract.chunks if url not in entry["urls"]]
    observations = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=OBSERVATION_COLUMNS)
    observations = with_derived_shares(observations, load_derived_shares() if derived is None else derived)
    _write(cache_dir, kommunenummer, observations, provenance, offline=client.used_cache)
    for message in warnings:
        progress(f"Merk: {message}")
    return FetchResult(kommunenummer, observations, provenance, warnings)


def with_derived_shares(observations: pd.DataFrame, derived: list[DerivedShare]) -> pd.DataFrame:
    """Add each share whose numerator and denominator were fetched, computed from the counts."""
    shares = []
    for share in derived:
        numerator = observations[observations["indicator"] == share.numerator]
        denominator = observations[observations["indicator"] == share.denominator]
        if len(numerator) and len(denominator):
            computed = recompute_share(numerator, denominator, share.indicator)
            shares.append(computed.assign(value=computed["value"].round(1)))  # as SSB prints shares
    return pd.concat([observations, *shares], ignore_index=True) if shares else observations


def resolve_municipality(register, municipality: str, year: int) -> str:
    """A code (any historic one) or a name → today's kommunenummer."""
    text = municipality.strip()
    if re.fullmatch(r"\d{4}", text):
        return register.current_code(text)
    return register.resolve(text, year).municipality.kommunenummer


def _write(
    cache_dir: Path, kommunenummer: str, observations: pd.DataFrame, provenance: dict[str, dict], offline: bool
) -> None:
    write_rows(cache_dir / f"{kommunenummer}.csv", observations)
    write_provenance(cache_dir, provenance, [kommunenummer], offline)


def write_rows(path: Path, observations: pd.DataFrame) -> None:
    """Rows in the observation layout, numbers written as SSB gave them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = observations.copy()
    out["value"] = out["value"].map(_number)
    out.to_csv(path, index=False, columns=OBSERVATION_COLUMNS)


def write_provenance(cache_dir: Path, provenance: dict[str, dict], municipalities: list[str], offline: bool) -> None:
    """Each table's title, and for each municipality when its figures were fetched and from where."""
    for table_id, entry in provenance.items():
        path = cache_dir / table_id / "provenance.json"
        stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        by_municipality = stored.get("by_municipality", {})
        for kommunenummer in municipalities:
            previous = by_municipality.get(kommunenummer, {})
            if offline and previous:
                # Rebuilt from stored raw responses: the figures are as old as the first retrieval.
                entry = {**entry, "retrieved": previous["retrieved"], "updated": previous["updated"]}
            by_municipality[kommunenummer] = {k: entry[k] for k in ("retrieved", "updated", "api", "urls")}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(
                {"table_id": table_id, "title": entry["title"], "by_municipality": by_municipality},
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )


def _number(value: float) -> str:
    if pd.isna(value):
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def load_cached(kommunenummer: str, cache_dir: Path | str = DEFAULT_CACHE_DIR) -> tuple[pd.DataFrame, dict[str, dict]]:
    """Rows and per-table provenance from the cache, without touching the network."""
    cache_dir = Path(cache_dir)
    path = cache_dir / f"{kommunenummer}.csv"
    if not path.exists():
        raise SsbError(f"Ingen lokal kopi av SSB-tall for kommune {kommunenummer} i {cache_dir}. {OFFLINE_HINT}")
    text_columns = {c: str for c in OBSERVATION_COLUMNS if c not in ("year", "value")}
    try:
        rows = pd.read_csv(
            path, dtype={**text_columns, "year": int, "value": float}, keep_default_na=False, na_values={"value": [""]}
        )
        provenance = {}
        for table_id in sorted({s.removeprefix("ssb_") for s in rows["source"]}):
            stored = json.loads((cache_dir / table_id / "provenance.json").read_text(encoding="utf-8"))
            provenance[table_id] = {
                "table_id": table_id,
                "title": stored["title"],
                **stored["by_municipality"][kommunenummer],
            }
    except (ValueError, KeyError, OSError) as error:
        raise SsbError(
            f"Den lokale kopien av SSB-tall i {cache_dir} er skadet eller ufullstendig "
            f"({type(error).__name__}: {error}). Hent tallene på nytt med `python -m tilstand fetch`."
        ) from error
    return rows, provenance


def parse_years(text: str) -> list[int]:
    """`2015-2024`, `2024` or `2015,2018,2020`."""
    text = text.strip()
    span = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", text)
    if span and int(span[1]) <= int(span[2]):
        return list(range(int(span[1]), int(span[2]) + 1))
    if re.fullmatch(r"\d{4}(\s*,\s*\d{4})*", text):
        return sorted({int(y) for y in text.split(",")})
    raise ValueError(f"Ugyldige år «{text}»: bruk f.eks. 2015-2024, 2024 eller 2015,2020.")


def fetch_command(
    municipality: str,
    years: str,
    cache_dir: Path | str = DEFAULT_CACHE_DIR,
    *,
    base_url: str | None = None,
    register_dir: Path | None = None,
) -> int:
    """`python -m tilstand fetch`: 0 when cached, 4 when SSB failed, 2 for bad arguments (the
    command line's exit codes)."""
    try:
        year_list = parse_years(years)
        client = SsbClient(base_url, raw_dir=cache_dir)
        result = fetch(municipality, year_list, cache_dir, client=client, register=load_register(register_dir))
    except SsbError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 4
    except ValueError as exc:  # bad years, or UnknownMunicipality from the register
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    print(
        f"Lagret {len(result.observations)} rader for kommune {result.kommunenummer} i "
        f"{Path(cache_dir) / (result.kommunenummer + '.csv')}."
    )
    for table_id, entry in result.provenance.items():
        print(source_label(table_id, date.fromisoformat(entry["retrieved"])))
    return 0
