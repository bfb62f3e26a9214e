# The two commands a newcomer needs: `make demo` and `make test`. Both install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
STATE := .run

.PHONY: help install kafka-jars postgres-install browser-install test lint contracts demo demo-stop bench bench-rebuild clean

help:
	@echo "make demo      start Kafka and every service locally (SQLite), show where they are"
	@echo "make test      the whole suite on a real Kafka broker, SQLite and PostgreSQL"
	@echo "make bench     event backbone throughput and latency (PostgreSQL + Kafka)"
	@echo "make bench-rebuild  the federation's rebuild of a million events (BENCH_ARGS=--events N)"
	@echo "make lint      ruff and the contracts check"
	@echo "make contracts regenerate JSON Schemas and the AsyncAPI document after a contract change"

$(UV):
	@echo "uv not found; installing it from PyPI for this user"
	$(PYTHON) -m pip install --user --quiet uv || $(PYTHON) -m pip install --quiet --break-system-packages uv

# Bytecode compiled once at install: where PYTHONDONTWRITEBYTECODE is set (as on our machines)
# every process would otherwise compile fastapi, SQLAlchemy and the rest from source as it
# starts (about 3 s of CPU each; the demo and the tests start dozens).
install: $(UV)
	$(UV) sync --frozen --compile-bytecode

kafka-jars:
	$(PYTHON) deploy/kafka/localkafka.py fetch

postgres-install:
	bash deploy/postgres/install.sh

browser-install:
	bash deploy/browser/install.sh

test: install kafka-jars postgres-install browser-install
	$(RUN) pytest

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) unionfed-contracts check

contracts: install
	$(RUN) unionfed-contracts generate

demo: install kafka-jars
	$(RUN) python deploy/demo/run.py --state $(STATE) $(DEMO_ARGS)

demo-stop:
	$(RUN) python deploy/demo/run.py --state $(STATE) --stop

bench: install kafka-jars postgres-install
	$(RUN) python bench/backbone.py $(BENCH_ARGS)

bench-rebuild: install kafka-jars
	$(RUN) python bench/federation_replay.py $(BENCH_ARGS)

clean:
	rm -rf $(STATE) var .pytest_cache
