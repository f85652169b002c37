# 发展党员全程纪实系统: developer and CI entry points. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PIP := $(PY) -m pip --disable-pip-version-check
# Extra arguments for pytest, e.g. make test-unit PYTEST_ARGS='-x -k filing'
PYTEST_ARGS ?=
# pytest-xdist workers per pytest run (2: the CI machine's cores; 0 runs in one process). Whole test
# files go to one worker (--dist loadfile), so a module's world is built on one worker only.
PYTEST_WORKERS ?= 2
PYTEST := DJANGO_ENV=test $(VENV)/bin/pytest $(if $(filter-out 0 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadfile,)
RUNSERVER_ADDR ?= 127.0.0.1:8000

# The install stamps live inside .venv, so removing .venv forces a reinstall.
REQ_STAMP := $(VENV)/.installed-requirements
DEV_STAMP := $(VENV)/.installed-requirements-dev

export PIP_NO_INPUT := 1

.PHONY: help run test test-unit test-e2e test-parts test-deps test-postgres lint messages migrations-check clean distclean deps dev-deps

help:
	@echo "make run               dev server on http://$(RUNSERVER_ADDR) (migrates, loads demo data if empty)"
	@echo "make test              whole test suite on SQLite: test-unit, then test-e2e (PYTEST_ARGS=... to pass options)"
	@echo "make test-unit         every test except the browser journeys (not marked e2e)"
	@echo "make test-e2e          only the browser journeys (marked e2e; Playwright + Debian chromium)"
	@echo "make test-postgres     the whole suite (unit, then e2e) against a throwaway PostgreSQL 15 cluster"
	@echo "                       PYTEST_WORKERS=2 (default) parallel pytest-xdist workers, 0 for one process; docs/testing.md"
	@echo "make lint              ruff check"
	@echo "make messages          makemessages -l zh_Hans + compilemessages"
	@echo "make migrations-check  fail if models and migrations disagree"
	@echo "make bench             benchmarks (T1 on SQLite; BENCH_DB=postgres for T1 and T2), see docs/performance.md"
	@echo "make clean             caches and build output (keeps .venv and db.sqlite3); distclean also removes .venv"

# --- virtualenv ---------------------------------------------------------------------------------
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Python 3.11+ is required; $(PYTHON) is $$($(PYTHON) --version 2>&1). Set PYTHON=..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Order-only dependency on the interpreter: (re)creating the venv must not look "newer" than the stamp.
$(REQ_STAMP): requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	@touch $@ $(REQ_STAMP)

deps: $(REQ_STAMP)
dev-deps: $(DEV_STAMP)

# --- running ------------------------------------------------------------------------------------
run: $(REQ_STAMP)
	DJANGO_ENV=development $(MANAGE) migrate --noinput
	DJANGO_ENV=development $(MANAGE) load_demo --if-empty
	DJANGO_ENV=development $(MANAGE) runserver $(RUNSERVER_ADDR)

# --- checks -------------------------------------------------------------------------------------
test-deps:
	bash scripts/install-test-deps.sh

# pytest exits 5 when it collected no tests; make would report only "Error 5", so say what it means.
NO_TESTS_HINT := rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests (exit status 5)" >&2; fi; exit $$rc

# The suite has two parts, chosen by the e2e marker (tests/conftest.py, --part): the unit part
# (every test not marked e2e) and the browser journeys. `make test` runs both, one after the other,
# in separate pytest runs (each with PYTEST_WORKERS workers); the second runs even when the first
# fails. It fails if either fails; a part that selects no tests (PYTEST_ARGS='-k ...') is fine as long
# as the other ran some, and exit status 5 only when neither did.
test-unit: $(DEV_STAMP) test-deps
	$(PYTEST) --part=unit $(PYTEST_ARGS) || { $(NO_TESTS_HINT); }

test-e2e: $(DEV_STAMP) test-deps
	$(PYTEST) --part=e2e $(PYTEST_ARGS) || { $(NO_TESTS_HINT); }

test: $(DEV_STAMP) test-deps
	@$(MAKE) --no-print-directory test-parts

# The whole suite on one throwaway cluster (scripts/with-postgres.sh): the two parts share it.
test-postgres: $(DEV_STAMP) test-deps
	bash scripts/with-postgres.sh $(MAKE) --no-print-directory test-parts

# Both parts, without installing anything (test and test-postgres have done that).
test-parts:
	@unit=0; e2e=0; \
	echo "== unit tests (pytest --part=unit)"; \
	$(PYTEST) --part=unit $(PYTEST_ARGS) || unit=$$?; \
	echo "== browser journeys (pytest --part=e2e)"; \
	$(PYTEST) --part=e2e $(PYTEST_ARGS) || e2e=$$?; \
	echo "== unit tests: exit status $$unit; browser journeys: exit status $$e2e"; \
	if [ $$unit -eq 5 ] && [ $$e2e -eq 5 ]; then echo "pytest collected no tests (exit status 5)" >&2; exit 5; fi; \
	for rc in $$unit $$e2e; do if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi; done

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .

messages: $(DEV_STAMP)
	DJANGO_ENV=development $(MANAGE) makemessages -l zh_Hans -d django \
		--ignore=.venv --ignore=static --ignore=staticfiles --ignore=tests --ignore=var --ignore=node_modules
	DJANGO_ENV=development $(MANAGE) compilemessages -l zh_Hans \
		--ignore=.venv --ignore=static --ignore=staticfiles --ignore=tests --ignore=var --ignore=node_modules

migrations-check: $(DEV_STAMP)
	DJANGO_ENV=test $(MANAGE) makemigrations --check --dry-run

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0r rm -rf
	rm -rf .pytest_cache .ruff_cache staticfiles test-artifacts

distclean: clean
	rm -rf $(VENV)

# Benchmarks (issue 4): make bench, make bench BENCH_DB=postgres
include bench/Makefile.inc
