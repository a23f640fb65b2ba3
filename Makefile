# SkillPath. `make demo` runs the demo; `make test` runs lint, types and the whole suite (CI calls it as it is).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The Virtual Screen Reader for the browser tests, bundled from npm at install time (never fetched at run time).
SR_BUNDLE := tests/e2e/assets/build/virtual-screen-reader.js
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: demo test check install catalogues lint types imports test-domain test-sqlite test-postgres services bench format clean

$(STAMP): pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p src/skillpath/web/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js src/skillpath/web/static/vendor/htmx.min.js
	touch $(STAMP)

$(SR_BUNDLE): $(STAMP) tests/e2e/assets/screen-reader.js
	node_modules/.bin/esbuild tests/e2e/assets/screen-reader.js --bundle --format=iife --platform=browser \
		--log-level=warning --outfile=$(SR_BUNDLE)

# The translation catalogues (.po → .mo, with Babel: no GNU gettext needed); only missing or stale ones.
catalogues: $(STAMP)
	$(BIN)/python -m skillpath.config.catalogues

install: $(STAMP) $(SR_BUNDLE) catalogues

demo: $(STAMP) catalogues
	$(BIN)/skillpath demo

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench

types: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

services:
	bash scripts/test-services.sh

# The domain core's own tests (no database), with its coverage gate: every line and branch of domain/.
test-domain: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider -p no:django tests/unit/domain \
		--cov=skillpath.domain --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100

# A fast check before a commit: lint, types, import rules and the domain's tests.
check: lint types imports test-domain

test-sqlite: install services
	$(BIN)/pytest -q -p no:cacheprovider --ignore=tests/unit/domain

test-postgres: $(STAMP) services
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider -m "not e2e" --ignore=tests/unit/domain

test: check test-sqlite test-postgres

bench: $(STAMP) services
	$(BIN)/python -m bench.learning_efficiency
	$(BIN)/python -m bench.fit_cost
	$(BIN)/python -m bench.engine_speed --db sqlite
	PG_URL=$(PG_URL) $(BIN)/python -m bench.engine_speed --db postgres
	PG_URL=$(PG_URL) $(BIN)/python -m bench.team_view --db postgres
	PG_URL=$(PG_URL) $(BIN)/python -m bench.http_load
	PG_URL=$(PG_URL) $(BIN)/python -m bench.worker_memory

format: $(STAMP)
	$(BIN)/ruff format src tests scripts bench
	$(BIN)/ruff check --fix src tests scripts bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
