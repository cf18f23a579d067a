"""Where the project's folders are, so no module guesses a relative path.

TILSTAND_DATA_DIR points the whole tool (and the chapter kernels, which inherit it) at another
data folder, e.g. a test's copy with an SSB cache of its own.
"""
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TILSTAND_DATA_DIR") or REPO_ROOT / "data").resolve()
CHAPTERS_DIR = REPO_ROOT / "chapters"
BUILD_DIR = REPO_ROOT / "_build"


def pythonpath_with(*folders: Path) -> str:
    """PYTHONPATH for a child process (kernel, Jupyter Book) that must import this checkout's
    tilstand, whatever folder it starts in; what was already on the path stays after it."""
    paths = [str(REPO_ROOT), *map(str, folders)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return os.pathsep.join(dict.fromkeys(paths))
