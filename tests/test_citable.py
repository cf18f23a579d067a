"""A report a council member can cite: figures and tables numbered through the report, the same
numbers on the site and on paper; a PDF outline to jump by; «Utkast» on every page of a draft;
every figure's table on paper, in the appendix the figure points to; the service's texts refer to
a figure by its id and get its number («{figur:meldinger_nye}» → «figur 7»)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader
from sitetools import pdf_pages
from test_pdf import chapter_titles

from tilstand.ingest import narrative
from tilstand.language import Texts
from tilstand.paths import Workspace
from tilstand.present import outputs
from tilstand.publish import finish
from tilstand.publish.finish import Numbers

FIGURE = re.compile(r"Figur (\d+):")
TABLE = re.compile(r"Tabell (\d+):")


def test_numbers_continue_from_one_output_to_the_next():
    numbers = Numbers()
    first = numbers.apply(
        '<span class="tilstand-figure__title" id="a">Meldinger</span><caption>Meldinger</caption>', "nb"
    )
    second = numbers.apply('<span class="tilstand-figure__title" id="b">Frist</span><caption>Frist</caption>', "nn")
    assert "Figur 1:</span> Meldinger" in first and "Tabell 1:</span> Meldinger" in first
    assert "Figur 2:</span> Frist" in second and "Tabell 2:</span> Frist" in second


def _site_numbers(site: Path, pattern: re.Pattern) -> list[int]:
    """The numbers as a reader meets them, chapter after chapter in the navigation's order."""
    index = (site / "search.html").read_text(encoding="utf-8")
    order = re.findall(r'href="(?:\.\./)?chapters/([\w-]+)\.html"', index)
    found = []
    for name in dict.fromkeys(order):
        text = re.sub(r"<[^>]+>", " ", (site / "chapters" / f"{name}.html").read_text(encoding="utf-8"))
        found += [int(n) for n in pattern.findall(re.sub(r"\s+", " ", text))]
    return found


def test_figures_and_tables_numbered_through_the_site(default_site):
    figures, tables = _site_numbers(default_site, FIGURE), _site_numbers(default_site, TABLE)
    assert figures == list(range(1, len(figures) + 1)) and len(figures) >= 20
    assert tables == list(range(1, len(tables) + 1)) and len(tables) >= 20


def test_paper_has_the_same_numbers_and_every_table(default_site, default_pages):
    text = "\n".join(page.text for page in default_pages)
    figures, tables = _site_numbers(default_site, FIGURE), _site_numbers(default_site, TABLE)
    assert sorted({int(n) for n in FIGURE.findall(text)}) == figures
    assert sorted({int(n) for n in TABLE.findall(text)}) == tables  # every table, on paper
    assert re.search(r"Alle årene: tabell \d+ i vedlegget", text)


def test_pdf_outline_has_every_chapter_with_its_number(default_site, default_pdf):
    outline = [" ".join(item.title.split()) for item in default_pdf.outline if not isinstance(item, list)]
    for title in chapter_titles(default_site):  # «6 Meldinger», as in the site's navigation
        assert " ".join(title.split()) in outline
    assert any(isinstance(item, list) for item in default_pdf.outline)  # sections under their chapters


def test_utkast_on_every_page_of_a_draft(default_pages):
    for number, page in enumerate(default_pages, 1):
        assert "Utkast" in page.text, f"side {number} mangler «Utkast»"


# --- the service's texts refer to figures by id ------------------------------------------------


def _notebook(path: Path, *shown: outputs.Shown) -> Path:
    cells = [
        nbformat.v4.new_markdown_cell(f"# {path.stem}"),
        nbformat.v4.new_code_cell(
            "report.x()",
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data=s.lab[0], metadata={outputs.KEY: {"group": str(i), **s.metadata()}}
                )
                for i, s in enumerate(shown)
            ],
        ),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def _figure(key: str, title: str) -> outputs.Shown:
    return outputs.reader_html(
        f'<figure id="figur-{key}"><figcaption><span class="tilstand-figure__title" '
        f'id="title-{key}">{title}</span></figcaption><table><caption>{title}</caption>'
        "</table></figure>",
        title,
    )


@pytest.fixture
def referring(tmp_path):
    """make() → two chapters: the first holds the leader's text, which refers to a figure (and its
    table) in the second, and to one the report does not have; the second has a figure before it."""
    workspace = Workspace(tmp_path / "prosjekt")
    text = narrative.section_path("9901", 2024, "leders_vurdering", workspace)
    text.parent.mkdir(parents=True)
    text.write_text(
        "## Vurdering\n\nSom {figur:meldinger_nye} og {tabell:meldinger-nye} viser.\n\n"
        "{Figur:finnes_ikke} er <b>borte</b>, og `{figur:meldinger_nye}` er kode.\n",
        encoding="utf-8",
    )

    def make() -> list[Path]:
        return [
            _notebook(tmp_path / "leder.ipynb", _figure("a", "Før"), outputs.narrative("leders_vurdering", None, "nb")),
            _notebook(tmp_path / "meldinger.ipynb", _figure("b", "Annen"), _figure("meldinger-nye", "Nye meldinger")),
        ]

    return workspace, make


def _finished(workspace, paths, final=False) -> tuple[list[str], list]:
    """The chapters finished as the build does (numbered in order, then the references resolved):
    each page's HTML, and the references left unresolved."""
    options = finish.PageOptions(workspace, "9901", 2024, "nb", final=final)
    numbers = Numbers()
    done = [finish.finish_notebook(path, path.stem, options, numbers) for path in paths]
    unresolved = finish.resolve_references([p for p, d in zip(paths, done) if d.refers], numbers, "nb", final)
    pages = [
        "".join(
            o["data"].get("text/html", "") for c in nbformat.read(p, as_version=4).cells for o in c.get("outputs", [])
        )
        for p in paths
    ]
    return pages, unresolved


def test_a_reference_to_a_later_chapters_figure_gets_the_number_it_carries_there(referring):
    workspace, make = referring
    (leader, later), _ = _finished(workspace, make())
    figure = re.search(r'id="title-meldinger-nye"><span class="tilstand-number">Figur (\d+):', later).group(1)
    table = re.search(r'<caption><span class="tilstand-number">Tabell (\d+):</span> Nye meldinger', later).group(1)
    assert figure == table == "3"  # after «Før» (1) and «Annen» (2)
    assert (
        f'Som <a class="tilstand-ref" href="meldinger.html#figur-meldinger-nye">figur {figure}</a> og '
        f'<a class="tilstand-ref" href="meldinger.html#figur-meldinger-nye">tabell {table}</a> viser.' in leader
    )
    assert "<code>{figur:meldinger_nye}</code>" in leader and "<b>" not in leader


def test_a_reference_the_report_has_no_figure_for_is_a_draft_note_and_stops_a_final(referring):
    workspace, make = referring
    (leader, _), unresolved = _finished(workspace, make())
    assert "Figur ? er borte" in leader
    notes = re.findall(r"<li>([^<]*finnes_ikke[^<]*)</li>", leader)
    assert notes == [n.text(Texts("nb")) for n in unresolved] and len(notes) == 1
    assert notes[0].startswith("narrative/9901/2024/leders_vurdering.md, linje 5: «{Figur:finnes_ikke}» viser ikke")
    (leader, _), unresolved = _finished(workspace, make(), final=True)
    assert len(unresolved) == 1 and "finnes_ikke" not in leader  # refused (pipeline), never shown


def test_a_one_chapter_preview_says_the_figure_may_stand_in_another_chapter(referring):
    """`build --chapter leders_vurdering`: the figure it points to is in «Meldinger», not built."""
    workspace, make = referring
    leader = make()[0]
    options = finish.PageOptions(workspace, "9901", 2024, "nb", final=False)
    numbers = Numbers()
    finish.finish_notebook(leader, "leder", options, numbers)
    unresolved = finish.resolve_references([leader], numbers, "nb", False, whole_report=False)
    said = [note.text(Texts("nb")) for note in unresolved]
    assert len(said) == 3 and all(
        "ikke er i dette kapittelet" in text and "bygg hele rapporten" in text for text in said
    )
    assert not any("viser ikke til noen figur" in text for text in said)


def test_the_example_texts_reference_is_the_figures_number_on_the_site_on_paper_and_in_word(nynorsk_site):
    """9904's leader refers to a figure in the later chapter «Meldingar» by its id."""
    from docx import Document

    leader = (nynorsk_site / "chapters" / "leders_vurdering.html").read_text(encoding="utf-8")
    link = re.search(
        r'<a class="tilstand-ref" href="meldinger\.html#figur-meldinger-etter-instans">figur (\d+)</a>', leader
    )
    later = (nynorsk_site / "chapters" / "meldinger.html").read_text(encoding="utf-8")
    assert link and f'id="title-meldinger-etter-instans"><span class="tilstand-number">Figur {link.group(1)}:' in later
    said = f"kven som melde, står i figur {link.group(1)}."
    pdf = next(nynorsk_site.glob("*.pdf"))
    number = next(p.index for p in pdf_pages(pdf) if said in " ".join(p.text.split()))
    page = PdfReader(pdf).pages[number]
    assert any(a.get_object().get("/Dest") == "/figur-meldinger-etter-instans" for a in page.get("/Annots", [])), (
        "on paper the number links to the figure"
    )
    word = Document(str(next(nynorsk_site.glob("*.docx"))))
    assert any(said in p.text for p in word.paragraphs)
    assert 'w:anchor="figur-meldinger-etter-instans"' in word.element.xml
