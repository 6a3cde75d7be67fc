# Two entry points: `make demo` (set up, run on the bundled examples) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= communique.duckdb

.PHONY: setup demo test lint clean

$(BIN)/communique: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/communique

setup: $(BIN)/communique

demo: setup
	$(BIN)/communique ingest examples/ --db $(DB)
	$(BIN)/communique stats --db $(DB)
	$(BIN)/communique events --db $(DB) --limit 12

test: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DB)
