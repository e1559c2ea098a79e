# Two commands set everything up on a fresh machine: `make run` and `make test`.
# `make check` runs the house checks (lint, format, types, layer contracts); CI runs it before the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-fast fuzz check lint fmt typecheck contracts snapshot-update bench screenshots demo-feed data clean catalogs

install: $(STAMP)

# Re-install only when the project's metadata or the pinned versions change (idempotent).
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/vsd

# The whole suite, slow tests included, on every core (pytest-xdist).
test: install
	$(BIN)/python -m pytest

# Everything but the tests marked slow (the pip-install test, the generator's reruns, ...).
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

# The fuzz suite's long run (tests/hostile/): every command on mutated inputs for FUZZ_SECONDS (10 min),
# then the count of inputs and command runs; 0 tracebacks or it fails. `make test` runs a fast subset.
FUZZ_SECONDS ?= 600
fuzz: install
	HYPOTHESIS_PROFILE=long FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest -p no:cacheprovider -n 0 -s tests/hostile/test_fuzz.py

check: lint typecheck contracts

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# directory/ is strict; the rest ratchets (see [tool.mypy] in pyproject.toml).
typecheck: install
	$(BIN)/mypy

# tui above sync above directory; the core never imports Textual, httpx or tuf.
contracts: install
	$(BIN)/lint-imports

# Re-record the TUI snapshots after a deliberate change of what the app shows (then look at them).
snapshot-update: install
	$(BIN)/python -m pytest tests/tui/test_tui_snapshots.py --snapshot-update

# Every bench/*.py is a benchmark except the shared synthetic-directory generator and search_ab.py (which
# compares this checkout with another, given as its argument). Each runs even when one before it misses a
# target; the run fails at the end, naming those that missed.
BENCHES := $(filter-out bench/synthetic.py bench/search_ab.py,$(wildcard bench/*.py))

bench: install
	@missed=""; for b in $(BENCHES); do echo "== $$b"; $(BIN)/python $$b || missed="$$missed $$b"; done; \
	if [ -n "$$missed" ]; then echo "missed a target or failed:$$missed"; exit 1; fi

# The translation template locale/vsd.pot from every string marked with _(), N_(), ngettext() in tui/ and
# directory/, then every locale/<lang>/LC_MESSAGES/vsd.po updated from it (new strings empty, changed ones fuzzy).
# Comments starting "Translators:" above a string reach the translators. New catalog: copy vsd.pot (see README).
catalogs: install
	$(BIN)/pybabel extract --project=vsd --copyright-holder="the vsd authors" --header-comment="$$(printf '%s\n' \
		'# Translations of vsd, the offline directory of victim assistance services.' \
		'# Review: not yet reviewed by a native speaker (when one has: "# Review: NAME, YYYY-MM-DD")')" \
		--add-location=file --sort-by-file -w 120 -c "Translators:" \
		-k N_ -k pgettext:1c,2 -o locale/vsd.pot tui directory
	if ls locale/*/LC_MESSAGES/vsd.po >/dev/null 2>&1; then \
		$(BIN)/pybabel update -i locale/vsd.pot -d locale -D vsd -w 120 --ignore-obsolete; fi

# Rebuild data/services.json from the per-country sources in data/sources/.
data: install
	$(BIN)/python tools/build_data.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# A throwaway signed feed of the bundled directory on 127.0.0.1:8787 (ctrl+c to stop);
# the command to sync from it is printed (and in the README).
demo-feed: install
	$(BIN)/python -m sync.demo build/demo-feed --port 8787

# README screenshots, made by the app itself (fixed data and clock: tests/snapshot_app.py).
screenshots: install
	$(BIN)/python tests/snapshot_app.py docs/screenshots
