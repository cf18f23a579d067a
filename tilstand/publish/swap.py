"""Puts a finished site in place: never deletes what the tool did not make, never leaves no site.

- Every published site carries a marker file (MARKER). A folder given as the destination must be
  absent, empty, or a site with that marker; the project's root and any folder holding or inside
  its inputs are refused outright, whatever they hold.
- The new site is made beside the old one (`.<navn>.ny-…`) and swapped in with one atomic
  exchange of the two directories (renameat2 RENAME_EXCHANGE on Linux): at every instant the
  destination is a whole site, the old or the new. Where the file system cannot exchange, the old
  site is renamed aside (`.<navn>.gammel-…`) just before the new one moves in, and a run that finds
  the destination missing beside such a folder puts it back.
- One build at a time per destination: an fcntl lock on `.<navn>.lås` beside it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import time
import uuid
from pathlib import Path

from tilstand.publish.errors import BuildError

MARKER = ".tilstand-nettsted"
INPUT_FOLDERS = ("data", "narrative", "chapters", "tilstand", "tests")
INPUT_FILES = ("_config.yml", "_toc.yml")
LOCK_WAIT_SECONDS = 5.0
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputRefused(BuildError):
    """A destination the tool must not write over: nothing was built, nothing was touched."""

    exit_code = 2


def _aside(destination: Path, kind: str) -> str:
    return f".{destination.name}.{kind}-"


def staging_dir(destination: Path) -> Path:
    """Where a build for destination makes its new site: beside it, so the swap is a rename."""
    return destination.parent / f"{_aside(destination, 'ny')}{uuid.uuid4().hex[:8]}"


def is_published_site(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_destination(destination: Path, project_root: Path, *, owned_root: Path | None = None) -> None:
    """Refuse (OutputRefused) a destination the tool may not replace: the project root, a folder
    holding or inside its inputs, a file, a link, or a folder with content that is not a site this
    tool published. owned_root: the tool's own build folder, where a site from before markers
    (index.html and _static/) counts as the tool's."""
    where = str(destination)
    root = project_root.resolve()
    target = destination.parent.resolve() / destination.name
    inputs = [root / name for name in (*INPUT_FOLDERS, *INPUT_FILES)]
    if target == root or any(_inside(path, target) for path in inputs):
        raise OutputRefused(
            f"Kan ikke publisere til {where}: mappen er prosjektets rotmappe eller holder "
            "prosjektets filer (data/, narrative/, chapters/, tilstand/, tests/). Velg en ny, "
            "tom mappe med --out, f.eks. --out nettsted."
        )
    if any(_inside(target, path) for path in inputs):
        raise OutputRefused(
            f"Kan ikke publisere til {where}: mappen ligger inne i prosjektets filer "
            "(data/, narrative/, chapters/, tilstand/ eller tests/). Velg en mappe utenfor dem."
        )
    if destination.is_symlink() or (destination.exists() and not destination.is_dir()):
        raise OutputRefused(
            f"Kan ikke publisere til {where}: det er en fil eller en lenke, ikke en mappe. Velg en ny mappe med --out."
        )
    if not destination.exists() or is_published_site(destination) or not any(destination.iterdir()):
        return
    legacy = (
        owned_root is not None
        and _inside(target, owned_root.resolve())
        and (destination / "index.html").is_file()
        and (destination / "_static").is_dir()
    )
    if not legacy:
        raise OutputRefused(
            f"Kan ikke publisere til {where}: mappen finnes og er ikke et nettsted dette verktøyet "
            f"har laget (filen {MARKER} mangler), så den blir ikke slettet eller skrevet over. "
            "Velg en ny eller tom mappe med --out, eller flytt innholdet først."
        )


@contextlib.contextmanager
def output_lock(destination: Path, wait: float = LOCK_WAIT_SECONDS):
    """Hold the destination's lock for a whole build; a second build waits `wait` seconds for it,
    then stops with a message. The lock file stays: removing it would let two builds hold two locks."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    lock_path = destination.parent / f"{_aside(destination, 'lås')[:-1]}"
    with open(lock_path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildError(
                        f"En annen bygging skriver til {destination} nå. Vent til den er ferdig og "
                        "prøv igjen (eller bygg til en annen mappe med --out)."
                    ) from None
                time.sleep(0.2)
        try:
            recover(destination)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(destination: Path) -> None:
    """Put back what an interrupted build left (call under the lock): a site renamed aside is
    restored if the destination is missing; new sites never swapped in and old ones never removed
    are deleted (each is a folder this tool made, found by its name beside the destination)."""
    parent = destination.parent
    if not parent.is_dir():
        return
    old = sorted(
        (p for p in parent.glob(f"{_aside(destination, 'gammel')}*") if is_published_site(p)),
        key=lambda p: p.stat().st_mtime,
    )
    if old and not destination.exists():
        old.pop().rename(destination)
    for leftover in [*old, *parent.glob(f"{_aside(destination, 'ny')}*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def mark(site: Path, about: dict) -> None:
    (site / MARKER).write_text(
        json.dumps({"verktøy": "tilstand", **about}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def publish(new_site: Path, destination: Path, about: dict | None = None) -> None:
    """Swap new_site (made by staging_dir(destination), on the same file system) in at destination.
    Call under output_lock, after check_destination."""
    mark(new_site, about or {})
    if not destination.exists():
        new_site.rename(destination)
        return
    if _exchange(new_site, destination):
        shutil.rmtree(new_site, ignore_errors=True)  # the old site, now at the new one's name
        return
    old = destination.parent / f"{_aside(destination, 'gammel')}{uuid.uuid4().hex[:8]}"
    if not is_published_site(destination):
        mark(destination, {})  # an empty folder or a site from before markers: recoverable
    destination.rename(old)
    new_site.rename(destination)
    shutil.rmtree(old, ignore_errors=True)
