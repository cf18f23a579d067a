"""Where the project's folders are, so no module guesses a relative path."""
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
CHAPTERS_DIR = REPO_ROOT / "chapters"
BUILD_DIR = REPO_ROOT / "_build"
