"""Forsvarlighet at a glance: each measurable legal duty with its figure, earlier years, benchmark
and a status from its declared rule (data/duties.yml), never a judgement of forsvarlighet."""

from __future__ import annotations

import dataclasses

import pytest

from tilstand.compute import duties as rules
from tilstand.compute.suppression import PRIMARY, SUPPRESSION
from tilstand.compute.view import open_view
from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.dataset import Dataset
from tilstand.ingest.duties import Rule, load_duties
from tilstand.ingest.problems import DataValidationError
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.present import duties
from tilstand.present.sentences import Wording

CATALOGUE = load_catalogue(DEFAULT_WORKSPACE.data)
NONE_ALLOWED, ALL = Rule(at_most=0), Rule(at_least=100)


def test_a_status_follows_the_declared_rule():
    assert rules.status(NONE_ALLOWED, 0, False) == rules.MET
    assert rules.status(NONE_ALLOWED, 5, False) == rules.NOT_MET
    assert rules.status(ALL, 100.0, False) == rules.MET
    assert rules.status(ALL, 99.9, False) == rules.NOT_MET
    assert rules.status(ALL, None, False) == rules.MISSING  # no figure is never «met»


def test_a_hidden_count_of_breaches_is_still_a_breach_but_a_hidden_share_is_not_judged():
    # 0 is never hidden, so a hidden count of deadline breaches is at least 1: not met
    assert rules.status(NONE_ALLOWED, None, True, hidden_at_least=1) == rules.NOT_MET
    assert rules.status(ALL, None, True) == rules.HIDDEN
    assert rules.status(NONE_ALLOWED, None, True) == rules.HIDDEN


def test_every_declared_duty_has_a_figure_a_rule_and_its_law_in_both_languages():
    declared = load_duties(DEFAULT_WORKSPACE.data, CATALOGUE)
    assert {d.figure for d in declared} >= {
        "meldinger_fristbrudd",
        "undersokelser_fristbrudd",
        "tiltaksplan_andel",
        "tiltaksplan_evaluert_andel",
        "omsorgsplan_andel",
        "fosterhjem_oppfolgingsbesok_andel",
        "tilsynsbesok_andel",
        "barn_venter_pa_plass",
    }
    for duty in declared:
        for language in ("nb", "nn"):
            assert duty.duty(language) and duty.law_in(2024, language)


def test_the_law_cited_is_the_one_in_force_in_the_report_year():
    review = next(d for d in load_duties(DEFAULT_WORKSPACE.data, CATALOGUE) if d.figure == "meldinger_fristbrudd")
    assert review.law_in(2024, "nb") == "barnevernsloven § 2-1"
    assert review.law_in(2022, "nb") == "barnevernloven (1992) § 4-2"
    assert review.law_in(2024, "nn") == "barnevernslova § 2-1"


@pytest.mark.parametrize(
    "entry, named",
    [
        (
            "- {id: x, duty: {nb: X, nn: X}, law: {2023: {nb: L, nn: L}}, figure: meldinger_gamle, rule: {at_most: 0}}",
            "meldinger_gamle",
        ),
        (
            "- {id: x, duty: {nb: X, nn: X}, law: {2023: {nb: L, nn: L}}, figure: meldinger_fristbrudd, "
            "rule: {at_most: 0, at_least: 100}}",
            "at_most",
        ),
    ],
)
def test_a_bad_duty_stops_with_the_file_and_the_entry_named(tmp_path, entry, named):
    (tmp_path / "duties.yml").write_text(entry + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as error:
        load_duties(tmp_path, CATALOGUE)
    assert "data/duties.yml" in str(error.value) and named in str(error.value)


@pytest.fixture(scope="module")
def example():
    view = open_view("9901", 2024, "nb")
    return view, {row.duty.figure: row for row in duties.duty_rows(view, Wording("nb", frozenset()))}


def test_the_example_municipality_gets_each_duty_with_its_figure_earlier_years_and_status(example):
    view, rows = example
    reviews, investigations = rows["meldinger_fristbrudd"], rows["undersokelser_fristbrudd"]
    assert (reviews.values[2024], reviews.status) == ("0", rules.MET)
    assert (investigations.values[2024], investigations.status) == ("5", rules.NOT_MET)
    assert list(reviews.values.items()) == [(2021, "0"), (2022, "0"), (2023, "6"), (2024, "0")]
    waiting = rows["barn_venter_pa_plass"]
    assert (waiting.values[2024], waiting.status) == ("mangler", rules.MISSING)


def test_the_table_cites_the_law_and_says_missing_as_missing(example):
    view, _ = example
    w = Wording("nb", frozenset())
    rows = duties.duty_rows(view, w)
    table = duties.duties_table(rows, 2024, w)
    assert table.header == ("Lovkrav (kilde)", "Kravet", "2024", "2023", "2022", "2021")
    headings = [name for name, _ in table.rows]
    assert "Fristbrudd: meldinger ikke gjennomgått innen én uke. Krav: høyst 0 (barnevernsloven § 2-1)" in headings
    assert "Barn med hjelpetiltak som har tiltaksplan. Krav: minst 100\xa0% (barnevernsloven § 8-1)" in headings
    statuses = [cells[0] for _, cells in table.rows]
    assert "Oppfylt" in statuses and "Ikke oppfylt" in statuses and "Mangler tall" in statuses
    sentence = duties.overview_sentence(rows, 2024, w)
    met = statuses.count("Oppfylt")
    assert f"Av {len(rows)} lovkrav som kan måles, var {met} oppfylt" in sentence
    assert "For 1 av kravene mangler tallet." in sentence
    assert "forsvarlig" not in sentence  # counted, never judged


def test_a_hidden_count_of_breaches_shows_its_range_and_counts_as_not_met():
    view = open_view("9901", 2024, "nn")
    frame = view.dataset.frame.copy()  # the loaded figures are cached: change a copy
    mask = (
        (frame["indicator"] == "undersokelser_fristbrudd")
        & (frame["kommunenummer"] == "9901")
        & (frame["year"] == 2024)
    )
    frame.loc[mask, "value"], frame.loc[mask, "status"], frame.loc[mask, SUPPRESSION] = float("nan"), ":", PRIMARY
    view = dataclasses.replace(view, dataset=Dataset(frame), _series={})
    row = next(
        r for r in duties.duty_rows(view, Wording("nn", frozenset())) if r.duty.figure == "undersokelser_fristbrudd"
    )
    assert row.values[2024] == f"skjult, 1–{view.settings.small_count_max}"
    assert row.status == rules.NOT_MET


def test_the_csv_has_every_year_of_every_duty(example):
    view, rows = example
    text = duties.duties_csv(list(rows.values()), Wording("nb", frozenset()))
    lines = text.lstrip("\ufeff").splitlines()
    reviews = [line for line in lines if line.startswith("Fristbrudd: meldinger")]
    assert [line.split(";")[3:5] for line in reviews][-2:] == [["2023", "6"], ["2024", "0"]]
    assert reviews[-1].endswith(";Oppfylt") and reviews[-2].endswith(";")
    waiting = [line for line in lines if line.startswith("Barn som venter")]
    assert waiting == []  # no figures in any year: nothing to list, the table says «mangler tall»


def test_a_municipality_with_one_year_gets_no_columns_for_earlier_years(example):
    view, _ = example
    frame = view.dataset.frame
    one_year = dataclasses.replace(view, dataset=Dataset(frame[frame["year"] == 2024].copy()), _series={})
    w = Wording("nb", frozenset())
    table = duties.duties_table(duties.duty_rows(one_year, w), 2024, w)
    assert table.header == ("Lovkrav (kilde)", "Kravet", "2024")
