# Set-up is automatic: every target creates .venv/ and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench eval train clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# An editable install leaves veille's own modules uncompiled; where PYTHONDONTWRITEBYTECODE
	# is set (our CI) every veille process then compiled ~250 of them at start (0.12 s).
	$(BIN)/python -m compileall -q src > /dev/null
	touch $(STAMP)

demo: $(STAMP)  ## analyse the example article shipped with veille
	$(BIN)/veille analyze examples/sommet-helsinki.txt --format text

test: $(STAMP)  ## run the whole test suite (with lint and type checks)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	bash tests/web/ensure-chromium.sh
	$(BIN)/python -m pytest -q

eval: $(STAMP)  ## print evaluation figures on ../shared/eval
	$(BIN)/veille eval extraction
	$(BIN)/veille eval annotated
	$(BIN)/veille eval timebank
	$(BIN)/veille eval crosslingual
	$(BIN)/veille eval probes
	$(BIN)/veille eval plover

train: $(STAMP)  ## retrain the shipped models on the work halves of ../shared/eval
	$(BIN)/python -m veille.training speakers

bench: $(STAMP)  ## throughput benchmarks (ratios against bare baselines)
	$(BIN)/python bench/ingest_throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
