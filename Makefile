# Two commands on a fresh machine: `make run` and `make test`.
# Both create .venv and install the project into it; re-running is fast
# because the install is skipped while pyproject.toml is unchanged.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])")
SAMPLE := models/avon-somerset-wiltshire.json

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m designer open $(SAMPLE)

test: $(STAMP)
	$(PY) -m ruff check designer tests bench
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/run.py --json --quick

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
