# `make demo` and `make test` work on a fresh machine: they create .venv when it is missing and
# install tfperf with its CPU TensorFlow build and the test tools.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.tfperf-installed
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: demo test install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[cpu,dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) examples/demo.py

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
