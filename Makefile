# The two commands: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install install-dev messages translations lint bench-directory bench-risk clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet -e .
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

$(DEV_STAMP): $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-dev-* && touch $(DEV_STAMP) $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

translations: $(STAMP)
	DEBUG=true $(PY) -m alliance87 compiletranslations

run: install translations
	@mkdir -p var
	DEBUG=true $(PY) -m alliance87 bootstrap
	DEBUG=true $(PY) -m alliance87 collectstatic --noinput --verbosity 0
	@echo "Serving on http://127.0.0.1:$(PORT)/ with the task worker beside it; e-mails are printed here (Ctrl-C stops both)"
	@export DEBUG=true SITE_URL=http://127.0.0.1:$(PORT); \
	  $(PY) -m alliance87 db_worker --no-reload --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) -m alliance87 runserver 127.0.0.1:$(PORT) --noreload

test: install-dev translations
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy $(wildcard src/alliance87/*/rules.py src/alliance87/*/rules/*.py) src/alliance87/core/transitions.py
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Extract new strings into every app's catalogue (needs GNU gettext: apt-get install gettext).
messages: install
	@for app in src/alliance87/*/locale; do \
	  (cd $$(dirname $$app) && DEBUG=true ../../../$(PY) -P -m alliance87 makemessages -l es -l fr -l pt --no-obsolete --no-location) || exit 1; \
	done

lint: install-dev
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

bench-directory: install-dev
	$(PY) bench/directory.py

bench-risk: install-dev
	$(PY) bench/risk_fit.py && $(PY) bench/risk_score.py

clean:
	rm -rf $(VENV) var .pytest_cache
