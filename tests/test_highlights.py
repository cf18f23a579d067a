"""Notable changes for the summary, found from the figures (against trend and goal direction)."""
import pandas as pd

from tilstand.compute.highlights import against_goal, against_trend
from tilstand.compute.series import Series
from tilstand.ingest.catalogue import load_catalogue
from tilstand.present.sentences import Wording
from tilstand.present.summary import change_text, highlight_sentence

NB = Wording("nb", frozenset({"Bærum"}))


def _series(indicator_id: str, values: dict[int, float], year: int, **changes) -> Series:
    indicator = load_catalogue().get(indicator_id).model_copy(update=changes)
    frame = pd.DataFrame([{"year": y, "category": "", "region": "9999", "value": v, "status": "",
                           "source": "", "source_ref": "", "note": ""} for y, v in values.items()])
    return Series(indicator, frame, year, "9999")


def test_a_jump_off_a_steady_trend_is_notable():
    steady = _series("meldinger_nye", {2019: 100, 2020: 110, 2021: 120, 2022: 130, 2023: 140, 2024: 250}, 2024)
    on_track = _series("akuttplasseringer", {2019: 20, 2020: 22, 2021: 24, 2022: 26, 2023: 28, 2024: 30}, 2024)
    found = against_trend([steady, on_track])
    assert [h.series.indicator.id for h in found] == ["meldinger_nye"]
    assert found[0].reference == 150          # the line 100, 110, … reaches 150 in 2024
    sentence = highlight_sentence(found[0], "trend", NB)
    assert "høyere" in sentence and "150" in sentence and "2019–2023" in sentence


def test_the_trend_starts_at_a_series_break():
    # meldinger_nye has a break in 2019 (catalogue): 2013–2018 are not part of the line.
    series = _series("meldinger_nye", {2013: 900, 2014: 100, 2015: 900, 2016: 100, 2017: 900, 2018: 100,
                                       2019: 100, 2020: 110, 2021: 120, 2022: 130, 2023: 140, 2024: 250}, 2024)
    found = against_trend([series])
    assert found and found[0].first_year == 2019 and found[0].reference == 150


def test_too_few_earlier_years_are_not_judged_against_a_trend():
    short = _series("meldinger_nye", {2022: 100, 2023: 110, 2024: 400}, 2024)
    assert against_trend([short]) == []


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
    assert change_text(count, 826, 799, NB) == "+27 (+3,4\u00a0%)"        # 27 / 799 = 3,38 %
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
