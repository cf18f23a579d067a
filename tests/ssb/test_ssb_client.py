import json
from datetime import date

import pandas as pd
import pytest
from fake_ssb import load_fixture

from tilstand.ssb.cache import fetch, fetch_command, load_cached, parse_years, source_label
from tilstand.ssb.client import RateLimiter, SsbClient
from tilstand.ssb.errors import SsbOffline, SsbTableError
from tilstand.ssb.queries import load_queries

YEARS = list(range(2018, 2025))


def specs_12275():
    return [q for q in load_queries() if q.table_id == "12275"]


def client_for(url, tmp_path, sleeps, **kw):
    return SsbClient(
        f"{url}/v2", f"{url}/v0", raw_dir=tmp_path / "cache", sleep=sleeps.append, timeout=kw.pop("timeout", 5), **kw
    )


def run(fake_ssb, tmp_path, sleeps, municipality="3201", **kw):
    client = client_for(fake_ssb.url, tmp_path, sleeps, **kw)
    result = fetch(
        municipality,
        YEARS,
        tmp_path / "cache",
        client=client,
        queries=specs_12275(),
        today=date(2026, 11, 22),
        progress=lambda _: None,
    )
    return client, result


def test_end_to_end_metadata_query_decode_cache(fake_ssb, tmp_path, sleeps):
    _, result = run(fake_ssb, tmp_path, sleeps)
    obs = result.observations
    assert result.kommunenummer == "3201"
    assert fake_ssb.log[0][1].startswith("/v2/tables/12275/metadata")
    total = obs[(obs.indicator == "barn_med_tiltak_0_17") & (obs.region == "3201")].set_index("year")
    assert list(total.index) == YEARS
    # 0219 is the 1st region, function 0, contents 0, year 2018 → (0*37 + 0 + 0) % 200 + 5
    assert total.loc[2018, "value"] == 5 and total.loc[2018, "note"] == "SSB-region 0219"
    assert total.loc[2024, "note"] == ""
    assert {"EAK", "EAKUO", "EKA02", "EKA30", "EKA32", "EKG12"} <= set(obs.region)
    assert (obs.source == "ssb_12275").all() and obs.source_ref.str.contains("valueCodes[", regex=False).all()
    cache = tmp_path / "cache"
    prov = json.loads((cache / "12275" / "provenance.json").read_text(encoding="utf-8"))
    entry = prov["by_municipality"]["3201"]
    assert prov["table_id"] == "12275" and prov["title"].startswith("12275: Barn med tiltak")
    assert entry["retrieved"] == "2026-11-22" and entry["updated"] == "2025-06-20T06:00:00Z"
    assert len(list((cache / "12275").glob("*.json"))) == 1 + 1 + len(specs_12275())  # provenance, metadata, specs
    rows, provenance = load_cached("3201", cache)
    assert len(rows) == len(obs) and "0219" not in set(rows.region) and rows.region.str.len().ge(3).all()
    assert (
        rows.loc[
            (rows.region == "3201") & (rows.year == 2018) & (rows.indicator == "barn_med_tiltak_0_17"), "value"
        ].item()
        == 5
    )
    assert provenance["12275"]["urls"] == entry["urls"]


def test_merged_municipality_through_the_client(fake_ssb, tmp_path, sleeps):
    _, result = run(fake_ssb, tmp_path, sleeps, municipality="Asker")
    obs = result.observations
    counts = obs[(obs.indicator == "barn_med_tiltak_0_17") & (obs.region == "3203")].set_index("year")
    assert counts.loc[2018, "note"].startswith("Sum av sammenslåtte kommuner 0220, 0627, 0628")
    assert counts.loc[2019, "status"] == ".."  # Røyken hidden (:) in 2019 → no sum
    shares = obs[(obs.indicator == "barn_med_tiltak_0_17_andel_innbyggere") & (obs.region == "3203")]
    assert shares.set_index("year").loc[2018, "status"] == ".."  # a published share is never summed
    # …but a share computed from the summed counts is right for the merged municipality.
    placed = obs[(obs.indicator == "barn_med_tiltak_0_17_plassert") & (obs.region == "3203")].set_index("year")
    computed = obs[(obs.indicator == "barn_med_tiltak_0_17_plassert_andel") & (obs.region == "3203")].set_index("year")
    assert computed.loc[2018, "value"] == pytest.approx(
        100 * placed.loc[2018, "value"] / counts.loc[2018, "value"], abs=0.05
    )
    assert computed.loc[2019, "status"] == ".." and pd.isna(computed.loc[2019, "value"])
    assert "EKA06" in set(obs.region)


def test_429_then_success_respects_retry_after(fake_ssb, tmp_path, sleeps):
    fake_ssb.faults.append(("/data", 429))
    run(fake_ssb, tmp_path, sleeps)
    assert sleeps and sleeps[0] >= 7


def test_timeout_then_success(fake_ssb, tmp_path, sleeps):
    fake_ssb.faults.append(("/metadata", "timeout"))
    _, result = run(fake_ssb, tmp_path, sleeps, timeout=0.2)
    assert len(result.observations) > 0
    asked = [path for _, path in fake_ssb.log].count("/v2/tables/12275/metadata?lang=no")
    assert asked == len(specs_12275()) + 1, "the request that timed out is asked once more"


def test_extract_split_above_cell_limit(fake_ssb, tmp_path, sleeps):
    _, whole = run(fake_ssb, tmp_path / "a", sleeps)
    before = len(fake_ssb.data_requests())
    _, split = run(fake_ssb, tmp_path / "b", sleeps, max_cells=12)
    per_spec = (len(fake_ssb.data_requests()) - before) / len(specs_12275())
    assert per_spec > 1
    key = ["indicator", "region", "year"]
    assert split.observations.sort_values(key, ignore_index=True).equals(
        whole.observations.sort_values(key, ignore_index=True).assign(
            source_ref=split.observations.sort_values(key, ignore_index=True).source_ref
        )
    )


def test_offline_with_and_without_cache(fake_ssb, tmp_path, sleeps):
    run(fake_ssb, tmp_path, sleeps)
    dead = "http://127.0.0.1:9"  # discard port: connection refused
    client = client_for(dead, tmp_path, sleeps)
    result = fetch(
        "3201",
        YEARS,
        tmp_path / "cache",
        client=client,
        queries=specs_12275(),
        today=date(2030, 1, 1),
        progress=lambda _: None,
    )
    assert client.used_cache and len(result.observations) > 0
    rows, provenance = load_cached("3201", tmp_path / "cache")
    assert provenance["12275"]["retrieved"] == "2026-11-22"  # the figures' real age
    with pytest.raises(SsbOffline) as err:
        fetch(
            "3201",
            YEARS,
            tmp_path / "empty",
            client=client_for(dead, tmp_path / "empty", sleeps),
            queries=specs_12275(),
            progress=lambda _: None,
        )
    assert "12275" in str(err.value) and "python -m tilstand fetch" in str(err.value)


def test_missing_code_in_metadata_names_table_and_code(fake_ssb, tmp_path, sleeps):
    meta = fake_ssb.v2_meta["12275"]
    del meta["dimension"]["KOKbvfunksjon0000"]["category"]["index"]["2"]
    with pytest.raises(SsbTableError) as err:
        run(fake_ssb, tmp_path, sleeps)
    assert "12275" in str(err.value) and "«2»" in str(err.value) and "KOKbvfunksjon0000" in str(err.value)
    assert not fake_ssb.data_requests() or all("KOKbvfunksjon0000%5D=2" not in p for p in fake_ssb.data_requests())


def test_unknown_table_falls_back_to_v0_then_fails_clearly(fake_ssb, tmp_path, sleeps):
    fake_ssb.v0_meta["12275"] = {
        "title": "12275 (v0)",
        "variables": [
            {"code": var, "values": list(d["category"]["index"]), "elimination": var != "ContentsCode"}
            for var, d in load_fixture("v2_12275_metadata.json")["dimension"].items()
        ],
    }
    del fake_ssb.v2_meta["12275"]
    _, result = run(fake_ssb, tmp_path, sleeps)
    assert result.provenance["12275"]["api"] == "v0" and any(m == "POST" for m, _ in fake_ssb.log)
    del fake_ssb.v0_meta["12275"]
    with pytest.raises(SsbTableError, match="Tabell 12275 finnes ikke"):
        run(fake_ssb, tmp_path / "x", sleeps)


def test_rate_limiter_sleeps_in_a_sliding_window():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(max_calls=30, period=60, clock=lambda: now[0], sleep=sleep)
    for _ in range(30):
        limiter.acquire()
        now[0] += 1
    limiter.acquire()
    assert slept == [30.0]


def test_source_label_and_years():
    assert source_label("12275", date(2026, 11, 22)) == "Kilde: SSB, tabell 12275, hentet 22. november 2026"
    assert parse_years("2015-2017") == [2015, 2016, 2017] and parse_years("2024") == [2024]
    with pytest.raises(ValueError):
        parse_years("2024-2015")


def test_fetch_command(fake_ssb, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("tilstand.ssb.cache.load_queries", specs_12275)
    assert fetch_command("Bærum", "2018-2024", tmp_path, base_url=f"{fake_ssb.url}/v2") == 0
    out = capsys.readouterr().out
    assert "Kilde: SSB, tabell 12275, hentet" in out and "3201" in out
    assert fetch_command("Bærum", "tjue", tmp_path) == 2
    assert fetch_command("9999", "2020", tmp_path) == 2
    assert "Feil:" in capsys.readouterr().err
