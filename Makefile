# 发展党员全程纪实系统: developer and CI entry points. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PIP := $(PY) -m pip --disable-pip-version-check
# Extra arguments for pytest, e.g. make test PYTEST_ARGS='-m "not e2e" -x'
PYTEST_ARGS ?=
RUNSERVER_ADDR ?= 127.0.0.1:8000

# The install stamps live inside .venv, so removing .venv forces a reinstall.
REQ_STAMP := $(VENV)/.installed-requirements
DEV_STAMP := $(VENV)/.installed-requirements-dev

export PIP_NO_INPUT := 1

.PHONY: help run test test-deps test-postgres lint messages migrations-check clean distclean deps dev-deps

help:
	@echo "make run               dev server on http://$(RUNSERVER_ADDR) (migrates, loads demo data if empty)"
	@echo "make test              whole test suite on SQLite, e2e included (PYTEST_ARGS=... to pass options)"
	@echo "make test-postgres     the same suite against a throwaway PostgreSQL 15 cluster"
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

test: $(DEV_STAMP) test-deps
	DJANGO_ENV=test $(VENV)/bin/pytest $(PYTEST_ARGS) || { $(NO_TESTS_HINT); }

test-postgres: $(DEV_STAMP) test-deps
	DJANGO_ENV=test bash scripts/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_ARGS) || { $(NO_TESTS_HINT); }

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
