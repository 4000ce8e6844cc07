# Everything a fresh clone needs is made here: the virtualenv, the pinned
# Kaitai compiler (npm ci) and the parsers. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP_QUIET := --quiet --disable-pip-version-check
CAPTURE ?= tests/data/nbd-tiny-nbdsh.pcap

.PHONY: run test parsers check-parsers demos bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## run: open hexview on the bundled capture (CAPTURE=... for another)
run: $(VENV)/.installed
	$(VENV)/bin/hexview $(CAPTURE)

## test: the whole test suite (what CI runs)
test: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest -q

## parsers: regenerate compiled/ from ksy/
parsers: node_modules/.installed
	node tools/compile_ksy.js

check-parsers: node_modules/.installed
	node tools/compile_ksy.js --check

## demos: rewrite tests/data/demos (OCFS2 and POHMELFS captures built from the golden tests' bytes)
demos: $(VENV)/.installed
	$(PY) tools/make_demos.py

## bench: throughput and memory against cat and tshark, then the TUI's launch and
## step times against a minimal Textual app, on ../shared/captures/bench
bench: $(VENV)/.installed
	$(PY) tools/bench.py
	$(PY) tools/tui_bench.py ../shared/captures/bench/bench-large.pcap.gz ../shared/captures/bench/bench-small-ops.pcap.gz

clean:
	rm -rf $(VENV) node_modules build *.egg-info
