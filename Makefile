# practicegraph: `make run` sets up, builds and serves on http://localhost:8000; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LDES_CLIENT := tests/ldes-client/node_modules/.bin/ldes-client

.PHONY: setup run build serve validate test lint clean

$(BIN)/practicegraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(LDES_CLIENT): tests/ldes-client/package.json tests/ldes-client/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --prefix tests/ldes-client --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/practicegraph

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

test: lint $(LDES_CLIENT)
	$(BIN)/pytest -n 2

clean:
	rm -rf $(VENV) dist tests/ldes-client/node_modules
