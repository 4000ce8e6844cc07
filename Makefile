# Everything a fresh clone needs is made here: the virtualenv, the pinned
# Kaitai compiler (npm ci) and the parsers. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP_QUIET := --quiet --disable-pip-version-check
PIP_LOG = $(VENV)/pip.log
CAPTURE ?= tests/data/nbd-tiny-nbdsh.pcap

.PHONY: run test lint fuzz parsers check-parsers demos bench clean

# pip's output goes to $(PIP_LOG) and reaches the terminal only when pip fails. The
# editable install cannot be made quiet at its source: tui/ and compiled/ are
# installed as hexview.tui and hexview.compiled (package-dir in pyproject.toml), a
# layout setuptools serves through an import finder, and for that finder it always
# warns "Please be careful with folders in your working directory with the same name
# as your package" -- which `make run` then left above the view. Only a src/ layout
# would avoid it.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "installing hexview into $(VENV) (pip's output: $(PIP_LOG))"
	@{ $(PY) -m pip install $(PIP_QUIET) --upgrade pip && $(PY) -m pip install $(PIP_QUIET) -e '.[test,parquet]'; } \
		> $(PIP_LOG) 2>&1 || { cat $(PIP_LOG); exit 1; }
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## run: open hexview on the bundled capture (CAPTURE=... for another)
run: $(VENV)/.installed
	$(VENV)/bin/hexview $(CAPTURE)

## test: the checks, then the whole test suite (what CI runs)
test: lint node_modules/.installed
	$(PY) -m pytest -q

## fuzz: every fuzz target (tests/test_fuzz_*.py) run long -- FUZZ_EXAMPLES random examples each
## (default 100), niced, failures kept in .hypothesis/ and tried first next time -- then a report
## of each target's examples, outcome and time. `make test` runs the same targets a few
## derandomized examples each.
FUZZ_EXAMPLES ?= 100
fuzz: $(VENV)/.installed
	HEXVIEW_FUZZ=fuzz HEXVIEW_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) nice -n 10 $(PY) -m pytest -q tests/test_fuzz_readers.py \
		tests/test_fuzz_tcp.py tests/test_fuzz_protocols.py tests/test_fuzz_parsers.py

## lint: ruff (lint and format) on hexview/, tui/, tools/ and tests/, then mypy, strict, on the
## core package hexview/ (the files and settings are in pyproject.toml; mypy reads the
## source tree, and treats the generated parsers (hexview.compiled) and the UI as untyped)
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check --quiet hexview tui tools tests
	$(VENV)/bin/ruff format --check --quiet hexview tui tools tests
	$(VENV)/bin/mypy

## parsers: regenerate compiled/ from ksy/
parsers: node_modules/.installed
	node tools/compile_ksy.js

check-parsers: node_modules/.installed
	node tools/compile_ksy.js --check

## demos: rewrite tests/data/demos (OCFS2 and POHMELFS captures built from the golden tests' bytes)
demos: $(VENV)/.installed
	$(PY) tools/make_demos.py

## bench: every speed and memory figure of bench-small-ops (../shared/captures/bench) beside
## its reference (tshark, a minimal Textual app) measured in the same run, with the target
## and PASS/FAIL; the run is kept in docs/bench.md
bench: $(VENV)/.installed
	$(PY) tools/bench.py --write docs/bench.md

clean:
	rm -rf $(VENV) node_modules build *.egg-info
