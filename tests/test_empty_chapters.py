"""A chapter or section with nothing to show is left out of the report — navigation, contents,
PDF and Word all follow the finished pages — and named in the appendix of what is left out.
The nynorsk example 9904 has no figures for «Spesialiserte tiltak» (an optional part it does not
use) nor for «Samanlikning»: neither may be a heading followed directly by the next chapter."""

from __future__ import annotations

import re

import nbformat

from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.present import outputs
from tilstand.publish import finish


def _output(shown: outputs.Shown) -> dict:
    return nbformat.v4.new_output(
        "display_data", data=shown.lab[0], metadata={outputs.KEY: {"group": "g", **shown.metadata()}}
    )


def _chapter(path, *sections) -> None:
    """# Kapittel, a code cell with the chapter's comment, then (heading, outputs) per section."""
    cells = [
        nbformat.v4.new_markdown_cell("# Kapittel\n\nInnleiing."),
        nbformat.v4.new_code_cell(
            "report.comment('x')", outputs=[_output(outputs.narrative("kommentarer/x", None, "nn"))]
        ),
    ]
    for heading, shown in sections:
        cells += [
            nbformat.v4.new_markdown_cell(f"{heading}\n\nTekst."),
            nbformat.v4.new_code_cell("report.figure('x')", outputs=[_output(s) for s in shown]),
        ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)


OPTIONS = finish.PageOptions(DEFAULT_WORKSPACE, "9904", 2024, "nn", final=False)


def test_a_chapter_whose_sections_all_had_nothing_to_show_is_left_out_and_named_once(tmp_path):
    path = tmp_path / "kapittel.ipynb"
    _chapter(
        path,
        ("## Del A", [outputs.empty("Figur A", "nn")]),
        ("### Under A", [outputs.empty("Figur B", "nn"), outputs.empty("", "nn", optional=True)]),
        ("## Fleire tal", [outputs.empty("", "nn", optional=True)]),
    )
    done = finish.finish_notebook(path, "Kapittel", OPTIONS)
    assert done.empty, "a chapter of a heading and an introduction only would stand empty in the report"
    page = finish.omitted_page([done], "nn", final=False)
    assert page.count("Figur A") == 1 and page.count("Figur B") == 1
    assert "- **Kapittel**: Figur A og Figur B" in page


def test_an_optional_chapter_not_used_is_named_in_the_appendix_without_a_list(tmp_path):
    path = tmp_path / "kapittel.ipynb"
    _chapter(
        path,
        ("## Del", [outputs.empty("", "nn", optional=True)]),
        ("## Fleire tal", [outputs.empty("", "nn", optional=True)]),
    )
    done = finish.finish_notebook(path, "Spesialiserte tiltak", OPTIONS)
    assert done.empty
    page = finish.omitted_page([done], "nn", final=True)
    assert re.search(r"^- \*\*Spesialiserte tiltak\*\*$", page, re.M), page


def test_a_section_with_figures_keeps_its_chapter_and_the_empty_section_goes(tmp_path):
    from tilstand.present.blocks import Block

    path = tmp_path / "kapittel.ipynb"
    figure = outputs.figure(Block(key="a", title="Figur med tal", summary="Ei setning."), "nn")
    _chapter(path, ("## Del A", [figure]), ("## Del B", [outputs.empty("Figur B", "nn")]))
    done = finish.finish_notebook(path, "Kapittel", OPTIONS)
    assert not done.empty
    text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    assert "## Del A" in text and "## Del B" not in text
    assert done.omitted == [("Del B", ["Figur B"])]


def test_a_chapter_of_prose_alone_stays(tmp_path):
    path = tmp_path / "kapittel.ipynb"
    _chapter(path)
    assert not finish.finish_notebook(path, "Om rapporten", OPTIONS).empty


def test_the_nynorsk_example_has_no_empty_chapter(nynorsk_site):
    from sitetools import site_pages

    names = {page.stem for page in site_pages(nynorsk_site)}
    assert "spesialiserte_tiltak" not in names and "sammenligning" not in names
    index = (nynorsk_site / "index.html").read_text(encoding="utf-8")
    assert "spesialiserte_tiltak.html" not in index and "sammenligning.html" not in index, "in the navigation"
    appendix = (nynorsk_site / "chapters" / "utelatt.html").read_text(encoding="utf-8")
    assert "Spesialiserte tiltak" in appendix and "Samanlikning" in appendix
