"""Plain-bokmål sentences about an indicator, written from its figures.

For a council member: the level in the chosen year, the change from last year (shares in
prosentpoeng), whether that is the wanted direction, and the trend over the period. A missing
year is said, never papered over.
"""
from __future__ import annotations

from tilstand.formatting import format_change_pp, format_number, format_percent, format_value, is_missing
from tilstand.compute.series import Series

STABLE_FRACTION = 0.05      # a change under 5 % of the level (or 0.5 prosentpoeng) is "omtrent uendret"


def in_sentence(label: str) -> str:
    """A title or label inside a sentence: 'Politi' → 'politi', but acronyms and names keep their
    capitals ('MST-CAN', 'PPT', 'Bærum', 'Barn i MST-CAN' → 'barn i MST-CAN')."""
    first = label.split(" ", 1)[0]
    if sum(c.isupper() for c in first) > 1 or _is_place_name(first.rstrip(",.:;")):
        return label
    return label[:1].lower() + label[1:]


def _is_place_name(word: str) -> bool:
    from tilstand.ingest.register import load_register
    return word in {m.name for m in load_register().all()}


def fmt(series: Series, value, status: str = "") -> str:
    """A published figure, as the source printed it (the same text as in the table)."""
    return format_value(value, series.indicator.unit, status, decimals=series.decimals_of(value))


def fmt_derived(series: Series, value) -> str:
    """A computed figure (a change, a trend value) with the series' usual decimals."""
    return format_value(value, series.indicator.unit, decimals=series.decimals)


def level_sentence(series: Series, category: str = "") -> str:
    year, value = series.year, series.value(series.year, category)
    title = series.indicator.title
    if is_missing(value):
        status = series.status(year, category)
        reason = "er skjult for å verne personvernet" if status == ":" else "mangler"
        return f"Tall for {year} {reason} ({in_sentence(title)})."
    return f"{title} var {fmt(series, value)} i {year}."


def change_sentence(series: Series, category: str = "") -> str:
    year = series.year
    now, before = series.value(year, category), series.value(year - 1, category)
    if is_missing(now):
        return ""
    if is_missing(before):
        if year - 1 in series.years or series.years and series.years[0] < year:
            return f"Tall for {year - 1} mangler, så endringen fra året før kan ikke beregnes."
        return ""
    difference = now - before
    if _is_stable(series, difference, before):
        return f"Det er omtrent som i {year - 1} ({fmt(series, before)})." + _direction("stable", series)
    more = difference > 0
    if series.indicator.is_share:
        change = f"{format_change_pp(difference)} {'høyere' if more else 'lavere'}"
    elif series.indicator.is_count:
        change = f"{format_number(abs(difference))} {'flere' if more else 'færre'}"
        if before:
            change += f" ({'en økning' if more else 'en nedgang'} på {format_percent(abs(difference) / before * 100)})"
    else:
        change = f"{fmt_derived(series, abs(difference))} {'høyere' if more else 'lavere'}"
        if before:
            change += f" ({format_percent(abs(difference) / before * 100)})"
    return f"Det er {change} enn i {year - 1}." + _direction("up" if more else "down", series)


def _is_stable(series: Series, difference: float, before: float) -> bool:
    if series.indicator.is_share:
        return abs(difference) < 0.5 and round(difference, series.decimals) == 0
    return difference == 0 or (before and abs(difference) / abs(before) < 0.005)


def _direction(movement: str, series: Series) -> str:
    better = series.indicator.higher_is_better
    if better is None or movement == "stable":
        return ""
    wanted = (movement == "up") == better
    return " Det er en endring i ønsket retning." if wanted else " Det er en endring i motsatt retning av det som er ønsket."


def trend_sentence(series: Series, category: str = "") -> str:
    """The period's range and its direction, from first to last year with figures; years
    without figures are named, hidden ones (small numbers) apart from missing ones."""
    points = [(y, series.value(y, category)) for y in series.years]
    known = [(y, v) for y, v in points if not is_missing(v)]
    absent = [y for y, v in points if is_missing(v) and y != series.year]
    hidden = [y for y in absent if series.status(y, category) == ":"]
    missing = [y for y in absent if y not in hidden]
    text = ""
    if len(known) >= 3:
        (first_year, first), (last_year, last) = known[0], known[-1]
        low = min(known, key=lambda p: p[1])
        high = max(known, key=lambda p: p[1])
        if low[1] == high[1]:
            text = f"Fra {first_year} til {last_year} var tallet {fmt(series, first)} hvert år med tall."
        else:
            relative = abs(last - first) / abs(first) if first else 0
            moved = abs(last - first) >= 2 if series.indicator.is_share else relative >= 0.1
            direction = ("økt" if last > first else "gått ned") if moved else "ligget på omtrent samme nivå"
            text = (f"Fra {first_year} til {last_year} har tallet {direction}, fra {fmt(series, first)} til "
                    f"{fmt(series, last)}; lavest var det i {low[0]} ({fmt(series, low[1])}) og høyest i "
                    f"{high[0]} ({fmt(series, high[1])}).")
    if missing:
        text += f" Tall for {_years(missing)} mangler."
    if hidden:
        text += f" Tallene for {_years(hidden)} er skjult fordi de er så små at de kan gjøre det mulig å kjenne igjen barn."
    return text.strip()


def _years(years: list[int]) -> str:
    names = [str(y) for y in years]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def describe(series: Series) -> str:
    """The paragraph shown beside a chart of one series (the total, if it has categories)."""
    if series.categories and not series.has_total:
        return describe_categories(series)
    parts = [level_sentence(series), change_sentence(series), trend_sentence(series)]
    if series.categories:
        parts.append(describe_categories(series))
    return " ".join(p for p in parts if p)


def describe_categories(series: Series) -> str:
    year = series.year
    values = [(c, series.value(year, c)) for c in series.categories]
    known = sorted([(c, v) for c, v in values if not is_missing(v)], key=lambda p: -p[1])
    if not known:
        return f"Tall for {year} mangler for alle kategorier ({in_sentence(series.indicator.title)})."
    top = known[:3]
    listed = [f"{in_sentence(series.indicator.category_label(c))} ({fmt(series, v)})" for c, v in top]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " og " + listed[-1]
    text = f"Størst i {year} ({in_sentence(series.indicator.title)}): {joined}."
    hidden = [in_sentence(series.indicator.category_label(c)) for c, v in values
              if is_missing(v) and series.status(year, c) == ":"]
    if hidden:
        text += " Noen små tall er skjult for å verne personvernet."
    missing = [in_sentence(series.indicator.category_label(c)) for c, v in values
               if is_missing(v) and series.status(year, c) != ":"]
    if missing:
        text += f" Tall for {year} mangler for {', '.join(missing)}."
    return text
