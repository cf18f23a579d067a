"""What the summary (Sammendrag) shows: the year's key figures, and the changes worth a council
member's attention found automatically, so the summary is not a hand-picked selection.

Two tests decide what is notable:
- against the municipality's own trend: a straight line through the earlier years (at least
  TREND_MIN_YEARS of them) predicts the chosen year; a figure far from it, measured in the spread
  of the earlier years around their line, stands out;
- against the goal direction: for indicators where higher or lower is better, the year's change
  from last year, largest first, in the unwanted and the wanted direction.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import pstdev

from tilstand.formatting import format_change_pp, format_number, format_percent, is_missing
from tilstand.present.sentences import fmt, fmt_derived, in_sentence
from tilstand.compute.prognosis import fit
from tilstand.compute.series import Series

# Key figures of the summary: (indicator, category), in reading order.
KEY_FIGURES = [
    ("meldinger_nye", ""),
    ("meldinger_henlagt_andel", ""),
    ("undersokelser_gjennomfort", ""),
    ("undersokelser_henlagt_andel", ""),
    ("akuttplasseringer", ""),
    ("barn_med_tiltak_etter_type", "omsorgstiltak"),
    ("barn_med_tiltak_etter_type", "hjelpetiltak"),
    ("tiltaksplan_evaluert_andel", ""),
    ("ettervern_unge_voksne", ""),
    ("sykefravaer_andel", ""),
]

TREND_MIN_YEARS = 4
TREND_MAX_GAP = 2           # the line must reach at least this close to the chosen year
TREND_SCORE_MIN = 2.0       # distance from the trend, in spreads of the earlier years
SHARE_SPREAD_FLOOR = 1.0    # prosentpoeng: below this, a share's spread is treated as this
COUNT_SPREAD_FLOOR = 0.03   # of the level: the same for counts and amounts
GOAL_SHARE_MIN = 1.0        # prosentpoeng: smaller changes of shares are not notable
GOAL_RELATIVE_MIN = 0.10    # smaller relative changes of counts are not notable


@dataclass(frozen=True)
class Highlight:
    series: Series
    category: str
    value: float
    reference: float        # the trend's value (trend) or last year's figure (goal)
    score: float            # how far it stands out; only comparable within one kind
    wanted: bool | None     # the change is in the goal direction (None: no goal)
    sentence: str


def label(series: Series, category: str) -> str:
    title = series.indicator.title
    return f"{title}: {in_sentence(series.indicator.category_label(category))}" if category else title


def change_text(series: Series, now, before) -> str:
    """'+12 (+1,5 %)' for counts and amounts, '−2,3 prosentpoeng' for shares; '' when not computable."""
    if is_missing(now) or is_missing(before):
        return ""
    difference = now - before
    sign = "+" if difference > 0 else "\u2212" if difference < 0 else "±"
    if series.indicator.is_share:
        return f"{sign}{format_change_pp(difference)}"
    amount = fmt_derived(series, abs(difference)) if not series.indicator.is_count else format_number(abs(difference))
    relative = f" ({sign}{format_percent(abs(difference) / abs(before) * 100)})" if before else ""
    return f"{sign}{amount}{relative}"


def _pairs(series: Series) -> list[str]:
    return ([""] if series.has_total or not series.categories else []) + series.categories


def against_trend(all_series: list[Series]) -> list[Highlight]:
    """Figures of the chosen year far from the line through the earlier years, largest first."""
    found = []
    for series in all_series:
        year = series.year
        for category in _pairs(series):
            now = series.value(year, category)
            earlier = {y: series.value(y, category) for y in series.years if y < year}
            earlier = {y: v for y, v in earlier.items() if not is_missing(v)}
            if is_missing(now) or len(earlier) < TREND_MIN_YEARS or year - max(earlier) > TREND_MAX_GAP:
                continue
            line = fit(earlier, horizon=0)
            if line is None:
                continue
            expected = max(0.0, line.trend(year))   # no count or share below zero …
            if series.indicator.is_share:
                expected = min(100.0, expected)     # … and no share above 100 %
            spread = pstdev([v - line.trend(y) for y, v in earlier.items()])
            level = sum(abs(v) for v in earlier.values()) / len(earlier)
            floor = SHARE_SPREAD_FLOOR if series.indicator.is_share else COUNT_SPREAD_FLOOR * level
            score = abs(now - expected) / max(spread, floor, 1e-9)
            if score < TREND_SCORE_MIN:
                continue
            higher = now > expected
            direction = "høyere" if higher else "lavere"
            wanted = None if series.indicator.higher_is_better is None else higher == series.indicator.higher_is_better
            first, last = min(earlier), max(earlier)
            sentence = (f"{label(series, category)} var {fmt(series, now)} i {year}, tydelig {direction} enn "
                        f"utviklingen {first}–{last} skulle tilsi (om lag {fmt_derived(series, expected)}).")
            found.append(Highlight(series, category, now, expected, score, wanted, sentence))
    return sorted(found, key=lambda h: -h.score)


def against_goal(all_series: list[Series]) -> list[Highlight]:
    """Changes from last year for indicators with a goal direction, largest first."""
    found = []
    for series in all_series:
        better = series.indicator.higher_is_better
        if better is None:
            continue
        year = series.year
        for category in _pairs(series):
            now, before = series.value(year, category), series.value(year - 1, category)
            if is_missing(now) or is_missing(before) or now == before:
                continue
            if series.indicator.is_share:
                score = abs(now - before)
                if score < GOAL_SHARE_MIN:
                    continue
            else:
                if not before:
                    continue
                score = abs(now - before) / abs(before)
                if score < GOAL_RELATIVE_MIN:
                    continue
            wanted = (now > before) == better
            verdict = "i ønsket retning" if wanted else "i motsatt retning av målet"
            sentence = (f"{label(series, category)}: {fmt(series, now)} i {year} mot {fmt(series, before)} i "
                        f"{year - 1} ({change_text(series, now, before)}), en endring {verdict}.")
            found.append(Highlight(series, category, now, before, score, wanted, sentence))
    # shares (prosentpoeng) and counts (relative) are ranked on comparable footing: 1 pp ≈ 10 %
    return sorted(found, key=lambda h: -(h.score / GOAL_SHARE_MIN if h.series.indicator.is_share
                                         else h.score / GOAL_RELATIVE_MIN))
