# The two commands the README starts with. Each creates the virtual environment it needs.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench clean-state

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $@

run: $(VENV)/.installed  ## clean raw/ into clean/ as a Prefect flow run (embedded mode; no server needed)
	$(PY) -m flows.clean_corpus --raw-dir raw --clean-dir clean

test: $(VENV)/.installed  ## the whole test suite (what CI runs)
	$(PY) -m pytest -q
