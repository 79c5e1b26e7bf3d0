# The README's commands. `make run` and `make test` each do all the set-up a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup system-deps neo4j run test lint format bench docs clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:            ## Debian packages the tests need (headless Chromium, fonts), only when missing
	scripts/install-system-deps

neo4j: setup            ## fetch the Neo4j 5.26 jars from Maven Central once
	scripts/neo4j-server fetch

run: setup              ## serve the embedded store with the bundled data on 127.0.0.1:8000
	$(BIN)/citykg serve

test: setup system-deps neo4j lint   ## the whole suite, Neo4j and browser tests included
	PYTHON=$(abspath $(BIN)/python) $(BIN)/python -m pytest -n auto --dist loadgroup --durations=20

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

docs: setup             ## regenerate the ontology reference
	$(BIN)/python -m ontology.reference > docs/ontology.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
