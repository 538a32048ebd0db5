# Social-landlord warehouse: the commands a newcomer and CI need.
#   make demo       install, generate the demo landlord, build + publish, start Superset and Dagster
#   make test       run the test suite (starts real Superset and a headless chromium)
#   make federation like demo, with a demo federation: 3 landlords of two regions, one warehouse
#   make federation-data  generate the federation's inbox only (FEDERATION_DWELLINGS each)
#   make pipeline INBOX=<folder>   build + publish from a landlord's own files
#   make stop       stop Superset, the Dagster UI and the reports server
#   make generated  regenerate the files derived from the contracts and dbt (tests check them)
#   make bench      benchmark the pipeline against the floor (BENCH_SCALES, tests/benchmarks)
#   make purge-quarantine [PERSONAL=1]   erase quarantined lines past retention (and flagged ones)
#   make check-files INBOX=<folder> [JSON=1]   dry run before a load: each file's source, columns, rows, quarantine; writes nothing

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

REPO          := $(abspath .)
# The pinned uv (pyproject.toml [tool.uv] required-version), installed on first use under
# .local/tools/ by this wrapper: every target and script calls uv through it, never via PATH.
UV            := $(REPO)/orchestration/bin/uv
STATE_DIR     ?= $(REPO)/.local
DAGSTER_PORT  ?= 3000
SUPERSET_PORT ?= 8088
REPORTS_PORT  ?= 8090
DEMO_DWELLINGS ?= 30000
DEMO_INBOX    := $(REPO)/data/demo/inbox
FEDERATION_LANDLORDS ?= 3
FEDERATION_DWELLINGS ?= 3000
FEDERATION_INBOX := $(REPO)/data/demo/federation/inbox
INBOX         ?= $(REPO)/data/inbox
BENCH_SCALES  ?= 30000 300000 1000000
BENCH_ARGS    ?= --latency

export PATRIMOINE_STATE_DIR := $(STATE_DIR)
export DAGSTER_HOME := $(STATE_DIR)/dagster
export SUPERSET_PORT DAGSTER_PORT REPORTS_PORT

.PHONY: help install uv pipeline-env superset-env dbt-parse demo demo-data pipeline \
        federation federation-data \
        superset dagster-ui reports stop test browser reference-cog clean bench generated \
        purge-quarantine

help:
	@grep -E '^#   ' Makefile | sed 's/^#   //'

uv:
	@$(UV) --version

pipeline-env: uv
	@echo "==> pipeline environment (Dagster, dbt, DuckDB, Great Expectations)"
	$(UV) sync --frozen
	@$(MAKE) --no-print-directory dbt-parse

dbt-parse:
	@echo "==> dbt parse (manifest for Dagster)"
	$(UV) run --frozen dbt parse --quiet --project-dir $(REPO)/dbt_project --profiles-dir $(REPO)/dbt_project

superset-env: uv
	@echo "==> Superset environment (dashboards/)"
	cd dashboards && $(UV) sync --frozen

install: pipeline-env superset-env

demo-data: pipeline-env
	@echo "==> generating the demo landlord ($(DEMO_DWELLINGS) dwellings) in $(DEMO_INBOX)"
	@rm -f $(DEMO_INBOX)/defects_manifest.csv
	$(UV) run --frozen python -m orchestration.demo_landlord --out $(DEMO_INBOX) \
	  --dwellings $(DEMO_DWELLINGS) --manifest $(REPO)/data/demo/defects_manifest.csv

federation-data: pipeline-env
	@echo "==> generating the demo federation ($(FEDERATION_LANDLORDS) landlords of $(FEDERATION_DWELLINGS) dwellings) in $(FEDERATION_INBOX)"
	$(UV) run --frozen python -m orchestration.demo_landlord.federation --out $(FEDERATION_INBOX) \
	  --landlords $(FEDERATION_LANDLORDS) --dwellings $(FEDERATION_DWELLINGS) \
	  --manifests $(REPO)/data/demo/federation/defects_manifests

pipeline: pipeline-env
	@mkdir -p $(DAGSTER_HOME)
	@echo "==> pipeline on $(INBOX)"
	$(UV) run --frozen python -m orchestration.run --inbox $(INBOX)

demo: install demo-data
	@$(MAKE) --no-print-directory pipeline INBOX=$(DEMO_INBOX)
	@$(MAKE) --no-print-directory superset dagster-ui reports INBOX=$(DEMO_INBOX)
	@echo
	@echo "Superset (dashboards):  http://localhost:$(SUPERSET_PORT)/superset/dashboard/decarbonation/"
	@echo "    log in as '$${SUPERSET_ADMIN_USERNAME:-admin}', password: $${SUPERSET_ADMIN_PASSWORD:+the one in SUPERSET_ADMIN_PASSWORD}$${SUPERSET_ADMIN_PASSWORD:-see $(STATE_DIR)/secrets/superset_admin_password}"
	@echo "Dagster (pipelines):    http://localhost:$(DAGSTER_PORT)/"
	@echo "Quality reports:        http://localhost:$(REPORTS_PORT)/gx/ (Data Docs) and /dbt/ (dbt docs)"
	@echo "Stop them with: make stop"

federation: install federation-data
	@$(MAKE) --no-print-directory pipeline INBOX=$(FEDERATION_INBOX)
	@$(MAKE) --no-print-directory superset dagster-ui reports INBOX=$(FEDERATION_INBOX)
	@echo
	@echo "Superset (dashboards):  http://localhost:$(SUPERSET_PORT)/superset/dashboard/pilotage-territorial/ (filter Bailleur)"
	@echo "    log in as '$${SUPERSET_ADMIN_USERNAME:-admin}', password: $${SUPERSET_ADMIN_PASSWORD:+the one in SUPERSET_ADMIN_PASSWORD}$${SUPERSET_ADMIN_PASSWORD:-see $(STATE_DIR)/secrets/superset_admin_password}"
	@echo "Dagster (pipelines):    http://localhost:$(DAGSTER_PORT)/"
	@echo "Quality reports:        http://localhost:$(REPORTS_PORT)/gx/ (Data Docs) and /dbt/ (dbt docs)"
	@echo "Stop them with: make stop"

superset: superset-env
	dashboards/bin/superset-start

dagster-ui: pipeline-env
	INBOX=$(INBOX) orchestration/bin/dagster-start

reports:
	orchestration/bin/reports-start

stop:
	-dashboards/bin/superset-stop
	-orchestration/bin/dagster-stop
	-orchestration/bin/reports-stop

browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
	    || [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then \
	  echo "==> installing Debian's chromium, chromium-driver and the emoji font (browser tests)"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium chromium-driver fonts-noto-color-emoji >/dev/null; \
	fi

test: install browser
	@echo "==> tests"
	$(UV) run --frozen pytest -v --durations=25

# Not part of `make test`: minutes to hours. `make bench BENCH_SCALES=5400000` for the national
# scale; results in tests/benchmarks/results/ (see tests/benchmarks/README.md).
bench: install
	$(UV) run --frozen --group bench python -m tests.benchmarks.run_bench \
	  --scales "$(BENCH_SCALES)" $(BENCH_ARGS)

# Derived from the contracts and the dbt project, committed, checked for staleness by tests:
# the cadence seed, the check catalogue (expectations/README.md), the KPI dictionary.
generated: pipeline-env
	$(UV) run --frozen python -m orchestration.defs.quality.cadence_seed
	$(UV) run --frozen python -m orchestration.check_catalog
	$(UV) run --frozen python dbt_project/docs/build_dictionary.py

# Retention of the quarantine (QUARANTINE_RETENTION_MONTHS, 13 by default): erases the raw
# content of older rows, and with PERSONAL=1 of the rows the personal-data check names.
purge-quarantine: uv
	$(UV) run --frozen python -m orchestration.purge_quarantine $(if $(PERSONAL),--personal-data)

# Dry run of an inbox (orchestration/check_files.py): what the pipeline would do with each file,
# read by its own loaders in memory; the warehouse is only read. Exit 1 if a file would be set
# aside or matches no source.
.PHONY: check-files
check-files:
	@$(UV) run --frozen python -m orchestration.check_files --inbox $(INBOX) $(if $(JSON),--json)

reference-cog: uv
	$(UV) run --frozen python -m orchestration.reference_data.cog_convert

clean:
	rm -rf data/warehouse data/demo dbt_project/target tests/artifacts
