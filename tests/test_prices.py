"""Fixed prices reproduce the ASSS text's 2023-kroner figures and never guess a missing index."""

import csv

import pytest

from tilstand.compute import prices
from tilstand.ingest.reference import deflator as load_deflator
from tilstand.paths import DEFAULT_WORKSPACE

DATA_DIR = DEFAULT_WORKSPACE.data


def to_fixed_prices(value, from_year, to_year):
    return prices.to_fixed_prices(value, from_year, to_year, load_deflator())


# /work/shared/seeds/002_…: nominal unit costs (tjenesteprofil, Bærum) and the same in 2023 kroner
# (tables «Brutto driftsutgifter (funksjon 244/251/252) per barn …»).
PRINTED_PAIRS = [
    ("f244", 2021, 74_373, 83_005),
    ("f244", 2022, 97_063, 101_431),
    ("f251", 2021, 61_447, 68_579),
    ("f251", 2022, 84_664, 88_474),
    ("f252", 2021, 575_381, 642_160),
    ("f252", 2022, 787_347, 822_777),
]


@pytest.mark.parametrize(("function", "year", "nominal", "in_2023_kroner"), PRINTED_PAIRS)
def test_reproduces_the_asss_text_within_one_krone(function, year, nominal, in_2023_kroner):
    assert to_fixed_prices(nominal, year, 2023) == pytest.approx(in_2023_kroner, abs=1)


def test_same_year_is_unchanged():
    assert to_fixed_prices(105_785, 2023, 2023) == 105_785


def test_back_and_forth_is_the_identity():
    there = to_fixed_prices(74_373, 2021, 2023)
    assert to_fixed_prices(there, 2023, 2021) == pytest.approx(74_373)


@pytest.mark.parametrize(("from_year", "to_year"), [(2019, 2023), (2023, 2025), (2024, 2020)])
def test_a_year_without_an_index_gives_none_not_a_guess(from_year, to_year):
    assert to_fixed_prices(100_000, from_year, to_year) is None


def test_2024_kroner_by_the_municipal_deflator_estimate():
    # KS 25.06.2024, citing RNB 2024: «I RNB24 anslås 2024-deflatoren å vokse 4,3 prosent»
    assert to_fixed_prices(100_000, 2023, 2024) == pytest.approx(104_300)


def test_every_index_names_its_source():
    with (DATA_DIR / "deflator.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (DATA_DIR / "sources.csv").open(encoding="utf-8") as handle:
        sources = {row["id"] for row in csv.DictReader(handle)}
    assert {int(row["year"]) for row in rows} == set(load_deflator())
    assert all(row["source"] in sources and row["note"] for row in rows)
