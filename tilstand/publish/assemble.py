"""Assembles the executed staging book into HTML with Jupyter Book 1 (strict: warnings fail)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tilstand.publish.errors import BuildError


def jupyter_book_command() -> list[str]:
    executable = Path(sys.executable).parent / "jupyter-book"
    return [str(executable)] if executable.exists() else [sys.executable, "-m", "jupyter_book.cli.main"]


def assemble_html(book_dir: Path, builder: str = "html") -> Path:
    """Build the book (html: the site; singlehtml: every chapter on one page, for the PDF);
    return the folder holding index.html."""
    command = jupyter_book_command() + ["build", str(book_dir), "--builder", builder,
                                        "-W", "-n", "--keep-going", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    html_dir = book_dir / "_build" / builder
    if result.returncode != 0 or not (html_dir / "index.html").exists():
        output = (result.stdout + result.stderr).strip().splitlines()
        details = "\n".join(line for line in output if "WARNING" in line or "ERROR" in line) or \
            "\n".join(output[-15:])
        raise BuildError(f"Jupyter Book kunne ikke sette sammen nettstedet:\n{details}")
    return html_dir
