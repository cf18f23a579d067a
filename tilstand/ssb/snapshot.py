"""The national snapshot (`fetch --all`): every query for every region SSB has — each municipality
with its historic codes, every county, KOSTRA group and the country — in as few requests as SSB
allows, resumable, and harmonised into the cache so that no build needs a further request.

One request per table asks for all the codes the table's queries use at once, split only where the
cell limit demands. Each answer is stored as it arrives (`snapshot/parts/`) and listed in
`snapshot/manifest.json`; an interrupted run picks up where it stopped, a finished one starts afresh.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from tilstand.ingest.register import KOSTRA_GROUPS_FILE, load_register
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.ssb.cache import (
    DEFAULT_CACHE_DIR,
    FIRST_YEAR,
    parse_years,
    source_label,
    with_derived_shares,
    write_provenance,
    write_rows,
)
from tilstand.ssb.client import SsbClient, TableMeta, check_spec, split_cells
from tilstand.ssb.errors import SsbError, SsbTableError
from tilstand.ssb.harmonize import OBSERVATION_COLUMNS, aggregate_rows, is_aggregate, municipality_rows, spec_cells
from tilstand.ssb.jsonstat import decode
from tilstand.ssb.klass import fetch_kostra_groups, write_kostra_groups
from tilstand.ssb.queries import DerivedShare, QuerySpec, load_derived_shares, load_queries

REGIONS_FILE = "regions.csv"  # counties, KOSTRA groups and the country, once for all municipalities


@dataclass(frozen=True)
class TableRequest:
    """What the snapshot asks one table for: the union of its queries' codes."""

    table_id: str
    region_variable: str
    year_variable: str
    selection: dict[str, tuple[str, ...]]  # every other variable a query selects → codes
    specs: tuple[QuerySpec, ...]

    @property
    def cells_per_region_year(self) -> int:
        return math.prod(len(codes) for codes in self.selection.values())


def table_requests(queries: list[QuerySpec]) -> list[TableRequest]:
    """Group the queries by table; their codes are asked for together (one table, one request)."""
    out = []
    for table_id in dict.fromkeys(q.table_id for q in queries):
        specs = tuple(q for q in queries if q.table_id == table_id)
        axes = {(q.region_variable, q.year_variable) for q in specs}
        if len(axes) > 1:
            raise SsbError(
                f"data/ssb/queries.csv: spørringene mot tabell {table_id} bruker ulike "
                f"region- eller årsvariabler ({sorted(axes)}); bruk de samme."
            )
        selection: dict[str, list[str]] = {"ContentsCode": []}
        for spec in specs:
            for var, codes in (("ContentsCode", (spec.contents_code,)), *spec.other_selections):
                selection.setdefault(var, [])
                selection[var] += [c for c in codes if c not in selection[var]]
        region_variable, year_variable = axes.pop()
        out.append(
            TableRequest(
                table_id, region_variable, year_variable, {var: tuple(codes) for var, codes in selection.items()}, specs
            )
        )
    return out


def _checked_years(meta: TableMeta, request: TableRequest, years: list[int], warnings: list[str]) -> list[str]:
    available = meta.variables.get(request.year_variable, [])
    wanted = [str(y) for y in years if str(y) in available]
    if not wanted:
        raise SsbError(
            f"Tabell {meta.table_id} («{meta.title}») har ingen tall for "
            f"{years[0]}–{years[-1]}; den kan være avsluttet eller erstattet."
        )
    absent = [str(y) for y in years if str(y) not in available]
    if absent:
        warnings.append(f"Tabell {meta.table_id} har ikke tall for {', '.join(absent)}.")
    return wanted


def plan(
    client: SsbClient, requests: list[TableRequest], years: list[int]
) -> tuple[dict[str, TableMeta], list[tuple[str, dict[str, list[str]]]], list[str]]:
    """Metadata of every table first, every query's codes checked against it, then the requests:
    nothing is asked for before all codes are known to exist."""
    metas, parts, warnings = {}, [], []
    for request in requests:
        meta = client.metadata(request.table_id)
        wanted = _checked_years(meta, request, years, warnings)
        for spec in request.specs:
            check_spec(meta, spec, [], wanted)
        if request.region_variable not in meta.variables:
            raise SsbTableError(
                f"Tabell {meta.table_id} («{meta.title}») har ikke variabelen "
                f"«{request.region_variable}»; sjekk data/ssb/queries.csv."
            )
        metas[request.table_id] = meta
        regions = meta.variables[request.region_variable]
        for region_part, year_part in split_cells(
            request.cells_per_region_year, regions, wanted, client.max_cells, f"tabell {request.table_id}"
        ):
            selection = {var: list(codes) for var, codes in request.selection.items()}
            # All regions the table has: SSB's wildcard keeps the address short.
            selection[request.region_variable] = ["*"] if region_part == regions else region_part
            selection[request.year_variable] = year_part
            parts.append((request.table_id, selection))
    return metas, parts, warnings


def _part_name(table_id: str, selection: dict[str, list[str]]) -> str:
    key = json.dumps([table_id, selection], sort_keys=True)
    return f"{table_id}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.json"


def fetch_all(
    years: list[int],
    cache_dir: Path | str,
    *,
    client: SsbClient,
    register,
    queries: list[QuerySpec] | None = None,
    derived: list[DerivedShare] | None = None,
    today: date | None = None,
    progress: bool = True,
    data_dir: Path | None = None,
) -> dict:
    """Fetch (or resume) the national snapshot and write it into the cache; returns the manifest.
    With `data_dir`, every municipality's KOSTRA group for these years is fetched from SSB's
    classification too (data/municipalities/kostra_groups.csv), so the default comparison works."""
    cache_dir = Path(cache_dir)
    snapshot = cache_dir / "snapshot"
    queries = queries if queries is not None else load_queries()
    requests = table_requests(queries)
    metas, parts, warnings = plan(client, requests, years)
    manifest_path = snapshot / "manifest.json"
    names = [_part_name(t, s) for t, s in parts]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    if manifest.get("complete") or manifest.get("parts") != names:
        shutil.rmtree(snapshot / "parts", ignore_errors=True)  # a new snapshot, not a resumed one
        manifest = {"started": (today or date.today()).isoformat(), "years": years, "parts": names, "complete": False}
    (snapshot / "parts").mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    bar = tqdm(total=len(parts), desc="SSB", unit="spørring", disable=not progress, file=sys.stderr)
    for (table_id, selection), name in zip(parts, names):
        path = snapshot / "parts" / name
        if not path.exists():
            url, doc = client.get(metas[table_id], selection)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"url": url, "response": doc}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)  # a part is there whole or not at all
        bar.update(1)
    bar.close()
    cells = {}
    for (table_id, _), name in zip(parts, names):
        stored = json.loads((snapshot / "parts" / name).read_text(encoding="utf-8"))
        cells.setdefault(table_id, []).append(decode(stored["response"]).assign(source_ref=stored["url"]))
    retrieved = manifest["started"]
    provenance = {
        t: {
            "table_id": t,
            "title": m.title,
            "updated": m.updated,
            "api": m.api,
            "retrieved": retrieved,
            "urls": [
                json.loads((snapshot / "parts" / n).read_text(encoding="utf-8"))["url"]
                for (pt, _), n in zip(parts, names)
                if pt == t
            ],
        }
        for t, m in metas.items()
    }
    observations = harmonise_snapshot(
        {t: pd.concat(c, ignore_index=True) for t, c in cells.items()},
        requests,
        register,
        load_derived_shares() if derived is None else derived,
    )
    write_snapshot(cache_dir, observations, provenance)
    if data_dir is not None:
        groups = fetch_kostra_groups(years, client, register)
        manifest["kostra_groups"] = write_kostra_groups(
            Path(data_dir) / KOSTRA_GROUPS_FILE, groups, date.fromisoformat(retrieved)
        )
    manifest.update(
        complete=True,
        retrieved=retrieved,
        warnings=warnings,
        tables={t: {k: v for k, v in p.items() if k != "urls"} for t, p in provenance.items()},
    )
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def harmonise_snapshot(
    cells: dict[str, pd.DataFrame], requests: list[TableRequest], register, derived: list[DerivedShare]
) -> pd.DataFrame:
    """Every query's rows for every municipality in the register (on today's code, merged
    municipalities' counts summed) and for every comparison region, shares computed after."""
    frames = []
    municipalities = [m.kommunenummer for m in register.all()]
    for request in requests:
        for spec in request.specs:
            selected = spec_cells(cells[request.table_id], spec)
            aggregate = selected[spec.region_variable].map(is_aggregate)
            frames.append(aggregate_rows(selected[aggregate], spec))
            by_region = dict(tuple(selected[~aggregate].groupby(spec.region_variable)))
            for kommunenummer in municipalities:
                codes = {c.code for c in register.predecessors(kommunenummer)} | {kommunenummer}
                own = [by_region[c] for c in sorted(codes) if c in by_region]
                if own:
                    frames.append(municipality_rows(pd.concat(own), spec, register, kommunenummer))
    observations = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=OBSERVATION_COLUMNS)
    return with_derived_shares(observations, derived)


def write_snapshot(cache_dir: Path, observations: pd.DataFrame, provenance: dict[str, dict]) -> None:
    """`regions.csv` for the comparison regions, `<kommunenummer>.csv` for each municipality, and
    each table's provenance for every municipality (the report credits SSB with this date)."""
    aggregate = observations["region"].map(is_aggregate)
    write_rows(cache_dir / REGIONS_FILE, observations[aggregate])
    municipal = observations[~aggregate]
    for kommunenummer, rows in municipal.groupby("region"):
        write_rows(cache_dir / f"{kommunenummer}.csv", rows)
    write_provenance(cache_dir, provenance, sorted(municipal["region"].unique()), offline=False)


def fetch_all_command(
    years: str | None,
    cache_dir: Path | str = DEFAULT_CACHE_DIR,
    *,
    base_url: str | None = None,
    register_dir: Path | None = None,
    progress: bool = True,
) -> int:
    """`python -m tilstand fetch --all`: the national snapshot (0 done, 4 SSB failed, 2 bad years)."""
    try:
        year_list = parse_years(years or f"{FIRST_YEAR}-{date.today().year}")
        client = SsbClient(base_url, raw_dir=None)
        manifest = fetch_all(
            year_list,
            cache_dir,
            client=client,
            register=load_register(register_dir),
            progress=progress,
            data_dir=register_dir or DEFAULT_WORKSPACE.data,
        )
    except SsbError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 4
    except ValueError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    for message in manifest["warnings"]:
        print(f"Merk: {message}")
    print(
        f"Lagret SSB-tall for alle kommuner, fylker, KOSTRA-grupper og landet i {cache_dir} "
        f"({len(manifest['parts'])} spørringer), og KOSTRA-gruppen til hver kommune "
        f"({manifest['kostra_groups']} rader i data/municipalities/kostra_groups.csv)."
    )
    for table_id in manifest["tables"]:
        print(source_label(table_id, date.fromisoformat(manifest["retrieved"])))
    return 0


def load_snapshot(cache_dir: Path | str = DEFAULT_CACHE_DIR) -> tuple[pd.DataFrame, dict]:
    """The whole national snapshot (every municipality and comparison region), read once, with its
    manifest (retrieval date, tables' titles and update times). For batch builds: no request made."""
    cache_dir = Path(cache_dir)
    manifest_path = cache_dir / "snapshot" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    if not manifest.get("complete"):
        raise SsbError(
            f"Ingen fullført nasjonal kopi av SSB-tall i {cache_dir}. Hent den med "
            "`python -m tilstand fetch --all` (en avbrutt henting fortsetter der den stoppet)."
        )
    text_columns = {c: str for c in OBSERVATION_COLUMNS if c not in ("year", "value")}
    paths = [cache_dir / REGIONS_FILE] + sorted(p for p in cache_dir.glob("*.csv") if p.name != REGIONS_FILE)
    rows = pd.concat(
        [
            pd.read_csv(
                p, dtype={**text_columns, "year": int, "value": float}, keep_default_na=False, na_values={"value": [""]}
            )
            for p in paths
        ],
        ignore_index=True,
    )
    return rows, manifest
