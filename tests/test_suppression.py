"""Small counts are hidden before publishing, with every cell that would give them away."""

import shutil

import pandas as pd
import pytest

from tilstand.compute.suppression import HIDDEN_REMAINDER, PRIMARY, SECONDARY, SUPPRESSION, reveals, suppress
from tilstand.ingest import settings as settings_module
from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.dataset import load_dataset
from tilstand.paths import DEFAULT_WORKSPACE, Workspace

CATALOGUE = load_catalogue()


def frame(*rows):
    """rows: (region, year, indicator, category, value)."""
    return pd.DataFrame(
        [
            {"region": r, "kommunenummer": r, "year": y, "indicator": i, "category": c, "value": float(v), "status": ""}
            for r, y, i, c, v in rows
        ]
    )


def shown(result, indicator, category="", region="9902", year=2024):
    row = result[
        (result["indicator"] == indicator)
        & (result["category"] == category)
        & (result["kommunenummer"] == region)
        & (result["year"] == year)
    ].iloc[0]
    return None if row["status"] == ":" else row["value"]


def test_counts_1_to_4_hidden_0_and_5_shown():
    years = {2018: 0, 2019: 1, 2020: 2, 2021: 3, 2022: 4, 2023: 5}
    result = suppress(frame(*[("9902", y, "akuttplasseringer", "", v) for y, v in years.items()]), CATALOGUE, 4)
    assert [shown(result, "akuttplasseringer", year=y) for y in years] == [0, None, None, None, None, 5]
    hidden = result[result["status"] == ":"]
    assert hidden["value"].isna().all(), "a hidden count must not keep its value"


def test_shares_and_money_are_not_counts():
    result = suppress(
        frame(
            ("9902", 2024, "meldinger_henlagt_andel", "", 3.0),
            ("9902", 2024, "egenbetaling_sats", "institusjonsplass", 2),
        ),
        CATALOGUE,
        4,
    )
    assert shown(result, "meldinger_henlagt_andel") == 3.0
    assert shown(result, "egenbetaling_sats", "institusjonsplass") == 2


def test_the_complement_cell_is_hidden_too():
    # 20 children = 17 hjelpetiltak + 3 omsorgstiltak: hiding 3 alone leaves 20 − 17 = 3 readable.
    result = suppress(
        frame(
            ("9902", 2024, "barn_med_tiltak", "", 20),
            ("9902", 2024, "barn_med_tiltak_etter_type", "hjelpetiltak", 17),
            ("9902", 2024, "barn_med_tiltak_etter_type", "omsorgstiltak", 3),
        ),
        CATALOGUE,
        4,
    )
    assert shown(result, "barn_med_tiltak_etter_type", "omsorgstiltak") is None
    assert shown(result, "barn_med_tiltak_etter_type", "hjelpetiltak") is None
    assert shown(result, "barn_med_tiltak") == 20


def test_the_smallest_other_part_is_the_one_hidden():
    places = ("hybel", "fosterhjem", "bofellesskap_hybelfellesskap", "annet")
    rows = [("9902", 2024, "enslige_mindrearige", "", 40)]
    rows += [("9902", 2024, "enslige_mindrearige_etter_bosted", c, v) for c, v in zip(places, (20, 9, 8, 3))]
    result = suppress(frame(*rows), CATALOGUE, 4)
    assert [shown(result, "enslige_mindrearige_etter_bosted", c) for c in places] == [20, 9, None, None]


def test_only_counts_of_persons_are_hidden():
    """Media outlets and staff identify no child: 3 of them is shown as 3. Reports, deadline
    breaches and visits each concern a child, so 3 of them is hidden like 3 children."""
    open_ids = ("innsynskrav_medier", "sluttet_antall", "samarbeidsinstanser_prioriterte")
    child_ids = (
        "meldinger_fristbrudd",
        "fosterhjem_oppfolgingsbesok_manglende",
        "akuttplasseringer",
        "ettervern_unge_voksne",
    )
    result = suppress(frame(*[("9902", 2024, i, "", 3) for i in open_ids + child_ids]), CATALOGUE, 4)
    assert [shown(result, i) for i in open_ids] == [3, 3, 3]
    assert [shown(result, i) for i in child_ids] == [None, None, None, None]


def test_two_small_hidden_parts_that_add_up_to_a_small_number_get_company():
    # 1 + 2 hidden: 30 − 27 would still say "3 children in § 4-2 and § 4-4".
    rows = [("9902", 2024, "akuttplasseringer", "", 30)]
    rows += [
        ("9902", 2024, "akuttplasseringer_etter_paragraf", c, v)
        for c, v in [("bvl_4_1", 20), ("bvl_4_2", 1), ("bvl_4_3", 0), ("bvl_4_4", 2), ("bvl_4_5", 7)]
    ]
    result = suppress(frame(*rows), CATALOGUE, 4)
    visible = {
        c: shown(result, "akuttplasseringer_etter_paragraf", c)
        for c in ("bvl_4_1", "bvl_4_2", "bvl_4_3", "bvl_4_4", "bvl_4_5")
    }
    assert visible == {"bvl_4_1": 20, "bvl_4_2": None, "bvl_4_3": 0, "bvl_4_4": None, "bvl_4_5": None}


def test_the_total_is_hidden_when_no_other_part_can_cover():
    # 7 = 3 + 0 + (4 not given): no visible part above 0 can join the 3, so the total goes.
    result = suppress(
        frame(
            ("9902", 2024, "akuttplasseringer", "", 7),
            ("9902", 2024, "akuttplasseringer_etter_paragraf", "bvl_4_1", 3),
            ("9902", 2024, "akuttplasseringer_etter_paragraf", "bvl_4_2", 0),
        ),
        CATALOGUE,
        4,
    )
    assert shown(result, "akuttplasseringer_etter_paragraf", "bvl_4_1") is None
    assert shown(result, "akuttplasseringer_etter_paragraf", "bvl_4_2") == 0
    assert shown(result, "akuttplasseringer") is None


def test_share_of_a_hidden_count_is_hidden():
    result = suppress(
        frame(
            ("9902", 2024, "barn_med_tiltak", "", 40),
            ("9902", 2024, "barn_med_tiltak_etter_type", "hjelpetiltak", 37),
            ("9902", 2024, "barn_med_tiltak_etter_type", "omsorgstiltak", 3),
            ("9902", 2024, "barn_med_tiltak_etter_type_andel", "hjelpetiltak", 92.5),
            ("9902", 2024, "barn_med_tiltak_etter_type_andel", "omsorgstiltak", 7.5),
        ),
        CATALOGUE,
        4,
    )
    assert shown(result, "barn_med_tiltak_etter_type_andel", "omsorgstiltak") is None
    assert shown(result, "barn_med_tiltak_etter_type_andel", "hjelpetiltak") is None


def test_share_that_gives_away_a_small_count_is_hidden_even_without_the_count():
    # 6 % of 50 children is 3 children; 94 % of 50 is 47 and may be shown.
    result = suppress(
        frame(
            ("9902", 2024, "barn_med_tiltak", "", 50),
            ("9902", 2024, "barn_med_tiltak_etter_type_andel", "omsorgstiltak", 6.0),
            ("9902", 2024, "barn_med_tiltak_etter_type_andel", "hjelpetiltak", 94.0),
        ),
        CATALOGUE,
        4,
    )
    assert shown(result, "barn_med_tiltak_etter_type_andel", "omsorgstiltak") is None
    assert shown(result, "barn_med_tiltak_etter_type_andel", "hjelpetiltak") == 94.0


def test_share_of_a_tiny_denominator_is_hidden():
    result = suppress(
        frame(
            ("9902", 2024, "barn_med_tiltak", "", 4),
            ("9902", 2024, "barn_med_tiltak_etter_type_andel", "hjelpetiltak", 100.0),
            ("9902", 2024, "barn_med_tiltak_etter_type_andel", "omsorgstiltak", 0.0),
        ),
        CATALOGUE,
        4,
    )
    assert shown(result, "barn_med_tiltak_etter_type_andel", "hjelpetiltak") is None
    assert shown(result, "barn_med_tiltak_etter_type_andel", "omsorgstiltak") is None


@pytest.mark.parametrize("region", ["EAK", "EKG12", "ASSS_MEAN"])
def test_comparison_regions_are_untouched(region):
    given = frame(
        (region, 2024, "akuttplasseringer", "", 3),
        (region, 2024, "barn_med_tiltak_etter_type", "omsorgstiltak", 2),
        (region, 2024, "barn_med_tiltak_etter_type", "hjelpetiltak", 30),
    )
    result = suppress(given, CATALOGUE, 4)
    pd.testing.assert_frame_equal(result[given.columns], given)
    assert (result[SUPPRESSION] == "").all()


def test_threshold_is_configurable():
    given = frame(*[("9902", 2024 - v, "akuttplasseringer", "", v) for v in (2, 3, 6)])
    assert [shown(suppress(given, CATALOGUE, 2), "akuttplasseringer", year=2024 - v) for v in (2, 3, 6)] == [None, 3, 6]
    assert [shown(suppress(given, CATALOGUE, 5), "akuttplasseringer", year=2024 - v) for v in (2, 3, 6)] == [
        None,
        None,
        6,
    ]
    assert suppress(given, CATALOGUE, 0).equals(given)


def test_threshold_comes_from_the_municipality_settings(tmp_path):
    workspace = Workspace(tmp_path)
    shutil.copytree(DEFAULT_WORKSPACE.data / "municipalities", tmp_path / "data" / "municipalities")
    shutil.copy(DEFAULT_WORKSPACE.data / "indicators.yml", tmp_path / "data")
    shutil.copy(DEFAULT_WORKSPACE.data / "colours.yml", tmp_path / "data")  # the catalogue reads both
    (tmp_path / "data" / "settings").mkdir()
    (tmp_path / "data" / "settings" / "9902.yml").write_text("små_tall: 6\n", encoding="utf-8")
    assert settings_module.load_settings("9901", workspace).small_count_max == 4
    assert settings_module.load_settings("9902", workspace).small_count_max == 6


def test_the_repository_setting_is_the_legal_minimum():
    assert settings_module.load_settings("9902").small_count_max >= 4


def test_smaaby_publishes_no_count_from_1_to_4_and_no_readable_complement():
    """The fictitious small municipality 9902, as a report would publish it."""
    full = load_dataset().frame
    result = suppress(full, CATALOGUE, 4)
    own = result["kommunenummer"] == "9902"
    counts = result["indicator"].map(lambda i: CATALOGUE.get(i).persons)
    assert not result.loc[own & counts, "value"].between(1, 4).any()
    assert (full.loc[own & counts, "value"].between(1, 4)).sum() >= 10, "9902 must keep testing small counts"
    parts_only = own & counts & ~result["category"].isin(["", HIDDEN_REMAINDER])
    for (indicator, year), parts in result[parts_only].groupby(["indicator", "year"]):
        total_id = CATALOGUE.get(indicator).total or indicator
        total = full[
            (full["indicator"] == total_id)
            & (full["kommunenummer"] == "9902")
            & (full["year"] == year)
            & (full["category"] == "")
        ]
        hidden = parts["status"] == ":"
        if total.empty or not hidden.any() or pd.isna(result.loc[total.index[0], "value"]):
            continue
        readable = total["value"].iloc[0] - parts.loc[~hidden, "value"].sum()
        assert not 1 <= readable <= 4 and hidden.sum() >= 2, (indicator, year)


def test_the_hidden_parts_sum_is_published_only_when_it_reveals_nothing():
    # 30 = 20 + 1 + 0 + 2 + 7: § 4-2, § 4-4 and § 4-5 are hidden; together they are 10, which
    # the total already tells (30 − 20 − 0), so a stacked bar may show 10 as one «skjult» segment.
    rows = [("9902", 2024, "akuttplasseringer", "", 30)]
    rows += [
        ("9902", 2024, "akuttplasseringer_etter_paragraf", c, v)
        for c, v in [("bvl_4_1", 20), ("bvl_4_2", 1), ("bvl_4_3", 0), ("bvl_4_4", 2), ("bvl_4_5", 7)]
    ]
    assert shown(suppress(frame(*rows), CATALOGUE, 4), "akuttplasseringer_etter_paragraf", HIDDEN_REMAINDER) == 10
    # 7 = 3 + 0: the 3 cannot get company, so the total is hidden and no sum is published.
    small = suppress(
        frame(
            ("9902", 2024, "akuttplasseringer", "", 7),
            ("9902", 2024, "akuttplasseringer_etter_paragraf", "bvl_4_1", 3),
            ("9902", 2024, "akuttplasseringer_etter_paragraf", "bvl_4_2", 0),
        ),
        CATALOGUE,
        4,
    )
    assert HIDDEN_REMAINDER not in set(small["category"])


def why(result, indicator, category="", region="9902", year=2024):
    row = result[
        (result["indicator"] == indicator)
        & (result["category"] == category)
        & (result["kommunenummer"] == region)
        & (result["year"] == year)
    ].iloc[0]
    return row[SUPPRESSION]


def test_each_hidden_cell_says_whether_it_is_small_or_hidden_to_protect_one():
    # 40 = 20 + 9 + 8 + 3: the 3 is small (1–4); the 8 is hidden only so that 40 − 20 − 9 − 8 gives nothing away.
    places = ("hybel", "fosterhjem", "bofellesskap_hybelfellesskap", "annet")
    rows = [("9902", 2024, "enslige_mindrearige", "", 40)]
    rows += [("9902", 2024, "enslige_mindrearige_etter_bosted", c, v) for c, v in zip(places, (20, 9, 8, 3))]
    result = suppress(frame(*rows), CATALOGUE, 4)
    assert [why(result, "enslige_mindrearige_etter_bosted", c) for c in places] == ["", "", SECONDARY, PRIMARY]
    assert why(result, "enslige_mindrearige") == ""


def test_a_hidden_total_and_a_share_are_secondary():
    # 7 = 3 + 0: the total goes to protect the 3; the share of 3 in 40 is no small count itself.
    result = suppress(
        frame(
            ("9902", 2024, "akuttplasseringer", "", 7),
            ("9902", 2024, "akuttplasseringer_etter_paragraf", "bvl_4_1", 3),
            ("9902", 2024, "akuttplasseringer_etter_paragraf", "bvl_4_2", 0),
            ("9902", 2024, "barn_med_tiltak", "", 40),
            ("9902", 2024, "barn_med_tiltak_etter_type_andel", "omsorgstiltak", 7.5),
        ),
        CATALOGUE,
        4,
    )
    assert why(result, "akuttplasseringer_etter_paragraf", "bvl_4_1") == PRIMARY
    assert why(result, "akuttplasseringer") == SECONDARY
    assert why(result, "barn_med_tiltak_etter_type_andel", "omsorgstiltak") == SECONDARY
    assert why(result, "akuttplasseringer_etter_paragraf", "bvl_4_2") == ""


def test_knowing_which_hidden_parts_are_small_gives_none_of_them_away():
    """The page marks small hidden parts «skjult, 1–4» and the others apart, so a reader knows the
    others are 5 or more: 1 + 5 = 6 hidden would then say «1» and «5». Another part joins them."""
    assert reveals([1, 5], [True, False], 4)  # 6 − 5 = 1: the small one is 1
    assert reveals([4, 4], [True, True], 4)  # both small, 8: both are 4
    assert not reveals([3, 8], [True, False], 4)  # 11: the small one can be 1–4
    assert not reveals([3, 4], [True, True], 4)  # 7: 3 + 4 or 4 + 3
    rows = [("9902", 2024, "akuttplasseringer", "", 40)]
    rows += [
        ("9902", 2024, "akuttplasseringer_etter_paragraf", c, v)
        for c, v in [("bvl_4_1", 28), ("bvl_4_2", 1), ("bvl_4_4", 5), ("bvl_4_5", 6)]
    ]
    result = suppress(frame(*rows), CATALOGUE, 4)
    hidden = [
        c
        for c in ("bvl_4_1", "bvl_4_2", "bvl_4_4", "bvl_4_5")
        if shown(result, "akuttplasseringer_etter_paragraf", c) is None
    ]
    assert hidden == ["bvl_4_2", "bvl_4_4", "bvl_4_5"]
    assert shown(result, "akuttplasseringer_etter_paragraf", HIDDEN_REMAINDER) == 12
