"""The two costs a national snapshot would add to every build, removed without changing a figure:
checked files kept on disk under a key of their contents (never served stale), and a report given
only the rows it can show."""

from __future__ import annotations

import io
import os

import pandas as pd

from tilstand.compute.view import report_figures
from tilstand.ingest import dataset as ingest
from tilstand.ingest.dataset import Dataset, load_dataset, read_observations
from tilstand.ingest.register import load_register
from tilstand.ingest.settings import Settings
from tilstand.paths import DEFAULT_WORKSPACE


def _fresh(workspace) -> Dataset:
    """Loaded as a new process would: nothing kept in memory, only what lies on disk."""
    ingest._cached.cache_clear()
    return load_dataset(workspace)


def _sick_leave(dataset: Dataset, year: int) -> float:
    frame = dataset.frame
    return frame.loc[
        (frame["kommunenummer"] == "9901") & (frame["year"] == year) & (frame["indicator"] == "sykefravaer_andel"),
        "value",
    ].item()


def test_checked_files_are_kept_and_a_changed_file_is_checked_again(tmp_path):
    workspace = DEFAULT_WORKSPACE.copy_to(tmp_path / "project")
    first = _fresh(workspace)
    stored = list((workspace.build / ".cache" / "checked").glob("*.pkl"))
    assert len(stored) == len(ingest.source_files(workspace))
    again = _fresh(workspace)
    pd.testing.assert_frame_equal(first.frame, again.frame)
    assert _sick_leave(again, 2021) == 10.4

    # Same size and the same modification time: only the contents tell the change.
    path = workspace.own_figures / "9901" / "9901_2021.csv"
    stat = path.stat()
    path.write_text(
        path.read_text(encoding="utf-8").replace("sykefravaer_andel,,10.4,", "sykefravaer_andel,,11.4,"),
        encoding="utf-8",
    )
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _sick_leave(_fresh(workspace), 2021) == 11.4


def test_the_figures_checked_are_the_bytes_the_cache_key_was_made_of(tmp_path):
    """A file saved again while it is read (Excel saving, a sync tool) must not be checked in its new
    form and kept under the key of its old one: the check reads the very bytes that were keyed."""
    from openpyxl import Workbook

    header = "region,year,indicator,category,value,status,source"
    keyed = f"{header}\n9901,2024,meldinger_nye,,40,,Fagsystem\n".encode()
    csv_file = tmp_path / "9901_2024.csv"
    csv_file.write_text(f"{header}\n9901,2024,meldinger_nye,,41,,Fagsystem\n", encoding="utf-8")
    assert read_observations(csv_file, label="9901_2024.csv", data=keyed)["value"].tolist() == [40.0]

    def workbook(value: int) -> bytes:
        book = Workbook()
        book.active.title = "Tall"
        for row in (header.split(","), ["9901", 2024, "meldinger_nye", "", value, "", "Fagsystem"]):
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    excel_file = tmp_path / "9901_2024.xlsx"
    excel_file.write_bytes(workbook(41))
    assert read_observations(excel_file, label="9901_2024.xlsx", data=workbook(40))["value"].tolist() == [40.0]


def test_a_change_in_what_the_check_depends_on_checks_every_file_again(tmp_path):
    workspace = DEFAULT_WORKSPACE.copy_to(tmp_path / "project")
    before = ingest._rules_key(workspace)
    register = workspace.data / "municipalities" / "extra.csv"
    register.write_text(
        register.read_text(encoding="utf-8") + '9998,Prøvekommune (fiktiv),true,nynorsk,"Til en test"\n',
        encoding="utf-8",
    )
    changed = ingest._rules_key(workspace)
    assert changed != before
    figures = workspace.own_figures / "9901" / "9901_2024.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert ingest._rules_key(workspace) == changed  # a file of figures is its own key, not every file's


def test_a_report_gets_its_own_rows_its_peers_and_every_comparison_region():
    rows = [
        ("9901", 1.0),
        ("9902", 2.0),
        ("3201", 3.0),
        ("EAK", 4.0),
        ("EKA99", 5.0),
        ("EKG12", 6.0),
        ("ASSS_MEAN", 7.0),
    ]
    frame = pd.DataFrame(
        {"kommunenummer": [code for code, _ in rows], "value": [v for _, v in rows], "indicator": "x", "year": 2024}
    )
    settings = Settings.model_validate({"sammenligning": {"kommuner": ["9902"]}})
    shown = report_figures(Dataset(frame), "9901", settings, load_register())
    assert set(shown.frame["kommunenummer"]) == {"9901", "9902", "EAK", "EKA99", "EKG12", "ASSS_MEAN"}
    alone = report_figures(Dataset(frame), "9901", Settings(), load_register())
    assert "9902" not in set(alone.frame["kommunenummer"]) and "3201" not in set(alone.frame["kommunenummer"])
