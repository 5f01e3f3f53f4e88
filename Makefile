# Belvédère — the developer interface. `make run` and `make test` are the two that matter.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
MANAGE := $(PY) backend/manage.py
LOCAL := deploy/local
API_SCHEMA := frontend/src/api/openapi.json
# mypy covers the code that holds the rules: services, selectors, rules, pure cores, adapters.
MYPY_FILES = $(wildcard backend/*/services.py backend/*/selectors.py backend/*/rules.py) \
	backend/campaigns/schedule.py backend/accounts/roles.py backend/addresses/normalize.py \
	backend/core backend/integrations

.PHONY: help setup setup-test system-deps system-deps-test venv frontend-deps frontend-build \
        db-up db-down migrate load-data run dev test test-backend test-frontend test-e2e lint \
        api-schema format bench clean

help:
	@echo "make run     install what is missing, start everything with the demo campaign"
	@echo "make dev     the same with the autoreloading development server (DEBUG on)"
	@echo "make test    run every test suite (what CI runs)"
	@echo "make db-up   start only PostGIS and Redis    make lint   ruff, mypy, layers, API schema, tsc"
	@echo "make bench   benchmarks                       make db-down  stop the private databases"
	@echo "make backup  dump the database to .data/backups/  make restore FILE=…  into an empty database"

## Installation -------------------------------------------------------------------------------
system-deps:
	@$(LOCAL)/system-deps.sh run
system-deps-test:
	@$(LOCAL)/system-deps.sh test

venv: .venv/.installed
.venv/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv .venv
	@echo "Installing Python packages into .venv"
	@.venv/bin/pip install -q --upgrade pip
	@.venv/bin/pip install -q ".[dev]"
	@touch $@

frontend-deps: frontend/node_modules/.installed
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	@echo "Installing front-end packages"
	@cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend-build: frontend-deps
	@cd frontend && npm run --silent build

.env:
	@$(LOCAL)/env.sh

setup: system-deps venv frontend-deps .env
setup-test: system-deps-test venv frontend-deps .env

## Services -------------------------------------------------------------------------------------
# A private PostGIS and Redis under .data/, unless DATABASE_URL / REDIS_URL point elsewhere.
db-up: .env
	@if [ -z "$$DATABASE_URL" ]; then $(LOCAL)/pg.sh start; fi
	@if [ -z "$$REDIS_URL" ]; then $(LOCAL)/redis.sh start; fi
db-down:
	@$(LOCAL)/pg.sh stop; $(LOCAL)/redis.sh stop

migrate: db-up
	@$(MANAGE) migrate --noinput -v 0

load-data: migrate
	@$(MANAGE) load_reference_data
	@$(MANAGE) load_addresses
	@$(MANAGE) load_demo
	@$(MANAGE) load_demo_voting
	@$(MANAGE) load_demo_results
	@$(MANAGE) load_demo_petitions

# A consistent dump (pg_dump custom format) to .data/backups/belvedere-<UTC time>.dump; and its
# restore into DATABASE_URL's database, which must be empty (FORCE=1 empties it first).
.PHONY: backup restore
backup: db-up
	@$(LOCAL)/backup.sh
restore: db-up
	@test -n "$(FILE)" || { echo "usage: make restore FILE=.data/backups/belvedere-….dump [FORCE=1]"; exit 2; }
	@FORCE=$(FORCE) $(LOCAL)/restore.sh "$(FILE)"

run: setup frontend-build
	@$(LOCAL)/run.sh

dev: setup frontend-build
	@$(LOCAL)/run.sh dev

## Checks ---------------------------------------------------------------------------------------
# pytest runs on every core, at most four (pytest-xdist): each worker has its own test database
# and Redis databases (core/testing/workers.py). TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n > 4 ? 4 : n )))

test: setup-test db-up frontend-build
	@$(MAKE) --no-print-directory test-frontend
	@$(PY) -m pytest -q --durations=20 -n $(TEST_WORKERS)

test-backend: db-up
	@$(PY) -m pytest -q -m "not e2e" -n $(TEST_WORKERS) backend tests

test-frontend: frontend-deps
	@cd frontend && npm run --silent test

test-e2e: db-up frontend-build
	@$(PY) -m pytest -q -m e2e -n $(TEST_WORKERS)

lint: venv frontend-deps .env db-up
	@.venv/bin/ruff check backend tests benchmarks conftest.py
	@.venv/bin/ruff format --check backend tests benchmarks conftest.py
	@.venv/bin/mypy $(MYPY_FILES)
	@$(MANAGE) makemigrations --check --dry-run
	@DJANGO_ENV=production DEBUG=false ALLOWED_HOSTS=belvedere.example.org \
	  PUBLIC_URL=https://belvedere.example.org \
	  SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  BALLOT_SEAL_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))') \
	  $(MANAGE) check --deploy --fail-level WARNING
	@PYTHONPATH=backend .venv/bin/lint-imports --no-cache
	@schema=$$(mktemp) && trap 'rm -f "$$schema"' EXIT && \
	  $(MANAGE) spectacular --format openapi-json --file "$$schema" 2>/dev/null && \
	  if ! cmp -s "$$schema" $(API_SCHEMA); then \
	    echo "The API schema changed: run 'make api-schema' and commit $(API_SCHEMA) and the generated files."; \
	    exit 1; \
	  fi
	@cd frontend && npm run --silent lint

# The OpenAPI schema the front end's types and validators are generated from (both committed).
api-schema: venv frontend-deps .env
	@$(MANAGE) spectacular --format openapi-json --file $(API_SCHEMA) 2>/dev/null
	@cd frontend && npm run --silent gen:api

format: venv
	@.venv/bin/ruff format backend tests
	@.venv/bin/ruff check --fix backend tests

bench: setup-test db-up frontend-build
	@$(PY) benchmarks/run.py

# The scale-out test on loopback, a few minutes (deploy/local/test-scale.sh, README "Scale-out
# test"): nginx, two gunicorn API instances, two Celery workers, Redis, a PostgreSQL primary and
# its streaming replica, all under .data/scale/ and stopped at the end.
.PHONY: test-scale system-deps-scale
system-deps-scale:
	@$(LOCAL)/system-deps.sh scale
test-scale: system-deps-scale venv
	@$(LOCAL)/test-scale.sh

# The faults on the same shape, a few minutes (deploy/local/test-faults.sh, docs/scaling.md
# "Faults"): PostgreSQL killed, Redis stopped, gunicorn killed, the replica stopped, Celery
# workers killed, each under a cast load; no acknowledged ballot may be lost. Under .data/faults/.
.PHONY: test-faults
test-faults: system-deps-scale venv
	@$(LOCAL)/test-faults.sh

# Vote day under load on loopback, about 5 minutes (deploy/local/bench-vote.sh, docs/scaling.md
# "Vote day"): nginx → gunicorn → PostgreSQL, voters casting majority-judgment ballots beside the
# probe's and pgbench's ceilings, then the count. Under .data/bench-vote/; not part of `make test`.
.PHONY: bench-vote
bench-vote: system-deps-scale venv
	@$(LOCAL)/bench-vote.sh

# The count at scale, minutes (benchmarks/count_scale.py, warsaw_tally.py; docs/scaling.md "The
# count at 10× Paris"): the box opening and results_tally on the demo_scale campaigns (generated
# when missing; SCALE=10x for ten times Paris), beside reading the box and the tally library in
# memory; pb_tally mes-increase on Warsaw 2026 beside pabutools. Not part of `make test`.
.PHONY: bench-count
SCALE ?= paris
bench-count: venv db-up
	@$(PY) benchmarks/count_scale.py --scale $(SCALE) --generate
	@$(PY) benchmarks/warsaw_tally.py

clean:
	rm -rf frontend/dist .mypy_cache .ruff_cache
