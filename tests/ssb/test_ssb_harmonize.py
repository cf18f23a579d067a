import math

import pandas as pd
import pytest

from tilstand.ingest.register import load_register
from tilstand.ssb.harmonize import recompute_share, to_observations
from tilstand.ssb.queries import QuerySpec, parse_selections


@pytest.fixture(scope="module")
def register():
    return load_register()


def spec(unit="antall", contents="C"):
    return QuerySpec("x", "12275", contents, "Region", "Tid", parse_selections("Alder=F000-017"), unit)


def cells(rows):
    return pd.DataFrame(
        [
            {
                "Region": r,
                "Alder": "F000-017",
                "ContentsCode": "C",
                "Tid": t,
                "value": v,
                "status": s,
                "source_ref": "u",
            }
            for r, t, v, s in rows
        ]
    )


def test_merged_counts_summed_only_when_complete(register):
    out = to_observations(
        cells(
            [
                ("0220", "2018", 10, ""),
                ("0627", "2018", 5, ""),
                ("0628", "2018", 2, ""),
                ("0220", "2019", 10, ""),
                ("0627", "2019", float("nan"), ":"),
                ("0628", "2019", 2, ""),
                ("3025", "2021", 30, ""),
            ]
        ),
        spec(),
        register,
        "3203",
    )
    by_year = out.set_index("year")
    assert set(out["region"]) == {"3203"}
    assert by_year.loc[2018, "value"] == 17 and "0220, 0627, 0628" in by_year.loc[2018, "note"]
    assert math.isnan(by_year.loc[2019, "value"]) and by_year.loc[2019, "status"] == ".."
    assert "0627" in by_year.loc[2019, "note"]
    assert by_year.loc[2021, "value"] == 30 and by_year.loc[2021, "note"] == "SSB-region 3025"
    assert (out["source"] == "ssb_12275").all()


def test_shares_of_merged_municipalities_never_summed(register):
    out = to_observations(
        cells([("0220", "2018", 1.5, ""), ("0627", "2018", 2.0, ""), ("0628", "2018", 1.0, "")]),
        spec(unit="prosent"),
        register,
        "3203",
    )
    assert len(out) == 1 and math.isnan(out["value"].item()) and out["status"].item() == ".."


def test_renamed_code_and_aggregates_kept(register):
    out = to_observations(
        cells(
            [
                ("0219", "2019", 100, ""),
                ("0219", "2021", float("nan"), "."),
                ("3024", "2021", 120, ""),
                ("EKA30", "2021", 999, ""),
                ("EAK", "2019", 5, "-"),
            ]
        ),
        spec(),
        register,
        "3201",
    )
    rows = {(r.region, r.year): r for r in out.itertuples()}
    assert rows[("3201", 2019)].value == 100 and rows[("3201", 2021)].value == 120
    assert rows[("EKA30", 2021)].value == 999 and rows[("EAK", 2019)].status == "-"
    assert len(out) == 4  # 0219's '.' in 2021 (code not in use) is dropped, not merged


def test_recompute_share_from_counts():
    base = {"indicator": "n", "category": "", "status": "", "source": "ssb_1", "source_ref": "a", "note": ""}
    num = pd.DataFrame(
        [
            {**base, "region": "3203", "year": 2018, "value": 17.0},
            {**base, "region": "3203", "year": 2019, "value": float("nan")},
        ]
    )
    den = num.assign(value=[170.0, 160.0], source_ref="b")
    out = recompute_share(num, den, "andel")
    assert out["value"].iloc[0] == pytest.approx(10.0) and out["status"].iloc[1] == ".."
    assert out["source_ref"].iloc[0] == "a | b"
