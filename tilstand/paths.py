"""Where one report project keeps its inputs and its builds, so no module guesses a path.

A `Workspace` is a checkout (or a copy of one): data, settings, narrative, chapters and the
book's configuration. Everything that reads a file is handed the workspace, or a folder of it,
by its caller; the default is this checkout.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = REPO_ROOT / "tilstand"


@dataclass(frozen=True)
class Workspace:
    root: Path = REPO_ROOT

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def settings(self) -> Path:
        """One settings file per municipality: data/settings/<kommunenummer>.yml."""
        return self.data / "settings"

    @property
    def own_figures(self) -> Path:
        return self.data / "own_figures"

    @property
    def ssb_cache(self) -> Path:
        return self.data / "ssb" / "cache"

    @property
    def narrative(self) -> Path:
        return self.root / "narrative"

    @property
    def chapters(self) -> Path:
        return self.root / "chapters"

    @property
    def config(self) -> Path:
        return self.root / "_config.yml"

    @property
    def toc(self) -> Path:
        return self.root / "_toc.yml"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    def copy_to(self, target: Path) -> Workspace:
        """The project's inputs (data, chapters, narrative, book configuration), not its builds or
        caches, copied to target: a scratch copy to change without touching this one."""
        shutil.copytree(self.data, target / "data", ignore=shutil.ignore_patterns("cache"))
        for folder in ("chapters", "narrative"):
            shutil.copytree(self.root / folder, target / folder)
        for file in (self.config, self.toc):
            shutil.copyfile(file, target / file.name)
        return Workspace(target)

    def relative(self, path: Path) -> str:
        """A path as the analyst sees it in this checkout (data/own_figures/…), for messages."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


DEFAULT_WORKSPACE = Workspace()

# Files programs leave beside the ones a person saved: never an input, never a file of figures.
_LEFTOVERS = {"thumbs.db": "leftover.thumbnails", "desktop.ini": "leftover.folder_settings"}


def leftover_reason(path: Path) -> str | None:
    """Why a file is something a program left behind (a lock file while a workbook is open, a hidden
    file, a folder's thumbnails), as the key of its text in messages.yml (said in the reader's
    målform), or None for a file a person saved."""
    name = path.name
    if name.startswith("~$"):
        return "leftover.excel_lock"
    if name.startswith(".~lock."):
        return "leftover.libreoffice_lock"
    if name.lower() in _LEFTOVERS:
        return _LEFTOVERS[name.lower()]
    if name.startswith(".") or path.parent.name.startswith(".") or path.parent.name == "__pycache__":
        return "leftover.hidden"
    return None


def files_under(path: Path) -> list[Path]:
    """The files a person keeps under a folder (or the file itself), without leftovers, sorted."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and not leftover_reason(p))
    return [path] if path.is_file() else []


def fingerprint(*paths: Path) -> tuple:
    """Name, size and modification time of every file under the paths: a cheap key that changes
    whenever a file does, so a cache in a long-lived kernel (JupyterLab) never serves old data."""
    return tuple(
        (str(file), (stat := file.stat()).st_size, stat.st_mtime_ns) for path in paths for file in files_under(path)
    )


def confine(path: Path, folder: Path) -> Path | None:
    """The real path of `path` if it (after every symbolic link and «..») lies inside `folder`, else
    None: the one check for every path a user can name (a logo, a text's image, a text file), so
    nothing outside the project reaches a page or a PDF."""
    try:
        real, inside = Path(path).resolve(strict=True), Path(folder).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a loop of links, a name the system refuses
        return None
    return real if real == inside or inside in real.parents else None
