"""What kind of region a code names: a municipality, or a comparison region (county, KOSTRA group,
the country, the ASSS network). The one place the code forms are known.

Reader-facing names are made by the register (municipalities, counties) and the message
catalogue (the country, KOSTRA groups, ASSS).
"""

from __future__ import annotations

import re
from enum import Enum


class RegionKind(Enum):
    MUNICIPALITY = "municipality"
    COUNTY = "county"  # EKAnn; the 2024 counties go up to 56
    KOSTRA_GROUP = "kostra_group"  # EKGnn, groups 1–17 (the grouping changed in 2020)
    COUNTRY = "country"  # EAK, EAKUO (without Oslo)
    ASSS = "asss"  # ASSS_MEAN, ASSS_MAX, ASSS_MIN

    @property
    def order(self) -> int:
        """Comparison regions in reading order: the nearest first."""
        return list(RegionKind).index(self)


_MUNICIPALITY = re.compile(r"\d{4}")
_COUNTY = re.compile(r"EKA(\d{2})")
_KOSTRA_GROUP = re.compile(r"EKG(\d{2})")
COUNTRY_CODES = ("EAK", "EAKUO")
ASSS_CODES = ("ASSS_MEAN", "ASSS_MAX", "ASSS_MIN")


def region_kind(code: str) -> RegionKind | None:
    """The kind of a code, or None when it is no known form of region code."""
    if _MUNICIPALITY.fullmatch(code):
        return RegionKind.MUNICIPALITY
    if (match := _COUNTY.fullmatch(code)) and 1 <= int(match[1]) <= 99:
        return RegionKind.COUNTY
    if (match := _KOSTRA_GROUP.fullmatch(code)) and 1 <= int(match[1]) <= 17:
        return RegionKind.KOSTRA_GROUP
    if code in COUNTRY_CODES:
        return RegionKind.COUNTRY
    if code in ASSS_CODES:
        return RegionKind.ASSS
    return None


def is_comparison(code: str) -> bool:
    """A comparison region: large, never suppressed, shown beside the municipality."""
    kind = region_kind(code)
    return kind is not None and kind is not RegionKind.MUNICIPALITY


def comparison_order(code: str) -> tuple[int, str]:
    kind = region_kind(code)
    return (kind.order if kind else 99, code)


def kostra_group_code(group: str | int) -> str:
    return f"EKG{int(group):02d}"


def county_code(kommunenummer: str) -> str:
    """The county a kommunenummer belongs to, as a comparison code (the first two digits: NN.. → EKANN)."""
    return f"EKA{kommunenummer[:2]}"


def group_number(code: str) -> int:
    """EKG12 → 12, EKA32 → 32."""
    return int(code[3:])
