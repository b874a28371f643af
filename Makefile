# The two commands the README gives: `make run` and `make test`. Everything else helps them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
WORKER_CONCURRENCY ?= 2

.PHONY: run serve worker test lint format install install-dev clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt constraints.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt constraints.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@ $(VENV)/.run-installed

install: $(VENV)/.run-installed
install-dev: $(VENV)/.dev-installed

# Local try-out on the embedded default: SQLite and the filesystem broker under var/,
# the web app and one real Celery worker process, with Celery beat inside it (-B: the
# periodic sweep for jobs whose worker died; schedule file var/celerybeat-schedule);
# Ctrl-C stops both.
run: export DEBUG ?= 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(MAKE) --no-print-directory serve

serve: export DEBUG ?= 1
serve:
	@$(VENV)/bin/celery -A factcheck worker --loglevel=INFO -Q imports,exports,celery \
		--concurrency=$(WORKER_CONCURRENCY) -B & celery=$$!; \
	trap 'kill -TERM $$celery 2>/dev/null; wait $$celery' EXIT; \
	$(PY) manage.py runserver $(HOST) --noreload

worker: install
	$(VENV)/bin/celery -A factcheck worker --loglevel=INFO -Q imports,exports,celery \
		--concurrency=$(WORKER_CONCURRENCY) -B

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Lint, then every test: unit tests on SQLite, and the integration tests that run real
# `celery worker` processes on Redis + PostgreSQL and on the embedded broker + SQLite;
# then the unit tests again on PostgreSQL (COPY paths, locking, JSON queries).
# The machine's PostgreSQL and Redis are shared: every test run names its own databases
# and Redis key prefixes after TEST_RUN_ID, and removes only what it created.
ifndef TEST_RUN_ID
TEST_RUN_ID := $(shell od -An -N4 -tx4 /dev/urandom | tr -d ' \n')
endif
export TEST_RUN_ID
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/factcheck_$(TEST_RUN_ID)
test: lint
	$(VENV)/bin/pytest
	@if $(PY) -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2).close()' 2>/dev/null \
		|| [ "$$CI" = "true" ]; then \
		echo "Unit tests on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL=$(TEST_POSTGRES_URL) $(VENV)/bin/pytest -m "not integration" -p no:cacheprovider; \
	else \
		echo "Skipping the PostgreSQL pass: nothing answers on 127.0.0.1:5432."; \
	fi

clean:
	rm -rf var/ .pytest_cache .ruff_cache
