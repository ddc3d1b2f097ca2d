# policykg — `make help` lists the targets.  Everything runs inside .venv, created on demand.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW ?= raw_docs
OUT ?= extracted

.PHONY: help setup run test eval agreement agreement-corpus validate bench lint clean

help: ## List every target
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

setup: $(STAMP) ## Create .venv with pinned dependencies and the policykg command

run: setup ## Run the whole pipeline over raw_docs/ into extracted/ and print a summary
	$(BIN)/policykg build $(RAW) -o $(OUT)

test: setup ## Run the test suite
	$(BIN)/python -m pytest -q -n auto  # pytest-xdist, a worker per core: CI time roughly halves on two cores

eval: setup ## Run the pipeline afresh on the seeds and the corpus, score each set (seeds/tuning/check) against its gold; exit 1 below eval_thresholds.json
	$(BIN)/policykg eval --raw $(RAW) --report $(OUT)/eval_report.json

agreement: setup ## Agreement of the two gold labellings (tests/gold vs tests/gold/second)
	$(BIN)/policykg agreement

agreement-corpus: setup ## Agreement of the corpus's second labelling (tests/gold/corpus vs tests/gold/corpus/second)
	$(BIN)/policykg agreement --gold tests/gold/corpus --second tests/gold/corpus/second --raw tests/corpus/docs

bench: setup ## Benchmarks on synthetic 1,000/10,000-document corpora (BENCH_SIZES=…): table + bench_out/bench.json
	$(BIN)/python -m bench.run

validate: setup ## Build the graph from raw_docs/ into extracted/ and check it against ontology/shapes.ttl (pySHACL)
	$(BIN)/policykg -q build $(RAW) -o $(OUT)
	$(BIN)/python -m pipeline.graph.validate $(OUT)/graph.ttl

lint: setup ## ruff and mypy
	$(BIN)/ruff check pipeline tests
	$(BIN)/mypy pipeline

clean: ## Remove the virtualenv and caches (extracted/ is kept)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
