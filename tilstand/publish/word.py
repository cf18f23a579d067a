"""The report as an editable Word document, beside the site and the PDF.

The service adjusts and attaches a Word file to the political case, as with Bufdir's own template.
Nothing here writes Word XML by hand: the executed book is assembled once as a single page (as for
the PDF), each chart is drawn as a PNG by vl-convert from the same Vega-Lite spec the site draws,
the folded tables are unfolded, and pandoc (pypandoc-binary: pandoc ships inside the wheel) turns
the page into .docx with a reference document for the styles. Chapters become Word's «Overskrift
1», sections «Overskrift 2», so Word's own contents field works; tables become Word tables.
The reference document (pandoc's own, on A4, with the running header set by python-docx) carries
«Utkast» on every page of a draft. python-docx sets the document properties afterwards, and the
tables' column widths: pandoc gives every column the same narrow width, which breaks a category
name («Barnevernstjenesten/barnevernvakten») over four lines beside columns of four-digit years.
"""

from __future__ import annotations

import copy
import io
import json
import tempfile
from pathlib import Path

from tilstand.formatting import format_date
from tilstand.language import Texts
from tilstand.publish.errors import BuildError
from tilstand.publish.pdf import Cover

CHART_WIDTH = 600  # pixels; drawn at twice that for print (about 16 cm wide in Word)
PAGE_MM, MARGIN_MM = (210, 297), 20  # A4, as a Norwegian case document
NAME_CHARS = 36  # a row name longer than this wraps rather than squeeze the figures
FIGURE_CHARS = 14  # ... and a longer text in a column of figures wraps at its spaces
TABLE_POINTS = 9  # a table's text, as on paper (the PDF's tables): ten years fit beside a name
LANGUAGE_TAG = {"nb": "nb-NO", "nn": "nn-NO"}
# Site furniture a Word reader has no use for: heading anchors, download links, the search box.
DROPPED = ["a.headerlink", "p.tilstand-download", "script", "style", "button", "nav", ".tilstand-pdf-link"]


def running_header(cover: Cover) -> str:
    t = Texts(cover.language)
    header = t("pdf.running_header", name=cover.municipality, year=cover.year)
    return header if cover.final else f"{t('draft.label')} – {header}"


def _word_spec(spec: dict) -> dict:
    """The chart as drawn on paper, at a fixed width, with Vega-Lite's own colour key (the site's
    key is HTML beside the chart, which a picture does not carry). A chart that shows no category
    (every part hidden) gets no key: a key of nothing has no size, and Vega then draws an SVG of
    infinite size that vl-convert refuses."""
    spec = copy.deepcopy(spec)
    if spec.get("width") == "container":
        spec["width"] = CHART_WIDTH
    if (spec.get("usermeta") or {}).get("printHeight"):
        spec["height"] = spec["usermeta"]["printHeight"]

    def show_legends(node):
        if isinstance(node, dict):
            colour = (node.get("encoding") or {}).get("color")
            shown = (colour.get("scale") or {}).get("domain", True) if isinstance(colour, dict) else True
            if isinstance(colour, dict) and colour.get("legend", {}) is None and "field" in colour and shown:
                colour["legend"] = {"orient": "bottom", "title": None, "labelLimit": 400}
            for value in node.values():
                show_legends(value)
        elif isinstance(node, list):
            for value in node:
                show_legends(value)

    show_legends(spec)
    return spec


def chart_png(spec: dict) -> bytes:
    import vl_convert

    from tilstand.formatting import vega_format_locale, vega_time_format_locale

    return vl_convert.vegalite_to_png(
        _word_spec(spec), scale=2, format_locale=vega_format_locale(), time_format_locale=vega_time_format_locale()
    )


def word_html(page: str, media: Path) -> str:
    """The single page's article, made plain for pandoc: charts as PNG files in media, tables
    unfolded, figure captions as Word caption paragraphs, the site's furniture gone."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    article = soup.select_one("article") or soup.body
    for number, chart in enumerate(article.select("div.tilstand-chart"), 1):
        spec_id = chart.get("data-paper-spec-id") or chart.get("data-spec-id")
        source = soup.find(id=spec_id)
        if source is None:
            chart.decompose()
            continue
        spec = json.loads(source.get_text())
        png = media / f"figur-{number}.png"
        png.write_bytes(chart_png(spec))
        image = soup.new_tag("img", src=str(png), alt=spec.get("description", ""))
        holder = soup.new_tag("p")
        holder.append(image)
        chart.replace_with(holder)
    for selector in DROPPED:  # after the charts: their specs are scripts
        for node in article.select(selector):
            node.decompose()
    first = article.find("h1")
    if first:  # the report's title: the cover says it
        first.decompose()
    for legend in article.select("ul.tilstand-legend"):
        legend.decompose()  # drawn in the picture
    for details in article.select("details"):
        for summary in details.select("summary"):
            summary.decompose()
        details.unwrap()
    for caption in article.select("figure > figcaption"):
        title = caption.select_one(".tilstand-figure__title")
        subtitle = caption.select_one(".tilstand-figure__subtitle")
        block = soup.new_tag("div", attrs={"data-custom-style": "Image Caption"})
        if title:
            strong = soup.new_tag("strong")
            strong.string = title.get_text(" ", strip=True)
            block.append(strong)
        if subtitle:
            block.append(soup.new_string(f" {subtitle.get_text(' ', strip=True)}"))
        caption.replace_with(block)
    for figure in article.select("figure"):
        figure.name = "div"
    return str(article)


def reference_doc(cover: Cover, folder: Path) -> Path:
    """pandoc's own reference document on A4, with the running header on every page («Utkast» on a draft)
    and «side X av Y» in the footer (pandoc carries the reference document's header and footer)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    path = folder / "reference.docx"
    path.write_bytes(_default_reference())
    document = Document(str(path))
    for section in document.sections:
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        paragraph = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
        paragraph.text = running_header(cover)
        footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        footer.text = ""
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_numbers(footer, cover.language)
    document.save(str(path))
    return path


def _page_numbers(paragraph, language: str) -> None:
    """The PDF's «side X av Y», with Word's own PAGE and NUMPAGES fields for X and Y (python-docx has
    no call for a field: a simple field is one element)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    before, rest = Texts(language)("pdf.page", page="\0", pages="\1").split("\0")
    middle, after = rest.split("\1")
    for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if text:
            paragraph.add_run(text)
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), field)
            run, shown = OxmlElement("w:r"), OxmlElement("w:t")
            shown.text = "1"
            run.append(shown)
            simple.append(run)
            paragraph._p.append(simple)


def fit_columns(table, width: int) -> None:
    """Share the text width (EMU) between the table's columns by the longest text in each: the row
    names get the room they need (up to NAME_CHARS), each column of figures its longest figure.
    Set on the grid (LibreOffice reads it) and on every cell (Word reads that), with a fixed layout."""
    from docx.shared import Pt, Twips

    rows = [[cell.text for cell in row.cells] for row in table.rows]
    if not rows or len(rows[0]) < 2:
        return
    longest = [max(len(text) for text in column) for column in zip(*rows)]
    # A column of figures may wrap a long text at its spaces («kan ikke sammenlignes»), never inside a
    # word («mangle r»): its longest word fits, with room for the cell's margins.
    words = [max((len(word) for text in column for word in text.split()), default=0) for column in zip(*rows)]
    needs = [min(max(longest[0], 8), NAME_CHARS)] + [
        max(word + 3, min(n, FIGURE_CHARS) + 2, 6) for n, word in zip(longest[1:], words[1:])
    ]
    widths = [Twips(width // Twips(1) * need // sum(needs)) for need in needs]  # Word counts in twips
    table.autofit = False
    for paragraph in (paragraph for row in table.rows for cell in row.cells for paragraph in cell.paragraphs):
        for run in paragraph.runs:
            run.font.size = Pt(TABLE_POINTS)
    for column, size in zip(table.columns, widths):
        column.width = size
    for row in table.rows:
        for cell, size in zip(row.cells, widths):
            cell.width = size


def _default_reference() -> bytes:
    import subprocess

    import pypandoc

    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file=reference.docx"], capture_output=True, check=True
    )
    return done.stdout


def write_word(page: Path, destination: Path, cover: Cover) -> Path:
    """Write the book's single page (assemble.single_page) as a .docx at destination."""
    import pypandoc
    from docx import Document

    t = Texts(cover.language)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        content = word_html(page.read_text(encoding="utf-8"), folder)
        subtitle = f"{cover.author} {cover.year}"
        metadata = [
            f"title={cover.title}",
            f"subtitle={subtitle}",
            f"author={cover.author}",
            f"date={t('pdf.date', date=format_date(cover.dated, cover.language))}",
            f"lang={LANGUAGE_TAG[cover.language]}",
            f"toc-title={t('pdf.contents')}",
        ]
        if cover.case_number:
            metadata.append(f"abstract={t('pdf.case', number=cover.case_number)}")
        if not cover.final:
            metadata[1] = f"subtitle={subtitle} – {t('draft.banner')}"
        arguments = [
            "--toc",
            "--toc-depth=2",
            "--shift-heading-level-by=-1",
            f"--reference-doc={reference_doc(cover, folder)}",
            f"--resource-path={folder}",
        ]
        arguments += [f"--metadata={item}" for item in metadata]
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            pypandoc.convert_text(content, "docx", format="html", outputfile=str(destination), extra_args=arguments)
        except (RuntimeError, OSError) as error:
            raise BuildError(f"Word-dokumentet kunne ikke skrives: {error}") from error
    document = Document(str(destination))
    properties = document.core_properties
    properties.title = f"{cover.title} – {cover.municipality} {cover.year}"
    properties.author = cover.author
    properties.subject = cover.title
    properties.language = LANGUAGE_TAG[cover.language]
    properties.keywords = t("draft.label") if not cover.final else ""
    section = document.sections[-1]
    for table in document.tables:
        fit_columns(table, section.page_width - section.left_margin - section.right_margin)
    buffer = io.BytesIO()
    document.save(buffer)
    destination.write_bytes(buffer.getvalue())
    return destination
