"""Publishing never deletes what the tool did not make and never leaves no site (issue 16)."""

from __future__ import annotations

import threading

import pytest

from tilstand.publish import swap as pub
from tilstand.publish.errors import BuildError
from tilstand.publish.swap import MARKER, OutputRefused, check_destination, output_lock, publish, recover, staging_dir


def _project(tmp_path):
    root = tmp_path / "prosjekt"
    for name in ("data", "narrative", "chapters", "tilstand", "tests"):
        (root / name).mkdir(parents=True)
    (root / "data" / "tall.xlsx").write_bytes(b"viktig")
    return root


def _site(destination, text):
    new = staging_dir(destination)
    new.mkdir(parents=True)
    (new / "index.html").write_text(text, encoding="utf-8")
    return new


@pytest.mark.parametrize("where", [".", "data", "data/nettsted", "narrative/9904", "tests", ".."])
def test_project_root_and_inputs_are_refused(tmp_path, where):
    root = _project(tmp_path)
    with pytest.raises(OutputRefused, match="Kan ikke publisere til"):
        check_destination(root / where, root)
    assert (root / "data" / "tall.xlsx").read_bytes() == b"viktig"


def test_a_folder_the_tool_did_not_make_is_refused_and_kept(tmp_path):
    root = _project(tmp_path)
    folder = tmp_path / "mine dokumenter"
    folder.mkdir()
    (folder / "budsjett.xlsx").write_bytes(b"x")
    (folder / "notat.docx").write_bytes(b"y")
    with pytest.raises(OutputRefused, match=f"{MARKER} mangler"):
        check_destination(folder, root)
    assert sorted(p.name for p in folder.iterdir()) == ["budsjett.xlsx", "notat.docx"]


def test_a_file_or_link_is_refused(tmp_path):
    root = _project(tmp_path)
    (tmp_path / "fil.txt").write_text("x")
    (tmp_path / "lenke").symlink_to(tmp_path / "prosjekt" / "data")
    for name in ("fil.txt", "lenke"):
        with pytest.raises(OutputRefused):
            check_destination(tmp_path / name, root)


def test_absent_empty_and_published_folders_are_accepted(tmp_path):
    root = _project(tmp_path)
    check_destination(tmp_path / "ny", root)
    (tmp_path / "tom").mkdir()
    check_destination(tmp_path / "tom", root)
    destination = tmp_path / "nettsted"
    publish(_site(destination, "første"), destination)
    check_destination(destination, root)


def test_publish_swaps_in_the_new_site_and_leaves_nothing_beside_it(tmp_path):
    destination = tmp_path / "nettsted"
    publish(_site(destination, "første"), destination, {"kommunenummer": "9904"})
    publish(_site(destination, "andre"), destination)
    assert (destination / "index.html").read_text(encoding="utf-8") == "andre"
    assert (destination / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nettsted"]


def test_an_interrupted_swap_leaves_the_old_site_and_the_next_run_restores_it(tmp_path, monkeypatch):
    """Without an atomic exchange the old site is renamed aside; an interrupt before the new one
    moves in leaves no site at the destination, and the next build puts the old one back."""
    destination = tmp_path / "nettsted"
    publish(_site(destination, "god"), destination)
    new = _site(destination, "ny")
    monkeypatch.setattr(pub, "_exchange", lambda a, b: False)
    real_rename = type(new).rename

    def interrupted(self, target):
        if self == new:
            raise KeyboardInterrupt
        return real_rename(self, target)

    monkeypatch.setattr(type(new), "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish(new, destination)
    monkeypatch.undo()
    assert not destination.exists()
    with output_lock(destination):
        pass
    assert (destination / "index.html").read_text(encoding="utf-8") == "god"
    assert not list(tmp_path.glob(".nettsted.gammel-*")) and not list(tmp_path.glob(".nettsted.ny-*"))


def test_recover_removes_unfinished_new_sites(tmp_path):
    destination = tmp_path / "nettsted"
    publish(_site(destination, "god"), destination)
    _site(destination, "halvferdig")
    recover(destination)
    assert (destination / "index.html").read_text(encoding="utf-8") == "god"
    assert not list(tmp_path.glob(".nettsted.ny-*"))


def test_a_second_build_to_the_same_folder_stops_with_a_message(tmp_path):
    destination = tmp_path / "nettsted"
    held, release = threading.Event(), threading.Event()

    def first():
        with output_lock(destination):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(10)
    try:
        with pytest.raises(BuildError, match="En annen bygging skriver til"), output_lock(destination, wait=0.3):
            pass
    finally:
        release.set()
        thread.join()
    with output_lock(destination, wait=0.3):  # free again once the first is done
        pass


def test_build_out_project_root_is_refused_before_anything_is_built(tmp_path):
    from tilstand.cli import main
    from tilstand.paths import DEFAULT_WORKSPACE

    workspace = DEFAULT_WORKSPACE.copy_to(tmp_path / "kopi")
    before = sorted(p.name for p in workspace.root.iterdir() if p.name != "_build")
    code = main(
        [
            "--workspace",
            str(workspace.root),
            "build",
            "-m",
            "9904",
            "-y",
            "2024",
            "--out",
            str(workspace.root),
            "--quiet",
        ]
    )
    assert code == 2
    # nothing but the tool's own folder (_build/: the cache of checked figure files) is new
    assert sorted(p.name for p in workspace.root.iterdir() if p.name != "_build") == before
