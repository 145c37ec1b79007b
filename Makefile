# practicegraph: `make run` sets up, builds and serves on http://localhost:8000; `make test` runs every check;
# `make check` is the quick loop (lint, types, the unit and http tiers).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LDES_CLIENT := tests/ldes-client/node_modules/.bin/ldes-client
COMUNICA := tests/comunica/node_modules/.bin/comunica-sparql
FUSEKI := tests/fuseki/lib/.complete
YASGUI := node_modules/@triply/yasgui/build/yasgui.min.js
NPM_CHECK := command -v npm >/dev/null || { echo "practicegraph needs Node.js and npm for the SPARQL editor and tests (Debian: apt-get install nodejs npm)"; exit 1; }

.PHONY: setup run build serve validate check test lint clean

$(BIN)/practicegraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(YASGUI): package.json package-lock.json
	@$(NPM_CHECK)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(LDES_CLIENT): tests/ldes-client/package.json tests/ldes-client/package-lock.json
	@$(NPM_CHECK)
	npm ci --prefix tests/ldes-client --no-audit --no-fund --loglevel=error
	touch $@

$(COMUNICA): tests/comunica/package.json tests/comunica/package-lock.json
	@$(NPM_CHECK)
	npm ci --prefix tests/comunica --no-audit --no-fund --loglevel=error
	touch $@

$(FUSEKI): tests/fuseki/pom.xml
	@command -v mvn >/dev/null || { echo "the remote-store tests need Java and Maven for Fuseki (Debian: apt-get install default-jre-headless maven)"; exit 1; }
	rm -rf tests/fuseki/lib
	mvn -B -q -f tests/fuseki/pom.xml -Dmaven.repo.local=$(CURDIR)/tests/fuseki/.m2 \
		dependency:copy-dependencies -DoutputDirectory=lib
	touch $@

setup: $(BIN)/practicegraph
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(YASGUI); \
	else echo "note: without Node.js/npm the SPARQL page offers a plain form instead of the YASGUI editor"; fi

run: build serve

serve: setup
	$(BIN)/practicegraph serve --port 8000

build: setup
	$(BIN)/practicegraph build

validate: setup
	$(BIN)/practicegraph validate

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

check: lint
	$(BIN)/pytest -q tests/unit tests/http

test: lint $(YASGUI) $(LDES_CLIENT) $(COMUNICA) $(FUSEKI)
	$(BIN)/pytest -n 2 --cov --cov-report=term

clean:
	rm -rf $(VENV) dist node_modules tests/ldes-client/node_modules tests/comunica/node_modules tests/fuseki/lib tests/fuseki/.m2
