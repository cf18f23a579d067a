"""`fetch --all`: the national snapshot, against the local stand-in for PxWebApi v2."""

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.register import load_register
from tilstand.ssb.cache import load_cached
from tilstand.ssb.client import SsbClient
from tilstand.ssb.errors import SsbError, SsbTableError
from tilstand.ssb.queries import load_derived_shares, load_queries
from tilstand.ssb.snapshot import fetch_all, fetch_all_command, load_snapshot, table_requests

YEARS = list(range(2015, 2025))  # the fixtures hold 2018–2024: the rest is reported, not invented
DATA = Path(__file__).resolve().parents[2] / "data"
TABLES = {"12275", "12279", "12286", "12305", "12362", "12615", "12870"}


@pytest.fixture(scope="module")
def register():
    return load_register()


def client_for(fake, sleeps, **kw):
    return SsbClient(f"{fake.url}/v2", f"{fake.url}/v0", sleep=sleeps.append, timeout=5, **kw)


def snapshot(fake, tmp_path, sleeps, register, **kw):
    return fetch_all(
        YEARS,
        tmp_path / "cache",
        client=client_for(fake, sleeps, **kw),
        register=register,
        today=date(2026, 11, 22),
        progress=False,
    )


def test_queries_cover_the_seven_tables_and_the_catalogue():
    queries = load_queries()
    catalogue = load_catalogue()
    indicators = [q.indicator for q in queries] + [d.indicator for d in load_derived_shares()]
    assert {q.table_id for q in queries} == TABLES
    assert len(set(indicators)) >= 25
    for query in queries:
        entry = catalogue.get(query.indicator)
        assert entry.unit == query.unit, query.indicator
        assert entry.ssb_table == query.table_id, query.indicator
        assert "hente_alle_kostradata.R" in query.note, f"{query.indicator}: where do the codes come from?"


def test_one_request_per_table_for_every_region(fake_ssb, tmp_path, sleeps, register):
    manifest = snapshot(fake_ssb, tmp_path, sleeps, register)
    data = fake_ssb.data_requests()
    assert len(data) == len(TABLES) == len(table_requests(load_queries()))
    assert all("KOKkommuneregion0000%5D=%2A" in p or "KOKkommuneregion0000]=%2A" in p for p in data)
    assert manifest["complete"] and manifest["retrieved"] == "2026-11-22"
    assert "Tabell 12275 har ikke tall for 2015, 2016, 2017." in manifest["warnings"]
    cache = tmp_path / "cache"
    assert {p.name for p in cache.glob("*.csv")} == {"regions.csv", "3201.csv", "3203.csv"}
    rows, loaded = load_snapshot(cache)
    assert loaded["tables"]["12362"]["title"].startswith("12362: Utgifter")
    assert {"EAK", "EAKUO", "EKA02", "EKA06", "EKA30", "EKA32", "EKG12", "3201", "3203"} == set(rows.region)
    assert len(rows.drop_duplicates(["region", "year", "indicator", "category"])) == len(rows)
    # Asker 2018 = Asker, Røyken and Hurum summed; the share is computed from the summed counts.
    asker = rows[(rows.region == "3203") & (rows.year == 2018)].set_index("indicator")
    parts = {"0220": 42, "0627": 79, "0628": 116}  # the fixtures' base counts for 2018
    assert asker.loc["barn_med_melding", "value"] == sum(round(b * 1.6) for b in parts.values())
    assert asker.loc["barn_med_melding", "note"] == "Sum av sammenslåtte kommuner 0220, 0627, 0628"
    assert asker.loc["barn_med_melding_andel_innbyggere", "status"] == ".."  # a published share is never summed
    share = asker.loc["barn_med_tiltak_0_17_ikke_plassert_andel", "value"]
    assert share == pytest.approx(
        100 * asker.loc["barn_med_tiltak_0_17_ikke_plassert", "value"] / asker.loc["barn_med_tiltak_0_17", "value"],
        abs=0.05,
    )
    # Røyken hidden (:) in 2019: Asker has no sum, and no share, that year.
    assert rows.query("region == '3203' and year == 2019 and indicator == 'barn_med_melding'")["status"].item() == ".."
    # Any municipality's figures load with their provenance, without a request.
    before = len(fake_ssb.log)
    bærum, provenance = load_cached("3201", cache)
    assert len(fake_ssb.log) == before and set(provenance) == TABLES
    assert provenance["12305"]["retrieved"] == "2026-11-22"
    assert (
        bærum.query("indicator == 'netto_driftsutgifter_f244' and year == 2024")["value"].item() == 45 * 40
    )  # base 45 × 40


def test_interrupted_snapshot_resumes_where_it_stopped(fake_ssb, tmp_path, sleeps, register, monkeypatch):
    calls = []
    real_get = SsbClient.get

    def flaky(self, meta, selection):
        if len(calls) == 3:
            raise SsbError("forbindelsen brøt")
        calls.append(meta.table_id)
        return real_get(self, meta, selection)

    monkeypatch.setattr(SsbClient, "get", flaky)
    with pytest.raises(SsbError):
        snapshot(fake_ssb, tmp_path, sleeps, register)
    manifest = json.loads((tmp_path / "cache" / "snapshot" / "manifest.json").read_text(encoding="utf-8"))
    assert not manifest["complete"]
    monkeypatch.setattr(SsbClient, "get", real_get)
    before = len(fake_ssb.data_requests())
    snapshot(fake_ssb, tmp_path, sleeps, register)
    assert len(fake_ssb.data_requests()) - before == len(TABLES) - 3  # only what was missing
    whole, _ = load_snapshot(tmp_path / "cache")
    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    snapshot(fake_ssb, fresh_dir, sleeps, register)
    fresh, _ = load_snapshot(fresh_dir / "cache")
    key = ["region", "indicator", "year", "category"]
    pd.testing.assert_frame_equal(whole.sort_values(key, ignore_index=True), fresh.sort_values(key, ignore_index=True))
    # A finished snapshot is not resumed: the next run asks SSB again.
    before = len(fake_ssb.data_requests())
    snapshot(fake_ssb, tmp_path, sleeps, register)
    assert len(fake_ssb.data_requests()) - before == len(TABLES)


def test_cell_limit_splits_requests(fake_ssb, tmp_path, sleeps, register):
    snapshot(fake_ssb, tmp_path / "a", sleeps, register)
    whole, _ = load_snapshot(tmp_path / "a" / "cache")
    before = len(fake_ssb.data_requests())
    snapshot(fake_ssb, tmp_path / "b", sleeps, register, max_cells=200)
    assert len(fake_ssb.data_requests()) - before > 2 * len(TABLES)
    split, _ = load_snapshot(tmp_path / "b" / "cache")
    key = ["region", "indicator", "year", "category"]
    columns = ["region", "indicator", "year", "category", "value", "status"]
    pd.testing.assert_frame_equal(
        whole.sort_values(key, ignore_index=True)[columns], split.sort_values(key, ignore_index=True)[columns]
    )


def test_unknown_code_fails_before_any_data_request(fake_ssb, tmp_path, sleeps, register):
    del fake_ssb.v2_meta["12362"]["dimension"]["KOKart0000"]["category"]["index"]["AGD10"]
    with pytest.raises(SsbTableError) as err:
        snapshot(fake_ssb, tmp_path, sleeps, register)
    assert "Tabell 12362" in str(err.value) and "«AGD10»" in str(err.value) and "KOKart0000" in str(err.value)
    assert fake_ssb.data_requests() == []


def test_fetch_all_command(fake_ssb, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA / "municipalities", data / "municipalities")
    run = {"base_url": f"{fake_ssb.url}/v2", "register_dir": data, "progress": False}
    assert fetch_all_command("2018-2024", tmp_path / "cache", **run) == 4  # Klass has no grouping (yet)
    assert "SSBs Klass har ingen KOSTRA-gruppering for kommunene per 1.1.2018" in capsys.readouterr().err
    fake_ssb.klass = {f"{year}-01-01": [{"sourceCode": "0301", "targetCode": "EKG13"}] for year in range(2018, 2025)}
    assert fetch_all_command("2018-2024", tmp_path / "cache", **run) == 0
    out = capsys.readouterr().out
    assert "Kilde: SSB, tabell 12870, hentet" in out and "7 spørringer" in out and "1 rader" in out
    assert fetch_all_command("tjue", tmp_path / "cache", **run) == 2
    with pytest.raises(SsbError, match="fetch --all"):
        load_snapshot(tmp_path / "tom")


def test_kostra_groups_from_klass_fill_the_register(fake_ssb, tmp_path, sleeps, register):
    """Every municipality gets its group from SSB's classification; groups.csv still comes first.
    The groups served here are invented (the test server's), not SSB's."""
    data = tmp_path / "data"
    shutil.copytree(DATA / "municipalities", data / "municipalities")
    fake_ssb.klass = {
        f"{year}-01-01": [
            {"sourceCode": "3024" if year < 2024 else "3201", "targetCode": "EKG12", "targetName": "KOSTRA-gruppe 12"},
            {"sourceCode": "4621", "targetCode": "EKG11" if year < 2022 else "EKG07", "targetName": "…"},
            {"sourceCode": "0301", "targetCode": "EKG13", "targetName": "KOSTRA-gruppe 13"},
            {"sourceCode": "9999", "targetCode": "EKG01", "targetName": "ukjent nummer hoppes over"},
        ]
        for year in range(2020, 2025)
    }
    assert load_register(data).kostra_group("4621", 2024) is None
    fetch_all(
        list(range(2020, 2025)),
        tmp_path / "cache",
        client=client_for(fake_ssb, sleeps),
        register=register,
        today=date(2026, 11, 22),
        progress=False,
        data_dir=data,
    )
    written = pd.read_csv(data / "municipalities" / "kostra_groups.csv", dtype=str)
    spans = {tuple(row[:4]) for row in written.itertuples(index=False)}
    assert {
        ("4621", "2020", "2021", "11"),
        ("4621", "2022", "2024", "7"),
        ("0301", "2020", "2024", "13"),
        ("3201", "2020", "2024", "12"),
    } == spans  # 3024 (2020–2023) is Bærum today; 9999 is no municipality
    assert written["source"].str.contains("SSB Klass.*hentet 2026-11-22").all()
    groups = load_register(data)
    assert groups.kostra_group("4621", 2021) == "11" and groups.kostra_group("4621", 2024) == "7"
    assert groups.kostra_group("3201", 2022) == "12" and groups.kostra_group("0301", 2023) == "13"
    assert groups.kostra_group("4621", 2019) is None  # a year Klass was not asked about is not guessed


def test_fetch_command_line(fake_ssb, tmp_path, capsys):
    from sitetools import copy_workspace

    from tilstand.cli import main

    workspace = copy_workspace(tmp_path / "prosjekt")
    fake_ssb.klass = {f"{year}-01-01": [{"sourceCode": "0301", "targetCode": "EKG13"}] for year in range(2018, 2025)}
    assert (
        main(
            ["--workspace", str(workspace), "fetch", "--all", "--years", "2018-2024", "--ssb-url", f"{fake_ssb.url}/v2"]
        )
        == 0
    )
    assert (workspace / "data" / "ssb" / "cache" / "regions.csv").exists()
    assert load_register(workspace / "data").kostra_group("0301", 2024) == "13"
    assert main(["--workspace", str(workspace), "fetch", "-m", "3201"]) == 2
    assert "--years mangler" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["fetch", "--all", "-m", "3201", "--years", "2024"])  # one or the other
