# Passerelle: `make run` sets up and serves the site; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
HOST ?= 127.0.0.1

.PHONY: run test setup db reference bench bench-http clean catalogs fuzz

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Compiled catalogs (.mo) are build output, not in git: made from translations/<lang>/LC_MESSAGES/messages.po.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(BIN)/.installed
	$(BIN)/pybabel compile -l $* -i $< -o $@

setup: $(BIN)/.installed node_modules/.installed $(MO_FILES) static/build/network.js

# The network page's ES modules (static/js/network/) bundled with its npm libraries (sigma, graphology,
# MapLibre) into static/build/ (git-ignored), served from 'self' with MapLibre's worker and stylesheet.
NETWORK_SOURCES := $(wildcard static/js/network/*.js)
static/build/network.js: node_modules/.installed $(NETWORK_SOURCES)
	node_modules/.bin/esbuild network=static/js/network/main.js layout-worker=static/js/network/layout-worker.js \
		--bundle --format=esm --minify --sourcemap --target=es2020 --outdir=static/build --log-level=warning
	cp node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs static/build/maplibre-worker.js
	cp node_modules/maplibre-gl/dist/maplibre-gl.css static/build/maplibre-gl.css
	touch $@

# After adding or changing user-facing strings: refresh messages.pot and merge it into every catalog.
catalogs: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -c TRANSLATORS: --add-location=file --sort-output --no-wrap \
		--project=Passerelle -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --no-wrap
	$(MAKE) setup

db: setup
	mkdir -p instance
	$(FLASK) db upgrade

reference: db
	$(FLASK) reference load

run: reference
	$(FLASK) capitalisation seed
	$(FLASK) run --host $(HOST) --port $(PORT) --without-threads  # one thread: see README, Production

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL names one. The browser
# tests run their live server on a SQLite file of their own, so the PostgreSQL pass leaves them out.
# Two pytest-xdist workers, one test file at a time each (conftest.py gives each its own PostgreSQL database).
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node_modules/.bin/eslint static/js
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest -n 2 --dist loadfile
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL: $$TEST_DATABASE_URL"; \
		$(BIN)/python -m pytest -n 2 --dist loadfile -m "not browser"; \
	fi

clean:
	rm -rf $(VENV) node_modules .pytest_cache

bench: setup
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/evaluate.py
	$(BIN)/python bench/browser.py
	$(BIN)/python bench/outbox.py

# A longer schemathesis run over the generated OpenAPI document (README, "API"), new random inputs each
# time: FUZZ_SECONDS in all (shared by the operations, in rounds of FUZZ_EXAMPLES), or one round of
# FUZZ_EXAMPLES per operation when FUZZ_SECONDS is 0; on PostgreSQL when TEST_DATABASE_URL names one.
FUZZ_EXAMPLES ?= 200
FUZZ_SECONDS ?= 600
fuzz: setup
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RANDOM=1 $(BIN)/python -m pytest tests/webapp/test_fuzz.py -q -p no:cacheprovider

# Suggestions vs a bare endpoint over HTTP: gunicorn, 4 workers, a scratch PostgreSQL database
# (BENCH_PG_ADMIN, default postgresql://postgres@127.0.0.1:5432/postgres); wrk if installed (README, "Speed").
bench-http: setup
	$(BIN)/python bench/http.py
