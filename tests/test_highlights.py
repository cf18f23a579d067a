"""Notable changes for the summary, found from the figures (against trend and goal direction)."""

import pandas as pd

from tilstand.compute.highlights import against_goal, against_range, has_history, has_previous_year
from tilstand.compute.series import Series
from tilstand.ingest.catalogue import load_catalogue
from tilstand.present.sentences import Wording
from tilstand.present.summary import change_text, highlight_sentence

NB = Wording("nb", frozenset({"Bærum"}))


def _series(indicator_id: str, values: dict[int, float], year: int, **changes) -> Series:
    indicator = load_catalogue().get(indicator_id).model_copy(update=changes)
    frame = pd.DataFrame(
        [
            {
                "year": y,
                "category": "",
                "region": "9999",
                "value": v,
                "status": "",
                "source": "",
                "source_ref": "",
                "note": "",
            }
            for y, v in values.items()
        ]
    )
    return Series(indicator, frame, year, "9999")


BAERUM_NEW_REPORTS = {
    2015: 762,
    2016: 847,
    2017: 891,
    2018: 813,
    2019: 841,
    2020: 851,
    2021: 743,
    2022: 668,
    2023: 799,
    2024: 826,
}


def test_a_value_inside_the_earlier_years_range_is_never_unusual():
    """Once: «Nye meldinger var 826 … tydelig høyere enn utviklingen 2019–2023 skulle tilsi (om lag
    700)» while 2019 and 2020 had 841 and 851."""
    reports = _series("meldinger_nye", BAERUM_NEW_REPORTS, 2024)
    assert against_range([reports]) == []
    assert against_range([reports], exclude=(2020, 2021, 2022)) == []


def test_a_value_outside_the_range_is_said_in_words_a_reader_can_check():
    reports = _series("meldinger_nye", {**BAERUM_NEW_REPORTS, 2024: 612}, 2024)
    (found,) = against_range([reports], exclude=(2020, 2021))
    assert (found.first_year, found.last_year, found.low, found.high) == (2019, 2023, 668, 841)
    sentence = highlight_sentence(found, "trend", NB)
    assert sentence == (
        "Nye meldinger var 612 i 2024, lavere enn i noe tidligere år med tall, "
        "utenfor spennet i 2019 og 2022–2023 (668–841)."
    )
    high = _series("meldinger_nye", {**BAERUM_NEW_REPORTS, 2024: 870}, 2024)
    (found,) = against_range([high])
    assert highlight_sentence(found, "trend", NB) == (
        "Nye meldinger var 870 i 2024, det høyeste siden 2017, utenfor spennet i 2019–2023 (668–851)."
    )


def test_the_range_starts_at_a_series_break():
    # meldinger_nye has a break in 2019 (catalogue): 2013–2018 are not part of the range.
    series = _series(
        "meldinger_nye",
        {2016: 100, 2017: 900, 2018: 100, 2019: 100, 2020: 110, 2021: 120, 2022: 130, 2023: 140, 2024: 250},
        2024,
    )
    (found,) = against_range([series])
    assert found.first_year == 2019 and found.high == 140 and found.since == 2017


def test_too_few_earlier_years_say_nothing_is_unusual_and_say_so():
    short = _series("meldinger_nye", {2022: 100, 2023: 110, 2024: 400}, 2024)
    assert against_range([short]) == [] and not has_history([short])
    one_year = _series("meldinger_nye", {2024: 400}, 2024)
    assert not has_history([one_year]) and not has_previous_year([one_year])


def test_a_share_is_never_extrapolated():
    """A levelling share is not projected in a straight line: 96 after 90, 93, 95 is inside nothing
    but the top of the range, said as the highest, never against a line that reads like a target."""
    plans = _series("tiltaksplan_evaluert_andel", {2021: 90.0, 2022: 93.0, 2023: 95.0, 2024: 94.0}, 2024)
    assert against_range([plans]) == []


def test_goal_direction_says_wanted_or_not():
    # tiltaksplan_evaluert_andel: higher is better (catalogue); 75,9 → 71,5 is the unwanted way
    plans = _series("tiltaksplan_evaluert_andel", {2023: 75.9, 2024: 71.5}, 2024)
    sick = _series("sykefravaer_andel", {2023: 9.0, 2024: 7.0}, 2024)
    found = {h.series.indicator.id: h for h in against_goal([plans, sick])}
    assert found["tiltaksplan_evaluert_andel"].wanted is False
    sentence = highlight_sentence(found["tiltaksplan_evaluert_andel"], "goal", NB)
    assert "motsatt retning" in sentence and "4,4\u00a0prosentpoeng" in sentence
    assert found["sykefravaer_andel"].wanted is True


def test_indicators_without_a_goal_are_left_out_of_the_goal_list():
    reports = _series("meldinger_nye", {2023: 100, 2024: 200}, 2024)
    assert reports.indicator.higher_is_better is None
    assert against_goal([reports]) == []


def test_change_text_counts_and_shares():
    count = _series("meldinger_nye", {2023: 799, 2024: 826}, 2024)
    share = _series("meldinger_henlagt_andel", {2023: 14.0, 2024: 11.7}, 2024)
    assert change_text(count, 826, 799, NB) == "+27 (+3,4\u00a0%)"  # 27 / 799 = 3,38 %
    assert change_text(share, 11.7, 14.0, NB) == "\u22122,3\u00a0prosentpoeng"
    assert change_text(count, None, 799, NB) == ""


def test_no_percent_change_on_a_base_of_zero_or_across_zero():
    money = _series("mindreforbruk_funksjon", {2023: 3.3, 2024: -1.1}, 2024)
    assert change_text(money, -1.1, 3.3, NB) == "\u22124,4\u00a0mill.\u00a0kr"
    count = _series("akuttplasseringer", {2023: 0, 2024: 5}, 2024)
    assert change_text(count, 5, 0, NB) == "+5"


def test_labels_inside_sentences_keep_names_and_acronyms():
    assert NB.in_sentence("Politi") == "politi"
    assert NB.in_sentence("Barn i behandling i MST-CAN") == "barn i behandling i MST-CAN"
    assert NB.in_sentence("PPT") == "PPT" and NB.in_sentence("Bærum") == "Bærum"
    assert NB.in_sentence("§ 4-1 (frivillig)") == "§ 4-1 (frivillig)"
