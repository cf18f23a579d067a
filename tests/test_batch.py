"""`batch`: many municipalities' drafts on a 2-worker local Dask cluster, one run serving several
tests: a broken file of own figures, a worker lost once mid-build and one lost past the failures
allowed (tests/lost_workers.py); and the pieces a coordinator relies on (resume key, index page,
exit codes)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from lost_workers import losing

from tilstand.bench import fictitious_copies
from tilstand.cli import main
from tilstand.ingest.problems import render
from tilstand.paths import DEFAULT_WORKSPACE
from tilstand.publish.batch import (
    EXIT_NONE_BUILT,
    EXIT_PARTIAL,
    BatchResult,
    Keys,
    Options,
    Outcome,
    chosen_municipalities,
    unchanged,
)
from tilstand.publish.batch_index import write_index

YEAR = 2024


def _break(path: Path) -> None:
    """Third line's value (the file's second row of figures) becomes a word."""
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[4] = "mange"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _batch(workspace, municipalities: str, out: Path, *options: str) -> tuple[int, str, str]:
    """`batch` for the year over the municipalities, as typed on the command line: the exit code and
    what it printed (standard output, standard error)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(
            [
                "--workspace",
                str(workspace.root),
                "batch",
                "--year",
                str(YEAR),
                "--municipalities",
                municipalities,
                "--out",
                str(out),
                "--quiet",
                *options,
            ]
        )
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    """One batch, as typed on the command line, on the 2-worker cluster `batch` starts itself, over five
    municipalities: three with a broken file of own figures; one whose worker is lost once mid-build
    (the engine retries it and it builds, the others' failures notwithstanding); one whose worker is
    lost twice, past the one failure a task is allowed here (it is listed with the reason). Five, so
    the engine queues them and a worker holds one at a time (tests/lost_workers.py); one build that
    succeeds, as it costs seconds. Then the same batch again, but for the one lost, on a cluster that
    is already running (`--scheduler`; its worker a thread of this process)."""
    from distributed import LocalCluster

    folder = tmp_path_factory.mktemp("batch")
    workspace = DEFAULT_WORKSPACE.copy_to(folder / "project")
    *broken, retried, lost = fictitious_copies(workspace, 5)
    for code in broken:
        _break(workspace.own_figures / code / f"{code}_{YEAR}.csv")
    out = folder / "out"
    with losing({f"tilstand-{retried}-{YEAR}": 1, f"tilstand-{lost}-{YEAR}": 2}, allowed_failures=1) as killed:
        code, stdout, stderr = _batch(workspace, ",".join([*broken, retried, lost]), out, "--workers", "2")
    index = (out / "index.html").read_text(encoding="utf-8")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        again = _batch(workspace, ",".join([*broken, retried]), out, "--scheduler", cluster.scheduler_address)
    return {
        "code": code,
        "out": out,
        "stdout": stdout,
        "stderr": stderr,
        "index": index,
        "again": again,
        "good": [retried],
        "broken": broken,
        "retried": retried,
        "lost": lost,
        "killed": list(killed),
    }


def test_a_broken_file_fails_only_its_municipality(batch_run):
    assert batch_run["code"] == EXIT_PARTIAL
    for code in batch_run["good"]:
        page = (batch_run["out"] / code / "chapters" / "intro.html").read_text(encoding="utf-8")
        assert f"Testkommune {code}" in page and "Utkast" in page
    for broken in batch_run["broken"]:
        assert not (batch_run["out"] / broken).exists()
        failure = next(line for line in batch_run["stderr"].splitlines() if f"({broken})" in line)
        assert failure.startswith("Feil:")
        assert f"data/own_figures/{broken}/{broken}_{YEAR}.csv, rad 3, kolonne «value»: «mange»" in batch_run["stderr"]
    assert "Traceback" not in batch_run["stderr"]
    assert "1 bygget" in batch_run["stdout"] and "4 feilet" in batch_run["stdout"]


def test_a_lost_worker_is_retried_by_the_engine_and_past_the_allowed_failures_listed_with_a_reason(batch_run):
    """The worker building one municipality is killed once: the engine builds it again (its site is
    checked above). The worker building another is killed twice, past the failure allowed: it is
    listed as failed with the reason, and no other municipality is struck."""
    retried, lost = batch_run["retried"], batch_run["lost"]
    assert sorted(batch_run["killed"]) == sorted([f"tilstand-{retried}-{YEAR}"] + [f"tilstand-{lost}-{YEAR}"] * 2)
    assert (batch_run["out"] / retried / "index.html").is_file()
    failure = next(line for line in batch_run["stderr"].splitlines() if f"({lost})" in line)
    assert failure.startswith("Feil:") and "Arbeidsprosessen som bygde kommunen, stoppet" in failure
    assert not (batch_run["out"] / lost).exists()


def test_index_lists_every_municipality_with_working_links(batch_run):
    out, page = batch_run["out"], batch_run["index"]
    for code in [*batch_run["good"], *batch_run["broken"], batch_run["lost"]]:
        assert f"Testkommune {code} (fiktiv) ({code})" in page
    links = re.findall(r'href="([^"]+)"', page)
    assert len(links) == 1 and all((out / link).is_file() for link in links)
    assert "«mange» – forventet et tall" in page and "Arbeidsprosessen som bygde kommunen, stoppet" in page
    assert page.count(">Bygget<") == 1 and page.count(">Feilet<") == 4


def test_a_batch_again_on_a_running_cluster_builds_nothing_unchanged_and_refuses_the_broken_again(batch_run):
    code, stdout, stderr = batch_run["again"]
    assert code == EXIT_PARTIAL and "0 bygget, 1 uendret siden forrige kjøring, 3 feilet av 4" in stdout
    for broken in batch_run["broken"]:
        assert f"data/own_figures/{broken}/{broken}_{YEAR}.csv, rad 3, kolonne «value»: «mange»" in stderr
    page = (batch_run["out"] / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', page)
    assert len(links) == 1 and all((batch_run["out"] / link).is_file() for link in links)


def test_resume_key_follows_the_municipalitys_own_inputs(tmp_path):
    workspace = DEFAULT_WORKSPACE.copy_to(tmp_path / "project")
    first, second = fictitious_copies(workspace, 2)
    options = Options(YEAR, False, None, None)
    before = {code: Keys(workspace, options)(code) for code in (first, second)}
    text = workspace.narrative / first / str(YEAR) / "leders_vurdering.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nEn ny setning.\n", encoding="utf-8")
    after = {code: Keys(workspace, options)(code) for code in (first, second)}
    assert after[first] != before[first] and after[second] == before[second]
    assert Keys(workspace, Options(YEAR, True, None, None))(second) != after[second]  # --pdf is another build

    site = tmp_path / "site"
    built = Outcome(second, "Testkommune", "ok", after[second], site=str(site))
    assert not unchanged(built, after[second], options)  # the site is gone: build again
    site.mkdir()
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    assert unchanged(built, after[second], options)
    assert not unchanged(built, before[first], options)
    assert not unchanged(Outcome(second, "Testkommune", "feilet", after[second]), after[second], options)


def test_index_escapes_names_and_reasons_and_speaks_nynorsk(tmp_path):
    outcomes = [
        Outcome("9905", "<script>alert(1)</script>", "feilet", "k", reason="Feil i «<b>»"),
        Outcome("9907", "Fjord & Fjell", "ok", "k", site=str(tmp_path / "9907"), figures_date="2025-03-01"),
    ]
    page = write_index(tmp_path, outcomes, YEAR, "nn").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>" not in page
    assert "Fjord &amp; Fjell" in page and 'href="9907/index.html"' in page
    assert "1. mars 2025" in page and "Feila" in page and 'lang="nn"' in page


def test_exit_codes_tell_full_partial_and_total_failure(tmp_path):
    ok, failed = Outcome("1", "A", "ok", "k"), Outcome("2", "B", "feilet", "k", reason="…")
    assert BatchResult([ok, Outcome("3", "C", "uendret", "k")], tmp_path).exit_code == 0
    assert BatchResult([ok, failed], tmp_path).exit_code == EXIT_PARTIAL
    assert BatchResult([failed], tmp_path).exit_code == EXIT_NONE_BUILT


@pytest.fixture
def broken_register(tmp_path):
    """A project whose register of fictitious municipalities has two bad lines: 9951's name would be markup,
    and 9852 is outside the fictitious numbers."""
    workspace = DEFAULT_WORKSPACE.copy_to(tmp_path / "project")
    register = workspace.data / "municipalities" / "extra.csv"
    row = register.read_text(encoding="utf-8").count("\n") + 1
    with register.open("a", encoding="utf-8") as handle:
        handle.write("9951,Prøve <b>,true,nynorsk,\n9852,Anna (fiktiv),true,bokmal,\n")
    return workspace, row


def test_a_municipality_asked_for_whose_register_line_is_wrong_is_refused_with_the_line(broken_register):
    workspace, row = broken_register
    selection = chosen_municipalities(["9901", "9951"], YEAR, workspace)
    assert [code for code, _ in selection.municipalities] == ["9901"]
    reason = render(selection.refused["9951"], "nb")
    assert (
        f"data/municipalities/extra.csv, rad {row}, kolonne «name»: «Prøve <b>» – forventet et navn som "
        "slutter med «(fiktiv)»" in reason
    )
    warnings = [render(warning, "nb") for warning in selection.warnings]  # 9951 is said once, as refused
    assert (
        len(warnings) == 1
        and f"rad {row + 1}, kolonne «kommunenummer»: «9852» – forventet et fiktivt kommunenummer fra 9900 til 9999"
        in warnings[0]
    ), warnings


def test_all_municipalities_include_one_whose_register_line_is_wrong_if_it_has_own_figures(broken_register):
    workspace, row = broken_register
    folder = workspace.own_figures / "9951"
    folder.mkdir()
    (folder / f"9951_{YEAR}.csv").write_text(
        f"region;year;indicator;category;value;status;source\n9951;{YEAR};meldinger_nye;;40;;Fagsystem\n",
        encoding="utf-8",
    )
    selection = chosen_municipalities(None, YEAR, workspace)
    assert "9901" in dict(selection.municipalities) and "9951" not in dict(selection.municipalities)
    assert f"rad {row}, kolonne «name»: «Prøve <b>»" in render(selection.refused["9951"], "nb")
    assert list(selection.refused) == ["9951"] and len(selection.warnings) == 1
    assert "«9852»" in render(selection.warnings[0], "nb")


def test_a_batch_of_only_a_broken_register_line_fails_it_and_warns_of_the_other_in_nynorsk(broken_register):
    """No build starts (nothing can be built), so no cluster either: what is said is what is tested."""
    workspace, row = broken_register
    out = workspace.root.parent / "out"
    code, stdout, said = _batch(workspace, "9951", out, "--language", "nn")
    assert code == EXIT_NONE_BUILT and "1 feila av 1 kommunar" in stdout  # --language nn
    failure = next(line for line in said.splitlines() if line.startswith("Feil:"))
    assert failure.startswith("Feil: Fiktiv kommune (9951): Kommunenummer 9951 står i data/municipalities/extra.csv")
    assert f"rad {row}, kolonne «name»: «Prøve <b>» – venta eit namn som sluttar med «(fiktiv)»" in said
    assert f"rad {row + 1}, kolonne «kommunenummer»: «9852» – venta eit fiktivt kommunenummer frå 9900" in said
    assert "Traceback" not in said
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Fiktiv kommune (9951)" in page and "«Prøve &lt;b&gt;» – venta eit namn" in page and ">Feila<" in page
