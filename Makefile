# Bootstrap only: creates the virtual environment, then hands over to Invoke
# (tasks.py), where the real work lives.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test serve check clean publish

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# a new plugin package is only importable once installed: its __init__.py re-runs the install
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml $(wildcard plugins/pelican/plugins/*/__init__.py) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $(STAMP)

build: $(STAMP)  ## Build the site into output/ (sample feed, offline)
	$(BIN)/invoke build

test: $(STAMP)   ## Run the whole test suite
	$(BIN)/invoke test

serve: $(STAMP)  ## Build and preview on http://127.0.0.1:8000, rebuilding on change
	$(BIN)/invoke livereload

check: $(STAMP)  ## Check content, data and catalogs
	$(BIN)/invoke check

publish: $(STAMP) ## Production build (publishconf.py), replacing output/ only on success
	$(BIN)/invoke publish

clean:
	rm -rf output cache
