# Bootstrap only: creates the virtual environment, then hands over to Invoke
# (tasks.py), where the real work lives.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The oldest Python every pinned requirement accepts (soupsieve's Requires-Python);
# tests/test_python_minimum.py keeps it in step with the pins.
PYTHON_MIN := 3.11.5
PIP := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar on

.PHONY: help build test serve check clean publish python-version
.DEFAULT_GOAL := help

help:  ## List these targets with what each does (make alone does the same)
	@awk -v port="$(PORT)" 'BEGIN { FS = ":[^#]*## " } /^[a-z][a-z-]*:[^#]*## / { gsub(/\$$\(PORT\)/, port, $$2); printf "  make %-15s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

python-version:  ## Check that python3 (or make PYTHON=...) is new enough for this project
	@$(PYTHON) -c 'import sys; need = tuple(map(int, "$(PYTHON_MIN)".split("."))); sys.exit(0 if sys.version_info[:3] >= need else "make: $(PYTHON) is Python %s; this project needs Python $(PYTHON_MIN) or newer (make PYTHON=/path/to/python3.x)" % sys.version.split()[0])'

$(BIN)/python: | python-version
	$(PYTHON) -m venv $(VENV)

# make build installs only what building needs; make test adds the test tools.
# A new plugin package is only importable once installed: its __init__.py re-runs the install.
$(VENV)/.installed-build: requirements.txt pyproject.toml $(wildcard plugins/pelican/plugins/*/__init__.py) | $(BIN)/python
	@echo "make: installing the build requirements (requirements.txt) and this project into $(VENV)"
	$(PIP) -r requirements.txt
	$(PIP) --no-deps --editable .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed-build
	@echo "make: installing the test requirements (requirements-dev.txt) into $(VENV)"
	$(PIP) -r requirements-dev.txt
	touch $@

build: $(VENV)/.installed-build  ## Build the site into output/ (sample feed, offline)
	$(BIN)/invoke build

test: $(VENV)/.installed-dev     ## Run the whole test suite
	$(BIN)/invoke test

PORT ?= 8000
serve: $(VENV)/.installed-build  ## Build and preview on http://127.0.0.1:$(PORT) (make serve PORT=8001), rebuilding on change
	@$(BIN)/invoke livereload --port $(PORT)

check: $(VENV)/.installed-build  ## Check content, data and catalogs
	$(BIN)/invoke check

publish: $(VENV)/.installed-build ## Production build (publishconf.py), replacing output/ only on success
	$(BIN)/invoke publish

clean:  ## Remove the built site (output/, the retired one kept beside it) and the build caches (cache/)
	rm -rf output .output-spare cache
