# Two commands do all set-up on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
DEV    := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt pyproject.toml | sha1sum | cut -c1-12)
MUNICIPALITY ?= 3201
YEAR ?=

.PHONY: report pdf test bench lab lab-files lint browser clean help

help:
	@echo "make report   bygg standardrapporten (Bærum, siste år) som utkast til _build/<nr>/<år>/utkast/"
	@echo "make pdf      som make report, og hele rapporten som PDF (A4) til den politiske saken"
	@echo "make test     kontroller koden (make lint) og kjør alle testene"
	@echo "make lab      åpne kopier av kapitlene i JupyterLab (_build/lab/; kjør dem med andre parametre)"
	@echo "make bench    mål byggetider (skriver _build/bench.json)"
	@echo "make lint     ruff: kontroller koden og formateringen"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (tilstand)" >/dev/null
	rm -f $(VENV)/.installed-[0-9a-f]*
	touch $@

# Tests, linting and JupyterLab: the runtime and requirements-dev.txt.
$(DEV): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $@

report: $(STAMP)
	$(BIN)/python -m tilstand build --municipality $(MUNICIPALITY) $(if $(YEAR),--year $(YEAR),)

pdf: $(STAMP) browser
	$(BIN)/python -m tilstand build --pdf --municipality $(MUNICIPALITY) $(if $(YEAR),--year $(YEAR),)

# Page, spelling and PDF tests need Debian's chromium (never a downloaded browser), hunspell with the
# Norwegian dictionaries and poppler-utils, and axe-core from npm (pinned in package-lock.json); the
# Word test opens the document in LibreOffice (Writer alone, without its recommended extras).
DEBIAN_TOOLS := chromium hunspell hunspell-no poppler-utils
WRITER := libreoffice-writer-nogui
browser:
	@missing=""; for tool in chromium hunspell pdftoppm; do command -v $$tool >/dev/null 2>&1 || missing=1; done; \
	  test -f /usr/share/hunspell/nn_NO.dic || missing=1; \
	  if [ -n "$$missing" ]; then echo "Installerer Debians $(DEBIAN_TOOLS) ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_TOOLS) >/dev/null; fi
	@command -v soffice >/dev/null 2>&1 || { echo "Installerer Debians $(WRITER) ..."; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(WRITER) >/dev/null; }
	@$(MAKE) -s node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --silent --no-audit --no-fund

# Two pytest-xdist workers: one runs every module that reads a session-built site, the other the
# rest (tests/conftest.py); a single test file runs as usual with `$(BIN)/python -m pytest tests/…`.
test: $(DEV) browser lint
	$(BIN)/python -m pytest -n 2

# JupyterLab from the same environment: the kernel imports tilstand (installed with -e). Lab works
# on notebook copies of the chapters in _build/lab/ (ignored by git), so editing the parameters and
# running the cells never changes chapters/ (nor the next build's key). A copy is made again only
# when its chapter is newer; `make clean` removes the copies.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_DIR := _build/lab
# One Python process for all copies: a jupytext process per chapter took over a minute; jupytext
# (seconds to import) only when a copy is missing or older than its chapter.
LAB_COPY := import sys, pathlib; lab = pathlib.Path(sys.argv[1]); \
  stale = [(md, copy) for md in sorted(pathlib.Path("chapters").glob("*.md")) for copy in [lab / (md.stem + ".ipynb")] \
           if not copy.exists() or md.stat().st_mtime > copy.stat().st_mtime]; \
  jupytext = __import__("jupytext") if stale else None; [jupytext.write(jupytext.read(md), copy) for md, copy in stale]

lab-files: | $(STAMP)
	@mkdir -p $(LAB_DIR)
	@$(BIN)/python -c '$(LAB_COPY)' $(LAB_DIR)

$(LAB_SETTINGS): $(DEV)
	mkdir -p $(dir $@)
	printf '%s\n' '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}, "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}' > $@

lab: $(LAB_SETTINGS) lab-files
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) --notebook-dir=$(LAB_DIR)

# ruff checks the code and its formatting (the pre-commit hook fixes both as files are committed);
# `make test` runs it first, so CI fails on either.
lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m tilstand.bench

clean:
	rm -rf _build
