# One command to set up and run the main job, one to set up and run every test.
#   make run    -> trialcmp compare NCT07003555 ChiCTR2000033567
#   make test   -> ruff, mypy, trialcmp validate, pytest
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck validate pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# An editable install is never byte-compiled: with PYTHONDONTWRITEBYTECODE=1 every run
	# would compile the package again (50-70 ms). Compile it once here.
	$(BIN)/python -m compileall -q trialcmp
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/trialcmp compare NCT07003555 ChiCTR2000033567

test: lint typecheck validate pytest

lint: $(STAMP)
	$(BIN)/ruff check trialcmp tests benchmarks
	$(BIN)/ruff format --check trialcmp tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/trialcmp validate

pytest: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
