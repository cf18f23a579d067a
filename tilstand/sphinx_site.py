"""Sphinx extension for the report site: only the site's own scripts on every page.

Jupyter Book 1 always loads sphinx-thebe, whose page script names a CDN (unpkg.com) for its
"run code" feature. The report has no such feature, so its scripts and style are dropped here.
"""
from __future__ import annotations


def _is_thebe(asset) -> bool:
    filename = getattr(asset, "filename", None) or ""
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return "thebe" in str(filename).lower() or "THEBE" in str(body)


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
