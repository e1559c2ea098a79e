# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench screenshots demo-feed clean

install: $(STAMP)

# Re-install only when the project's metadata changes (idempotent).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/vsd

test: install
	$(BIN)/python -m pytest

# Every bench/*.py is a benchmark except the shared synthetic-directory generator.
BENCHES := $(filter-out bench/synthetic.py,$(wildcard bench/*.py))

bench: install
	@for b in $(BENCHES); do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist .pytest_cache

# A throwaway signed feed of the bundled directory on 127.0.0.1:8787 (ctrl+c to stop);
# the command to sync from it is printed (and in the README).
demo-feed: install
	$(BIN)/python -m sync.demo build/demo-feed --port 8787

# README screenshots, made by the app itself (fixed data and clock: tests/snapshot_app.py).
screenshots: install
	$(BIN)/python tests/snapshot_app.py docs/screenshots
