# Two commands are all a new user needs: `make demo` and `make test`.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-unit e2e lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/openiop demo

# The whole suite: unit and integration tests (with the coverage figure), then the browser tests
# (Chromium at /usr/bin/chromium). sys.monitoring keeps coverage cheap on Python 3.12.
test: install
	OPENIOP_ENV=test COVERAGE_CORE=sysmon $(BIN)/python -m pytest -n 2 --ignore=tests/e2e \
		--cov=openiop --cov-report=term:skip-covered
	OPENIOP_ENV=test $(BIN)/python -m pytest tests/e2e

e2e: install
	OPENIOP_ENV=test $(BIN)/python -m pytest tests/e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	OPENIOP_ENV=test $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
