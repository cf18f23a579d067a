"""Assembles the executed staging book into HTML with Jupyter Book 1 (strict: warnings fail).

Sphinx runs in this process through Jupyter Book's own entry (jupyter_book.sphinx.build_sphinx,
what `jupyter-book build` calls): a subprocess would spend seconds importing Sphinx, MyST-NB and
the theme again for the site and once more for the PDF's single page.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
from pathlib import Path

from tilstand.publish.errors import BuildError

# A reference in the service's text to a figure on another chapter's page (publish/finish.py).
_REFERENCE_LINK = re.compile(r'(<a class="tilstand-ref" href=")[^"#]*#')


@contextlib.contextmanager
def _installed_modules_only():
    """Docutils looks a language up as a top-level module too (`import nn`): a folder called nn or
    nb in the current directory must not be taken for one. Sphinx sees installed modules only."""
    saved = sys.path[:]
    here = {"", ".", os.getcwd()}
    sys.path[:] = [entry for entry in sys.path if entry not in here]
    try:
        yield
    finally:
        sys.path[:] = saved


def assemble_html(book_dir: Path, builder: str = "html") -> Path:
    """Build the book (html: the site; singlehtml: every chapter on one page, for the PDF);
    return the folder holding index.html."""
    from jupyter_book.sphinx import build_sphinx

    html_dir = book_dir / "_build" / builder
    messages = io.StringIO()
    overrides = {
        "external_toc_path": (book_dir / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
    }
    with _installed_modules_only(), contextlib.redirect_stdout(messages), contextlib.redirect_stderr(messages):
        result = build_sphinx(
            book_dir,
            html_dir,
            noconfig=True,
            path_config=str(book_dir / "_config.yml"),
            confoverrides=overrides,
            builder=builder,
            warningiserror=True,
            keep_going=True,
            quiet=True,
        )
    if result != 0 or not (html_dir / "index.html").exists():
        output = messages.getvalue().strip().splitlines()
        details = (
            "\n".join(line for line in output if "WARNING" in line or "ERROR" in line)
            or "\n".join(output[-15:])
            or str(result)
        )
        raise BuildError(f"Jupyter Book kunne ikke sette sammen nettstedet:\n{details}")
    return html_dir


def single_page(book_dir: Path) -> Path:
    """The whole book on one page, for the PDF and the Word document. Its root document sits in
    chapters/, and Sphinx's single-page builder links _static/ relative to that folder, so the
    assets are put there; a reference to a figure in another chapter links within the page."""
    folder = assemble_html(book_dir, builder="singlehtml")
    page = next(folder.glob("chapters/*.html"))
    shutil.copytree(folder / "_static", page.parent / "_static", dirs_exist_ok=True)
    page.write_text(_REFERENCE_LINK.sub(r"\1#", page.read_text(encoding="utf-8")), encoding="utf-8")
    return page
