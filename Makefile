# The two commands a user needs: `make demo` and `make test`.
# Both create .venv if it is missing and install what they need into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: demo test lint typecheck unit model bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/fakeprofile demo

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(PY) -m pytest

test: lint typecheck unit

# Rebuild the default model shipped in models/default (fixed seed and date: reproducible).
MODEL_N ?= 20000
model: $(VENV)/.installed
	$(BIN)/fakeprofile train --synthetic $(MODEL_N) --out models/default

bench: $(VENV)/.installed-dev
	$(PY) -m pip install --quiet -e '.[bench]'
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
