"""Per-municipality publication settings from data/settings.yml (threshold, accessibility statement)."""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from tilstand.paths import DATA_DIR
from tilstand.compute.suppression import DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Settings:
    small_count_max: int
    accessibility_statement_url: str


def load_settings(kommunenummer: str) -> Settings:
    path = DATA_DIR / "settings.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    own = (data.get("municipalities") or {}).get(kommunenummer) or {}
    threshold = own.get("small_count_max", data.get("small_count_max", DEFAULT_THRESHOLD))
    return Settings(int(threshold), str(own.get("accessibility_statement_url") or ""))
