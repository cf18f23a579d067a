"""A template any municipality can fill: it asks only for what the tool cannot work out itself
(shares of counts and budget minus accounts are computed), shows last year's figure and source
beside each row, fills in the settings' default source, and one wrong total is one error."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitetools import copy_workspace

from tilstand.ingest.dataset import load_dataset, read_observations
from tilstand.ingest.problems import DataValidationError
from tilstand.ingest.readers import read_table
from tilstand.ingest.template import write_template
from tilstand.paths import Workspace

HEADER = "region;year;indicator;category;value;status;source;source_ref;note\n"
COUNTS = [
    "meldinger_nye;;100",
    "meldinger_etter_instans;politi;40",
    "meldinger_etter_instans;skole;60",
    "barn_med_tiltak;;50",
    "barn_med_tiltak_etter_type;hjelpetiltak;45",
    "barn_med_tiltak_etter_type;omsorgstiltak;5",
    "budsjett_funksjon;f244;10,5",
    "regnskap_funksjon;f244;11,2",
]


def _file(path: Path, code: str, year: int, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(f"{code};{year};{row};;Familia;;\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("prosjekt"))
    (root / "data" / "settings" / "9904.yml").write_text(
        'målform: nynorsk\nkilde: "Familia, uttrekk januar"\n', encoding="utf-8"
    )
    return root


def test_shares_and_balances_are_computed_from_what_was_typed(workspace):
    _file(workspace / "data" / "own_figures" / "9904" / "9904_2025.csv", "9904", 2025, COUNTS)
    frame = load_dataset(Workspace(workspace)).frame
    ours = frame[(frame["kommunenummer"] == "9904") & (frame["year"] == 2025)]
    value = {(row.indicator, row.category): row.value for row in ours.itertuples()}
    assert value[("meldinger_etter_instans_andel", "politi")] == 40.0
    assert value[("barn_med_tiltak_etter_type_andel", "omsorgstiltak")] == 10.0
    assert value[("mindreforbruk_funksjon", "f244")] == pytest.approx(-0.7)
    typed = frame[(frame["kommunenummer"] == "9904") & (frame["year"] == 2024)]
    assert len(typed[typed["indicator"] == "meldinger_etter_instans_andel"]) == len(
        typed[typed["indicator"] == "meldinger_etter_instans"]
    ), "typed shares are kept, none added twice"


def test_a_typed_balance_is_checked_against_budget_and_accounts(tmp_path):
    bad = _file(tmp_path / "tal.csv", "9901", 2024, COUNTS + ["mindreforbruk_funksjon;f244;0,7"])
    with pytest.raises(DataValidationError) as error:
        read_observations(bad)
    assert "«0,7»" in str(error.value) and "−0,7" in str(error.value) or "-0,7" in str(error.value)


def test_a_wrong_total_is_one_error_not_one_per_share(tmp_path):
    shares = ["meldinger_etter_instans_andel;politi;40", "meldinger_etter_instans_andel;skole;60"]
    wrong = [row.replace("meldinger_nye;;100", "meldinger_nye;;110") for row in COUNTS]
    with pytest.raises(DataValidationError) as error:
        read_observations(_file(tmp_path / "tal.csv", "9901", 2024, wrong + shares))
    assert len(error.value.problems) == 1 and "«110»" in str(error.value)


def test_the_template_asks_only_for_what_cannot_be_computed_and_shows_last_year(workspace, tmp_path):
    path = write_template("9904", 2025, tmp_path / "mal.xlsx", workspace=Workspace(workspace))
    frame = read_table(path, "mal.xlsx").frame
    assert not {"meldinger_etter_instans_andel", "barn_med_tiltak_etter_type_andel", "mindreforbruk_funksjon"} & set(
        frame["indicator"]
    )
    last_year = read_observations(workspace / "data" / "own_figures" / "9904" / "9904_2024.csv")
    typed = last_year.set_index(["indicator", "category"])["value"]
    row = frame[(frame["indicator"] == "meldinger_nye") & (frame["category"] == "")].iloc[0]
    assert row["previous_value"] == f"{typed[('meldinger_nye', '')]:g}" and row["previous_source"]
    assert set(frame["source"]) == {"Familia, uttrekk januar"}
    assert (frame["value"] == "").all()


def test_no_template_row_names_another_municipalitys_services():
    from tilstand.ingest.catalogue import load_catalogue
    from tilstand.ingest.template import template_frame

    for language in ("nb", "nn"):
        frame = template_frame("9904", 2025, load_catalogue(), (), language)
        text = " ".join(frame["title"]) + " " + " ".join(frame["definition"]) + " " + " ".join(frame["category_label"])
        for name in ("Bærum", "Asker", "MST", "RFT", "lederens vurdering", "leiaren si vurdering"):
            assert name not in text, (language, name)


def test_who_sent_a_report_has_one_national_set_for_counts_and_shares():
    from tilstand.ingest.catalogue import load_catalogue
    from tilstand.ingest.template import template_frame

    frame = template_frame("9904", 2025, load_catalogue())
    counts = set(frame[frame["indicator"] == "meldinger_etter_instans"]["category"])
    assert {"politi", "skole", "barnehage", "anonyme", "andre"} <= counts
    assert not {"ovrige", "andre_private", "barnevernvakten", "barnevernstjenesten_uten_vakt"} & counts
    catalogue = load_catalogue()
    assert (
        catalogue.get("meldinger_etter_instans").categories == catalogue.get("meldinger_etter_instans_andel").categories
    )
    for category in catalogue.get("meldinger_etter_instans").categories:
        assert category.in_template or category.national in counts or category.id == "uleselig", category.id


def test_every_template_row_is_shown_by_a_chapter(build_site):
    """Every indicator the template asks for, filled in for 9904 2024, is on a page of its report."""
    import html as html_text

    from tilstand.ingest.catalogue import load_catalogue
    from tilstand.ingest.template import template_frame

    site = build_site("9904", "2024")
    pages = html_text.unescape(" ".join(page.read_text(encoding="utf-8") for page in site.rglob("*.html")))
    typed = read_observations(Path(__file__).parents[1] / "data" / "own_figures" / "9904" / "9904_2024.csv")
    filled = set(typed[typed["value"].notna()]["indicator"])
    catalogue = load_catalogue()
    asked = set(template_frame("9904", 2024, catalogue, (), "nn")["indicator"])  # {nemnda}: the year's name
    assert len(asked & filled) > 40
    missing = [i for i in sorted(asked & filled) if catalogue.get(i).title("nn").partition("{")[0] not in pages]
    assert not missing, missing
