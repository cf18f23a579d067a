"""Puts a finished site in place so that a failed build never replaces the last good one."""
from __future__ import annotations

import shutil
import uuid
from pathlib import Path


def publish(new_site: Path, destination: Path) -> None:
    """Swap new_site in at destination with renames on the same file system."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    old = destination.with_name(f".{destination.name}.old-{uuid.uuid4().hex[:8]}")
    if destination.exists():
        destination.rename(old)
    try:
        shutil.move(str(new_site), str(destination))
    except BaseException:
        if old.exists() and not destination.exists():
            old.rename(destination)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
