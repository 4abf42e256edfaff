# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export TRACKER_ENV ?= development

.PHONY: run test install translations lint format services worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) tracker/translations/vi/LC_MESSAGES/messages.mo

tracker/translations/vi/LC_MESSAGES/messages.mo: tracker/translations/vi/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d tracker/translations -D messages

# After adding a user-facing string: extract, then fill the Vietnamese from vi.tsv.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		-o tracker/translations/messages.pot . --omit-header
	$(BIN)/python tools/translate_vi.py
	$(BIN)/pybabel compile -d tracker/translations -D messages

run: install
	$(BIN)/tracker db upgrade
	$(BIN)/tracker seed-demo
	bash tools/run-local.sh

test: install
	TRACKER_ENV=testing $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Starts the local PostgreSQL and Redis when they are not running (CI uses this).
services:
	bash .ci/services

clean:
	rm -rf $(VENV) instance .pytest_cache
