"""A service may publish one indicator's small counts openly (settings `åpne_små_tall`), with a
written reason that «Om rapporten» names; everything else stays hidden."""

from __future__ import annotations

import dataclasses

import pytest

from tilstand.compute.suppression import suppress
from tilstand.compute.view import open_view
from tilstand.formatting import HIDDEN
from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.dataset import load_dataset
from tilstand.ingest.settings import Settings
from tilstand.present import about
from tilstand.present.sentences import Wording

OPEN = "akuttplasseringer_etter_paragraf"
REASON = "Lederen oppgir tallene åpent i sin vurdering av akuttarbeidet."


@pytest.fixture(scope="module")
def figures():
    frame = load_dataset().frame
    return frame[(frame["kommunenummer"] == "9901") & (frame["year"] == 2024)]


def cell(frame, indicator, category=""):
    row = frame[(frame["indicator"] == indicator) & (frame["category"] == category)].iloc[0]
    return row["value"], row["status"]


def test_the_named_indicator_s_small_counts_are_published_and_others_stay_hidden(figures):
    catalogue = load_catalogue()
    hidden = suppress(figures, catalogue, 4)
    opened = suppress(figures, catalogue, 4, frozenset({OPEN}))
    assert cell(hidden, OPEN, "bvl_4_2")[1] == HIDDEN
    assert cell(opened, OPEN, "bvl_4_2") == (2.0, "")
    assert cell(opened, OPEN, "bvl_4_4") == (4.0, "")
    small_elsewhere = opened[
        (opened["indicator"] != OPEN) & opened["indicator"].map(lambda i: catalogue.get(i).persons)
    ]
    assert (small_elsewhere["value"].between(1, 4)).sum() == 0  # nothing else small is shown


def test_om_rapporten_names_the_indicator_and_the_reason():
    view = open_view("9901", 2024, "nb")
    opened = dataclasses.replace(view, settings=Settings(**{"åpne_små_tall": {OPEN: REASON}}))
    title = view.catalogue.get(OPEN).title("nb")
    assert (
        about.open_counts_sentence(opened, Wording("nb"))
        == f"Tjenesten viser likevel små tall åpent for «{title}». Begrunnelse: {REASON}"
    )
    assert about.open_counts_sentence(view, Wording("nb")) == ""
