"""Earlier years in one step: `python -m tilstand import` takes a previous report's table (years as
columns, rows labelled as the report prints them) for the nynorsk fictitious 9904 and writes them as
own figures the build reads; a row it cannot place, or a figure already given, takes nothing in."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitetools import copy_workspace
from test_input_gaps import _bokmal_forms

from tilstand.cli import main
from tilstand.ingest.dataset import load_dataset
from tilstand.paths import Workspace

EXAMPLE = Path(__file__).parent / "fixtures" / "tidlegare_rapport_9904.csv"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return copy_workspace(tmp_path_factory.mktemp("prosjekt"))


def _run(workspace: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["--workspace", str(workspace), "import", "-m", "Fjordbygd", *args])
    said = capsys.readouterr()
    return code, said.out + said.err


def _own_files(workspace: Path) -> list[str]:
    return sorted(path.name for path in (workspace / "data" / "own_figures" / "9904").iterdir())


def test_a_bad_row_takes_nothing_in(workspace, tmp_path, capsys):
    table = tmp_path / "tabell.csv"
    table.write_text("Tabell;2019;2020\nNye meldingar;158;163\nPolitti;35;\n", encoding="utf-8")
    before = _own_files(workspace)
    code, said = _run(workspace, capsys, str(table))
    assert code == 1
    assert "tabell.csv, rad 3" in said and "«Politti»" in said and "«Nye meldingar" not in said
    assert not _bokmal_forms(said), said
    assert _own_files(workspace) == before


def test_a_figure_the_municipality_has_given_already_is_refused(workspace, tmp_path, capsys):
    table = tmp_path / "tabell.csv"
    table.write_text("Tabell;2021\nNye meldingar;170\n", encoding="utf-8")
    before = _own_files(workspace)
    code, said = _run(workspace, capsys, str(table))
    assert code == 1 and "tabell.csv, rad 2, kolonne «2021»: «170»" in said and "9904_2021.csv" in said
    assert _own_files(workspace) == before


def test_the_example_table_becomes_the_earlier_years_the_build_reads(workspace, capsys):
    code, said = _run(workspace, capsys, str(EXAMPLE), "--source", "Tilstandsrapport 2020")
    assert code == 0, said
    assert "39 tal" in said and "2018–2020" in said and not _bokmal_forms(said), said
    frame = load_dataset(Workspace(workspace)).frame
    ours = frame[(frame["kommunenummer"] == "9904") & (frame["year"] < 2021)]
    value = {(row.indicator, row.category, row.year): row.value for row in ours.itertuples()}
    assert [value[("meldinger_nye", "", year)] for year in (2018, 2019, 2020)] == [150, 158, 163]
    assert value[("meldinger_etter_instans", "politi", 2020)] == 35
    assert value[("meldinger_henlagt_andel", "", 2019)] == 13.1  # «13,1 %» in the table
    assert value[("barn_med_tiltak_etter_type", "omsorgstiltak", 2018)] == 16  # the count, not the share
    hidden = ours[(ours["indicator"] == "akuttplasseringer") & (ours["year"] == 2019)]
    assert hidden["status"].tolist() == [":"] and hidden["value"].isna().all()
    assert set(ours["source"]) == {"Tilstandsrapport 2020"}
    assert not ours["indicator"].str.contains("Endring").any()


def test_a_second_import_does_not_replace_the_first(workspace, capsys):
    code, said = _run(workspace, capsys, str(EXAMPLE))
    assert code == 2 and "--force" in said
