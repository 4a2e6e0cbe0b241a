# erkend — the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUITE ?= all

.PHONY: run test bench check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,cluster]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/erkend db upgrade
	$(BIN)/erkend demo
	$(BIN)/erkend serve --host 127.0.0.1 --port 5000 --with-worker

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m tests.bench $(SUITE)

check: $(STAMP)
	$(BIN)/erkend processes check

clean:
	rm -rf $(VENV) instance .bench .mypy_cache .ruff_cache
