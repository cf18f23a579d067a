"""Builds the report site: stage the book, execute chapters, assemble, publish."""
from tilstand.publish.pipeline import BuildError, build_report

__all__ = ["BuildError", "build_report"]
