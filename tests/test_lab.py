"""A chapter as an analyst runs it in JupyterLab: the .md file opened as a notebook (jupytext), the
parameters cell edited by hand (numbers typed as numbers), run top to bottom on a kernel; the
chart is a Vega-Lite bundle Lab draws, the glued sentences are shown, and both are the site's."""

from __future__ import annotations

import hashlib
import subprocess

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from sitetools import block_for

from tilstand.paths import REPO_ROOT
from tilstand.present.outputs import LAB_WIDTH, VEGALITE


def _chapters() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((REPO_ROOT / "chapters").iterdir())}


@pytest.fixture(scope="module")
def lab_copy():
    """What `make lab` opens: the notebook copies it makes of the chapters, in _build/lab/."""
    made = subprocess.run(["make", "-s", "lab-files"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    return REPO_ROOT / "_build" / "lab" / "meldinger.ipynb"


@pytest.fixture(scope="module")
def ran(lab_copy):
    """The Lab copy of meldinger for 9901 2024, the parameters typed as Lab users type them, run top
    to bottom and saved as Lab saves it; returns the outputs and the chapters before the work."""
    before = _chapters()
    notebook = nbformat.read(lab_copy, as_version=4)
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source = "municipality = 9901\nyear = 2024\nlanguage = None\ncontext = None"
    NotebookClient(
        notebook, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(lab_copy.parent)}}
    ).execute()
    nbformat.write(notebook, lab_copy)
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    return outputs, before


def test_work_in_lab_leaves_the_chapters_and_git_untouched(ran, lab_copy):
    _, before = ran
    assert _chapters() == before, "Lab's save reached chapters/"
    ignored = subprocess.run(["git", "check-ignore", "-q", str(lab_copy)], cwd=REPO_ROOT)
    assert ignored.returncode == 0, "the Lab copies must be in a folder git ignores"
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "chapters", "_build"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert status.stdout == ""
    again = subprocess.run(["make", "-s", "lab-files"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert again.returncode == 0 and "municipality = 9901" in lab_copy.read_text(encoding="utf-8"), (
        "make lab must not throw away the analyst's edited copy"
    )


def test_the_readme_names_the_chapters_real_parameters():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    notebook = jupytext.read(REPO_ROOT / "chapters" / "meldinger.md")
    source = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])).source
    for line in source.splitlines()[:3]:
        assert f"`{line.split('#')[0].strip()}`" in readme, line


def test_the_chart_is_a_bundle_lab_draws_and_the_sites_chart(ran):
    charts = [output["data"][VEGALITE] for output in ran[0] if VEGALITE in output.get("data", {})]
    assert charts and all(isinstance(chart["width"], int) for chart in charts), (
        "Lab's output area has no width for «container» to follow: the chart grows until the tab hangs"
    )
    site = block_for("9901", 2024, "meldinger_nye").chart
    # the description leaves out what the chapter's text already says, so it is the chapter's own
    drawn = [{key: value for key, value in chart.items() if key != "description"} for chart in charts]
    assert {**{key: value for key, value in site.items() if key != "description"}, "width": LAB_WIDTH} in drawn


def test_glued_sentences_show_with_the_sites_numbers(ran):
    shown = " ".join(output["data"].get("text/markdown", "") for output in ran[0] if "data" in output)
    assert "`nye`: I 2024 fikk barnevernstjenesten 502 nye meldinger." in shown
