"""tilstand: the yearly child-welfare status report (tilstandsrapport for barnevernstjenesten)."""

import sys

# jsonschema (under Altair and nbformat) imports every optional format checker that is installed.
# rfc3987-syntax, which JupyterLab's tools bring into the same environment, compiles a grammar when
# imported: about 4 s in every process of a build (the command and each chapter kernel). No schema
# the report uses checks an IRI's syntax, so the import is declined before anything asks for it.
sys.modules.setdefault("rfc3987_syntax", None)
