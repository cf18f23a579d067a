"""A chart earns its place with a trend or a comparison: a series with figures in fewer than two of
the shown years is not drawn as a stack of one bar beside empty years (once: one bar for 2018 and
six «mangler»); every year with figures is drawn."""

from __future__ import annotations

import json

from test_sentences import HIDDEN, series

from tilstand.present import blocks
from tilstand.present.blocks import Labels
from tilstand.present.sentences import Wording


def _block(s, **options):
    return blocks.indicator_block(
        s, Labels(Wording("nn"), {"9999": "Testkommune"}, "Kjelde: test."), key="x", **options
    )


def _drawn_years(spec: dict) -> set[str]:
    rows = [row for data in (spec.get("datasets") or {}).values() for row in data]
    return {row["År"] for row in rows if row.get("value") is not None and "År" in row}


def test_parts_known_for_one_earlier_year_are_that_years_bars_with_the_year_said():
    s = series(
        "enslige_mindrearige_etter_bosted",
        {(2018, "fosterhjem"): 12, (2018, "hybel"): 7, (2020, "fosterhjem"): None, (2024, "hybel"): None},
    )
    block = _block(s)
    assert block.chart is not None and "2018" in block.subtitle
    spec = json.dumps(block.chart, ensure_ascii=False)
    assert '"Kategori"' in spec and "12" in spec and "mangler" not in spec
    assert not block.legend


def test_parts_that_are_zero_or_hidden_in_every_year_draw_no_chart():
    s = series(
        "enslige_mindrearige_bosted_alder",
        {
            (2023, "hybel_18_20"): 0,
            (2023, "annet_0_17"): HIDDEN,
            (2024, "hybel_18_20"): 0,
            (2024, "annet_0_17"): HIDDEN,
        },
    )
    block = _block(s)
    assert block is not None and block.chart is None and block.summary


def test_parts_over_two_years_stay_a_stacked_chart_of_both_years():
    s = series(
        "enslige_mindrearige_etter_bosted",
        {(2023, "fosterhjem"): 12, (2023, "hybel"): 7, (2024, "fosterhjem"): 10, (2024, "hybel"): 8},
    )
    block = _block(s)
    assert _drawn_years(block.chart) == {"2023", "2024"} and block.legend


def test_a_total_with_one_year_is_a_key_figure_with_its_year_also_when_it_has_parts():
    s = series("meldinger_etter_instans", {(2018, ""): 527, (2018, "politi"): 100, (2024, ""): None})
    block = _block(s, kind="trend")
    assert block.chart is None and block.key_figure and block.key_figure_year == 2018


def test_the_national_rates_are_drawn_for_every_year_with_figures_and_the_break_label_stays_off_them():
    """Once egenbetaling showed 2024 only, although 2021–2024 were in the data (the 2022 jump is the point),
    and «Brudd i serien» stood over the values it marks."""
    from tilstand.compute.view import open_view
    from tilstand.present import sections

    view = open_view("9904", 2024)
    w = Wording(view.language, frozenset(m.name for m in view.register.all()))
    s = view.series("egenbetaling_sats", ["EAK"])
    block = blocks.indicator_block(s, sections.labels(view, w, s), key="e", kind="lines")
    assert {"2021", "2022", "2023", "2024"} <= _drawn_years(block.chart)
    assert len(block.legend) == 3
    words = [
        layer
        for layer in block.chart["layer"]
        if (layer.get("mark") or {}).get("type") == "text" and "tekst" in json.dumps(layer.get("encoding", {}))
    ]
    assert words and all(layer["mark"]["y"] < 0 for layer in words), "the break's words above the plot"
