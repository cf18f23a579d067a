"""PxWebApi client for SSB: reads metadata first, checks codes, respects SSB's limits.

v2 (`/tables/{id}/metadata`, `/tables/{id}/data?valueCodes[Var]=…`) is used; a table v2 does
not know (404) is tried once more through v0 (`/table/{id}`, POST query) before giving up.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
import urllib.parse
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import urllib3
from urllib3.exceptions import HTTPError as TransportError
from urllib3.util.retry import Retry

from tilstand.ssb.errors import SsbError, SsbOffline, SsbTableError
from tilstand.ssb.queries import QuerySpec

DEFAULT_BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
DEFAULT_V0_BASE_URL = "https://data.ssb.no/api/v0/no"
DEFAULT_KLASS_BASE_URL = "https://data.ssb.no/api/klass/v1"
MAX_CELLS = 800_000
MAX_REQUESTS_PER_MINUTE = 30
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
OFFLINE_HINT = (
    "Et lokalt mellomlager (cache) kan lages med `python -m tilstand fetch "
    "--municipality … --years …` når maskinen er på nett."
)


class RateLimiter:
    """Sliding window: at most `max_calls` in any `period` seconds; sleeps rather than fails."""

    def __init__(
        self,
        max_calls: int = MAX_REQUESTS_PER_MINUTE,
        period: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.max_calls, self.period, self.clock, self.sleep = max_calls, period, clock, sleep
        self._calls: deque[float] = deque()

    def acquire(self) -> None:
        now = self.clock()
        while self._calls and self._calls[0] <= now - self.period:
            self._calls.popleft()
        if len(self._calls) >= self.max_calls:
            self.sleep(self._calls[0] + self.period - now)
            now = self.clock()
            self._calls.popleft()
        self._calls.append(now)


@dataclass
class TableMeta:
    """What a table offers: its variables' codes in order, and whether each may be left out."""

    table_id: str
    title: str
    updated: str
    api: str
    variables: dict[str, list[str]]
    eliminable: dict[str, bool]
    url: str


@dataclass
class Extract:
    """The raw JSON-stat documents of one spec, one per request (split by the cell limit)."""

    meta: TableMeta
    chunks: list[tuple[str, dict]] = field(default_factory=list)


def _parse_v2_meta(table_id: str, doc: dict, url: str) -> TableMeta:
    dims = doc.get("dimension", {})
    variables, eliminable = {}, {}
    for var in doc.get("id", list(dims)):
        index = dims[var]["category"]["index"]
        variables[var] = sorted(index, key=index.get) if isinstance(index, dict) else list(index)
        eliminable[var] = bool(dims[var].get("extension", {}).get("elimination", False))
    return TableMeta(table_id, doc.get("label", ""), doc.get("updated", ""), "v2", variables, eliminable, url)


def _parse_v0_meta(table_id: str, doc: dict, url: str) -> TableMeta:
    variables = {v["code"]: list(v["values"]) for v in doc["variables"]}
    eliminable = {v["code"]: bool(v.get("elimination", False)) for v in doc["variables"]}
    return TableMeta(table_id, doc.get("title", ""), doc.get("updated", ""), "v0", variables, eliminable, url)


def check_spec(meta: TableMeta, spec: QuerySpec, regions: list[str], years: list[str]) -> None:
    """Fail loudly when the table no longer has what the spec (or the municipality) needs."""
    wanted = [
        (spec.region_variable, regions),
        (spec.year_variable, years),
        ("ContentsCode", [spec.contents_code]),
        *spec.other_selections,
    ]
    for var, codes in wanted:
        if var not in meta.variables:
            raise SsbTableError(
                f"Tabell {meta.table_id} («{meta.title}») har ikke variabelen «{var}» som "
                f"indikatoren «{spec.indicator}» bruker. Tabellen kan være endret eller avsluttet; "
                "sjekk data/ssb/queries.csv."
            )
        missing = [c for c in codes if c not in meta.variables[var]]
        if missing:
            raise SsbTableError(
                f"Tabell {meta.table_id} («{meta.title}») mangler koden "
                f"{', '.join('«' + c + '»' for c in missing)} i variabelen «{var}» "
                f"(indikator «{spec.indicator}»). Tabellen kan være endret eller avsluttet, "
                "eller kommunenummeret finnes ikke der; sjekk data/ssb/queries.csv."
            )
    chosen = {var for var, _ in wanted}
    required = [v for v in meta.variables if v not in chosen and not meta.eliminable.get(v)]
    if required:
        raise SsbTableError(
            f"Tabell {meta.table_id} krever at variabelen {', '.join(required)} velges, men "
            f"indikatoren «{spec.indicator}» velger den ikke; sjekk data/ssb/queries.csv."
        )


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def plan_requests(
    spec: QuerySpec, regions: list[str], years: list[str], max_cells: int
) -> list[tuple[list[str], list[str]]]:
    """Split along years (then regions) so that no request asks for more than `max_cells`."""
    per_pair = math.prod(len(codes) for _, codes in spec.other_selections)
    return split_cells(per_pair, regions, years, max_cells, f"«{spec.indicator}»")


def split_cells(
    per_pair: int, regions: list[str], years: list[str], max_cells: int, what: str
) -> list[tuple[list[str], list[str]]]:
    """Chunks of regions and years whose cells (× `per_pair` per region and year) fit the limit."""
    if per_pair > max_cells:
        raise SsbTableError(
            f"Utvalget for {what} gir {per_pair} celler per region og år, mer enn grensen på {max_cells}."
        )
    region_size = min(len(regions), max_cells // per_pair)
    year_size = max(1, min(len(years), max_cells // (per_pair * region_size)))
    return [(r, y) for r in _chunks(regions, region_size) for y in _chunks(years, year_size)]


def _cache_key(url: str, body: dict | None) -> str:
    text = url + "\n" + (json.dumps(body, sort_keys=True) if body is not None else "")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class _Retry(Retry):
    """urllib3's retry policy (backoff, Retry-After, which statuses), sleeping through the
    client's sleep, so tests record the waits instead of waiting."""

    def __init__(self, *args, sleeper: Callable[[float], None] = time.sleep, **kwargs):
        super().__init__(*args, **kwargs)
        self.sleeper = sleeper

    def new(self, **kwargs):
        renewed = super().new(**kwargs)
        renewed.sleeper = self.sleeper
        return renewed

    def sleep(self, response=None) -> None:
        wait = self.get_backoff_time()
        if response is not None and self.respect_retry_after_header:
            wait = max(wait, self.get_retry_after(response) or 0)
        if wait > 0:
            self.sleeper(wait)


class SsbClient:
    """Fetches metadata and data; every response is kept raw under `raw_dir/<table>/<hash>.json`.

    When SSB cannot be reached, a raw response stored earlier for the very same request is
    used instead, so a cached extract can be rebuilt offline.
    """

    def __init__(
        self,
        base_url: str | None = None,
        v0_base_url: str | None = None,
        *,
        raw_dir: Path | str | None = None,
        max_cells: int = MAX_CELLS,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 60.0,
        max_attempts: int = 5,
        backoff: float = 2.0,
        lang: str = "no",
    ):
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.v0_base_url = (
            v0_base_url or (f"{self.base_url.rsplit('/', 1)[0]}/v0" if base_url else None) or DEFAULT_V0_BASE_URL
        ).rstrip("/")
        self.klass_base_url = f"{self.base_url.rsplit('/', 1)[0]}/klass/v1" if base_url else DEFAULT_KLASS_BASE_URL
        self.raw_dir = Path(raw_dir) if raw_dir else None
        self.max_cells, self.lang = max_cells, lang
        self.limiter = limiter or RateLimiter(sleep=sleep)
        retries = _Retry(
            total=max_attempts - 1,
            connect=1,
            read=max_attempts - 1,
            backoff_factor=backoff,
            status_forcelist=sorted(RETRY_STATUSES),
            allowed_methods=None,
            respect_retry_after_header=True,
            raise_on_status=False,
            sleeper=sleep,
        )
        self.http = urllib3.PoolManager(retries=retries, timeout=urllib3.Timeout(total=timeout))
        self.used_cache = False

    # -- transport -------------------------------------------------------------------------
    def _raw_path(self, table_id: str, url: str, body: dict | None) -> Path | None:
        """Keyed without the base URL, so a cache survives a mirror or a changed address."""
        if not self.raw_dir:
            return None
        relative = url.removeprefix(self.base_url).removeprefix(self.v0_base_url)
        return self.raw_dir / table_id / f"{_cache_key(relative, body)}.json"

    def _request(self, table_id: str, url: str, body: dict | None = None) -> dict:
        """GET (or POST a JSON body) with the rate limit and urllib3's retries; JSON back."""
        raw_path = self._raw_path(table_id, url, body)
        self.limiter.acquire()
        try:
            if body is None:
                response = self.http.request("GET", url, headers={"Accept": "application/json"})
            else:
                response = self.http.request(
                    "POST",
                    url,
                    body=json.dumps(body).encode("utf-8"),
                    headers={"Accept": "application/json", "Content-Type": "application/json"},
                )
        except TransportError as exc:
            if raw_path and raw_path.exists():
                self.used_cache = True
                return json.loads(raw_path.read_text(encoding="utf-8"))["response"]
            reason = (
                "tidsavbrudd"
                if "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower()
                else str(getattr(exc, "reason", exc))
            )
            raise SsbOffline(
                f"Får ikke kontakt med SSB ({reason}) ved henting av tabell {table_id} ({url}). {OFFLINE_HINT}"
            ) from exc
        if response.status >= 400:
            raise self._http_error(table_id, url, response.status, response.data)
        try:
            doc = json.loads(response.data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SsbError(f"Svaret fra SSB for tabell {table_id} er ikke gyldig JSON ({url}).") from exc
        if raw_path:
            raw_path.parent.mkdir(parents=True, exist_ok=True)
            raw_path.write_text(
                json.dumps(
                    {
                        "url": url,
                        "body": body,
                        "retrieved": datetime.now(UTC).isoformat(timespec="seconds"),
                        "response": doc,
                    },
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
        return doc

    def get_json(self, what: str, url: str) -> dict:
        """Any other SSB address (Klass), with the same rate limit, retries and error messages."""
        return self._request(what, url)

    @staticmethod
    def _http_error(table_id: str, url: str, status: int, data: bytes) -> SsbError:
        detail = data.decode("utf-8", "replace")[:300].strip()
        if status in (404, 410):
            return SsbTableError(
                f"Tabell {table_id} finnes ikke hos SSB ({url} svarte {status}). "
                "Den kan være avsluttet eller ha fått nytt nummer; sjekk data/ssb/queries.csv."
            )
        if status in RETRY_STATUSES:
            return SsbError(
                f"SSB svarte {status} for tabell {table_id} også etter gjentatte forsøk. Prøv igjen senere."
            )
        return SsbError(f"SSB avviste spørringen mot tabell {table_id} ({status}): {detail}")

    # -- API -------------------------------------------------------------------------------
    def metadata(self, table_id: str) -> TableMeta:
        """Read v2 metadata; if v2 does not know the table, ask v0 before failing."""
        url = f"{self.base_url}/tables/{table_id}/metadata?lang={self.lang}"
        try:
            return _parse_v2_meta(table_id, self._request(table_id, url), url)
        except SsbTableError as v2_error:
            v0_url = f"{self.v0_base_url}/table/{table_id}"
            try:
                return _parse_v0_meta(table_id, self._request(table_id, v0_url), v0_url)
            except SsbTableError:
                raise v2_error from None

    def data_url(self, meta: TableMeta, selection: dict[str, list[str]]) -> str:
        """The v2 GET URL (readable brackets and commas) for one selection."""
        params = [("lang", self.lang), ("outputFormat", "json-stat2")]
        params += [(f"valueCodes[{var}]", ",".join(codes)) for var, codes in selection.items()]
        query = "&".join(f"{urllib.parse.quote(k, safe='[]')}={urllib.parse.quote(v, safe=',')}" for k, v in params)
        return f"{self.base_url}/tables/{meta.table_id}/data?{query}"

    def fetch(self, meta: TableMeta, spec: QuerySpec, regions: list[str], years: list[str]) -> Extract:
        """Check the spec against the metadata, then fetch in as many requests as the cell limit needs."""
        check_spec(meta, spec, regions, years)
        extract = Extract(meta)
        for region_part, year_part in plan_requests(spec, regions, years, self.max_cells):
            selection = {
                spec.region_variable: region_part,
                spec.year_variable: year_part,
                "ContentsCode": [spec.contents_code],
            }
            selection.update({var: list(codes) for var, codes in spec.other_selections})
            extract.chunks.append(self.get(meta, selection))
        return extract

    def get(self, meta: TableMeta, selection: dict[str, list[str]]) -> tuple[str, dict]:
        """One data request (v2 GET, or v0 POST for a table only v0 knows), in the table's
        variable order: the address it was asked at and the JSON-stat answer."""
        selection = {var: selection[var] for var in meta.variables if selection.get(var)}
        if meta.api == "v2":
            url = self.data_url(meta, selection)
            return url, self._request(meta.table_id, url)
        body = {
            "query": [
                {"code": var, "selection": {"filter": "item", "values": codes}} for var, codes in selection.items()
            ],
            "response": {"format": "json-stat2"},
        }
        return meta.url, self._request(meta.table_id, meta.url, body)
