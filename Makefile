# ScholarGate. `make run` serves the site; `make test` runs the whole suite.
# Both bootstrap uv into .tools/ when it is missing; nothing else is needed.

SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS ?= automatic
UV := $(shell command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1 && command -v uv || echo .tools/bin/uv)
MANAGE := $(UV) run --frozen python manage.py

.PHONY: run test lint format messages check-messages coverage serve backup restore

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen
	touch $@

run: .venv/.synced
	DJANGO_DEBUG=True $(MANAGE) migrate --no-input
	DJANGO_DEBUG=True $(MANAGE) load_dataset
	DJANGO_DEBUG=True $(MANAGE) runserver 127.0.0.1:$(PORT)

test: .venv/.synced
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(UV) run --frozen pytest

lint: .venv/.synced
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: .venv/.synced
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

# --- Production (issue 6): serve, backup, restore ----------------------------------------------
# `make serve` runs the production configuration on this machine: DEBUG off, the deploy checks,
# migrations, the bundled catalog on first start, static files collected for WhiteNoise, then
# gunicorn (scholargate/gunicorn.conf.py: PORT, HOST, WEB_CONCURRENCY). It needs a
# DJANGO_SECRET_KEY of its own; README "Running in production" lists every variable.
PRODUCTION := DJANGO_DEBUG=False $(MANAGE)

serve: .venv/.synced
	$(PRODUCTION) check --deploy
	$(PRODUCTION) migrate --no-input
	$(PRODUCTION) load_dataset --if-empty
	$(PRODUCTION) collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=False PORT=$(PORT) exec $(UV) run --frozen gunicorn --config scholargate/gunicorn.conf.py

# `make backup` writes backups/scholargate-<time>.json.gz (or BACKUP=path);
# `make restore BACKUP=path` replaces the database's content with it, after asking.
backup: .venv/.synced
	$(MANAGE) backup $(BACKUP)

restore: .venv/.synced
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/scholargate-....json.gz"; exit 2; }
	$(MANAGE) migrate --no-input
	$(MANAGE) restore $(BACKUP)
