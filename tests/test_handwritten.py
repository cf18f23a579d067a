"""The service's own texts: read when present, a notice saying what to write when absent."""
from tilstand.ingest import handwritten


def test_missing_text_gives_a_notice_naming_the_file(tmp_path):
    assert handwritten.read("3201", 2024, "leders_vurdering", root=tmp_path) is None
    notice = handwritten.missing_notice("3201", 2024, "leders_vurdering", "Bærum")
    assert "narrative/3201/2024/leders_vurdering.md" in notice
    assert "ikke skrevet" in notice


def test_text_is_read_and_headings_do_not_become_page_sections(tmp_path):
    folder = tmp_path / "9901" / "2024"
    folder.mkdir(parents=True)
    (folder / "utfordringsbilde.md").write_text("# Rekruttering\n\nVi mangler fagfolk.\n", encoding="utf-8")
    text = handwritten.read("9901", 2024, "utfordringsbilde", root=tmp_path)
    assert "Vi mangler fagfolk." in text
    assert text.startswith("**Rekruttering**\n\nVi mangler")    # still its own paragraph


def test_an_empty_file_counts_as_missing(tmp_path):
    folder = tmp_path / "9901" / "2024"
    folder.mkdir(parents=True)
    (folder / "leders_vurdering.md").write_text("  \n", encoding="utf-8")
    assert handwritten.read("9901", 2024, "leders_vurdering", root=tmp_path) is None


def test_no_invented_text_for_baerum():
    """Nobody but the service writes Bærum's assessment: the repository holds none."""
    assert not (handwritten.NARRATIVE_DIR / "3201").exists()
