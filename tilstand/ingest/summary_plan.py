"""The summary's plan (`data/summary.yml`): its groups in the order a council reads them and the
figures in each, checked against the catalogue when it loads."""

from __future__ import annotations

from pathlib import Path

from tilstand.ingest.catalogue import Catalogue
from tilstand.ingest.problems import DataValidationError, Problem
from tilstand.yamlfile import load_yaml

SUMMARY_FILE = "summary.yml"
GROUPS = ("forsvarlighet", "aktivitet", "okonomi", "personal")


def load_summary_plan(data_dir: Path, catalogue: Catalogue) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group, [(indicator id, category)])] in reading order; unknown groups, ids or categories stop it."""
    file = f"data/{SUMMARY_FILE}"
    raw = load_yaml((Path(data_dir) / SUMMARY_FILE).read_text(encoding="utf-8")) or {}
    problems, plan = [], []
    for group, rows in raw.items():
        if group not in GROUPS:
            problems.append(Problem(file, None, group, group, f"en av gruppene {', '.join(GROUPS)}"))
            continue
        pairs = []
        for ref in rows or []:
            indicator_id, _, category = str(ref).partition(":")
            if indicator_id not in catalogue or (category and not catalogue.get(indicator_id).category(category)):
                problems.append(Problem(file, None, group, ref, "id-en til en indikator (og en kategori) i katalogen"))
                continue
            pairs.append((indicator_id, category))
        plan.append((group, pairs))
    if problems:
        raise DataValidationError(problems)
    return sorted(plan, key=lambda gp: GROUPS.index(gp[0]))
