# fengong: `make run` (pipeline on corpus/ into outputs/), `make test` (the whole suite) and
# `make score REAL=DIR` (the pipeline on DIR's texts, scored against DIR/gold/*.json).
# `make install` installs what running needs (requirements.lock, with the figures and notebooks
# extras); `make test` adds the test and lint tools (and Dask, to test its executor); `make notebooks` JupyterLab; `make dask` Dask.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

# make score: the hand-labelled texts, where their run goes, and the totals it must reach.
REAL               ?= ../shared/corpus/real
SCORE_OUT          ?= outputs/score
SCORE_TOOLS        ?= $(REAL)/../../tools
MIN_ASSIGN         ?= 0.95
MIN_MEASURE        ?= 0.92
MIN_MEASURE_ASSIGN ?= 0.93

.PHONY: install run test score bench lint figures notebooks dask clean

install: $(STAMP)

# Re-run only when the dependencies or the package metadata change.
$(STAMP): pyproject.toml requirements.lock scripts/install_fonts.sh scripts/install_chromium.sh scripts/install_system_tools.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -qq --disable-pip-version-check --no-deps -e .
	sh scripts/install_fonts.sh
	sh scripts/install_chromium.sh
	sh scripts/install_system_tools.sh
	touch $(STAMP)

# The test and lint tools, on top of what running needs.
# Dask too, so that the suite tests the Dask executor (`make run` does not install it).
$(DEV_STAMP): $(STAMP) requirements-dev.lock requirements-dask.lock
	$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements-dev.lock -r requirements-dask.lock
	touch $(DEV_STAMP)

run: install
	$(BIN)/fengong extract corpus --out outputs --quiet; status=$$?; \
	$(BIN)/python -m pipeline.report.summary outputs; exit $$status

test: $(DEV_STAMP)
	$(BIN)/python -m pytest

# extract exits 1 when an input fails: that input scores zero, the others are still scored.
score: install
	$(BIN)/fengong extract $(REAL) --out $(SCORE_OUT) --no-excel --quiet --force; status=$$?; \
	test $$status -le 1 || exit $$status
	$(BIN)/fengong score $(SCORE_OUT) $(REAL)/gold --min-assign $(MIN_ASSIGN) --min-measure $(MIN_MEASURE) \
	  --min-measure-assign $(MIN_MEASURE_ASSIGN)
	@# local bodies (place, function) and links between annual plans, by the scorers beside the labels
	if [ -d $(REAL)/local_bodies ]; then $(BIN)/python $(SCORE_TOOLS)/score_local.py $(SCORE_OUT) \
	  $(REAL)/local_bodies/*.json | tail -1; fi
	if [ -d $(REAL)/links ]; then $(BIN)/fengong extract $(REAL)/*.txt corpus/2013-quality-action-plan.txt \
	  --out $(SCORE_OUT)-links --no-excel --quiet --force --link; \
	  $(BIN)/python $(SCORE_TOOLS)/score_links.py $(SCORE_OUT)-links $(REAL)/links/*.json | tail -1; fi

bench: install
	$(BIN)/python bench/run.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/fengong lexicon validate

figures: run
	$(BIN)/fengong figures outputs

# JupyterLab on the notebooks (installed the first time); they find the repository themselves.
notebooks: install
	test -x $(BIN)/jupyter-lab || $(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements-notebooks.lock
	$(BIN)/jupyter-lab notebooks/ $$(test "$$(id -u)" = 0 && echo --allow-root)

# The Dask extra, for `fengong extract --executor dask`.
dask: install
	$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements-dask.lock

clean:
	rm -rf $(VENV) outputs/*
