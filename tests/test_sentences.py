"""The editorial rules for generated sentences (editorial.md), each with the example that once
read wrongly in a report."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tilstand.compute.series import Series
from tilstand.ingest.catalogue import load_catalogue
from tilstand.language import messages
from tilstand.present import sentences
from tilstand.present.sentences import Wording

NB = Wording("nb")
NN = Wording("nn")
HIDDEN = (None, ":")


def series(indicator_id: str, cells: dict, year: int = 2024, region: str = "9999", totals=None) -> Series:
    """A series from {year: value} or {(year, category): value}; a value (None, status) is a
    figure the source does not give (":" hidden, "" missing)."""
    rows = []
    for key, value in cells.items():
        year_, category = key if isinstance(key, tuple) else (key, "")
        value, status = value if isinstance(value, tuple) else (value, "")
        rows.append(
            {
                "year": year_,
                "category": category,
                "region": region,
                "value": value,
                "status": status,
                "source": "",
                "source_ref": "",
                "note": "",
            }
        )
    return Series(load_catalogue().get(indicator_id), pd.DataFrame(rows), year, region, totals or {})


def test_nothing_is_largest_when_a_hidden_part_could_be_as_large():
    """Once: «Størst i 2024: § 4-1 (frivillig) (17) og § 4-3 (tvang) (0)» while hidden parts existed."""
    s = series(
        "akuttplasseringer_etter_paragraf",
        {(2024, "bvl_4_1"): 17, (2024, "bvl_4_2"): HIDDEN, (2024, "bvl_4_3"): 0, (2024, "bvl_4_4"): HIDDEN},
    )
    text = sentences.categories_sentence(s, NB)
    assert "§ 4-3" not in text  # a zero part is never «largest»
    assert "størst" not in text and "skjult av hensyn til personvernet" in text


def test_a_zero_part_is_never_largest_and_ties_are_said():
    s = series(
        "akuttplasseringer_etter_paragraf",
        {(2024, "bvl_4_1"): 9, (2024, "bvl_4_2"): 9, (2024, "bvl_4_3"): 0},
        totals={2024: 18},
    )
    text = sentences.categories_sentence(s, NB)
    assert text == "I 2024 var § 4-1 (frivillig) og § 4-2 (tvang) de største delene, like store (9 hver)."


def test_the_largest_part_with_its_share_of_the_total():
    s = series("akuttplasseringer_etter_paragraf", {(2024, "bvl_4_1"): 17, (2024, "bvl_4_2"): 7}, totals={2024: 24})
    assert sentences.categories_sentence(s, NB) == "I 2024 var § 4-1 (frivillig) den største delen (17 av 24)."


def test_ties_at_the_top_are_counted_not_given_one_year():
    """Once: «Høyest i 2017 (100,0 %)» when it was 100 % in six years."""
    values = {
        2015: 97.1,
        2016: 100.0,
        2017: 100.0,
        2018: 100.0,
        2019: 100.0,
        2020: 96.0,
        2021: 100.0,
        2022: 100.0,
        2023: 99.2,
        2024: 98.2,
    }
    text = sentences.trend_sentence(series("omsorgsplan_andel", values), NB)
    assert "høyest, 100,0\u00a0%, i seks av de ti årene med tall (2016–2019 og 2021–2022)" in text
    assert "høyest i 2017" not in text


def test_no_percent_change_across_zero():
    """Once: «4,4 mill. kr lavere (−133,3 %)»."""
    text = sentences.change_sentence(series("mindreforbruk_funksjon", {2023: 3.3, 2024: -1.1}), NB)
    assert "4,4\u00a0mill.\u00a0kr lavere" in text
    assert "%" not in text


def test_no_percent_change_on_a_base_of_zero():
    text = sentences.change_sentence(series("akuttplasseringer", {2023: 0, 2024: 5}), NB)
    assert text.startswith("Det er 5 flere akuttplasseringer enn i 2023 (0)")
    assert "%" not in text


def test_derived_figures_keep_the_indicators_decimals():
    """Once: «Det er 3 flere» for 71,4 − 68,0 årsverk."""
    text = sentences.change_sentence(series("arsverk", {2023: 68.0, 2024: 71.4}), NB)
    assert text.startswith("Det er 3,4 flere årsverk enn i 2023 (68,0)")


def test_a_share_changes_in_percentage_points_with_its_decimals():
    text = sentences.change_sentence(series("meldinger_henlagt_andel", {2023: 14.0, 2024: 11.7}), NB)
    assert text.startswith("Det er 2,3\u00a0prosentpoeng lavere enn i 2023 (14,0\u00a0%).")


def test_comparison_values_are_labelled_apart_from_their_region():
    """Once: «KOSTRA-gruppe 12 661 008 kr», which reads as 12,6 million."""
    rows = {2023: 74373}
    s = series("netto_driftsutgifter_barnevern_per_innbygger_0_17", rows, year=2023, region="9999")
    extra = pd.DataFrame(
        [
            {
                "year": 2023,
                "category": "",
                "region": "EKG12",
                "value": 661008,
                "status": "",
                "source": "",
                "source_ref": "",
                "note": "",
            }
        ]
    )
    s = Series(s.indicator, pd.concat([s.frame, extra]), 2023, "9999")
    text = sentences.comparison_sentence(
        s, ["9999", "EKG12"], 2023, {"9999": "Eksempel", "EKG12": "KOSTRA-gruppe 12"}, NB
    )
    assert "KOSTRA-gruppe 12: 661\u00a0008\u00a0kr" in text
    assert not re.search(r"KOSTRA-gruppe 12 \d", text)


def test_hidden_is_never_called_missing():
    """Once: hidden figures were called «Det finnes ingen tall»."""
    s = series("akuttplasseringer", {2022: 12, 2023: HIDDEN, 2024: HIDDEN})
    level = sentences.level_sentence(s, NB)
    assert "vises ikke av hensyn til personvernet" in level
    assert "mangler" not in level and "ingen tall" not in level
    trend = sentences.trend_sentence(
        series("akuttplasseringer", {2020: 10, 2021: 12, 2022: 11, 2023: HIDDEN, 2024: 9}), NB
    )
    assert "Tallene for 2023 vises ikke av hensyn til personvernet." in trend
    assert "mangler" not in trend


def test_no_change_sentence_without_a_comparable_previous_year():
    """Once: «Ingen av tallene … endret seg mye» when there was no previous year."""
    assert sentences.change_sentence(series("akuttplasseringer", {2024: 24}), NB) == ""
    assert sentences.change_sentence(series("akuttplasseringer", {2022: 20, 2023: HIDDEN, 2024: 24}), NB) == ""
    # a series break between the two years: the figures are not comparable
    assert sentences.change_sentence(series("meldinger_nye", {2018: 813, 2019: 841}, year=2019), NB) == ""


def test_legal_terms_follow_the_year():
    """Once: «fylkesnemnda» in a 2024 report (barneverns- og helsenemnda since 2023)."""
    s2024 = series("hjelpetiltak_palagt_familier", {2024: 3})
    s2022 = series("hjelpetiltak_palagt_familier", {2022: 3}, year=2022)
    assert "barneverns- og helsenemnda" in sentences.title(s2024, "nb")
    assert "fylkesnemnda" in sentences.title(s2022, "nb")
    assert "fylkesnemnda" not in sentences.level_sentence(s2024, NB)


def test_phrasing_comes_from_the_catalogue():
    """One template repeated dozens of times reads as a machine: an indicator's own sentence wins."""
    text = sentences.level_sentence(series("akuttplasseringer", {2024: 24}), NB)
    assert text == "I 2024 var det 24 akuttplasseringer."
    assert (
        sentences.level_sentence(series("akuttplasseringer", {2024: 0}), NB)
        == "Det var ingen akuttplasseringer i 2024."
    )


def test_the_same_rules_in_nynorsk():
    s = series("akuttplasseringer", {2022: 12, 2023: HIDDEN, 2024: HIDDEN})
    assert "blir ikkje vist av omsyn til personvernet" in sentences.level_sentence(s, NN)
    assert sentences.title(series("hjelpetiltak_palagt_familier", {2024: 3}), "nn").endswith(
        "barneverns- og helsenemnda"
    )


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_privacy_is_protected_not_verned(language):
    """Once: «for å verne personvernet»; the words are «av hensyn til personvernet»."""
    for key, texts in messages().items():
        assert "verne personvernet" not in texts[language], key


def test_a_key_figure_from_an_earlier_year_says_its_year():
    """Once: «96,4 %» in large type above «Tallet for 2024 … mangler»: the reader took it for 2024."""
    from sitetools import block_for

    block = block_for("3201", 2024, "fosterhjem_oppfolgingsbesok_andel")
    assert block.key_figure == "96,4\u00a0%" and block.key_figure_year == 2018
    assert block.summary.startswith("Gjennomførte oppfølgingsbesøk i fosterhjem var 96,4\u00a0% i 2018.")
    assert block.summary.endswith("Tallet for 2024 (gjennomførte oppfølgingsbesøk i fosterhjem) mangler.")


def test_parts_missing_in_the_year_are_called_missing_not_zero():
    """Once: «Ingen av delene hadde tall over null i 2024» for parts known only for 2018."""
    s = series(
        "barn_med_tiltak_etter_type",
        {
            (2018, "hjelpetiltak"): 300,
            (2018, "omsorgstiltak"): 60,
            (2024, "hjelpetiltak"): None,
            (2024, "omsorgstiltak"): None,
        },
    )
    assert (
        sentences.categories_sentence(s, NB)
        == "Tallene for barn med tiltak etter type tiltak i 2024 mangler; de siste er fra 2018."
    )


def test_a_year_whose_parts_are_zero_or_hidden_gets_a_sentence_not_an_empty_chart():
    from sitetools import block_for

    block = block_for("3201", 2024, "enslige_mindrearige_bosatt", kind="categories")
    assert block.chart is None
    assert "vises ikke av hensyn til personvernet" in block.summary
