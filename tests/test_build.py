"""The publication pipeline end to end: what an analyst runs, what a reader gets."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from sitetools import copy_workspace, site_pages

from tilstand.cli import main
from tilstand.paths import REPO_ROOT, Workspace
from tilstand.publish import BuildError, build_report
from tilstand.publish.execute import execute_chapters
from tilstand.publish.stage import StagedChapter

SEED_2024 = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_b296c0180205b8e5.txt"
# Loads a resource from another host: src/href/srcset/poster/action/data attributes, CSS url()
# and @import, and the CDNs and trackers a Jupyter Book or Altair page would otherwise use.
EXTERNAL_REFERENCE = re.compile(
    r"""(?:\b(?:src|srcset|poster|action|data)\s*=\s*["']\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)"""
    r"""|cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare|googleapis\.com|google-analytics|googletagmanager"""
    r"""|plausible\.io|mybinder\.org|hypothes\.is|utteranc\.es""",
    re.IGNORECASE,
)
LINK_ELSEWHERE = re.compile(
    r"""<(?:link|script|img|iframe)\b[^>]*(?:href|src)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE
)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tilstand", *args], capture_output=True, text=True, cwd=REPO_ROOT, timeout=600
    )


def test_default_build_states_the_real_figures_and_holds_the_chart(default_site):
    # 826 new reports in 2024: Bærum's report, table 1 ("Totalt ... 826"); the seeds sit beside
    # the checkout (shared/), so where they are, the test reads the figure there too.
    if SEED_2024.exists():
        assert re.search(r"Totalt .* 826\s*$", SEED_2024.read_text(encoding="utf-8"), re.MULTILINE)
    page = (default_site / "chapters" / "meldinger.html").read_text(encoding="utf-8")
    assert "826" in re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    assert 'class="tilstand-chart"' in page and 'type="application/json"' in page
    index = (default_site / "index.html").read_text(encoding="utf-8")
    assert "chapters/intro.html" in index
    title = re.search(r"<title>(.*?)</title>", (default_site / "chapters" / "intro.html").read_text(encoding="utf-8"))
    assert "Bærum 2024" in title.group(1)


def test_site_is_norwegian_and_has_search_but_no_launch_or_comment_buttons(default_site):
    page = (default_site / "chapters" / "meldinger.html").read_text(encoding="utf-8")
    assert '<html lang="nb"' in page
    assert (default_site / "search.html").exists() and (default_site / "searchindex.js").exists()
    for unwanted in ("launch-buttons", "thebe", "binder", "colab", "hypothesis", "utterances"):
        assert unwanted not in page.lower(), unwanted


def test_built_site_refers_to_no_other_site(default_site):
    files = [p for p in default_site.rglob("*") if p.suffix in (".html", ".js", ".css")]
    assert len(files) > 10
    offenders = {}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        found = EXTERNAL_REFERENCE.findall(text) + LINK_ELSEWHERE.findall(text)
        if found:
            offenders[str(path.relative_to(default_site))] = found[:3]
    assert offenders == {}


def test_no_page_holds_code_or_error_output(default_site):
    for page in site_pages(default_site):
        text = page.read_text(encoding="utf-8")
        assert "Traceback" not in text and "injected-parameters" not in text, page
        assert "from tilstand" not in text and "report = Report" not in text, page


def test_historical_code_builds_the_municipality_as_it_was(tmp_path, capsys):
    code = main(
        [
            "build",
            "--municipality",
            "0219",
            "--year",
            "2018",
            "--chapter",
            "meldinger",
            "--out",
            str(tmp_path / "site"),
            "--quiet",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    page = (tmp_path / "site" / "chapters" / "meldinger.html").read_text(encoding="utf-8")
    assert "Bærum 2018" in re.search(r"<title>(.*?)</title>", page).group(1)
    assert str(tmp_path / "site" / "index.html") in out.out


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--municipality", "9876"], "9876"),
        (["--municipality", "Atlantis"], "Atlantis"),
        (["--municipality", "3201", "--year", "1989"], "1989"),
        (["--municipality", "3201", "--year", "20x4"], "20x4"),
        (["--municipality", "3201", "--year", "24"], "«24»"),
    ],
)
def test_wrong_choice_exits_with_one_clear_sentence(args, expected, tmp_path, capsys):
    out = tmp_path / "never"
    assert main(["build", *args, "--out", str(out), "--quiet"]) == 2
    message = capsys.readouterr().err.strip()
    assert expected in message and "Traceback" not in message and len(message.splitlines()) == 1
    assert not out.exists()


def test_every_command_has_norwegian_help(capsys):
    for command in ([], ["build"], ["list"], ["init"], ["template"], ["validate"], ["fetch"]):
        with pytest.raises(SystemExit) as done:
            main([*command, "--help"])
        out = capsys.readouterr().out
        assert done.value.code == 0 and "bruk:" in out, command
        assert "usage" not in out and "show this help" not in out, command
    missing = run_cli("build")  # the real entry point, as a user runs it
    assert missing.returncode == 2 and "disse argumentene må oppgis" in missing.stderr


def _failing_workspace(root: Path) -> Path:
    copy_workspace(root)
    chapter = root / "chapters" / "meldinger.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            'report.figure("meldinger_henlagt_andel")', 'raise RuntimeError("testfeil i kapittelet")'
        ),
        encoding="utf-8",
    )
    return root


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_failing_chapter_is_named_and_previous_site_is_untouched(tmp_path):
    site = tmp_path / "site"
    build_report("3201", "2024", site, chapter="meldinger", progress=False)
    before = _digest(site)
    workspace = Workspace(_failing_workspace(tmp_path / "bad"))
    with pytest.raises(BuildError) as failure:
        build_report("3201", "2024", site, chapter="meldinger", workspace=workspace, progress=False)
    message = str(failure.value)
    assert "«Meldinger»" in message and "chapters/meldinger.md" in message
    assert "testfeil i kapittelet" in message and re.search(r"kodecelle \d+", message)
    assert _digest(site) == before
    assert not list(site.parent.glob(".site.ny-*"))  # no unfinished site left beside it


def test_parameters_reach_the_notebook_as_strings_with_leading_zeros(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    parameters = nbformat.v4.new_code_cell('municipality = "x"\nyear = "x"')
    parameters.metadata["tags"] = ["parameters"]
    check = nbformat.v4.new_code_cell('assert municipality == "0301" and year == "2018", (municipality, year)')
    notebook.cells = [parameters, check]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook, path)
    execute_chapters([StagedChapter("chapter", "Test", path, path)], {"municipality": "0301", "year": "2018"})
    executed = nbformat.read(path, as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)


def _notebook(path: Path, *sources: str) -> StagedChapter:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(notebook, path)
    return StagedChapter(path.stem, path.stem.title(), path, path)


def test_each_chapter_starts_without_the_previous_chapters_variables(tmp_path):
    first = _notebook(tmp_path / "first.ipynb", "left_behind = 1\nprint('skrevet')")
    second = _notebook(tmp_path / "second.ipynb", "assert 'left_behind' not in globals()")
    execute_chapters([first, second], {})
    printed = nbformat.read(first.notebook, as_version=4).cells[0].outputs
    assert [(o.output_type, o.get("text")) for o in printed] == [("stream", "skrevet\n")]


def test_a_chapter_that_hangs_is_stopped_and_named(tmp_path):
    hangs = _notebook(tmp_path / "henger.ipynb", "import time\ntime.sleep(30)")
    with pytest.raises(BuildError) as failure:
        execute_chapters([hangs], {}, timeout=1)
    assert "«Henger»" in str(failure.value) and "TimeoutError" in str(failure.value)


def test_no_municipality_is_written_into_chapters_or_code():
    """The reference municipality's choices live in its settings (data/settings/3201.yml), so the
    next municipality gets none of them."""
    pattern = re.compile(r"bærum|baerum|asker|\b(3201|0219|3024|3203|0220|3025)\b", re.IGNORECASE)
    found = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for folder in ("chapters", "tilstand")
        for path in sorted((REPO_ROOT / folder).rglob("*"))
        if path.is_file() and path.suffix in (".py", ".md", ".yml", ".js", ".css", ".html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert not found, found
