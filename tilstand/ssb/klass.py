"""Every municipality's KOSTRA group, by year, from SSB's classification service Klass.

Klass publishes which KOSTRA group (classification 112) each municipality (classification 131) is
in at a date: `/classifications/131/correspondsAt?targetClassificationId=112&date=YYYY-01-01`,
answering `{"correspondenceItems": [{"sourceCode": "4601", "targetCode": "EKG14", …}]}`. The groups
are written to data/municipalities/kostra_groups.csv on today's municipality numbers, one row per
unbroken run of years in the same group, each with its source and retrieval date.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from tilstand.ssb.client import SsbClient
from tilstand.ssb.errors import SsbError, SsbTableError

COLUMNS = ["kommunenummer", "from_year", "to_year", "kostra_group", "source"]
MUNICIPALITIES, KOSTRA_GROUPS = "131", "112"
GROUP_CODE = re.compile(r"^EKG(\d{1,2})$")


def groups_url(client: SsbClient, year: int) -> str:
    return (
        f"{client.klass_base_url}/classifications/{MUNICIPALITIES}/correspondsAt"
        f"?targetClassificationId={KOSTRA_GROUPS}&date={year}-01-01"
    )


def fetch_kostra_groups(years: list[int], client: SsbClient, register) -> dict[tuple[str, int], str]:
    """(today's kommunenummer, year) → group number, for every year Klass has a grouping."""
    groups: dict[tuple[str, int], str] = {}
    for year in years:
        url = groups_url(client, year)
        try:
            items = client.get_json("klass", url)["correspondenceItems"]
        except SsbTableError as error:
            raise SsbError(
                f"SSBs Klass har ingen KOSTRA-gruppering for kommunene per 1.1.{year} ({url}). "
                "Velg år Klass har, eller oppgi gruppen i data/municipalities/groups.csv."
            ) from error
        except (KeyError, TypeError) as error:
            raise SsbError(
                f"Svaret fra SSBs Klass ({url}) har ikke «correspondenceItems»; KOSTRA-grupperingen kan ikke leses."
            ) from error
        for item in items:
            group = GROUP_CODE.fullmatch(str(item.get("targetCode", "")))
            code = str(item.get("sourceCode", ""))
            if group and register.is_known(code):
                groups[(register.current_code(code), year)] = str(int(group[1]))
    return groups


def write_kostra_groups(path: Path, groups: dict[tuple[str, int], str], retrieved: date) -> int:
    """One row per municipality and unbroken run of years in one group; returns the row count."""
    rows = []
    for kommunenummer in sorted({k for k, _ in groups}):
        years = sorted(y for k, y in groups if k == kommunenummer)
        start = years[0]
        for previous, year in zip(years, years[1:] + [None]):
            if (
                year is None
                or year != previous + 1
                or groups[(kommunenummer, year)] != groups[(kommunenummer, previous)]
            ):
                rows.append(
                    {
                        "kommunenummer": kommunenummer,
                        "from_year": start,
                        "to_year": previous,
                        "kostra_group": groups[(kommunenummer, previous)],
                        "source": f"SSB Klass, korrespondanse kommuner (131) – KOSTRA-grupper (112) "
                        f"per 1.1. hvert år, hentet {retrieved.isoformat()}",
                    }
                )
                start = year
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
