# Bootstrap only: create .venv, install the pinned project, then hand over to invoke (tasks.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==26.3
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --config-settings editable_mode=compat -e .
	touch $(STAMP)

# The web editor at /admin/ comes from npm (package-lock.json): installed when Node.js is
# here; without it the site is built all the same and the build says in one line how to get /admin/.
site: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(NODE_STAMP); fi
	$(BIN)/invoke build

# The web editor (served at /admin/), its local backend, and axe-core for the accessibility
# tests, pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/invoke tests

serve: $(STAMP)
	$(BIN)/invoke build serve

clean:
	$(BIN)/invoke clean 2>/dev/null || rm -rf output cache
