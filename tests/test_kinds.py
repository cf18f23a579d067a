"""What a sentence may say follows from what a figure is (docs/editorial-kinds.md): the catalogue's
`kind` and `persons`, checked when it loads, and one counterexample from the Bærum 2024 draft per kind."""
import pytest
from pydantic import ValidationError

from tilstand.ingest.catalogue import Indicator, load_catalogue

CATALOGUE = load_catalogue()
BASE = {"id": "x", "title": {"nb": "X"}, "chapter": "c", "definition": {"nb": "X"}}


@pytest.mark.parametrize("entry", [
    {"unit": "antall", "kind": "share"},
    {"unit": "prosent", "kind": "count"},
    {"unit": "antall", "kind": "balance"},
    {"unit": "kroner", "kind": "count"},
    {"unit": "antall", "kind": "composition"},                                  # no parts
    {"unit": "antall", "kind": "composition", "categories": [{"id": "a", "label": {"nb": "A"}}]},  # no total
    {"unit": "mill. kroner", "persons": True},
    {"unit": "antall", "kind": "largest"},
])
def test_a_kind_that_is_not_true_of_the_figure_stops_the_catalogue(entry):
    with pytest.raises(ValidationError):
        Indicator.model_validate({**BASE, **entry})


def test_every_indicator_has_a_kind_and_the_catalogue_says_who_is_counted():
    kinds = {i.id: i.figure_kind for i in CATALOGUE}
    assert kinds["mindreforbruk_funksjon"] == "balance"
    assert kinds["egenbetaling_sats"] == "amount"
    assert kinds["barn_med_tiltak_etter_type"] == "composition"
    assert kinds["barn_plassert_etter_type"] == "count"        # foster homes and institutions: no declared total
    assert not CATALOGUE.get("innsynskrav_medier").persons
    assert not any(i.persons for i in CATALOGUE if i.unit != "antall")
