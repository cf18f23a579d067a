"""`python -m tilstand template` and `validate` as an analyst uses them, and own figures in a build."""

import shutil

import pytest
from sitetools import cli, read_raw

from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.dataset import load_dataset
from tilstand.ingest.template import in_template
from tilstand.paths import DEFAULT_WORKSPACE, Workspace

DATA_DIR = DEFAULT_WORKSPACE.data


def fill(frame, figures):
    """Put figures {(indicator, category): value} into a template frame, with a source."""
    for (indicator, category), value in figures.items():
        row = (frame["indicator"] == indicator) & (frame["category"] == category)
        assert row.sum() == 1, (indicator, category)
        frame.loc[row, ["value", "source"]] = [value, "Fagsystemet, uttrekk 15.01.2025"]
    return frame


FIGURES = {
    ("meldinger_nye", ""): "10",
    ("meldinger_etter_instans", "politi"): "4",
    ("meldinger_etter_instans", "skole"): "6",
    ("meldinger_henlagt_andel", ""): "12,5",
}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_lists_the_catalogue_and_validate_accepts_it_filled(tmp_path, suffix):
    path = tmp_path / f"mal{suffix}"
    result = cli("template", "--municipality", "9902", "--year", "2021", "--out", str(path))
    assert result.returncode == 0, result.stderr
    frame = read_raw(path)
    for indicator in load_catalogue():
        rows = frame[frame["indicator"] == indicator.id]
        if not in_template(indicator, ()):  # a module's rows, or a share the tool computes
            continue
        assert not rows.empty, indicator.id
        assert set(rows["unit"]) == {indicator.unit} and set(rows["definition"]) == {indicator.definition("nb")}

    filled = fill(frame, FIGURES)
    path.unlink()
    if suffix == ".csv":
        filled.to_csv(path, index=False, sep=";")
    else:
        filled.to_excel(path, index=False)
    result = cli("validate", str(path))
    assert result.returncode == 0, result.stderr
    assert "ingen feil" in result.stdout


def test_validate_a_bad_file_exits_non_zero_naming_file_row_and_column(tmp_path):
    path = tmp_path / "mal.csv"
    assert cli("template", "-m", "9902", "-y", "2021", "-o", str(path)).returncode == 0
    frame = fill(read_raw(path), FIGURES | {("meldinger_nye", ""): "tolv", ("akuttplasseringer", ""): "-2"})
    frame.to_csv(path, index=False, sep=";")
    row_of = {
        ind: int(frame.index[(frame["indicator"] == ind) & (frame["category"] == "")][0]) + 2
        for ind in ("meldinger_nye", "akuttplasseringer")
    }
    result = cli("validate", str(path))
    assert result.returncode != 0
    assert f"{path}, rad {row_of['meldinger_nye']}, kolonne «value»: «tolv»" in result.stderr
    assert f"{path}, rad {row_of['akuttplasseringer']}, kolonne «value»: «-2»" in result.stderr


def test_template_for_an_unknown_municipality_says_how_to_find_one(tmp_path):
    result = cli("template", "-m", "Atlantis", "-y", "2024", "-o", str(tmp_path / "mal.csv"))
    assert result.returncode != 0
    assert "python -m tilstand list --all" in result.stderr and "Traceback" not in result.stderr


def test_a_filled_template_in_own_figures_is_read_and_a_blank_one_hides_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("own_figures", "staging", "cache"))
    (data / "own_figures" / "9902").mkdir(parents=True)
    (data / "own_figures" / "3201").mkdir(parents=True)
    filled = data / "own_figures" / "9902" / "9902_2021.csv"
    assert cli("template", "-m", "9902", "-y", "2021", "-o", str(filled)).returncode == 0
    fill(read_raw(filled), FIGURES).to_csv(filled, index=False, sep=";")
    blank = data / "own_figures" / "3201" / "3201_2024.csv"
    assert cli("template", "-m", "3201", "-y", "2024", "-o", str(blank)).returncode == 0

    frame = load_dataset(Workspace(tmp_path)).frame
    own = frame[(frame["kommunenummer"] == "9902") & (frame["year"] == 2021)]
    assert dict(zip(own["indicator"] + "/" + own["category"], own["value"])) == {
        "meldinger_nye/": 10,
        "meldinger_etter_instans/politi": 4,
        "meldinger_etter_instans/skole": 6,
        "meldinger_henlagt_andel/": 12.5,
        # the shares of who sent the reports, computed from the counts (4 and 6 of 10)
        "meldinger_etter_instans_andel/politi": 40.0,
        "meldinger_etter_instans_andel/skole": 60.0,
    }
    assert set(own["origin"]) == {"own"}
    # Tabell 1 of the 2024 report: Totalt 826. An empty template row must not replace it.
    baerum = frame[
        (frame["kommunenummer"] == "3201") & (frame["year"] == 2024) & (frame["indicator"] == "meldinger_nye")
    ]
    assert baerum["value"].tolist() == [826]


def test_validate_warns_of_a_figure_far_from_last_years_but_accepts_it(tmp_path, capsys):
    """A typo (550 for 55) is caught before the build: the file is valid, the figure worth a look."""
    from tilstand.cli import main

    original = (DATA_DIR / "own_figures" / "9901" / "9901_2024.csv").read_text(encoding="utf-8")
    assert ",innsynskrav,,55," in original
    path = tmp_path / "9901_2024.csv"
    path.write_text(original.replace(",innsynskrav,,55,", ",innsynskrav,,550,"), encoding="utf-8")
    row = next(n for n, line in enumerate(original.splitlines(), start=1) if ",innsynskrav,,55," in line)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "ingen feil" in out
    assert f"Merk: {path}, rad {row}, kolonne «value»: «550» – forventet et tall nær fjorårets (47 i 2023)" in out
