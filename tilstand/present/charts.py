"""Altair charts of a Series, in one look: the chosen year highlighted, values written on the
marks (no tooltip needed to read a figure), series breaks marked, labels Norwegian.

Value labels are formatted by tilstand.formatting, the same formatter as text and tables.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from tilstand.formatting import format_value
from tilstand.ingest.register import region_name
from tilstand.compute.series import Series

BASE = "#3f6591"         # 5.9:1 against white
HIGHLIGHT = "#a33c00"    # 5.9:1 against white; the chosen year, also set in bold
TEXT = "#1f1f1f"
PALETTE = ["#0b5d9e", "#b34700", "#00785a", "#8e3f7e", "#5c5c5c", "#6b5b00", "#1d4d4f", "#7a2f2f",
           "#3d3d8f", "#4f6b1f", "#7a4a00", "#2c2c2c", "#5d2a6e"]   # every colour ≥ 4.5:1 on white
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def _label(series: Series, row) -> str:
    return format_value(row["value"], series.indicator.unit, row["status"], decimals=series.decimals_of(row["value"]))


def _frame(series: Series) -> pd.DataFrame:
    frame = series.frame.copy()
    frame["År"] = frame["year"].astype(str)
    frame["label"] = [_label(series, row) for _, row in frame.iterrows()]
    frame["chosen"] = frame["year"] == series.year
    frame["label_x"] = frame["value"].fillna(0)   # «skjult» and «mangler» are written at the axis
    return frame


def _configure(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    return (chart.properties(description=description)
            .configure(font=FONT)
            .configure_axis(labelColor=TEXT, titleColor=TEXT, labelFontSize=12, titleFontSize=12,
                            gridColor="#e3e6e8", domainColor="#6b7379", tickColor="#6b7379")
            # one column, never cut: the legend is the only key to the colours of a stacked bar
            .configure_legend(labelColor=TEXT, titleColor=TEXT, labelFontSize=12, orient="bottom",
                              columns=1, labelLimit=0)
            .configure_view(stroke=None))


NARROW = "width < 420"   # a phone: only the chosen year's figure fits on the marks


def _value_labels(encoded: alt.Chart, *, always: bool = False, **mark) -> list[alt.Chart]:
    """Figures written on the marks; the chosen year's in bold, so it stands out without colour.
    On a narrow screen the other years' figures would overlap, so only the chosen one is kept
    (every figure is in the table below the chart)."""
    others = encoded.mark_text(fontSize=11, color=TEXT, **mark).transform_filter("!datum.chosen")
    if not always:
        others = others.encode(opacity=alt.condition(NARROW, alt.value(0), alt.value(1)))
    return [others,
            encoded.mark_text(fontSize=11, color=TEXT, fontWeight="bold", **mark).transform_filter("datum.chosen")]


def _year_axis() -> alt.Axis:
    """Year labels level; where they would collide (a phone) every other one is dropped."""
    return alt.Axis(labelAngle=0, labelOverlap="parity")


def _room_for_labels(frame: pd.DataFrame) -> alt.Scale:
    """A value axis with room beyond the longest bar for the figure written after it."""
    values = frame["value"].dropna()
    high = max(float(values.max()) if len(values) else 0, 0)
    low = min(float(values.min()) if len(values) else 0, 0)
    return alt.Scale(domain=[low * 1.05, high * 1.3 if high else 1], nice=False)


def axis_format(series: Series) -> str:
    """Axis ticks without decimals once the figures are large enough to need none."""
    values = series.frame["value"].dropna().abs()
    if series.indicator.is_count or (len(values) and values.max() >= 20):
        return ",.0f"
    return f",.{min(series.decimals, 1)}f"


def trend_chart(series: Series, description: str) -> alt.TopLevelMixin:
    """One bar (counts, money) or point (shares, index) per year; figures written on the marks."""
    frame = _frame(series)
    frame = frame[frame["category"] == ""] if series.has_total else frame
    unit = series.indicator.unit
    x = alt.X("År:O", title=None, axis=_year_axis())
    y = alt.Y("value:Q", title=unit, axis=alt.Axis(format=axis_format(series), tickCount=5))
    color = alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value(BASE))
    base = alt.Chart(frame).encode(x=x)
    if series.indicator.is_share or unit == "indeks":
        marks = base.mark_line(color=BASE, strokeWidth=2).encode(y=y) + \
            base.mark_point(filled=True, size=70).encode(y=y, color=color, shape=alt.condition(
                "datum.chosen", alt.value("diamond"), alt.value("circle")))
    else:
        marks = base.mark_bar(width={"band": 0.7}).encode(y=y, color=color)
    layers = [marks] + _value_labels(base.encode(y=alt.Y("value:Q"), text="label:N"), dy=-8)
    breaks = [{"År": str(year), "tekst": "Brudd"} for year in series.indicator.series_breaks
              if str(year) in set(frame["År"])]
    if breaks:
        rule = alt.Chart(pd.DataFrame(breaks)).encode(x=alt.X("År:O", bandPosition=0))
        layers += [rule.mark_rule(strokeDash=[4, 3], color="#5c5c5c"),
                   rule.mark_text(align="left", baseline="bottom", dx=2, y=-6, fontSize=11,
                                  color=TEXT).encode(text="tekst:N")]
    chart = alt.layer(*layers).properties(width="container", height=240)
    return _configure(chart, description)


def category_bars(series: Series, description: str) -> alt.TopLevelMixin:
    """The chosen year's categories as labelled horizontal bars, largest first."""
    frame = _frame(series)
    frame = frame[(frame["year"] == series.year) & (frame["category"] != "")].copy()
    frame["Kategori"] = frame["category"].map(series.indicator.category_label)
    order = frame.sort_values("value", ascending=False, na_position="last")["Kategori"].tolist()
    y = alt.Y("Kategori:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    x = alt.X("value:Q", title=series.indicator.unit, scale=_room_for_labels(frame),
              axis=alt.Axis(format=axis_format(series), tickCount=4))
    base = alt.Chart(frame).encode(y=y)
    bars = base.mark_bar(color=BASE, height={"band": 0.7}).encode(x=x)
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=TEXT).encode(
        x=alt.X("label_x:Q"), text="label:N")
    chart = (bars + labels).properties(width="container", height=max(120, 26 * len(frame)))
    return _configure(chart, description)


def legend(series: Series) -> list[tuple[str, str]]:
    """(label, colour) for each part of a stacked chart, in stacking order.

    Shown as an HTML list beside the chart rather than a Vega legend: HTML wraps on a phone,
    a Vega legend is cut off."""
    return [(series.indicator.category_label(c), PALETTE[i % len(PALETTE)])
            for i, c in enumerate(series.categories)]


def stacked_chart(series: Series, description: str) -> alt.TopLevelMixin:
    """Parts of each year stacked; the legend is HTML (see legend()), the chosen year's figures
    are written in its segments and every figure is in the table (colour is never alone)."""
    frame = _frame(series)
    frame = frame[frame["category"] != ""].copy()
    frame["Kategori"] = frame["category"].map(series.indicator.category_label)
    frame["rekkefølge"] = frame["category"].map(series.indicator.category_order)
    labels_order = [series.indicator.category_label(c) for c in series.categories]
    color = alt.Color("Kategori:N", title=None, sort=labels_order, legend=None,
                      scale=alt.Scale(domain=labels_order, range=[colour for _, colour in legend(series)]))
    base = alt.Chart(frame).encode(
        x=alt.X("År:O", title=None, axis=_year_axis()),
        order=alt.Order("rekkefølge:Q"))
    bars = base.mark_bar(width={"band": 0.75}).encode(
        y=alt.Y("value:Q", stack="zero", title=series.indicator.unit,
                axis=alt.Axis(format=axis_format(series), tickCount=5)),
        color=color)
    text = base.mark_text(color="white", fontSize=10, fontWeight="bold").encode(
        y=alt.Y("value:Q", stack="zero", bandPosition=0.5), text="label:N"
    ).transform_filter("datum.chosen && datum.value > 0").encode(
        opacity=alt.condition(NARROW, alt.value(0), alt.value(1)))
    chart = (bars + text).properties(width="container", height=280)
    return _configure(chart, description)


def comparison_chart(series: Series, regions: list[str], year: int, description: str,
                     names: dict[str, str]) -> alt.TopLevelMixin:
    """The municipality beside its comparison regions in one year, labelled bars."""
    frame = _frame(series)
    frame = frame[(frame["year"] == year) & (frame["region"].isin(regions))].copy()
    frame["Region"] = frame["region"].map(lambda code: names.get(code) or region_name(code))
    frame["chosen"] = frame["region"] == series.kommunenummer
    order = [names.get(code) or region_name(code) for code in regions if code in set(frame["region"])]
    base = alt.Chart(frame).encode(y=alt.Y("Region:N", sort=order, title=None, axis=alt.Axis(labelLimit=200)))
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X("value:Q", title=series.indicator.unit, scale=_room_for_labels(frame),
                axis=alt.Axis(format=axis_format(series), tickCount=4)),
        color=alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value(BASE)))
    labels = _value_labels(base.encode(x="label_x:Q", text="label:N"), always=True, align="left", dx=4)
    chart = alt.layer(bars, *labels).properties(width="container", height=max(110, 30 * len(frame)))
    return _configure(chart, description)


PROJECTION = "#00785a"   # 5.6:1 against white; projected years also dashed, hollow and labelled


def prognosis_chart(series: Series, description: str) -> alt.TopLevelMixin:
    """Figures as a solid line, projected years (category "prognose") as a dashed line with hollow
    points and the word «prognose», so the projection is told apart without colour."""
    frame = _frame(series)
    actual = frame[frame["category"] != "prognose"]
    projected = frame[frame["category"] == "prognose"]
    last = actual.dropna(subset=["value"]).tail(1).assign(chosen=False)
    bridge = pd.concat([last, projected], ignore_index=True)   # the dashed line starts at the last figure
    x = alt.X("År:O", title=None, axis=_year_axis(), sort=frame["År"].tolist())
    y = alt.Y("value:Q", title=series.indicator.unit, scale=alt.Scale(zero=True),
              axis=alt.Axis(format=axis_format(series), tickCount=5))
    solid = alt.Chart(actual).encode(x=x, y=y)
    dashed = alt.Chart(bridge).encode(x=x, y=y)
    ahead = alt.Chart(projected).encode(x=x, y=y)
    layers = [
        solid.mark_line(color=BASE, strokeWidth=2),
        solid.mark_point(filled=True, size=60).encode(
            color=alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value(BASE)),
            shape=alt.condition("datum.chosen", alt.value("diamond"), alt.value("circle"))),
        dashed.mark_line(color=PROJECTION, strokeWidth=2, strokeDash=[6, 4]),
        ahead.mark_point(filled=False, size=70, strokeWidth=2, color=PROJECTION),
        ahead.mark_text(dy=22, fontSize=11, color=TEXT, fontStyle="italic").encode(text=alt.value("prognose")),
    ] + _value_labels(alt.Chart(frame).encode(x=x, y=alt.Y("value:Q"), text="label:N"), dy=-10)
    chart = alt.layer(*layers).properties(width="container", height=240)
    return _configure(chart, description)


def spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec to embed; no $schema URL, so the page names no other site."""
    result = chart.to_dict(validate=False)   # schema checks cost ~50 ms a chart; tests draw every chart
    result.pop("$schema", None)
    return result
