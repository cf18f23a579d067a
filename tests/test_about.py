"""The standard texts say only what is true of the municipality's figures: a fictitious
municipality with one year of its own figures is told neither of ten years, nor of earlier
reports, nor of SSB."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tilstand.compute.view import open_view
from tilstand.ingest.dataset import Dataset
from tilstand.present import about
from tilstand.present.sentences import Wording

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"


@pytest.fixture(scope="module")
def full():
    return open_view("9901", 2024, "nb")


@pytest.fixture(scope="module")
def one_year(full):
    """9901 as a municipality that has used the tool for one year: its own figures for 2024 only."""
    frame = full.dataset.frame
    return dataclasses.replace(full, dataset=Dataset(frame[frame["year"] == 2024].copy()), _series={})


def texts(view, language="nb") -> str:
    w = Wording(language)
    return " ".join([about.sources_sentence(view, w), about.period_sentence(view, w), about.intro_sentence(view, w)])


def test_one_year_of_own_figures_is_said_and_nothing_about_earlier_years_or_other_sources(one_year):
    said = texts(one_year)
    assert "Kommunen har tall bare for 2024." in said
    assert "ennå ingen utvikling over tid" in said
    for claim in ("ti år", "tidligere tilstandsrapporter", "SSB", "siden", "–2024"):
        assert claim not in said
    assert "Tallene kommer fra tjenestens fagsystem, regnskap og personalsystem. Under hver figur står kilden." in said


def test_one_year_in_nynorsk(one_year):
    said = texts(one_year, "nn")
    assert "Kommunen har tal berre for 2024." in said and "tidlegare tilstandsrapportar" not in said


def test_several_years_give_the_span_the_figures_show(full):
    said = texts(full)
    assert "Figurene viser årene 2020–2024 der kommunen har tall" in said
    assert "hvordan tallene har utviklet seg siden 2020" in said


def test_figures_from_earlier_reports_and_ssb_are_named_only_when_there_are_some(full):
    frame = full.dataset.frame.copy()
    frame.loc[(frame["kommunenummer"] == "9901") & (frame["year"] < 2022), "origin"] = "report"
    view = dataclasses.replace(full, dataset=Dataset(frame), _series={})
    assert about.sources_sentence(view, Wording("nb")) == (
        "Tallene kommer fra tjenestens fagsystem, regnskap og personalsystem og fra kommunens tidligere "
        "tilstandsrapporter. Under hver figur står kilden."
    )


@pytest.mark.parametrize("chapter", ["intro", "om_rapporten", "sammendrag"])
def test_the_standard_texts_make_no_fixed_claim_about_the_years_or_sources(chapter):
    text = (CHAPTERS / f"{chapter}.md").read_text(encoding="utf-8")
    for claim in (
        "ti år",
        "tidligere\ntilstandsrapporter",
        "tidligere tilstandsrapporter",
        "utvikling over tid",
        "utviklet seg over tid",
        "tidlegare\ntilstandsrapportar",
        "utvikla seg over tid",
    ):
        assert claim not in text, f"{chapter}.md: «{claim}»"


def test_years_left_out_as_not_representative_come_from_the_settings(full):
    """Once: «pandemiårene 2020–2022 er holdt utenfor» stood fixed in the economy chapter, also for a
    municipality whose settings name no such years (its prognosis then used them)."""
    assert full.settings.not_representative_years == ()
    assert about.not_representative_sentence(full, Wording("nb")) == "Alle årene med tall er med."
    assert about.not_representative_sentence(full, Wording("nn")) == "Alle åra med tal er med."
    other = dataclasses.replace(full, settings=full.settings.model_copy(update={"not_representative_years": (2021,)}))
    said = about.not_representative_sentence(other, Wording("nb"))
    assert "2021" in said and "2020" not in said and "2022" not in said


def test_the_2022_rates_reform_is_told_only_to_a_report_whose_figures_span_it(full):
    assert "barnevernsreformen i 2022" in about.rates_reform_sentence(full, Wording("nb"))
    before = open_view("9901", 2021, "nb")
    assert about.rates_reform_sentence(before, Wording("nb")) == ""


@pytest.mark.parametrize("chapter", ["okonomi"])
def test_the_chapters_name_no_fixed_years_of_the_data(chapter):
    text = (CHAPTERS / f"{chapter}.md").read_text(encoding="utf-8")
    for claim in ("2020–2022", "pandemiårene", "pandemiåra", "reformen i 2022", "reforma i 2022"):
        assert claim not in text, f"{chapter}.md: «{claim}»"


def test_the_economy_page_says_which_years_the_prognosis_leaves_out(default_site, nynorsk_site):
    from bs4 import BeautifulSoup

    def text(site):
        page = (site / "chapters" / "okonomi.html").read_text(encoding="utf-8")
        return BeautifulSoup(page, "html.parser").get_text(" ", strip=True)

    assert "Årene 2020–2022 er holdt utenfor fordi de ikke regnes som representative." in text(default_site)
    nynorsk = text(nynorsk_site)  # 9904's settings name no such years
    assert "Alle åra med tal er med." in nynorsk and "2020–2022" not in nynorsk
