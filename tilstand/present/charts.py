"""Vega-Lite specs (made with Altair) for a series, drawn so they cannot mislead:

- every year of the period has its place on the axis, so a missing year is a visible gap;
- a series break is marked where it happens (its explanation goes in the note under the chart);
- in a stacked bar the hidden parts are one labelled segment, so the bar keeps its total;
- figures are written on the marks (the chosen year in bold), so no tooltip is needed;
- category labels wrap onto several lines instead of being cut off;
- legends are HTML beside the chart (see `legend`), listing only the parts that appear.

Every function returns a plain dict: a chart is a value, made from the series and its texts.
"""

from __future__ import annotations

import functools
import textwrap

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from tilstand.compute.series import Series
from tilstand.compute.suppression import HIDDEN_REMAINDER
from tilstand.formatting import format_value, is_missing
from tilstand.language import Texts

BASE = "#3f6591"  # 5.9:1 against white
HIGHLIGHT = "#a33c00"  # 5.9:1 against white; the chosen year, also set in bold
HIDDEN_COLOUR = "#8c8c8c"  # the hidden parts, in every chart (3.4:1 on white), named in the legend; each
# category's own colour is declared once, in data/colours.yml
TEXT = "#1f1f1f"
PROJECTION = "#00785a"  # 5.6:1 against white; projected years also dashed, hollow and labelled
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
NARROW = "width < 420"  # a phone: only the chosen year's figure fits on the marks
NAME_WIDTH = 38  # characters per line of a category's name, written above its bar
NAME_LINE = 15  # pixels per line of that name
BAR = 14  # pixels of a horizontal bar
ROW_GAP = 12  # pixels between one bar and the next category's name
NAME_GAP = 18  # ... on a screen, where the name stands above its bar: well apart from the bar above
PHONE_PLOT = 280  # pixels a 320 px screen leaves for the bars: their figures must fit beside them
PAPER_NAME_WIDTH = 30  # on paper a name stands beside its bar, in lines of this many characters
PAPER_NAME_LINE = 13
PAPER_PLOT = 440  # pixels an A4 page leaves for the bars beside the names
CHAR_PX = 6.5  # pixels per character of a figure at 11 px
YEARS_HEIGHT = 240  # a chart over the years, on screen
PRINT_HEIGHT = 135  # ... and on paper, where two charts should fit on an A4 page


def _fast(make):
    """Build without Altair's schema check at every step (it costs ~0.1 s a chart, and a report has
    about a hundred); the finished spec is plain Vega-Lite either way."""

    @functools.wraps(make)
    def quick(*args, **kwargs):
        with debug_mode(False):
            return make(*args, **kwargs)

    return quick


def wrap(label: str, width: int = NAME_WIDTH) -> str:
    """A long label on several lines ('\\n'), so nothing is cut.
    A slash is a place to break too: «Barnevernstjenesten/barnevernvakten»."""
    words = label.replace("/", "/\u200b").split()
    lines = textwrap.wrap(" ".join(words), width, break_long_words=False)
    parts = []
    for line in lines:
        parts += (
            [piece for piece in line.split("\u200b") if piece] if len(line) > width else [line.replace("\u200b", "")]
        )
    return "\n".join(parts) or label


def _bar_domain(values: pd.Series, labels: pd.Series, plot_px: int) -> list[float]:
    """The value axis of horizontal bars, with room beyond the longest bar on each side for the
    figure written there, on the narrowest width the chart is drawn at."""
    values = values.dropna()
    high = max(float(values.max()) if len(values) else 0.0, 0.0)
    low = min(float(values.min()) if len(values) else 0.0, 0.0)
    if high == low:
        return [0.0, 1.0]
    room = min(0.4, (max(map(len, labels)) * CHAR_PX + 8) / plot_px)
    span = (high - low) / (1 - room * ((high > 0) + (low < 0)))
    return [low - room * span if low < 0 else 0.0, high + room * span if high > 0 else 0.0]


def _named_bars(rows: list[dict], name: str, x_title: str, x_format: str, colour, paper: bool) -> alt.LayerChart:
    """One bar per category (or region) with its figure at the end: to the right of a positive
    bar, to the left of a negative one; names wrapped, never cut.

    On a screen the name stands on a line of its own above its bar, so on a phone the bars and
    figures get the whole width. On paper (the case PDF) it stands beside the bar, as the page is
    wide and its height is what runs short."""
    width, line = (PAPER_NAME_WIDTH, PAPER_NAME_LINE) if paper else (NAME_WIDTH, NAME_LINE)
    frame = pd.DataFrame([{**row, name: wrap(row[name], width)} for row in rows])
    lines = int(frame[name].str.count("\n").max() + 1)
    domain = _bar_domain(frame["value"], frame["label"], PAPER_PLOT if paper else PHONE_PLOT)
    x = alt.X(
        "value:Q",
        title=x_title,
        scale=alt.Scale(domain=domain, nice=False),
        axis=alt.Axis(format=x_format, tickCount=3),
    )
    if paper:
        row, bar_middle = lines * line + ROW_GAP, 0.0
        y = alt.Y(
            f"{name}:N",
            sort=frame[name].tolist(),
            title=None,
            axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0, labelLineHeight=line),
        )
    else:
        row = lines * line + BAR + NAME_GAP
        bar_middle = lines * line + 2 + BAR / 2 - row / 2  # from the middle of the row
        y = alt.Y(
            f"{name}:N",
            sort=frame[name].tolist(),
            title=None,
            axis=None,
            scale=alt.Scale(paddingInner=0, paddingOuter=0),
        )
    base = alt.Chart().encode(y=y)
    layers = [base.mark_bar(height=BAR, yOffset=bar_middle).encode(x=x, color=colour)]
    if not paper:
        # The name ends just above its own bar and the row gap lies above the name: a one-line name
        # beside two-line ones still sits on its bar, never nearer the bar above (one layer per
        # number of lines, as a mark's offset is the same for all its texts).
        frame["lines"] = frame[name].str.count("\n") + 1
        layers += [
            base.mark_text(
                align="left",
                baseline="top",
                dy=bar_middle - BAR / 2 - 1 - count * line,
                fontSize=12,
                color=TEXT,
                lineBreak="\n",
                lineHeight=line,
            )
            .encode(x=alt.XValue(0), text=alt.Text(f"{name}:N"))
            .transform_filter(f"datum.lines == {count}")
            for count in sorted(set(frame["lines"]))
        ]
    figures = base.encode(x=alt.X("label_x:Q"), text=alt.Text("label:N")).transform_calculate(
        label_x="datum.value || 0"
    )
    layers += _value_labels(
        figures.transform_filter("!(datum.value < 0)"), always=True, align="left", dx=4, dy=bar_middle
    )
    if (frame["value"] < 0).any():
        layers += [
            base.mark_rule(color="#6b7379").encode(x=alt.XDatum(0)),
            *_value_labels(
                figures.transform_filter("datum.value < 0"), always=True, align="right", dx=-4, dy=bar_middle
            ),
        ]
    return alt.layer(*layers, data=frame).properties(width="container", height=len(frame) * row)


CONFIG = {  # the look every chart shares (Vega-Lite config)
    "font": FONT,
    "padding": {"left": 4, "right": 12, "top": 8, "bottom": 4},
    "axis": {
        "labelColor": TEXT,
        "titleColor": TEXT,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "gridColor": "#e3e6e8",
        "domainColor": "#6b7379",
        "tickColor": "#6b7379",
    },
    "view": {"stroke": None},
}


def _configure(chart: alt.TopLevelMixin, description: str, over_years: bool = False) -> dict:
    """The chart as a plain Vega-Lite dict, with the shared look and its description (the
    SVG's accessible name). No $schema URL, so the page names no other site.

    A chart over the years has room to spare in height, so it is drawn lower on paper
    (usermeta.printHeight, read by tilstand-charts.js); a bar per category keeps its rows."""
    spec = chart.to_dict(validate=False)  # schema checks cost ~50 ms a chart; tests draw every chart
    spec.pop("$schema", None)
    if over_years:  # set on the spec: Altair's .properties() copies the whole chart once more
        spec.update(width="container", height=YEARS_HEIGHT, usermeta={"printHeight": PRINT_HEIGHT})
    spec["config"] = {**spec.get("config", {}), **CONFIG}
    spec["description"] = description
    return spec


def _part_colours(keys: list[tuple[str, str]]) -> alt.Color:
    """Each part in its own colour (the legend's (label, colour) pairs, in the legend's order); the
    legend itself is drawn as HTML beside the chart."""
    labels = [label for label, _ in keys]
    return alt.Color("Del:N", legend=None, sort=labels, scale=alt.Scale(domain=labels, range=[c for _, c in keys]))


def _chosen(channel, chosen, other):
    """One look for the chosen year's mark, another for the rest. Channels are built as objects,
    not from shorthand or alt.condition: Altair resolves those against its schema (~10 ms each)."""
    return channel(other, condition={"test": "datum.chosen", "value": chosen})


def _hidden_when_narrow() -> alt.OpacityValue:
    return alt.OpacityValue(1, condition={"test": NARROW, "value": 0})


def _value_labels(encoded: alt.Chart, *, always: bool = False, **mark) -> list[alt.Chart]:
    """Figures written on the marks; the chosen year's in bold, so it stands out without colour.
    On a narrow screen the other years' figures would overlap, so only the chosen one is kept
    (every figure is in the table below the chart)."""
    others = encoded.mark_text(fontSize=11, color=TEXT, **mark).transform_filter("!datum.chosen")
    if not always:
        others = others.encode(opacity=_hidden_when_narrow())
    return [
        others,
        encoded.mark_text(fontSize=11, color=TEXT, fontWeight="bold", **mark).transform_filter("datum.chosen"),
    ]


def _year_axis() -> alt.Axis:
    """Year labels level; where they would collide (a phone) every other one is dropped."""
    return alt.Axis(labelAngle=0, labelOverlap="parity")


def _years(series: Series) -> list[str]:
    """Every year from the first with figures to the chosen one: gaps stay visible."""
    known = series.frame.loc[series.frame["value"].notna(), "year"]
    first = int(known.min()) if len(known) else series.year
    return [str(year) for year in range(first, series.year + 1)]


def _headroom(values: pd.Series, room: float = 1.22) -> alt.Scale:
    """A value axis with room beyond the longest mark for the figure written next to it."""
    values = values.dropna()
    high = max(float(values.max()) if len(values) else 0, 0)
    low = min(float(values.min()) if len(values) else 0, 0)
    return alt.Scale(domain=[low * room, high * room if high else 1], nice=False)


def axis_format(series: Series) -> str:
    """Axis ticks without decimals once the figures are large enough to need none."""
    values = series.frame["value"].dropna().abs()
    if series.indicator.is_count or (len(values) and values.max() >= 20):
        return ",.0f"
    return f",.{min(series.decimals, 1)}f"


def unit_title(series: Series, t: Texts) -> str:
    return t(f"unit.{series.indicator.unit}")


def _points(series: Series, language: str, category: str = "") -> pd.DataFrame:
    """One row per year (the category's, or the total's), with its label and whether it is chosen."""
    rows = []
    for year in range(int(_years(series)[0]), series.year + 1):
        value = series.value(year, category)
        shown = not is_missing(value)
        rows.append(
            {
                "År": str(year),
                "value": value if shown else None,
                "chosen": year == series.year,
                "label": series.cell_text(year, category, language=language),
                "shown": shown,
            }
        )
    return pd.DataFrame(rows)


@_fast
def trend_chart(series: Series, description: str, language: str) -> dict:
    """One bar (counts, money) or point (shares, index) per year; figures written on the marks;
    a missing or hidden year is a gap with the word under it."""
    t = Texts(language)
    frame = _points(series, language)
    years = _years(series)
    x = alt.X("År:O", title=None, axis=_year_axis(), scale=alt.Scale(domain=years))
    y = alt.Y(
        "value:Q",
        title=unit_title(series, t),
        scale=_headroom(frame["value"]),
        axis=alt.Axis(format=axis_format(series), tickCount=5),
    )
    base = alt.Chart().encode(x=x)  # the data is given once, to the whole layer
    shown = base.transform_filter("datum.shown")
    colour = _chosen(alt.ColorValue, HIGHLIGHT, BASE)
    if series.indicator.is_share or series.indicator.unit == "indeks":
        marks = [
            shown.mark_line(color=BASE, strokeWidth=2).encode(y=y),
            shown.mark_point(filled=True, size=70).encode(
                y=y, color=colour, shape=_chosen(alt.ShapeValue, "diamond", "circle")
            ),
        ]
    else:
        marks = [shown.mark_bar(width={"band": 0.7}).encode(y=y, color=colour)]
    labels = _value_labels(
        shown.transform_filter("datum.value >= 0").encode(y=alt.Y("value:Q"), text=alt.Text("label:N")), dy=-8
    )
    if (frame["value"] < 0).any():  # a figure below zero is written under its bar
        labels += _value_labels(
            shown.transform_filter("datum.value < 0").encode(y=alt.Y("value:Q"), text=alt.Text("label:N")), dy=10
        )
    layers = (
        marks + labels + _gap_words(frame.loc[~frame["shown"], ["År", "label"]], years) + _break_marks(series, years, t)
    )
    return _configure(alt.layer(*layers, data=frame), description, over_years=True)


def _gap_words(gaps: pd.DataFrame, years: list[str]) -> list[alt.Chart]:
    """A year without figures keeps its place on the axis, with «mangler» or «skjult» where its
    bar would stand (on a phone the axis alone shows the gap)."""
    if gaps.empty:
        return []
    return [
        alt.Chart(gaps)
        .mark_text(fontSize=10, color="#4a4a4a", baseline="bottom", dy=-3, fontStyle="italic")
        .encode(
            x=alt.X("År:O", scale=alt.Scale(domain=years)),
            y=alt.YDatum(0),
            text=alt.Text("label:N"),
            opacity=_hidden_when_narrow(),
        )
    ]


def _break_marks(series: Series, years: list[str], t: Texts) -> list[alt.Chart]:
    """A dashed line where a series break happens, labelled; the note under the chart explains it."""
    breaks = [
        {"År": str(year), "tekst": t("chart.break")}
        for year in series.indicator.series_breaks
        if str(year) in years[1:]
    ]
    if not breaks:
        return []
    rule = alt.Chart(pd.DataFrame(breaks)).encode(x=alt.X("År:O", bandPosition=0, scale=alt.Scale(domain=years)))
    # The words stand above the plot area, where no mark or figure is, so they never cover a value.
    return [
        rule.mark_rule(strokeDash=[4, 3], color="#5c5c5c"),
        rule.mark_text(align="left", baseline="bottom", dx=3, y=-3, fontSize=11, color=TEXT).encode(
            text=alt.Text("tekst:N")
        ),
    ]


def shown_categories(series: Series) -> list[str]:
    """The categories drawn in the period (a figure above zero in some year): the legend lists
    only these; hidden ones are part of the hidden segment."""
    frame = series.frame
    drawn = set(frame.loc[frame["value"].fillna(0) != 0, "category"])
    return [c for c in series.categories if c in drawn]


def colour(series: Series, category: str) -> str:
    """The category's colour, the same in every chart of the report (data/colours.yml)."""
    return series.indicator.category_colour(category) or BASE


def legend(series: Series, language: str) -> list[tuple[str, str]]:
    """(label, colour) for each part of a stacked chart that appears, in stacking order, and the
    hidden parts last. Shown as an HTML list: HTML wraps on a phone, a Vega legend is cut off."""
    items = [(series.indicator.category_label(c, language), colour(series, c)) for c in shown_categories(series)]
    if any(not is_missing(series.hidden_remainder(y)) for y in series.years):
        items.append((Texts(language)("hidden.remainder"), HIDDEN_COLOUR))
    return items


def stacked_years(series: Series) -> list[int]:
    """The years a stacked chart draws a part for (a shown part above zero, or the hidden parts' sum)."""
    parts = shown_categories(series) + [HIDDEN_REMAINDER]
    return [
        year
        for year in series.years
        if any(not is_missing(value := series.value(year, c)) and value != 0 for c in parts)
    ]


@_fast
def stacked_chart(series: Series, description: str, language: str) -> dict:
    """Parts of each year stacked, the hidden ones as one grey segment so the bar reaches its total;
    the chosen year's figures are written in its segments; every figure is in the table."""
    t = Texts(language)
    keys = legend(series, language)
    labels = {series.indicator.category_label(c, language): c for c in shown_categories(series)}
    rows = []
    for year in range(int(_years(series)[0]), series.year + 1):
        for order, (label, _) in enumerate(keys):
            category = labels.get(label, HIDDEN_REMAINDER)
            value = series.value(year, category)
            if is_missing(value) or value == 0:
                continue
            rows.append(
                {
                    "År": str(year),
                    "Del": label,
                    "value": value,
                    "rekkefølge": order,
                    "chosen": year == series.year,
                    "label": series.text(value, "", language),
                }
            )
    frame = pd.DataFrame(rows, columns=["År", "Del", "value", "rekkefølge", "chosen", "label"])
    totals = frame.groupby("År")["value"].sum() if len(frame) else pd.Series(dtype=float)
    tall_enough = 0.08 * float(totals.max()) if len(totals) else 0
    color = _part_colours(keys)
    base = alt.Chart().encode(
        x=alt.X("År:O", title=None, axis=_year_axis(), scale=alt.Scale(domain=_years(series))),
        order=alt.Order("rekkefølge:Q"),
    )
    bars = base.mark_bar(width={"band": 0.75}).encode(
        y=alt.Y(
            "value:Q", stack="zero", title=unit_title(series, t), axis=alt.Axis(format=axis_format(series), tickCount=5)
        ),
        color=color,
    )
    text = (
        base.mark_text(color="white", fontSize=10, fontWeight="bold")
        .encode(y=alt.Y("value:Q", stack="zero", bandPosition=0.5), text=alt.Text("label:N"))
        .transform_filter(f"datum.chosen && datum.value >= {tall_enough}")
        .encode(opacity=_hidden_when_narrow())
    )
    years = _years(series)
    gaps = pd.DataFrame(
        [
            {
                "År": year,
                "label": series.text(
                    None, ":" if any(series.is_hidden(int(year), c) for c in series.categories) else "", language
                ),
            }
            for year in years
            if not any(not is_missing(series.value(int(year), c)) for c in series.categories)
        ],
        columns=["År", "label"],
    )
    layers = [bars, text] + _gap_words(gaps, years) + _break_marks(series, years, t)
    return _configure(alt.layer(*layers, data=frame), description, over_years=True)


@_fast
def lines_chart(series: Series, description: str, language: str) -> dict:
    """One line per category over the years, for amounts that are parts of nothing (rates per
    place): each in its category's colour, named in the colour key; the chosen year's figures written
    above its points (inside the plot, also on a phone); a missing year is a gap in the line."""
    t = Texts(language)
    years = _years(series)
    rows = [
        {
            "År": str(year),
            "Del": series.indicator.category_label(c, language),
            "value": value,
            "chosen": year == series.year,
            "label": series.text(value, "", language),
        }
        for c in shown_categories(series)
        for year in range(int(years[0]), series.year + 1)
        if not is_missing(value := series.value(year, c))
    ]
    frame = pd.DataFrame(rows, columns=["År", "Del", "value", "chosen", "label"])
    # The lowest line's figure goes under its point, the others above theirs: two lines close
    # together do not write their figures on top of each other.
    chosen = frame.loc[frame["chosen"], "value"]
    frame["below"] = frame["chosen"] & (frame["value"] == chosen.min()) & (len(chosen) > 1)
    keys = legend(series, language)
    color = _part_colours(keys)
    base = alt.Chart().encode(
        x=alt.X("År:O", title=None, axis=_year_axis(), scale=alt.Scale(domain=years)),
        y=alt.Y(
            "value:Q",
            title=unit_title(series, t),
            scale=_headroom(frame["value"], 1.1),
            axis=alt.Axis(format=axis_format(series), tickCount=5),
        ),
        color=color,
    )
    layers = [base.mark_line(strokeWidth=2), base.mark_point(filled=True, size=50)]
    layers += [
        base.mark_text(align="right", dx=-4, dy=dy, fontSize=11, fontWeight="bold", color=TEXT)
        .encode(text=alt.Text("label:N"), color=alt.value(TEXT))
        .transform_filter(f"datum.chosen && {test}")
        for dy, test in ((-9, "!datum.below"), (13, "datum.below"))
    ]
    layers += _break_marks(series, years, t)
    return _configure(alt.layer(*layers, data=frame), description, over_years=True)


@_fast
def category_bars(
    series: Series, description: str, language: str, paper: bool = False, year: int | None = None
) -> dict:
    """The chosen year's (or `year`'s) categories as labelled horizontal bars, largest first; hidden
    ones named as their table names them («skjult, 1–4», «skjult*»), the hidden parts' sum as its own
    bar. paper: laid out for the case PDF."""
    t = Texts(language)
    year = year or series.year
    rows = []
    for category in series.categories:
        value = series.value(year, category)
        if is_missing(value) and not series.is_hidden(year, category):
            continue
        rows.append(
            {
                "Kategori": series.indicator.category_label(category, language),
                "value": value,
                "label": series.cell_text(year, category, language=language),
                "chosen": False,
                "hidden": False,
            }
        )
    remainder = series.hidden_remainder(year)
    if not is_missing(remainder):
        rows.append(
            {
                "Kategori": t("hidden.remainder"),
                "value": remainder,
                "label": series.text(remainder, "", language),
                "chosen": False,
                "hidden": True,
            }
        )
    rows.sort(key=lambda row: (is_missing(row["value"]), -(row["value"] or 0)))
    # One colour for the bars (their names tell them apart), the hidden parts' grey for their sum.
    bar_colour = alt.ColorValue(BASE, condition={"test": "datum.hidden", "value": HIDDEN_COLOUR})
    chart = _named_bars(rows, "Kategori", unit_title(series, t), axis_format(series), bar_colour, paper)
    return _configure(chart, description)


@_fast
def comparison_chart(
    series: Series,
    regions: list[str],
    year: int,
    description: str,
    names: dict[str, str],
    language: str,
    paper: bool = False,
) -> dict:
    """The municipality beside its comparison regions in one year, labelled bars."""
    t = Texts(language)
    rows = [
        {
            "Region": names[code],
            "value": series.value(year, region=code),
            "chosen": code == series.kommunenummer,
            "label": series.cell_text(year, region=code, language=language),
        }
        for code in regions
        if series.cell(year, region=code) is not None
    ]
    chart = _named_bars(
        rows, "Region", unit_title(series, t), axis_format(series), _chosen(alt.ColorValue, HIGHLIGHT, BASE), paper
    )
    return _configure(chart, description)


@_fast
def prognosis_chart(series: Series, projected: dict[int, float], description: str, language: str) -> dict:
    """Figures as a solid line, projected years as a dashed line with hollow points and the word
    «prognose», so the projection is told apart without colour."""
    t = Texts(language)
    actual = _points(series, language)
    decimals = series.decimals
    ahead = pd.DataFrame(
        [
            {
                "År": str(y),
                "value": v,
                "chosen": False,
                "shown": True,
                "label": format_value(v, series.indicator.unit, decimals=decimals, language=language),
            }
            for y, v in projected.items()
        ]
    )
    last = actual[actual["shown"]].tail(1).assign(chosen=False)
    bridge = pd.concat([last, ahead], ignore_index=True)  # the dashed line starts at the last figure
    domain = actual["År"].tolist() + ahead["År"].tolist()
    x = alt.X("År:O", title=None, axis=_year_axis(), scale=alt.Scale(domain=domain))
    y = alt.Y(
        "value:Q",
        title=unit_title(series, t),
        scale=_headroom(pd.concat([actual["value"], ahead["value"]]), room=1.15),
        axis=alt.Axis(format=axis_format(series), tickCount=5),
    )
    solid = alt.Chart(actual).transform_filter("datum.shown").encode(x=x, y=y)
    dashed = alt.Chart(bridge).encode(x=x, y=y)
    future = alt.Chart(ahead).encode(x=x, y=y)
    layers = (
        [
            solid.mark_line(color=BASE, strokeWidth=2),
            solid.mark_point(filled=True, size=60).encode(
                color=_chosen(alt.ColorValue, HIGHLIGHT, BASE), shape=_chosen(alt.ShapeValue, "diamond", "circle")
            ),
            dashed.mark_line(color=PROJECTION, strokeWidth=2, strokeDash=[6, 4]),
            future.mark_point(filled=False, size=70, strokeWidth=2, color=PROJECTION),
            alt.Chart(ahead.head(1))
            .encode(x=x, y=y)
            .mark_text(dy=18, fontSize=11, color=TEXT, fontStyle="italic", align="left", dx=-6)
            .encode(text=alt.value(t("chart.prognosis"))),
        ]
        + _value_labels(solid.encode(text=alt.Text("label:N")), dy=-10)
        + _value_labels(future.encode(text=alt.Text("label:N")), dy=-10)
    )
    layers += _break_marks(series, actual["År"].tolist(), t)
    return _configure(alt.layer(*layers), description, over_years=True)
