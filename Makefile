# Two commands do all set-up on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
MUNICIPALITY ?= 3201
YEAR ?=

.PHONY: report pdf test bench browser clean help

help:
	@echo "make report   bygg standardrapporten (Bærum, siste år) til _build/"
	@echo "make pdf      som make report, og hele rapporten som PDF (A4) til den politiske saken"
	@echo "make test     kjør alle testene"
	@echo "make bench    mål byggetider (skriver _build/bench.json)"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (tilstand)" >/dev/null
	rm -f $(VENV)/.installed-*
	touch $@

report: $(STAMP)
	$(BIN)/python -m tilstand build --municipality $(MUNICIPALITY) $(if $(YEAR),--year $(YEAR),)

pdf: $(STAMP) browser
	$(BIN)/python -m tilstand build --pdf --municipality $(MUNICIPALITY) $(if $(YEAR),--year $(YEAR),)

# Browser tests need Debian's chromium (never a downloaded browser) and axe-core from npm.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installerer Debians chromium for nettlesertestene ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --silent --no-audit --no-fund

test: $(STAMP) browser
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m tilstand.bench

clean:
	rm -rf _build
