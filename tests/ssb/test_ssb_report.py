"""A municipality with nothing but cached SSB figures gets a report that shows them, credited.

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
from tilstand.ssb.cache import fetch
from tilstand.ssb.client import SsbClient
from tilstand.ssb.queries import load_queries

FICTITIOUS = "9903"
RENAMED = {"3201": FICTITIOUS, "EKA32": "EKA99"}   # fixture regions standing in for 9903 and its county


def _cube_for_fictitious(fake: FakeSsb) -> None:
    """The hand-made 12275 table cut to four regions, two of them renamed to the fictitious ones."""
    fake.cubes["12275"] = slice_cube(fake.cubes["12275"], {"KOKkommuneregion0000": ["3201", "EAK", "EAKUO", "EKA32"]})
    for table in (fake.v2_meta, fake.cubes):
        text = json.dumps(table["12275"])
        for old, new in RENAMED.items():
            text = text.replace(f'"{old}"', f'"{new}"')
        table["12275"] = json.loads(text)


def test_ssb_only_municipality_report_shows_ssb_figures_with_source(tmp_path, kernels):
    workspace = copy_workspace(tmp_path / "prosjekt")
    data = workspace / "data"
    with (data / "municipalities" / "extra.csv").open("a", encoding="utf-8") as extra:
        extra.write(f'{FICTITIOUS},Statistikkby kommune (fiktiv),true,bokmal,"Fiktiv kommune med bare SSB-tall fra testserveren"\n')
    fake = FakeSsb()
    _cube_for_fictitious(fake)
    fake.thread.start()
    try:
        client = SsbClient(f"{fake.url}/v2", f"{fake.url}/v0", raw_dir=data / "ssb" / "cache",
                           sleep=lambda _: None, timeout=5)
        result = fetch(FICTITIOUS, list(range(2018, 2025)), data / "ssb" / "cache", client=client,
                       register=load_register(data), queries=[q for q in load_queries() if q.table_id == "12275"],
                       today=date(2026, 11, 22), progress=lambda _: None,
                       derived=[])   # the hand-made cube's counts are not consistent enough for shares
    finally:
        fake.server.shutdown()
        fake.server.server_close()
    rows = result.observations
    expected = rows[(rows.region == FICTITIOUS) & (rows.indicator == "barn_med_tiltak_0_17") & (rows.year == 2024)]
    value = int(expected["value"].item())

    site = tmp_path / "site"
    build_report(FICTITIOUS, "2024", site, workspace=Workspace(workspace), progress=False, kernels=kernels)
    page = (site / "chapters" / "barn_med_tiltak.html").read_text(encoding="utf-8")
    text = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    assert "SSB, tabell 12275, hentet 22. november 2026" in text
    assert f"{value:,}".replace(",", "\u00a0") in text
    comparison = (site / "chapters" / "sammenligning.html").read_text(encoding="utf-8")
    assert "Landet" in comparison and "SSB, tabell 12275" in comparison
