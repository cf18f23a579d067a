"""The service's text is text (issue 16): nothing a writer types becomes markup, runs, loads from
elsewhere or pulls a file from the machine into a page; each thing taken out is named with file
and line, and a final report refuses while one remains. Corpus: tests/bad_texts/cases.yml."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest
import yaml

from tilstand.ingest import narrative
from tilstand.language import Texts
from tilstand.paths import Workspace

CORPUS = Path(__file__).parent / "bad_texts"
CASES = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))
SECRET = "root:x:0:0:hemmelig"
FORBIDDEN = (
    "<script",
    "onerror",
    "<iframe",
    "<style",
    "<form",
    "<input",
    "evil.example",
    "file:",
    "javascript:",
    "data:text",
    '<img src="x',
    SECRET,
    "{raw}",
    "{include}",
)


def png() -> bytes:
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def project(tmp_path):
    """A project with a year's texts folder, its bilder/ (one real image, one text file named .png)
    and a secret file outside the project, where ../../etc/passwd-style paths could reach it."""
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text(SECRET, encoding="utf-8")
    root = tmp_path / "a" / "b" / "prosjekt"
    year = root / "narrative" / "9901" / "2024"
    (year / "bilder").mkdir(parents=True)
    (year / "bilder" / "kart.png").write_bytes(png())
    (year / "bilder" / "falsk.png").write_text(SECRET, encoding="utf-8")
    return Workspace(root)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_is_text_with_every_removal_named(project, name):
    case = CASES[name]
    path = narrative.section_path("9901", 2024, "leders_vurdering", project)
    shutil.copyfile(CORPUS / name, path)
    written = narrative.read_section("9901", 2024, "leders_vurdering", project)
    for forbidden in FORBIDDEN:
        assert forbidden not in written.html, forbidden
    assert [[note.line, note.key] for note in written.notes] == case["notes"]
    assert all(note.file == "narrative/9901/2024/leders_vurdering.md" for note in written.notes)
    assert ("leders_vurdering" not in narrative.missing_sections("9901", 2024, project)) is case["written"]
    assert bool(narrative.notes("9901", 2024, project)) is bool(case["notes"])  # what stops a final
    for note in written.notes:  # a message in both languages, naming the file and line
        for language in ("nb", "nn"):
            assert note.text(Texts(language)).startswith(f"{note.file}, linje {note.line}: ")


def test_a_good_text_keeps_its_emphasis_link_table_and_embedded_image(project):
    path = narrative.section_path("9901", 2024, "organisering_og_bemanning", project)
    shutil.copyfile(CORPUS / "ok_bilde_lenke_tabell.md", path)
    html = narrative.read_section("9901", 2024, "organisering_og_bemanning", project).html
    assert "<strong>tolv</strong>" in html and '<a href="https://www.bufdir.no" rel="noopener noreferrer">' in html
    assert '<a href="mailto:post@kommune.no"' in html and "<td>Mottak</td>" in html
    assert '<img src="data:image/png;base64,' in html  # in the page: nothing loaded from elsewhere


def test_a_text_file_that_is_a_link_is_not_read(project, tmp_path):
    path = narrative.section_path("9901", 2024, "leders_vurdering", project)
    path.symlink_to(tmp_path / "etc" / "passwd")
    written = narrative.read_section("9901", 2024, "leders_vurdering", project)
    assert SECRET not in written.html and [n.key for n in written.notes] == ["not_inside"]
    assert "leders_vurdering" in narrative.missing_sections("9901", 2024, project)


def test_an_image_folder_link_out_of_the_project_is_refused(project, tmp_path):
    folder = narrative.folder("9901", 2024, project) / "bilder"
    (tmp_path / "ute").mkdir()
    (tmp_path / "ute" / "hemmelig.png").write_bytes(png())
    (folder / "lenke").symlink_to(tmp_path / "ute")
    path = narrative.section_path("9901", 2024, "leders_vurdering", project)
    path.write_text("Tekst ![x](bilder/lenke/hemmelig.png)\n", encoding="utf-8")
    written = narrative.read_section("9901", 2024, "leders_vurdering", project)
    assert "<img" not in written.html and [n.key for n in written.notes] == ["removed_image_outside"]


def test_a_comment_uses_the_years_image_folder(project):
    path = narrative.comment_path("9901", 2024, "meldinger", project)
    path.parent.mkdir()
    path.write_text("Se ![kart](../bilder/kart.png)\n", encoding="utf-8")
    assert "data:image/png" in narrative.read_comment("9901", 2024, "meldinger", project).html


def test_a_text_not_saved_as_utf8_is_named(project):
    path = narrative.section_path("9901", 2024, "leders_vurdering", project)
    path.write_bytes("Tjenesten er forsvarlig i år – æøå".encode("cp1252"))
    written = narrative.read_section("9901", 2024, "leders_vurdering", project)
    assert [n.key for n in written.notes] == ["not_utf8"]
