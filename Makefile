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

# Editable installs in setuptools' "compat" mode: the project folder goes on sys.path
# through a plain .pth line, which mypy (and other type checkers) follow to the
# package and its py.typed. The default mode installs an import hook instead, which
# no type checker runs: mypy on a script outside the repo then says "Cannot find
# implementation or library stub for module named fakeprofile".
EDITABLE := --config-settings editable_mode=compat

# Stamp files: reinstall only when pyproject.toml (or this file) changes.
$(VENV)/.installed: pyproject.toml Makefile | $(PY)
	$(PY) -m pip install --quiet -e . $(EDITABLE)
	touch $@

$(VENV)/.installed-dev: pyproject.toml Makefile | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]' $(EDITABLE)
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
	$(PY) -m pip install --quiet -e '.[bench]' $(EDITABLE)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
