# Review Desk — the two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?=
PYTEST_ARGS ?=
# Translation catalogues: .ts in git, .qm compiled here (generated, git-ignored).
I18N_TS := $(wildcard resources/i18n/*.ts)
I18N_QM := $(I18N_TS:.ts=.qm)

.PHONY: run test lint typecheck clean venv screenshot forms bench i18n

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

## make i18n: compile resources/i18n/*.ts into .qm (python -m desktop.qt.i18n update refreshes the .ts).
i18n: $(I18N_QM)

resources/i18n/%.qm: resources/i18n/%.ts | $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

## make run: set up, create/seed the demo database, open the app.
run: $(STAMP) i18n
	$(BIN)/python -m desktop.app --demo $(if $(DB),--db "$(DB)")

## make test: set up, then every test, ruff, mypy and the import rules.
test: $(STAMP) i18n
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check desktop tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

lint: $(STAMP)
	$(BIN)/ruff check desktop tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

## make screenshot: docs/main-window.png from a freshly seeded demo database (offscreen).
screenshot: $(STAMP) i18n
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot.py

## make forms: recompile ui/*.ui into desktop/qt/forms/ (a test checks they are fresh).
forms: $(STAMP)
	$(BIN)/python -m desktop.qt.uic

## make bench: every benchmark (PostgreSQL from REVIEW_DESK_TEST_PG); see benchmarks/README.md.
bench: $(STAMP) i18n
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/claim.py
	$(BIN)/python benchmarks/intake.py
	$(BIN)/python benchmarks/notices.py
	$(BIN)/python benchmarks/dashboard.py
	$(BIN)/python benchmarks/queue_view.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
