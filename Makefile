# One command to set up and run the main job, one to set up and run every test.
#   make run    -> trialcmp compare NCT07003555 ChiCTR2000033567
#   make test   -> ruff, mypy, trialcmp validate, pytest
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NEED   := 3.11
IS_NEW_ENOUGH := import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)

# A .venv made by a Python older than $(NEED) is rebuilt, not reused.
ifneq ($(wildcard $(BIN)/python),)
ifneq ($(shell $(BIN)/python -c '$(IS_NEW_ENOUGH)' >/dev/null 2>&1 && echo ok),ok)
$(shell rm -f $(STAMP))
endif
endif

.PHONY: run test lint typecheck validate pytest bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c '$(IS_NEW_ENOUGH)' >/dev/null 2>&1 || { \
	  echo "error: trialcmp needs Python $(NEED) or newer; '$(PYTHON)' is" \
	    "$$($(PYTHON) --version 2>&1 || echo 'not found')." >&2; \
	  echo "hint: make $(MAKECMDGOALS) PYTHON=python3.11 (or any Python >= $(NEED))" >&2; \
	  exit 1; }
	$(PYTHON) -m venv --clear $(VENV)
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

# The suite runs on every core (pytest-xdist): on CI's two cores it takes about half the
# time of one process. `make pytest WORKERS=0` runs it in this process alone.
WORKERS ?= auto
pytest: $(STAMP)
	$(BIN)/pytest -q -n $(WORKERS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
