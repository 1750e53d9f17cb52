# fengong: `make run` (pipeline on corpus/ into outputs/) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench lint figures clean

install: $(STAMP)

# Re-run only when the dependencies or the package metadata change.
$(STAMP): pyproject.toml requirements.lock scripts/install_fonts.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	sh scripts/install_fonts.sh
	touch $(STAMP)

run: install
	$(BIN)/fengong extract corpus --out outputs --quiet; status=$$?; \
	$(BIN)/python -m pipeline.summary outputs; exit $$status

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/fengong lexicon validate

figures: run
	$(BIN)/fengong figures outputs

clean:
	rm -rf $(VENV) outputs/*
