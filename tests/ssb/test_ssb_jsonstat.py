import json
import math

from fake_ssb import FIXTURES, load_fixture

from tilstand.ssb.jsonstat import dataset_info, decode


def test_decodes_real_jsonstat1_population_changes():
    doc = load_fixture("javavtl_1106.json")
    df = decode(doc)
    assert list(df.columns) == ["Region", "ContentsCode", "Tid", "value", "status"]
    assert len(df) == 430 * 10 * 9 == 38_700
    assert df["Region"].nunique() == 430 and df["Tid"].nunique() == 9
    assert (df["status"] == ".").sum() == 180
    assert df.loc[df["status"] == ".", "value"].isna().all()
    assert dataset_info(doc)["updated"] == "2016-12-16T14:29:43Z"


def test_known_cell_for_baerum_0219():
    doc = load_fixture("javavtl_1106.json")
    # Independent look-up: row-major position from the category indexes.
    ds = doc["dataset"]
    idx = {d: ds["dimension"][d]["category"]["index"] for d in ds["dimension"]["id"]}
    sizes = ds["dimension"]["size"]
    pos = (idx["Region"]["0219"] * sizes[1] + idx["ContentsCode"]["Folketallet11"]) * sizes[2] + idx["Tid"]["2016K3"]
    df = decode(doc)
    cell = df[(df.Region == "0219") & (df.ContentsCode == "Folketallet11") & (df.Tid == "2016K3")]
    assert cell["value"].item() == ds["value"][pos]
    assert cell["value"].item() == 123562  # Bærum's population, 3rd quarter 2016, looked up by hand
    assert cell["status"].item() == ""


def test_decodes_real_jsonstat1_kindergartens():
    df = decode(load_fixture("javavtl_09220.json"))
    assert len(df) == 27 and list(df.columns[:4]) == ["Region", "Eierskap", "ContentsCode", "Tid"]
    row = df[(df.Region == "0") & (df.Eierskap == "01") & (df.Tid == "1989")]
    assert row["value"].item() == 2495


def test_jsonstat2_sparse_values_and_symbols():
    doc = {
        "version": "2.0",
        "class": "dataset",
        "id": ["R", "Tid"],
        "size": [2, 2],
        "dimension": {"R": {"category": {"index": ["A", "B"]}}, "Tid": {"category": {"index": {"2023": 0, "2024": 1}}}},
        "value": {"0": 5, "1": 0, "3": 7},
        "status": {"1": "-", "2": "..", "3": ":"},
    }
    df = decode(doc)
    assert df["value"].iloc[0] == 5
    assert df["value"].iloc[1] == 0 and df["status"].iloc[1] == "-"  # '-' with value 0: exactly zero
    assert math.isnan(df["value"].iloc[2]) and df["status"].iloc[2] == ".."
    assert math.isnan(df["value"].iloc[3]) and df["status"].iloc[3] == ":"  # hidden, never a number


def test_fixture_files_are_attributed():
    text = (FIXTURES / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for path in FIXTURES.glob("*.json"):
        assert path.name in text
        json.loads(path.read_text(encoding="utf-8"))
