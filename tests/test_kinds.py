"""What a sentence may say follows from what a figure is (docs/editorial-kinds.md): the catalogue's
`kind` and `persons`, checked when it loads, and one counterexample from the Bærum 2024 draft per kind."""

import pytest
from pydantic import ValidationError

from tilstand.ingest.catalogue import Indicator, load_catalogue

CATALOGUE = load_catalogue()
BASE = {"id": "x", "title": {"nb": "X"}, "chapter": "c", "definition": {"nb": "X"}}


@pytest.mark.parametrize(
    "entry",
    [
        {"unit": "antall", "kind": "share"},
        {"unit": "prosent", "kind": "count"},
        {"unit": "antall", "kind": "balance"},
        {"unit": "kroner", "kind": "count"},
        {"unit": "antall", "kind": "composition"},  # no parts
        {"unit": "antall", "kind": "composition", "categories": [{"id": "a", "label": {"nb": "A"}}]},  # no total
        {"unit": "mill. kroner", "persons": True},
        {"unit": "antall", "kind": "largest"},
    ],
)
def test_a_kind_that_is_not_true_of_the_figure_stops_the_catalogue(entry):
    with pytest.raises(ValidationError):
        Indicator.model_validate({**BASE, **entry})


def test_every_indicator_has_a_kind_and_the_catalogue_says_who_is_counted():
    kinds = {i.id: i.figure_kind for i in CATALOGUE}
    assert kinds["mindreforbruk_funksjon"] == "balance"
    assert kinds["egenbetaling_sats"] == "amount"
    assert kinds["barn_med_tiltak_etter_type"] == "composition"
    assert kinds["barn_plassert_etter_type"] == "count"  # foster homes and institutions: no declared total
    assert not CATALOGUE.get("innsynskrav_medier").persons
    assert not any(i.persons for i in CATALOGUE if i.unit != "antall")


# One counterexample per kind, quoted from the Bærum 2024 draft (issue 17).
from test_sentences import HIDDEN, NB, NN, series  # noqa: E402

from tilstand.present import sentences  # noqa: E402


def test_balance_names_the_overspend_and_the_function_that_drives_it():
    """Once: «I 2024 var 244 Barnevernstjeneste den største delen (10,2 mill. kr)» beside −17,4 on 252.
    A function is named in quotes: «merforbruk på 17,4 mill. kr på 252 Tiltak …» read as 252 measures."""
    s = series("mindreforbruk_funksjon", {2024: -3.3, (2024, "f244"): 10.2, (2024, "f251"): 3.9, (2024, "f252"): -17.4})
    text = sentences.describe(s, NB)
    assert "største delen" not in text
    assert text.startswith("I 2024 var det et merforbruk på 3,3\u00a0mill.\u00a0kr mot budsjettet.")
    assert (
        "Det største avviket var et merforbruk på 17,4\u00a0mill.\u00a0kr på «252 Tiltak når barnet er plassert»."
        in text
    )
    assert "«244 Barnevernstjeneste» hadde et mindreforbruk på 10,2\u00a0mill.\u00a0kr" in text
    assert "meirforbruk" in sentences.describe(s, NN)


def test_a_composition_whose_shown_parts_do_not_cover_its_total_has_no_largest_part():
    """Once: «omsorgstiltak den største delen (54)» with hjelpetiltak absent."""
    s = series("barn_med_tiltak_etter_type", {(2024, "omsorgstiltak"): 54}, totals={2024: 700})
    text = sentences.categories_sentence(s, NB)
    assert "størst" not in text and "omsorgstiltak (54)" in text
    covered = series(
        "barn_med_tiltak_etter_type", {(2024, "omsorgstiltak"): 54, (2024, "hjelpetiltak"): 646}, totals={2024: 700}
    )
    assert sentences.categories_sentence(covered, NB) == "I 2024 var hjelpetiltak den største delen (646 av 700)."


def test_a_count_by_category_without_a_declared_total_has_no_largest_part():
    """Once: «institusjon den største delen (30)» where foster homes are not in the chart."""
    s = series("barn_plassert_etter_type", {(2024, "institusjon"): 30})
    text = sentences.categories_sentence(s, NB)
    assert "størst" not in text and "institusjon (30)" in text


def test_an_amount_per_unit_is_part_of_nothing():
    """Once: «institusjonsplass den største delen (2 192 400 kr)» for national rates."""
    s = series("egenbetaling_sats", {(2024, "institusjonsplass"): 2192400, (2024, "senter_foreldre_barn"): 900000})
    text = sentences.categories_sentence(s, NB)
    assert "størst" not in text and "institusjonsplass (2\u00a0192\u00a0400\u00a0kr)" in text


def test_equal_values_are_the_same_not_about_the_same():
    """Once: «… var 10 i 2024. Det er omtrent som i 2023 (10).»"""
    text = sentences.change_sentence(series("akuttplasseringer", {2023: 10, 2024: 10}), NB)
    assert text == "Det er det samme som i 2023."


def test_a_share_of_hidden_parts_is_bounded_by_what_is_hidden():
    """Once: «noen deler er skjult … og kan være like store» when the hidden parts are at most 1,3 %."""
    s = series(
        "barn_med_tiltak_etter_type_andel",
        {(2024, "hjelpetiltak"): 92.3, (2024, "omsorgstiltak"): 6.4, (2024, "x"): HIDDEN},
    )
    text = sentences.categories_sentence(s, NB)
    assert "kan være like store" not in text
    assert text.startswith("I 2024 var hjelpetiltak den største delen (92,3\u00a0%).")
    assert "til sammen 1,3\u00a0%" in text


def test_a_count_share_amount_keep_their_level_sentence():
    """A count says its level and change; nothing about parts it does not have."""
    text = sentences.describe(series("meldinger_nye", {2022: 700, 2023: 810, 2024: 826}), NB)
    assert "I 2024 fikk barnevernstjenesten 826 nye meldinger." in text and "størst" not in text


def test_a_sentence_the_chapter_already_says_is_not_said_again_under_the_figure():
    """Once: «826 nye meldinger» three times on one page."""
    s = series("meldinger_nye", {2023: 810, 2024: 826})
    lead = sentences.level_sentence(s, NB)
    text = sentences.without(sentences.describe(s, NB), [lead])
    assert lead not in text and text.startswith("Det er 16 flere")


def test_the_summary_is_in_the_order_a_council_reads_and_names_the_overspend():
    """Once: the summary said nothing about the economy; the only sentence was «Mindreforbruk (+)
    eller merforbruk (−) … var −3,3 mill. kr»."""
    from tilstand.ingest.summary_plan import load_summary_plan
    from tilstand.paths import DEFAULT_WORKSPACE
    from tilstand.present.summary import group_sentence

    plan = load_summary_plan(DEFAULT_WORKSPACE.data, CATALOGUE)
    assert [group for group, _ in plan] == ["forsvarlighet", "aktivitet", "okonomi", "personal"]
    balance = series(
        "mindreforbruk_funksjon",
        {2023: 1.1, 2024: -3.3, (2024, "f244"): 10.2, (2024, "f251"): 3.9, (2024, "f252"): -17.4},
    )
    text = group_sentence([(balance, ""), (balance, "f252")], NB)
    assert "merforbruk på 3,3" in text and "252 Tiltak når barnet er plassert" in text


def test_a_summary_plan_naming_an_unknown_figure_stops_with_the_file_named(tmp_path):
    from tilstand.ingest.problems import DataValidationError
    from tilstand.ingest.summary_plan import load_summary_plan

    (tmp_path / "summary.yml").write_text("aktivitet: [meldinger_nye, meldinger_gamle]\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="summary.yml"):
        load_summary_plan(tmp_path, CATALOGUE)
