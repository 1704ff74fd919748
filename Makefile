# Rashomon's whole workflow. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The stamp names a digest of the dependency files, so editing them reinstalls.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt 2>/dev/null | sha1sum | cut -c1-10)
PYTEST_ARGS ?=

.PHONY: install demo test check eval bench docs clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	# Wheels only, versions pinned by constraints.txt (torch is the CPU build).
	$(PY) -m pip install -q --only-binary=:all: -c constraints.txt -e '.[all,dev]'
	rm -f $(VENV)/.installed-*
	touch $@

demo: install
	$(VENV)/bin/rashomon demo -o demo/report.html

test: install
	bash scripts/test $(PYTEST_ARGS)

check: install
	bash scripts/check

eval: install
	$(PY) eval/gate.py

bench: install
	$(VENV)/bin/rashomon bench

docs: install
	bash scripts/docs

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache build dist
