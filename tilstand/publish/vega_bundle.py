"""The vega + vega-lite + vega-embed bundle, made once by vl-convert and kept on disk.

Making it takes a second or two; the bundle depends only on the installed versions, so it is
cached by those versions under the build folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import altair as alt
import vl_convert as vlc

from tilstand.paths import DEFAULT_WORKSPACE

CACHE_DIR = DEFAULT_WORKSPACE.build / ".cache"


def vega_lite_version() -> str:
    """The Vega-Lite minor version Altair writes specs for (e.g. "6.4")."""
    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def bundle_path() -> Path:
    version = vega_lite_version()
    path = CACHE_DIR / f"vega-bundle-wrapped-vl{version}-vlc{vlc.__version__}.js"
    if not path.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two builds at once each write their own
        # Wrapped in a function: the bundle's top-level names (e.g. `_`) would clash with the
        # theme's scripts; it still publishes window.vegaEmbed.
        bundle = vlc.javascript_bundle(vl_version=version)
        tmp.write_text("(function () {\n" + bundle + "\n})();\n", encoding="utf-8")
        tmp.replace(path)
    return path
