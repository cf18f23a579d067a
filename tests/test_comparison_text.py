"""The comparison chapter says what it shows: one sentence per figure places the municipality among
the regions shown, the text names exactly the regions in its figures, and a figure in fixed kroner
names its price year and the nominal figure."""

from __future__ import annotations

import pandas as pd
import pytest

from tilstand.compute.series import Series
from tilstand.compute.view import open_view
from tilstand.ingest.catalogue import load_catalogue
from tilstand.present import sections, sentences
from tilstand.present.blocks import shown_regions
from tilstand.present.sentences import Wording

NB, NN = Wording("nb"), Wording("nn")
NAMES = {
    "9999": "Fjordvik",
    "EKG05": "KOSTRA-gruppe 5",
    "EKA46": "Vestland",
    "EAK": "Landet",
    "3333": "Nabobygd",
    "ASSS_MEAN": "ASSS-snitt",
    "ASSS_MAX": "Høyeste i ASSS",
    "ASSS_MIN": "Laveste i ASSS",
}


def regions(
    values: dict[str, float | None], indicator_id: str = "enhetskostnad_f244_per_barn", year: int = 2023
) -> Series:
    rows = [
        {
            "year": year,
            "category": "",
            "region": code,
            "value": value,
            "status": "" if value is not None else "..",
            "source": "",
            "source_ref": "",
            "note": "",
        }
        for code, value in values.items()
    ]
    return Series(load_catalogue().get(indicator_id), pd.DataFrame(rows), year, "9999")


def rank(values: dict, w: Wording = NB) -> str:
    return sentences.rank_sentence(regions(values), list(values), 2023, NAMES, w)


def test_the_lowest_of_five_is_said_with_the_number_in_words():
    assert (
        rank({"9999": 50, "3333": 60, "EKG05": 70, "EKA46": 80, "EAK": 90})
        == "Av de fem er tallet lavest for Fjordvik."
    )
    assert (
        rank({"9999": 95, "3333": 60, "EKG05": 70, "EKA46": 80, "EAK": 90}, NN)
        == "Av dei fem er talet høgast for Fjordvik."
    )


def test_a_middle_place_counts_those_below_and_above_and_ties_neither():
    assert (
        rank({"9999": 75, "3333": 60, "EKG05": 75, "EKA46": 80, "EAK": 90})
        == "Av de fem har 1 et lavere tall enn Fjordvik og 2 et høyere."
    )


def test_a_region_without_a_figure_is_not_ranked_and_the_sentence_says_so():
    assert (
        rank({"9999": 50, "3333": None, "EKG05": 70, "EAK": 90})
        == "Av de tre som har tall er tallet lavest for Fjordvik."
    )


def test_beside_one_region_the_sentence_compares_and_equal_is_the_same():
    assert rank({"9999": 50, "EAK": 90}) == "Tallet for Fjordvik er lavere enn for Landet."
    assert rank({"9999": 90, "EAK": 90}) == "Tallet for Fjordvik er det samme som for Landet."


def test_the_network_s_highest_and_lowest_bound_the_value_they_are_not_ranked_among():
    text = rank({"9999": 904387, "ASSS_MEAN": 621786, "ASSS_MAX": 904387, "ASSS_MIN": 503936})
    assert text == "Tallet for Fjordvik er høyere enn for ASSS-snitt. Det er det høyeste i ASSS-nettverket."


def test_no_rank_without_the_municipality_s_figure():
    assert rank({"9999": None, "EAK": 90}) == ""


def test_the_comparison_sentence_ends_with_the_rank():
    series = regions({"9999": 50, "EKG05": 70, "EAK": 90})
    text = sentences.comparison_sentence(series, ["9999", "EKG05", "EAK"], 2023, NAMES, NB)
    assert text.endswith("Landet: 90\xa0kr. Av de tre er tallet lavest for Fjordvik.")


def test_only_regions_with_a_cell_in_the_shown_year_are_shown():
    series = regions({"9999": 50, "EAK": 90})
    assert shown_regions(series, ["9999", "EKG05", "EAK"]) == (2023, ["9999", "EAK"])
    assert shown_regions(regions({"9999": None, "EAK": 90}), ["9999", "EAK"]) == (None, [])


def test_a_figure_in_fixed_kroner_names_its_price_year_and_the_nominal_figure_and_back():
    view = open_view("9901", 2024, "nb")
    fixed = view.catalogue.get("enhetskostnad_f244_per_barn_2023kr")
    nominal = view.catalogue.get(fixed.fixed_prices.nominal)
    there = sections.price_notes(view, NB, fixed)
    assert there == (
        f"Beløpene er i faste 2023-kroner, justert for prisveksten. De samme utgiftene i løpende kroner "
        f"står i figuren «{nominal.title('nb')}».",
    )
    assert fixed.title("nb").endswith("faste 2023-kroner")


def test_a_fixed_price_figure_pointing_to_no_indicator_stops_the_catalogue(tmp_path):
    from tilstand.ingest.catalogue import load_catalogue as load
    from tilstand.ingest.problems import DataValidationError

    (tmp_path / "indicators.yml").write_text(
        "a:\n  title: {nb: A, nn: A}\n  unit: kroner\n  chapter: okonomi\n  definition: {nb: A, nn: A}\n"
        "  fixed_prices: {year: 2023, nominal: finnes_ikke}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError, match="finnes_ikke"):
        load(tmp_path)
