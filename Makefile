# Notekeeper: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(BIN)/pip
DEMO_DATE ?= 2007-03-15

.PHONY: run test test-postgres lint install install-test migrate bench schemathesis clean

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	NOTEKEEPER_BUSINESS_DATE=$(DEMO_DATE) $(PY) manage.py load_seed_note --demo
	DEBUG=1 NOTEKEEPER_BUSINESS_DATE=$(DEMO_DATE) $(PY) manage.py runserver 127.0.0.1:8000

test: install-test
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy loans/engine
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: install-test
	$(PY) bench/engine.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache .hypothesis
