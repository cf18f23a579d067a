"""Sentences about an indicator, written from its figures as the service's analyst would write them
for the council: the level in the chosen year, the change from last year, the development over
the period, and which part of a breakdown is largest.

The rules (editorial standard, each pinned by a unit test):
- phrasing comes from the catalogue (`sentence`, `noun`), so sentences differ between indicators;
- nothing is called largest when a hidden or zero category could be as large, and ties are said;
- no percent change on a base of zero or below, or across zero;
- derived figures keep the indicator's decimals (3,4 flere årsverk, not 3);
- hidden is never called missing; no change is described without a comparable previous year
  (the year before has a figure, and no series break lies between them);
- legal terms follow the year («fylkesnemnda» until 2022, «barneverns- og helsenemnda» from 2023).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from tilstand.compute.series import Series
from tilstand.compute.suppression import PRIMARY, SECONDARY
from tilstand.formatting import (
    format_change_pp,
    format_number,
    format_percent,
    format_value,
    format_years,
    is_missing,
    round_half_up,
)
from tilstand.language import Texts

STABLE_SHARE_PP = 0.5  # a share moving less than this (prosentpoeng) is «omtrent som»
STABLE_RELATIVE = 0.005  # a count or amount moving less than 0,5 % is «omtrent som»
TREND_MIN_YEARS = 3
MOVED_SHARE_PP = 2.0  # over the period, a share must move this much to have «økt»
MOVED_RELATIVE = 0.10  # … and a count or amount this much
NEW_NEMND_YEAR = 2023  # barneverns- og helsenemnda replaced fylkesnemnda 1 January 2023


@dataclass(frozen=True)
class Wording:
    """What sentences need besides the figures: the language, and the names that keep their capital."""

    language: str
    proper_nouns: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def t(self) -> Texts:
        return Texts(self.language)

    def in_sentence(self, label: str) -> str:
        """A title or label inside a sentence: 'Politi' → 'politi', but acronyms, paragraphs and names
        keep their capitals ('MST-CAN', 'PPT', '§ 4-1', a municipality's name)."""
        first = label.split(" ", 1)[0].rstrip(",.:;")
        if sum(c.isupper() for c in first) > 1 or not first[:1].isupper() or first in self.proper_nouns:
            return label
        return label[:1].lower() + label[1:]


def legal_terms(year: int, language: str) -> dict[str, str]:
    """Terms whose name changed by law, as they were in `year` (for {placeholders} in titles)."""
    t = Texts(language)
    return {"nemnda": t("term.nemnda_new" if year >= NEW_NEMND_YEAR else "term.nemnda_old")}


def title(series: Series, language: str, year: int | None = None) -> str:
    """The indicator's title, with legal terms as they were in the report year."""
    return series.indicator.title(language).format(**legal_terms(year or series.year, language))


def fmt(series: Series, value, status: str, w: Wording) -> str:
    """A published figure, as the source printed it (the same text as in the table)."""
    return series.text(value, status, w.language)


def fmt_derived(series: Series, value, w: Wording) -> str:
    """A computed figure (a change, a trend value) with the series' usual decimals."""
    return format_value(value, series.indicator.unit, decimals=series.decimals, language=w.language)


def _noun(series: Series, w: Wording) -> str:
    return series.indicator.noun(w.language) if series.indicator.noun else ""


def comparable_previous(series: Series, category: str = "") -> float | None:
    """Last year's figure when it can be compared with this year's: it exists, and no series
    break lies between the two years."""
    if series.year in series.indicator.series_breaks:
        return None
    before = series.value(series.year - 1, category)
    return None if is_missing(before) else before


def all_zero(series: Series, category: str = "") -> bool:
    """Every figure of the period is 0 (at least two years): a sentence says it, no chart."""
    known = [series.value(y, category) for y in series.known_years(category)]
    return len(known) >= 2 and all(v == 0 for v in known)


def level_sentence(series: Series, w: Wording, category: str = "", year: int | None = None) -> str:
    """The figure of one year (the report's year unless given) in a sentence; hidden, not
    applicable and missing each said as such."""
    t, year = w.t, year or series.year
    value = series.value(year, category)
    what = w.in_sentence(title(series, w.language))
    if is_missing(value):
        return _absent_sentence(series, year, category, what, w)
    noun = _noun(series, w)
    if value == 0 and noun and not category:
        return t("sentence.level_none", noun=noun, year=year)
    phrasing = series.indicator.category(category).sentence if category else series.indicator.sentence
    if phrasing:
        return phrasing(w.language).format(value=fmt(series, value, "", w), year=year)
    if category:
        what = f"{title(series, w.language)}: {w.in_sentence(series.indicator.category_label(category, w.language))}"
        return t("sentence.level", title=what, value=fmt(series, value, "", w), year=year)
    return t("sentence.level", title=title(series, w.language), value=fmt(series, value, "", w), year=year)


def _absent_sentence(series: Series, year: int, category: str, what: str, w: Wording) -> str:
    """Why a year has no figure, as its table says it: a small count «skjult, 1–4», a figure hidden
    to protect one, one its source hid, not applicable, or missing."""
    why = series.hidden_as(year, category)
    if why == PRIMARY and series.small_count_max:
        return w.t("sentence.level_hidden_small", year=year, what=what, high=series.small_count_max)
    if why == SECONDARY:
        return w.t("sentence.level_hidden_secondary", year=year, what=what)
    key = {":": "sentence.level_hidden", ".": "sentence.level_not_applicable"}.get(
        series.status(year, category), "sentence.level_missing"
    )
    return w.t(key, year=year, what=what)


def change_sentence(series: Series, w: Wording, category: str = "") -> str:
    """How this year differs from last year; empty without a comparable previous year."""
    t, year = w.t, series.year
    now, before = series.value(year, category), comparable_previous(series, category)
    if is_missing(now) or before is None:
        return ""
    previous = year - 1
    difference = now - before
    indicator = series.indicator
    if now == 0 and before == 0:
        earlier = [series.value(y, category) for y in series.known_years(category) if y < previous]
        return t(
            "sentence.none_as_before" if earlier and all(v == 0 for v in earlier) else "sentence.none_as_last",
            previous=previous,
        )
    if difference == 0:
        return t("sentence.same", previous=previous)
    if _is_stable(series, difference, before):
        return t("sentence.stable", previous=previous, before=fmt(series, before, "", w))
    up = difference > 0
    if indicator.is_share:
        change = t(
            "sentence.change_pp",
            size=format_change_pp(difference, series.decimals, language=w.language),
            direction=t("word.higher" if up else "word.lower"),
            previous=previous,
            before=fmt(series, before, "", w),
        )
    elif indicator.is_count:
        size = format_number(abs(difference), series.decimals)
        more = f"{t('word.more' if up else 'word.fewer')} {_noun(series, w)}".strip()
        change = t("sentence.change_count", size=size, more=more, previous=previous, before=fmt(series, before, "", w))
    else:
        change = t(
            "sentence.change_amount",
            size=fmt_derived(series, abs(difference), w),
            direction=t("word.higher" if up else "word.lower"),
            previous=previous,
            before=fmt(series, before, "", w),
        )
    if not indicator.is_share and before > 0 and now > 0:  # no percent on a base ≤ 0 or across zero
        change = (
            change.removesuffix(".")
            + ", "
            + t(
                "sentence.increase" if up else "sentence.decrease",
                percent=format_percent(abs(difference) / before * 100),
            )
            + "."
        )
    return change + _direction(up, series, w)


def _is_stable(series: Series, difference: float, before: float) -> bool:
    if series.indicator.is_share:
        return abs(difference) < STABLE_SHARE_PP and round_half_up(difference, series.decimals) == 0
    return difference == 0 or (before != 0 and abs(difference) / abs(before) < STABLE_RELATIVE)


def _direction(up: bool, series: Series, w: Wording) -> str:
    better = series.indicator.higher_is_better
    if better is None:
        return ""
    return " " + w.t("sentence.wanted" if up == better else "sentence.unwanted")


def trend_sentence(series: Series, w: Wording, category: str = "") -> str:
    """The period's direction and its highest and lowest years (ties told), from the last series
    break on; years without figures named, hidden ones apart from missing ones."""
    t = w.t
    start = max([y for y in series.indicator.series_breaks if y <= series.year], default=0)
    known = [(y, series.value(y, category)) for y in series.known_years(category) if y >= start]
    absent = [y for y in series.years if y != series.year and is_missing(series.value(y, category))]
    hidden = [y for y in absent if series.is_hidden(y, category)]
    missing = [y for y in absent if y not in hidden and series.status(y, category) != "."]
    parts = []
    if len(known) >= TREND_MIN_YEARS:
        (first_year, first), (last_year, last) = known[0], known[-1]
        values = [v for _, v in known]
        if min(values) == max(values):
            parts.append(t("sentence.trend_flat", first=first_year, last=last_year, value=fmt(series, first, "", w)))
        else:
            parts.append(
                t(
                    f"sentence.trend_{_movement(series, first, last)}",
                    first_year=first_year,
                    last_year=last_year,
                    first=fmt(series, first, "", w),
                    last=fmt(series, last, "", w),
                )
            )
            parts.append(_extremes(series, known, w))
    if hidden:
        parts.append(t("sentence.years_hidden", years=format_years(hidden, w.language)))
    if missing:
        parts.append(t("sentence.years_missing", years=format_years(missing, w.language)))
    return " ".join(parts)


def _movement(series: Series, first: float, last: float) -> str:
    if series.indicator.is_share:
        moved = abs(last - first) >= MOVED_SHARE_PP
    else:
        moved = abs(last - first) >= MOVED_RELATIVE * abs(first) if first else last != first
    return ("up" if last > first else "down") if moved else "level"


def _extremes(series: Series, known: list[tuple[int, float]], w: Wording) -> str:
    """«høyest i 2015 (49) og lavest i 2020 (15)», or, when several years share the extreme, how many."""
    t = w.t
    texts = []
    for key, value in (("highest", max(v for _, v in known)), ("lowest", min(v for _, v in known))):
        years = [y for y, v in known if v == value]
        if len(years) == 1:
            texts.append(t(f"sentence.{key}_once", year=years[0], value=fmt(series, value, "", w)))
        else:
            texts.append(
                t(
                    f"sentence.{key}_many",
                    count=t.number(len(years)),
                    of=t.number(len(known)),
                    years=format_years(years, w.language),
                    value=fmt(series, value, "", w),
                )
            )
    return t("sentence.extremes", highest=texts[0], lowest=texts[1])


COVER_SHARE_PP = 1.5  # shares of a composition may add up to 100 ± rounding
COVER_COUNT = 0.5  # counts and amounts must add up to their total


def categories_sentence(series: Series, w: Wording) -> str:
    """The year's breakdown in a sentence that is true of what the figure is: a composition's
    largest part (only when the shown parts cover the total), a balance's over- or underspend,
    and for anything else the parts' values, without calling any of them «the largest part»."""
    t, year = w.t, series.year
    shown = [(c, series.value(year, c)) for c in series.categories if not is_missing(series.value(year, c))]
    positive = [(c, v) for c, v in shown if v > 0]
    hidden = [c for c in series.categories if series.is_hidden(year, c)]
    what = w.in_sentence(title(series, w.language))
    if series.indicator.figure_kind == "balance" and shown:
        return balance_sentence(series, w)
    if not positive:
        if hidden or shown:
            return t("sentence.categories_hidden" if hidden else "sentence.categories_none", year=year, what=what)
        earlier = [
            y for y in series.years if y < year and any(not is_missing(series.value(y, c)) for c in series.categories)
        ]
        return t("sentence.categories_missing", year=year, what=what, last=max(earlier)) if earlier else ""
    if series.indicator.figure_kind != "composition":
        return parts_sentence(series, positive, hidden, w)
    bound = hidden_bound(series, shown)
    if bound is None:  # the shown parts do not cover the total: nothing is «the largest part»
        return parts_sentence(series, positive, hidden, w)
    top = max(v for _, v in positive)
    leaders = [w.in_sentence(series.indicator.category_label(c, w.language)) for c, v in positive if v == top]
    if hidden and bound >= top:
        return t("sentence.largest_shown", year=year, label=t.join(leaders), value=fmt(series, top, "", w))
    total = series.total(year)
    value = fmt(series, top, "", w)
    if series.indicator.is_count and not is_missing(total) and total > 0 and len(leaders) == 1:
        value = t("sentence.of_total", value=value, total=fmt(series, total, "", w))
    key = "sentence.largest_tie" if len(leaders) > 1 else "sentence.largest"
    text = t(key, year=year, what=what, label=t.join(leaders), value=value)
    if hidden:
        text += " " + t("sentence.hidden_together", value=fmt_derived(series, bound, w))
    return text


def hidden_bound(series: Series, shown: list[tuple[str, float]]) -> float | None:
    """What the hidden parts of a composition add up to at most, when the shown parts and that
    bound cover the declared total (100 % for shares); None when they do not."""
    year = series.year
    shown_sum = sum(v for _, v in shown)
    hidden = any(series.is_hidden(year, c) for c in series.categories)
    if series.indicator.is_share:
        rest = max(0.0, 100.0 - shown_sum)
        return rest if hidden or rest <= COVER_SHARE_PP else None
    total = series.total(year)
    if is_missing(total):
        return None
    remainder = series.hidden_remainder(year)
    if hidden:
        return None if is_missing(remainder) or abs(shown_sum + remainder - total) > COVER_COUNT else remainder
    return 0.0 if abs(shown_sum - total) <= COVER_COUNT else None


def parts_sentence(series: Series, positive: list[tuple[str, float]], hidden: list[str], w: Wording) -> str:
    """The year's parts and their values, largest first, with no claim about a whole."""
    t = w.t
    ordered = sorted(positive, key=lambda cv: -cv[1])
    values = t.join(
        [
            f"{w.in_sentence(series.indicator.category_label(c, w.language))} ({fmt(series, v, '', w)})"
            for c, v in ordered
        ]
    )
    text = t("sentence.parts", year=series.year, what=title(series, w.language), values=values)
    return text + (" " + t("sentence.some_hidden") if hidden else "")


def balance_sentence(series: Series, w: Wording) -> str:
    """Budget minus accounts: the result named as over- or underspend, and the function that drives it."""
    t, year = w.t, series.year
    parts = [(c, series.value(year, c)) for c in series.categories if not is_missing(series.value(year, c))]
    total = series.value(year) if series.has_total else None
    if is_missing(total) and parts and len(parts) == len(series.categories):
        total = sum(v for _, v in parts)

    def spend(value: float) -> str:
        return t("word.overspend" if value < 0 else "word.underspend")

    texts = []
    if not is_missing(total):
        texts.append(
            t("balance.even", year=year)
            if total == 0
            else t("balance.total", year=year, what=spend(total), amount=fmt_derived(series, abs(total), w))
        )
    nonzero = [(c, v) for c, v in parts if v != 0]
    if nonzero:
        # the driver: the largest deviation in the direction of the result (or the largest at all)
        same = [(c, v) for c, v in nonzero if is_missing(total) or total == 0 or (v < 0) == (total < 0)]
        driver = max(same or nonzero, key=lambda cv: abs(cv[1]))
        name = lambda c: series.indicator.category_label(c, w.language)
        texts.append(
            t(
                "balance.largest",
                what=spend(driver[1]),
                amount=fmt_derived(series, abs(driver[1]), w),
                label=name(driver[0]),
            )
        )
        others = [
            t("balance.part", label=name(c), what=spend(v), amount=fmt_derived(series, abs(v), w))
            for c, v in sorted(nonzero, key=lambda cv: -abs(cv[1]))
            if c != driver[0]
        ]
        if others:
            texts.append(t("balance.others", parts=t.join(others)))
    return " ".join(texts)


def describe(series: Series, w: Wording) -> str:
    """The paragraph shown with a chart of one series (the total, if it has categories)."""
    if not series.has_data:
        return ""
    if series.categories and not series.has_total:
        return categories_sentence(series, w)
    if all_zero(series):
        return none_sentence(series, w)
    if series.indicator.figure_kind == "balance":
        return " ".join(p for p in (balance_sentence(series, w), change_sentence(series, w)) if p)
    parts = [level_sentence(series, w), change_sentence(series, w), trend_sentence(series, w)]
    if series.categories:
        parts.append(categories_sentence(series, w))
    return " ".join(p for p in parts if p)


def without(text: str, said: list[str]) -> str:
    """The text less the sentences the page already says, so no generated sentence is read twice."""
    for sentence in said:
        text = text.replace(sentence, "")
    return re.sub(" {2,}", " ", text).strip()  # plain spaces only: 12\u00a0345 keeps its own


def none_sentence(series: Series, w: Wording, category: str = "") -> str:
    """A series that is 0 in every year with a figure: one sentence instead of a flat chart."""
    years = format_years(series.known_years(category), w.language)
    noun = _noun(series, w)
    if noun:
        return w.t("sentence.all_zero_noun", noun=noun, years=years)
    return w.t("sentence.all_zero", what=w.in_sentence(title(series, w.language)), years=years)


def comparison_sentence(series: Series, regions: list[str], year: int, names: dict[str, str], w: Wording) -> str:
    """«Utgifter per barn i 2023: Eksempel kommune: 74 373 kr; KOSTRA-gruppe 12: 66 100 kr.»"""
    parts = [
        w.t(
            "sentence.region_value",
            region=names[code],
            value=fmt(series, series.value(year, region=code), series.status(year, region=code), w),
        )
        for code in regions
        if series.cell(year, region=code) is not None
    ]
    text = w.t("sentence.comparison", title=title(series, w.language, year), year=year, values="; ".join(parts))
    rank = rank_sentence(series, regions, year, names, w)
    return f"{text} {rank}" if rank else text


NETWORK_EXTREMES = ("ASSS_MAX", "ASSS_MIN")  # the network's highest and lowest: bounds, not regions to rank among


def rank_sentence(series: Series, regions: list[str], year: int, names: dict[str, str], w: Wording) -> str:
    """Where the municipality stands among the regions shown, in words a reader checks against the
    figure: «Av de fem er tallet lavest for Fjordbygd.», «… lavere enn ASSS-snitt.», and whether it
    is the network's highest or lowest. Regions without a figure are not ranked."""
    own = series.value(year, region=series.kommunenummer)
    if is_missing(own):
        return ""
    name = names[series.kommunenummer]
    others = [
        series.value(year, region=code)
        for code in regions
        if code != series.kommunenummer and code not in NETWORK_EXTREMES
    ]
    known = [v for v in others if not is_missing(v)]
    texts = []
    if len(known) == 1:
        other = next(
            names[c]
            for c in regions
            if c != series.kommunenummer and c not in NETWORK_EXTREMES and not is_missing(series.value(year, region=c))
        )
        key = "rank.same_as" if known[0] == own else "rank.lower_than" if own < known[0] else "rank.higher_than"
        texts.append(w.t(key, name=name, other=other))
    elif known:
        count = (
            w.t("rank.count", n=number_word(len(known) + 1, w.language))
            if len(known) == len(others)
            else w.t("rank.count_with_figures", n=number_word(len(known) + 1, w.language))
        )
        below, above = sum(v < own for v in known), sum(v > own for v in known)
        if above == len(known):
            texts.append(w.t("rank.lowest", count=count, name=name))
        elif below == len(known):
            texts.append(w.t("rank.highest", count=count, name=name))
        else:
            texts.append(w.t("rank.between", count=count, name=name, below=below, above=above))
    for code, key in zip(NETWORK_EXTREMES, ("rank.network_highest", "rank.network_lowest")):
        if code in regions and series.value(year, region=code) == own:
            texts.append(w.t(key))
    return " ".join(texts)


def number_word(n: int, language: str) -> str:
    """2–10 as words («fem»), larger numbers as digits: «de fem», «de 12»."""
    words = Texts(language)("number.words").split()
    return words[n - 2] if 2 <= n < 2 + len(words) else str(n)
