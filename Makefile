# Notekeeper: `make run` serves the demo, `make test` runs the whole suite.
# A fresh machine needs only Python 3.11, make and git (and network access to PyPI).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(BIN)/pip
DEMO_DATE ?= 2007-03-15
PYTEST_ARGS ?=
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/notekeeper

.PHONY: run test test-postgres lint install install-test migrate browser hledger bench bench-http schemathesis clean

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

# The demo: SQLite, the seed note, one user per role, business date 2007-03-15.
run: migrate
	NOTEKEEPER_BUSINESS_DATE=$(DEMO_DATE) $(PY) manage.py load_seed_note --demo
	DEBUG=1 NOTEKEEPER_BUSINESS_DATE=$(DEMO_DATE) $(PY) manage.py runserver 127.0.0.1:8000

# Browser tests use Debian's Chromium (/usr/bin/chromium, or $NOTEKEEPER_CHROMIUM);
# without it, Playwright downloads its own Chromium once.
browser: install-test
	@if [ -n "$$NOTEKEEPER_CHROMIUM" ] || [ -x /usr/bin/chromium ]; then :; \
	else $(PY) -m playwright install chromium || \
	  echo "No Chromium: the browser tests will fail (apt-get install chromium)." >&2; fi

# The ledger-file tests read journals with Debian's hledger: installed when missing and
# running as root; otherwise those tests fail and say how to install it.
hledger:
	@command -v hledger >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hledger >/dev/null; \
	  else echo "No hledger: the ledger-file tests will fail (apt-get install hledger)." >&2; fi; }

# pytest exits 5 when it collects no tests: that fails the target too, with a message.
test: install-test browser hledger
	@$(BIN)/pytest $(PYTEST_ARGS) || { rc=$$?; \
	  [ $$rc -ne 5 ] || echo "pytest collected no tests: that is a failure." >&2; exit $$rc; }

test-postgres: install-test browser
	DATABASE_URL=$(POSTGRES_URL) $(MAKE) --no-print-directory test

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --config-file= --strict --python-version 3.11 loans/engine
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: install-test
	$(PY) bench/engine.py

# HTTP: gunicorn (production settings) on PostgreSQL nk_httpbench, driven by wrk
# (Debian package wrk; docs/performance.md).
bench-http: install-test
	$(PY) bench/http_load.py

# Schemathesis against the API schema, as the demo lender, borrower staff and servicer
# (a throwaway SQLite database and a local gunicorn; see .ci/schemathesis).
schemathesis: install-test
	.ci/schemathesis

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache .hypothesis
