# The two commands:  `make build` builds everything;  `make test` runs every check.
# Each does its own set-up on a fresh machine (virtual environment, packages) and then runs.

SHELL       := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
BUILD_STAMP := $(VENV)/.build-deps
TEST_STAMP  := $(VENV)/.test-deps

.DEFAULT_GOAL := help
.PHONY: help setup build docs check test test-fast lint benchmark serve mutate validate clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BUILD_STAMP): pyproject.toml scripts/install-debian-packages.sh
	scripts/install-debian-packages.sh graphviz fonts-dejavu-core
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): $(BUILD_STAMP) pyproject.toml package.json package-lock.json
	scripts/install-debian-packages.sh chromium
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m myoclonus_ontology.dl_profile install
	$(BIN)/python -m myoclonus_ontology.verify_mappings install
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(TEST_STAMP)  ## install everything the build and the tests need

build: $(BUILD_STAMP)  ## tables → generated component; sources → check → reason → emit → query → docs, into build/
	$(BIN)/myo build --generate

docs: $(BUILD_STAMP)  ## regenerate only build/docs from the release in build/ (make build does it too)
	$(BIN)/myo docs

check: $(BUILD_STAMP)  ## check the sources without writing build/
	$(BIN)/myo check

lint: $(TEST_STAMP)  ## ruff over the tooling and the tests
	$(BIN)/ruff check scripts tests

test: $(TEST_STAMP) lint  ## the single gate: lint, then every test (CI runs this)
	$(BIN)/pytest

test-fast: $(TEST_STAMP) lint  ## the quick loop while editing (under a minute): the tests not marked slow (no new process, JVM, server, browser or full build)
	$(BIN)/pytest -m "not slow"

benchmark: $(BUILD_STAMP)  ## edit-rebuild loop, validation at 10k/100k triples, endpoint, queries (figures, not a test)
	$(BIN)/python scripts/benchmark.py

serve: $(BUILD_STAMP)  ## serve the release read-only over SPARQL at http://127.0.0.1:7878/ (PORT=...)
	$(BIN)/myo serve --port $${PORT:-7878}

mutate: $(TEST_STAMP)  ## make ~1,000 systematic faults in the release and count how many validation catches
	$(BIN)/myo mutate

validate: $(TEST_STAMP)  ## validate the release (or DATA=file.ttl merged with it) with both SHACL engines
	$(BIN)/myo validate --both-engines $(DATA)

clean:  ## remove the virtual environment and caches (build/ is committed and stays)
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules
