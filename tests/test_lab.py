"""A chapter as an analyst runs it in JupyterLab: the .md file opened as a notebook (jupytext), the
parameters cell edited by hand (numbers typed as numbers), run top to bottom on a kernel; the
chart is a Vega-Lite bundle Lab draws, the glued sentences are shown, and both are the site's."""
from __future__ import annotations

import jupytext
import pytest
from nbclient import NotebookClient

from sitetools import block_for
from tilstand.paths import REPO_ROOT
from tilstand.present.outputs import LAB_WIDTH, VEGALITE


@pytest.fixture(scope="module")
def ran(kernels):
    """chapters/meldinger.md for 9901 2024, the parameters typed as Lab users type them."""
    notebook = jupytext.read(REPO_ROOT / "chapters" / "meldinger.md")
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source = "municipality = 9901\nyear = 2024\nlanguage = None\ncontext = None"
    kernel = kernels.take()
    try:    # a failing cell raises here (allow_errors is off), so every test below sees a clean run
        NotebookClient(notebook, km=kernel.manager, timeout=120, resources={"metadata": {"path": str(REPO_ROOT)}}).execute()
    finally:
        kernels.give_back(kernel)
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def test_the_chart_is_a_bundle_lab_draws_and_the_sites_chart(ran):
    charts = [output["data"][VEGALITE] for output in ran if VEGALITE in output.get("data", {})]
    assert charts and all(isinstance(chart["width"], int) for chart in charts), \
        "Lab's output area has no width for «container» to follow: the chart grows until the tab hangs"
    site = block_for("9901", 2024, "meldinger_nye").chart
    assert {**site, "width": LAB_WIDTH} in charts


def test_glued_sentences_show_with_the_sites_numbers(ran):
    shown = " ".join(output["data"].get("text/markdown", "") for output in ran if "data" in output)
    assert "`nye`: I 2024 fikk barnevernstjenesten 502 nye meldinger." in shown

