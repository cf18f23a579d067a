"""The service's own text (leader's assessment, challenges) read from narrative/, never invented.

A file sits at narrative/<kommunenummer>/<year>/<name>.md and is written by the service. When it
is missing the page says so, and what belongs there, so the gap is visible before publishing.
"""
from __future__ import annotations

import re
from pathlib import Path

from tilstand.paths import REPO_ROOT

NARRATIVE_DIR = REPO_ROOT / "narrative"

# What each text should hold, told to the service when the file is missing.
EXPECTED = {
    "leders_vurdering": (
        "barnevernslederens egen vurdering av tilstanden i tjenesten: om tjenesten er forsvarlig, "
        "hvordan målene for året er nådd, hva tallene i rapporten viser, og oppfølging av tilsyn, "
        "forventningsbrev og forrige tilstandsrapport"),
    "utfordringsbilde": (
        "tjenestens vurdering av de viktigste utfordringene framover, og hvilke innsatsområder og "
        "tiltak tjenesten vil prioritere for å møte dem"),
}


def path_for(kommunenummer: str, year: int, name: str, root: Path = NARRATIVE_DIR) -> Path:
    return root / kommunenummer / str(year) / f"{name}.md"


def read(kommunenummer: str, year: int, name: str, root: Path = NARRATIVE_DIR) -> str | None:
    """The text with its headings moved below the chapter's own level; None when absent or empty."""
    path = path_for(kommunenummer, year, name, root)
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8").strip()
    return _demote_headings(text) if text else None


def missing_notice(kommunenummer: str, year: int, name: str, municipality_name: str) -> str:
    relative = path_for(kommunenummer, year, name, Path("narrative"))
    return (f"Tjenesten har ikke skrevet denne delen for {municipality_name} {year} ennå. Her skal det stå "
            f"{EXPECTED[name]}. Teksten skrives i filen {relative.as_posix()} (vanlig tekst, Markdown).")


def _demote_headings(text: str) -> str:
    """Headings in the file become bold lines: the page's sections come from the chapter, not the file."""
    return re.sub(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", r"**\1**", text, flags=re.MULTILINE)
