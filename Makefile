# ScholarGate. `make run` serves the site; `make test` runs the whole suite.
# Both bootstrap uv into .tools/ when it is missing; nothing else is needed.

SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS ?= automatic
UV := $(shell command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1 && command -v uv || echo .tools/bin/uv)
MANAGE := $(UV) run --frozen python manage.py
# Test files run side by side, one more than the cores: many tests wait on a browser or a server.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))

.PHONY: run test test-database lint format serve deploy bench backup restore

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

# Compiled once here: where PYTHONDONTWRITEBYTECODE is set (as on this machine, like CI's), every
# process (each test worker, server and command) otherwise compiled Django and the rest from
# source again: `manage.py check` took 2.4 s instead of 0.7 s.
.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --compile-bytecode
	touch $@

run: .venv/.synced
	DJANGO_DEBUG=True $(MANAGE) migrate --no-input
	DJANGO_DEBUG=True $(MANAGE) load_dataset
	@# The task worker (undoing a large import, the dataset download) runs beside the server
	@# and stops with it.
	DJANGO_DEBUG=True $(MANAGE) task_worker --queue-name '*' & trap 'kill $$!' EXIT; \
	DJANGO_DEBUG=True $(MANAGE) runserver 127.0.0.1:$(PORT)

test: .venv/.synced
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(UV) run --frozen pytest --numprocesses $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The suite again on another database (DATABASE_URL; CI's PostgreSQL pass): what depends on the
# database. The browser, the HTML checker and the real servers and programs (markers e2e and
# system) see the same pages on any database and ran with `make test`, but for the system tests
# that test the database itself (postgres_too).
test-database: .venv/.synced
	$(UV) run --frozen pytest --numprocesses $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder \
	  -m "not e2e and (not system or postgres_too)"

lint: .venv/.synced
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: .venv/.synced
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

# The production server on loopback with a 10,000-method catalog, measured with wrk (Debian's
# package), mostly at addresses that never repeat (tools/bench.py). Prints a table and writes
# artifacts/bench.json. Options: BENCH_ARGS="--duration 5".
bench: .venv/.synced
	$(UV) run --frozen python -m tools.bench $(BENCH_ARGS)

# --- Translations (README: "Translating ScholarGate"); both need GNU gettext ---
# Bring every catalog up to date with the code, then compile it for the site.
messages: .venv/.synced
	$(MANAGE) makemessages --all
	$(MANAGE) compilemessages

# Fail on a catalog that is stale, fuzzy, untranslated or not compiled, and on content
# lacking a language, measured on the bundled dataset in a throwaway database. `make test` runs
# the same check on the test database (tests/i18n/test_coverage.py).
check-messages: .venv/.synced
	@db=$$(mktemp -d) && trap 'rm -rf "$$db"' EXIT && \
	export DATABASE_URL="sqlite:///$$db/coverage.sqlite3" && \
	$(MANAGE) migrate --no-input --verbosity 0 && \
	$(MANAGE) load_dataset --verbosity 0 >/dev/null && \
	$(MANAGE) translation_coverage

# --- Browser, accessibility and HTML checks (tests/e2e) --------------------------------------
# The Nu Html Checker comes from npm, pinned, and stays out of git under .tools/. `npm pack`
# only downloads: the package's install script (it fetches a Java runtime) never runs.
VNU_VERSION := 26.9.27
VNU_JAR := .tools/vnu-$(VNU_VERSION)/vnu.jar
export VNU_JAR
# `make test` fetches it when Java and npm are here (CI installs both); else the tests say so.
test: $(if $(and $(shell command -v java),$(shell command -v npm)),$(VNU_JAR))

.PHONY: vnu screenshots

$(VNU_JAR):
	mkdir -p $(@D)
	cd $(@D) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null
	tar -xzf $(@D)/vnu-jar-$(VNU_VERSION).tgz -C $(@D) --strip-components=3 package/build/dist/vnu.jar
	rm $(@D)/vnu-jar-$(VNU_VERSION).tgz

vnu: $(VNU_JAR)

# The browser tests save the catalog, DPO's page and the comparison (with its timeline) at 1280
# and 375 px wide, the relation map of Latent Diffusion Models and an editor's round through a
# method's history in artifacts/screenshots/; the README shows the Vietnamese ones.
screenshots: .venv/.synced
	$(UV) run --frozen pytest tests/e2e/test_comparison.py tests/e2e/test_visual.py -k screenshots -q
	$(UV) run --frozen pytest tests/e2e/test_history.py -q
	mkdir -p docs
	cp artifacts/screenshots/comparison-vi-1280.png docs/comparison-vi.png
	cp artifacts/screenshots/relation-map-vi-1280.png docs/relation-map-vi.png
	cp artifacts/screenshots/catalog-vi-1280.png artifacts/screenshots/catalog-vi-375.png \
	  artifacts/screenshots/method-vi-1280.png artifacts/screenshots/method-vi-375.png \
	  artifacts/screenshots/comparison-vi-375.png docs/
	cp artifacts/screenshots/history-vi.png artifacts/screenshots/history-difference-vi.png \
	  artifacts/screenshots/history-revert-vi.png docs/

# --- Production (issue 6): serve, backup, restore ----------------------------------------------
# `make serve` runs the production configuration on this machine: DEBUG off, the deploy checks,
# migrations, the bundled catalog on first start, static files collected for WhiteNoise, the
# dataset download, then gunicorn with the task worker beside it (scholargate/gunicorn.conf.py:
# PORT, HOST, WEB_CONCURRENCY). It needs a DJANGO_SECRET_KEY of its own; README "Running in
# production" lists every variable.
PRODUCTION := DJANGO_DEBUG=False $(MANAGE)

serve: deploy
	DJANGO_DEBUG=False PORT=$(PORT) exec $(UV) run --frozen gunicorn --config scholargate/gunicorn.conf.py

# Everything `make serve` does before it starts serving.
deploy: .venv/.synced
	$(PRODUCTION) check --deploy
	$(PRODUCTION) migrate --no-input
	$(PRODUCTION) load_dataset --if-empty
	$(MAKE) --no-print-directory $(STATIC_ROOT)/staticfiles.json
	$(PRODUCTION) build_dataset >/dev/null

# Static files are hashed and compressed for WhiteNoise (seconds of work) only when the
# project's or an installed package's have changed since they were last collected.
STATIC_ROOT := $(or $(DJANGO_STATIC_ROOT),staticfiles)
$(STATIC_ROOT)/staticfiles.json: .venv/.synced $(shell find static -type f)
	$(PRODUCTION) collectstatic --no-input --verbosity 0

# `make backup` writes backups/scholargate-<time>.json.gz (or BACKUP=path);
# `make restore BACKUP=path` replaces the database's content with it, after asking.
backup: .venv/.synced
	$(MANAGE) backup $(BACKUP)

restore: .venv/.synced
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/scholargate-....json.gz"; exit 2; }
	$(MANAGE) migrate --no-input
	$(MANAGE) restore $(BACKUP)
