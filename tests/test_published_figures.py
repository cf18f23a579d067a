"""The transcribed figures agree with each other the way the published reports say they do.

Shares are recomputed from the counts read into the dataset (not from the seed text), so a
mistyped count or share in data/observations/ makes these tests fail.
"""

import pytest

from tilstand.ingest.dataset import load_dataset, read_observations
from tilstand.paths import DEFAULT_WORKSPACE

DATA_DIR = DEFAULT_WORKSPACE.data

ROUNDING = 0.05 + 1e-9  # shares are printed with one decimal


@pytest.fixture(scope="module")
def frame():
    return load_dataset().frame


def value(frame, indicator, region, year, category="", source=None):
    rows = frame[
        (frame["indicator"] == indicator)
        & (frame["kommunenummer"] == region)
        & (frame["year"] == year)
        & (frame["category"] == category)
    ]
    if source:
        rows = rows[rows["source"] == source]
    assert len(rows) == 1, (indicator, region, year, category)
    return rows["value"].iloc[0]


def test_table_2_shares_are_table_1_counts_over_the_total(frame):
    """2024 report, tabell 2 = tabell 1 / Totalt, for every year and instans where both are printed."""
    counts = frame[
        (frame["indicator"] == "meldinger_etter_instans")
        & (frame["source"] == "baerum_tr_2024")
        & (frame["category"] != "")
        & frame["value"].notna()
    ]
    checked = 0
    for row in counts.itertuples():
        total = value(frame, "meldinger_nye", "3201", row.year, source="baerum_tr_2024")
        shares = frame[
            (frame["indicator"] == "meldinger_etter_instans_andel")
            & (frame["year"] == row.year)
            & (frame["kommunenummer"] == "3201")
            & (frame["category"] == row.category)
            & (frame["source"] == "baerum_tr_2024")
        ]
        if shares.empty:
            continue
        assert shares["value"].iloc[0] == pytest.approx(100 * row.value / total, abs=ROUNDING), row
        checked += 1
    # 10 years × 11 readable instanser plus 6 years of the unreadable row, less Barnet 2024 (not printed).
    assert checked == 115


def test_table_1_parts_add_up_to_totalt(frame):
    """Tabell 1 adds up for 2015–2023; in 2024 the Barnet count is missing, and stays missing."""
    for year in range(2015, 2025):
        parts = frame[
            (frame["indicator"] == "meldinger_etter_instans")
            & (frame["kommunenummer"] == "3201")
            & (frame["year"] == year)
            & (frame["category"] != "")
            & (frame["source"] == "baerum_tr_2024")
        ]
        total = value(frame, "meldinger_nye", "3201", year)
        if year < 2024:
            assert parts["value"].sum() == total, year
        else:
            barnet = parts[parts["category"] == "barnet"]
            assert barnet["value"].isna().all() and (barnet["status"] == "..").all()
            assert total - parts["value"].sum() == 5


def test_asss_shares_are_its_counts_over_sum_meldinger():
    """ASSS text «Hvor kommer meldingene fra?»: Fordeling = Antall / SUM meldinger, 2021–2023."""
    rows = read_observations(DATA_DIR / "observations" / "baerum_asss_2023.csv")
    counts = rows[rows["indicator"] == "meldinger_etter_instans"]
    shares = rows[rows["indicator"] == "meldinger_etter_instans_andel"].set_index(["year", "category"])["value"]
    for year in (2021, 2022, 2023):
        total = value(rows, "meldinger_nye", "3201", year)
        parts = counts[counts["year"] == year]
        assert len(parts) == 9
        assert parts["value"].sum() == total
        for part in parts.itertuples():
            assert shares[(year, part.category)] == pytest.approx(100 * part.value / total, abs=ROUNDING)


def test_asss_and_2024_report_give_the_same_meldinger(frame):
    """Both documents print 2021–2023 instanser; the ASSS «Øvrige» gathers four rows of tabell 1."""
    rows = read_observations(DATA_DIR / "observations" / "baerum_asss_2023.csv")
    asss = rows[rows["indicator"] == "meldinger_etter_instans"].set_index(["year", "category"])["value"]
    for year in (2021, 2022, 2023):
        for category in (
            "skole",
            "barnehage",
            "politi",
            "barnevernstjenesten",
            "foresatte",
            "barnet",
            "andre_private",
            "lege_sykehus",
        ):
            assert value(frame, "meldinger_etter_instans", "3201", year, category) == asss[(year, category)]
        gathered = sum(
            value(frame, "meldinger_etter_instans", "3201", year, c)
            for c in ("ovrige", "uleselig", "helsestasjon", "ppt")
        )
        assert gathered == asss[(year, "ovrige")]
        assert value(frame, "meldinger_nye", "3201", year) == value(rows, "meldinger_nye", "3201", year)


def test_foster_home_visits_2018(frame):
    """2018 report: «96,4 % … det manglet åtte av 220 lovpålagte besøk» → 212 / 220."""
    required = value(frame, "fosterhjem_oppfolgingsbesok_pakrevd", "3201", 2018)
    missing = value(frame, "fosterhjem_oppfolgingsbesok_manglende", "3201", 2018)
    share = value(frame, "fosterhjem_oppfolgingsbesok_andel", "3201", 2018)
    assert (required, missing) == (220, 8)
    assert share == pytest.approx(100 * (required - missing) / required, abs=ROUNDING)


def test_emergency_placements_by_paragraph_add_up_2024(frame):
    parts = frame[
        (frame["indicator"] == "akuttplasseringer_etter_paragraf")
        & (frame["kommunenummer"] == "3201")
        & (frame["year"] == 2024)
    ]
    assert parts["value"].sum() == value(frame, "akuttplasseringer", "3201", 2024) == 24


def test_children_with_measures_shares_2024_add_up(frame):
    """«92,3 %» hjelpetiltak and «7,7 %» omsorgstiltak."""
    shares = [
        value(frame, "barn_med_tiltak_etter_type_andel", "3201", 2024, c) for c in ("hjelpetiltak", "omsorgstiltak")
    ]
    assert sum(shares) == pytest.approx(100)


@pytest.mark.parametrize("category", ["institusjonsplass", "beredskapshjem_spesialiserte_fosterhjem"])
@pytest.mark.parametrize("year", [2021, 2022])
def test_monthly_co_payment_rates_times_12_are_the_yearly_rates(frame, category, year):
    """Reform slides (monthly, national) × 12 = 2024 report tabell 7 (yearly)."""
    monthly = value(frame, "egenbetaling_sats_maned", "EAK", year, category)
    yearly = value(frame, "egenbetaling_sats", "EAK", year, category)
    assert monthly * 12 == yearly


def test_cost_per_measure_month_times_12_is_the_year(frame):
    """Tabell 9 of the 2024 report prints both; they differ only by rounding of the month."""
    months = frame[(frame["indicator"] == "utgift_per_tiltak_maned") & (frame["kommunenummer"] == "3201")]
    assert len(months) == 6
    for row in months.itertuples():
        year = value(frame, "utgift_per_tiltak_ar", "3201", row.year, row.category)
        assert abs(row.value * 12 - year) <= 12, row.category


def test_savings_on_function_244(frame):
    """2018 report 4.3: 12,1 mill. decided, 1,2 mill. reversed, 10,9 mill. carried out."""
    decided = value(frame, "innsparing_f244_vedtatt_kumulativ", "3201", 2019)
    reversed_ = value(frame, "innsparing_f244_tilbakefort", "3201", 2019)
    done = value(frame, "innsparing_f244_gjennomfort_kumulativ", "3201", 2019)
    assert decided - reversed_ == pytest.approx(done)


@pytest.mark.parametrize("function", ["f244", "f251", "f252"])
def test_unit_costs_2023_are_the_same_in_profile_and_fixed_price_tables(frame, function):
    """2023 is the base year of the fixed-price tables, so both tables print the same number."""
    nominal = value(frame, f"enhetskostnad_{function}_per_barn", "3201", 2023)
    fixed = value(frame, f"enhetskostnad_{function}_per_barn_2023kr", "3201", 2023)
    assert nominal == fixed
