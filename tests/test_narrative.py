"""The service's own texts: read when written, guidance never shown as text, never invented."""

from tilstand.ingest import narrative
from tilstand.paths import DEFAULT_WORKSPACE, Workspace


def write(tmp_path, name, text, year=2024, code="9901"):
    path = tmp_path / "narrative" / code / str(year) / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Workspace(tmp_path)


def test_a_missing_file_is_not_written(tmp_path):
    assert narrative.read_section("9901", 2024, "leders_vurdering", Workspace(tmp_path)) is None


def test_text_is_read_and_headings_do_not_become_page_sections(tmp_path):
    workspace = write(tmp_path, "utfordringsbilde", "# Rekruttering\n\nVi mangler fagfolk.\n")
    text = narrative.read_section("9901", 2024, "utfordringsbilde", workspace)
    assert text.html.startswith("<p><strong>Rekruttering</strong></p>\n<p>Vi mangler")  # still its own paragraph


def test_guidance_is_removed_and_a_file_of_only_headings_and_guidance_counts_as_not_written(tmp_path):
    guide = narrative.guide_template("leders_vurdering", "nb")
    workspace = write(tmp_path, "leders_vurdering", guide)
    assert narrative.read_section("9901", 2024, "leders_vurdering", workspace) is None
    assert narrative.missing_sections("9901", 2024, workspace)[0] == "leders_vurdering"
    workspace = write(tmp_path, "leders_vurdering", guide + "\nTjenesten er forsvarlig.\n")
    text = narrative.read_section("9901", 2024, "leders_vurdering", workspace)
    assert "Tjenesten er forsvarlig." in text.html and "<!--" not in text.html and "veiledning" not in text.html


def test_an_empty_file_counts_as_missing(tmp_path):
    assert narrative.read_section("9901", 2024, "leders_vurdering", write(tmp_path, "leders_vurdering", "  \n")) is None


def test_every_section_has_guidance_with_headings_in_both_languages():
    for language in ("nb",):
        for name in (*narrative.SECTIONS, "kommentar"):
            template = narrative.guide_template(name, language)
            assert "<!--" in template
        for name in narrative.SECTIONS:
            outline = narrative.guide_outline(name, language)
            assert outline and all(heading and guidance for heading, guidance in outline), name


def test_no_invented_text_for_a_real_municipality():
    """Nobody but the service writes a real municipality's assessment: the repository holds
    texts only for the fictitious examples (99xx)."""
    folders = [p.name for p in DEFAULT_WORKSPACE.narrative.iterdir() if p.is_dir()]
    assert folders and all(name.startswith("99") for name in folders)
