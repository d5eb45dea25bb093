# Review Desk — the two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?=
PYTEST_ARGS ?=

.PHONY: run test lint typecheck clean venv screenshot forms bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

## make run: set up, create/seed the demo database, open the app.
run: $(STAMP)
	$(BIN)/python -m desktop.app --demo $(if $(DB),--db "$(DB)")

## make test: set up, then every test, ruff, mypy and the import rules.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check desktop tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

lint: $(STAMP)
	$(BIN)/ruff check desktop tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

## make screenshot: docs/main-window.png from a freshly seeded demo database (offscreen).
screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot.py

## make forms: recompile ui/*.ui into desktop/qt/forms/ (a test checks they are fresh).
forms: $(STAMP)
	$(BIN)/python -m desktop.qt.uic

## make bench: every benchmark (PostgreSQL from REVIEW_DESK_TEST_PG); see benchmarks/README.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/claim.py
	$(BIN)/python benchmarks/intake.py
	$(BIN)/python benchmarks/notices.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
