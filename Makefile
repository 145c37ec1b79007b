# practicegraph: `make run` sets up, builds and serves on http://localhost:8000; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup run build serve validate test lint clean

$(BIN)/practicegraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
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

test: lint
	$(BIN)/pytest -n 2

clean:
	rm -rf $(VENV) dist
