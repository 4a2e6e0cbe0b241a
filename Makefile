# erkend — the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUITE ?= all

.PHONY: run test audit bench load check clean prosimos

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

test: $(STAMP) audit
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Security: bandit over our code (config in pyproject.toml), pip-audit over the installed dependencies.
# A known vulnerability always fails. No machine of this project reaches the vulnerability data, so an
# audit that could not be made prints NOT AUDITED and records it in .bench/pip-audit.json instead of
# failing every `make test`; ERKEND_AUDIT_UNREACHABLE=fail makes it fail (a release build with network).
audit: $(STAMP)
	$(BIN)/bandit -q -c pyproject.toml -r engine web forms letters
	ERKEND_AUDIT_UNREACHABLE=$${ERKEND_AUDIT_UNREACHABLE:-warn} $(BIN)/python .ci/audit_dependencies.py

bench: $(STAMP)
	@if [ "$(SUITE)" = all ] || [ "$(SUITE)" = simulation ]; then $(MAKE) --no-print-directory prosimos || true; fi
	$(BIN)/python -m tests.bench $(SUITE)

# Prosimos, the reference Python BPMN simulator, is the simulation bench's yardstick (issue figures). It
# pins its own numpy and pandas, so it gets a virtual environment of its own, never erkend's; where it
# does not install, the bench says so and runs without it.
PROSIMOS := .bench/prosimos
prosimos: $(PROSIMOS)/.installed
$(PROSIMOS)/.installed:
	$(PYTHON) -m venv $(PROSIMOS)
	$(PROSIMOS)/bin/pip install --quiet 'prosimos==2.1.0'
	touch $@

# A bounded load against app workers and PostgreSQL (tests/load); not part of `make test`.
# ERKEND_LOAD_CASES=1000 ERKEND_LOAD_SECONDS=20 make load for a quick run; writes .bench/load.json.
load: $(STAMP)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m tests.load

check: $(STAMP)
	$(BIN)/erkend processes check

clean:
	rm -rf $(VENV) instance .bench .mypy_cache .ruff_cache
