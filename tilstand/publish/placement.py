"""Where each indicator is shown, checked before anything runs.

The catalogue's `chapter` says which chapter shows an indicator. The chapter shows it either
with its own call (`report.figure("id")`, under the heading it chooses) or in its standard block
(`report.other_figures("chapter")`), which shows every indicator placed there that the chapter
has not shown above. An indicator with figures that no chapter of the book would show stops the
build, unless the catalogue declares it `appendix_only`.
"""

from __future__ import annotations

import re

from tilstand.ingest.catalogue import CATALOGUE_FILE, Catalogue

STANDARD_BLOCK = "other_figures"
FIGURE_CALLS = ("figure", "fixed_price_figure", "prognosis_figure", "comparison")  # report.py: one indicator each


def shows(source: str, chapter: str, indicator_id: str) -> bool:
    """Whether a chapter's source shows the indicator: by a call naming it, or by its standard block
    (a sentence glued into the text is not a figure)."""
    calls = "|".join(FIGURE_CALLS)
    return bool(
        re.search(rf"""\.{STANDARD_BLOCK}\(\s*["']{re.escape(chapter)}["']""", source)
        or re.search(rf"""\.(?:{calls})\(\s*["']{re.escape(indicator_id)}["']""", source)
    )


def unplaced(catalogue: Catalogue, sources: dict[str, str], with_figures: set[str]) -> list[str]:
    """The indicators with figures that no chapter shows, each with the reason (sources: the book's
    chapters by name, e.g. "meldinger", and their text)."""
    problems = []
    for indicator in catalogue:
        if indicator.appendix_only or indicator.id not in with_figures:
            continue
        name, chapter = f"«{indicator.title('nb')}» ({indicator.id})", indicator.chapter
        if chapter not in sources:
            problems.append(f"{name}: kapitlet «{chapter}» som data/{CATALOGUE_FILE} nevner, er ikke i _toc.yml")
        elif not shows(sources[chapter], chapter, indicator.id):
            problems.append(
                f'{name}: chapters/{chapter}.md viser den ikke (verken report.figure("{indicator.id}") '
                f'eller report.{STANDARD_BLOCK}("{chapter}"))'
            )
    return problems


def unplaced_message(problems: list[str], where: str) -> str:
    return (
        f"Disse indikatorene har tall for {where}, men ingen del av rapporten viser dem:\n"
        + "\n".join(f"  - {p}" for p in problems)
        + f'\nRett feltet chapter i data/{CATALOGUE_FILE}, la kapitlet kalle report.{STANDARD_BLOCK}("<kapittel>"), '
        "eller skriv appendix_only: true i indikatorens oppføring for å bare nevne den i vedlegget."
    )
