# Every target sets itself up: a fresh clone needs only Python ≥ 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint bench clean

$(BIN)/eventwatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/eventwatch

install: $(BIN)/eventwatch

demo: install
	$(BIN)/eventwatch demo --db eventwatch-demo.db

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest -q

bench: install
	$(BIN)/python benchmarks/bench_pipeline.py --articles 1000

clean:
	rm -rf $(VENV) eventwatch-demo.db* .pytest_cache .ruff_cache
