"""A municipality with nothing but SSB figures gets a report that shows them, credited, with their
history and its KOSTRA group, county and country: the whole path query → cache → build.

The municipality is fictitious (9903, added to a copy of the data folder) and SSB's answers
come from the local stand-in server, so no real municipality gets invented figures.
"""

import json
import re
from datetime import date

from fake_ssb import FakeSsb, slice_cube
from sitetools import copy_workspace

from tilstand.ingest.register import load_register
from tilstand.paths import Workspace
from tilstand.publish import build_report
from tilstand.ssb.cache import load_cached
from tilstand.ssb.client import SsbClient
from tilstand.ssb.snapshot import fetch_all

FICTITIOUS = "9903"
# Fixture regions standing in for 9903 (a region with figures every year) and its county.
RENAMED = {"EAKUO": FICTITIOUS, "EKA32": "EKA99"}
KEPT = ["EAK", "EAKUO", "EKA32", "EKG12"]
YEARS = list(range(2018, 2025))


def _tables_for_fictitious(fake: FakeSsb) -> None:
    """Every hand-made table cut to five regions, two of them renamed to the fictitious ones."""
    for table in list(fake.cubes):
        fake.cubes[table] = slice_cube(fake.cubes[table], {"KOKkommuneregion0000": KEPT})
        fake.v2_meta[table] = {**fake.cubes[table], "value": [], "status": {}}
        for store in (fake.v2_meta, fake.cubes):
            text = json.dumps(store[table])
            for old, new in RENAMED.items():
                text = text.replace(f'"{old}"', f'"{new}"')
            store[table] = json.loads(text)
    # Klass places the fictitious municipality in KOSTRA group 12 (the test server's answer).
    fake.klass = {f"{year}-01-01": [{"sourceCode": FICTITIOUS, "targetCode": "EKG12"}] for year in YEARS}


def _text(page):
    return re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_ssb_only_municipality_report_has_history_and_comparison(tmp_path):
    workspace = copy_workspace(tmp_path / "prosjekt")
    data = workspace / "data"
    with (data / "municipalities" / "extra.csv").open("a", encoding="utf-8") as extra:
        extra.write(
            f'{FICTITIOUS},Statistikkby kommune (fiktiv),true,bokmal,"Fiktiv kommune med bare SSB-tall fra testserveren"\n'
        )
    for stale in (data / "ssb" / "cache").glob("*"):
        assert stale.name == ".gitkeep" or not stale.is_file(), "the copy must start without SSB figures"
    fake = FakeSsb()
    _tables_for_fictitious(fake)
    fake.thread.start()
    try:
        client = SsbClient(f"{fake.url}/v2", sleep=lambda _: None, timeout=5)
        fetch_all(
            YEARS,
            data / "ssb" / "cache",
            client=client,
            register=load_register(data),
            today=date(2026, 11, 22),
            progress=False,
            data_dir=data,
        )
    finally:
        fake.server.shutdown()
        fake.server.server_close()
    assert load_register(data).kostra_group(FICTITIOUS, 2024) == "12"
    rows, _ = load_cached(FICTITIOUS, data / "ssb" / "cache")
    melding = rows[(rows.region == FICTITIOUS) & (rows.indicator == "barn_med_melding")].set_index("year")["value"]
    assert list(melding.index) == YEARS

    site = tmp_path / "site"
    build_report(FICTITIOUS, "2024", site, workspace=Workspace(workspace), progress=False)
    page = site / "chapters" / "meldinger.html"
    text = _text(page)
    assert "SSB, tabell 12615, hentet 22. november 2026" in text
    assert f"{int(melding[2024]):,}".replace(",", "\u00a0") in text
    # History: a chart (not a lone key figure) whose table has SSB's figure for every year.
    html = page.read_text(encoding="utf-8")
    figure = re.search(r'<figure class="([^"]*)" id="figur-barn-med-melding".*?</figure>', html, flags=re.DOTALL)
    assert figure and "tilstand-figure--key" not in figure[1]
    numbered = r'<caption>(?:<span class="tilstand-number">[^<]*</span>\s*)?'  # «Tabell 7:» before the title
    table = re.search(numbered + r"Barn med bekymringsmelding \(SSB\)</caption>(.*?)</table>", html, flags=re.DOTALL)[1]
    assert re.findall(r'<th scope="col">(\d{4})</th>', table) == [str(y) for y in YEARS]
    cells = re.findall(
        r"<td>([^<]*)</td>", re.search(r'<th scope="row">[^<]*</th>(.*?)</tr>', table, flags=re.DOTALL)[1]
    )
    assert [c.replace("\u00a0", "") for c in cells] == [str(int(melding[y])) for y in YEARS]
    comparison = _text(site / "chapters" / "sammenligning.html")
    assert "Landet" in comparison and "KOSTRA-gruppe 12" in comparison
    assert "SSB, tabell 12275" in comparison
