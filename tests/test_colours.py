"""One colour per category across the report (data/colours.yml): «Omsorgstiltak» is the same colour
in every chart and every year, whichever parts are shown beside it, on the site, on paper and in
Word (all drawn from the same specs); the hidden parts are always the same grey. Once, the colour
followed a part's position among the shown parts: omsorgstiltak was blue in one chart and orange in
the next, and a category changed colour from one year to the next."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from test_sentences import HIDDEN, series

from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.problems import DataValidationError
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.present import charts
from tilstand.present.blocks import chart_kind


def _scales(spec) -> list[tuple[str, str]]:
    """(label, colour) of every colour scale over categories in a Vega-Lite spec."""
    found = []
    if isinstance(spec, dict):
        colour = (spec.get("encoding") or {}).get("color")
        if isinstance(colour, dict) and "field" in colour and "scale" in colour:
            found += list(zip(colour["scale"]["domain"], colour["scale"]["range"]))
        for value in spec.values():
            found += _scales(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _scales(value)
    return found


def test_a_part_keeps_its_colour_when_the_part_before_it_is_not_shown():
    both = series(
        "barn_med_tiltak_etter_type_andel",
        {
            (2023, "hjelpetiltak"): 60.0,
            (2023, "omsorgstiltak"): 40.0,
            (2024, "hjelpetiltak"): 55.0,
            (2024, "omsorgstiltak"): 45.0,
        },
    )
    alone = series("barn_med_tiltak_etter_type_andel", {(2023, "omsorgstiltak"): 40.0, (2024, "omsorgstiltak"): 45.0})
    colours = [dict(_scales(charts.stacked_chart(s, "", "nb"))) for s in (both, alone)]
    assert colours[0]["Omsorgstiltak"] == colours[1]["Omsorgstiltak"]
    assert colours[0]["Hjelpetiltak"] != colours[0]["Omsorgstiltak"]
    assert dict(charts.legend(alone, "nb"))["Omsorgstiltak"] == colours[0]["Omsorgstiltak"]


def test_shared_categories_have_one_colour_in_every_indicator():
    budget = dict(
        charts.legend(
            series("budsjett_funksjon", {(2024, "f244"): 2.0, (2024, "f251"): 5.0, (2024, "f252"): 9.0}), "nb"
        )
    )
    result = dict(charts.legend(series("mindreforbruk_funksjon", {(2024, "f252"): -3.0}), "nb"))
    label = load_catalogue().get("budsjett_funksjon").category_label("f252", "nb")
    assert budget[label] == result[label]


def test_the_hidden_parts_are_the_same_grey_in_a_stacked_chart_and_in_the_years_bars():
    stacked = series(
        "akuttplasseringer_etter_paragraf",
        {
            (2023, "bvl_4_1"): 12,
            (2023, "bvl_4_2"): HIDDEN,
            (2023, "bvl_4_3"): HIDDEN,
            (2023, "x"): 5,
            (2024, "bvl_4_1"): 17,
            (2024, "bvl_4_2"): 6,
        },
    )
    hidden = dict(_scales(charts.stacked_chart(stacked, "", "nb")))
    assert charts.HIDDEN_COLOUR == "#8c8c8c"
    assert all(colour != charts.HIDDEN_COLOUR for label, colour in hidden.items() if "Skjult" not in label)
    bars = json.dumps(charts.category_bars(stacked, "", "nb"))
    assert charts.HIDDEN_COLOUR in bars, "the hidden parts' bar is grey"


def test_shown_parts_that_would_share_a_colour_are_drawn_as_the_years_bars():
    catalogue = load_catalogue()
    parts = catalogue.get("meldinger_etter_instans").categories
    twins = [(a.id, b.id) for a in parts for b in parts if a.id < b.id and a.colour == b.colour]
    assert twins, "27 parts and fewer colours: some share one"
    a, b = twins[0]
    s = series("meldinger_etter_instans", {(y, c): 10 + y % 3 for y in (2023, 2024) for c in (a, b)})
    assert chart_kind(s) == "categories"
    apart = [c.id for c in parts if c.colour not in {catalogue.get("meldinger_etter_instans").category_colour(a)}][:2]
    assert chart_kind(series("meldinger_etter_instans", {(y, c): 10 for y in (2023, 2024) for c in apart})) == "stacked"


def _project(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("indicators.yml", "colours.yml"):
        shutil.copy(DEFAULT_WORKSPACE.data / name, data / name)
    return data


@pytest.mark.parametrize(
    "change, said",
    [
        (lambda t: t["categories"].update(omsorgstiltak=t["categories"]["hjelpetiltak"]), "barn_med_tiltak_etter_type"),
        (lambda t: t["categories"].pop("omsorgstiltak"), "omsorgstiltak"),
        (lambda t: t["categories"].update(omsorgstiltak="gull"), "gull"),
        (lambda t: t["categories"].update(institusjon="blå"), "Institusjon"),
    ],
)
def test_a_table_that_breaks_one_colour_per_category_is_refused_with_what_to_fix(tmp_path, change, said):
    data = _project(tmp_path)
    table = yaml.safe_load((data / "colours.yml").read_text(encoding="utf-8"))
    change(table)
    (data / "colours.yml").write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataValidationError) as refused:
        load_catalogue(data)
    assert "data/colours.yml" in str(refused.value) and said in str(refused.value)


def _site_colours(site: Path) -> dict[str, set[str]]:
    """Every category's colours across a built site: the charts' colour scales (the site's and the
    paper's specs, which the PDF and Word draw) and the colour keys beside them."""
    used: dict[str, set[str]] = defaultdict(set)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for spec in re.findall(r'<script type="application/json" id="[^"]*spec[^"]*">(.*?)</script>', text, re.S):
            for label, colour in _scales(json.loads(spec.replace("<\\/", "</"))):
                used[label].add(colour.lower())
        for colour, label in re.findall(
            r'tilstand-legend__swatch" style="background:([^"]+)"[^>]*></span>([^<]+)</li>', text
        ):
            used[html.unescape(label)].add(colour.lower())
    return used


@pytest.mark.parametrize("site", ["nynorsk_site", "default_site"])
def test_no_chart_of_a_built_report_draws_a_category_in_two_colours(site, request):
    used = _site_colours(request.getfixturevalue(site))
    assert len(used) >= 5, "too few coloured categories to test anything"
    assert {label: sorted(c) for label, c in used.items() if len(c) > 1} == {}
    hidden = [label for label in used if label.startswith("Skjult")]
    assert hidden and all(used[label] == {charts.HIDDEN_COLOUR} for label in hidden)
