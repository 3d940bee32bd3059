# mistral-fine-tuning: every command a contributor or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
GEN_PKG := mistral_fine_tuning_client
GEN_DIR := generated/$(GEN_PKG)
# The package people import reaches the generated code as its subpackage `_generated`: a link to $(GEN_DIR).
GEN_LINK := overlay/mistral_fine_tuning/_generated
STAMP := $(VENV)/.installed-stamp
DEMO_VENV := .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.installed-stamp
# An unpacked sdist has no links: each venv's recipe makes the package's link to the generated code first.
LINK_GENERATED := test -L $(GEN_LINK) || ln -s ../../$(GEN_DIR) $(GEN_LINK)
# What the project's own ruff settings check (generated/ is checked under the generator's rules).
LINTED := overlay tests bench examples tools templates/types_runtime.py

.PHONY: help setup wheel generate check-generated docs check-docs check-templates upstream-diff vendor _generate-into lint test demo record bench soak bench-peers clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(LINK_GENERATED)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e . --group dev
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the package with its dev tools

# The generator writes to $(OUT) from scratch; hooks find the pinned ruff through PATH. The spec itself ships
# beside the generated code as JSON, read at run time by the fake server.
define run_generator
	rm -rf $(1)
	PATH="$(BIN):$$PATH" $(BIN)/openapi-python-client generate --path openapi.yaml --config generator-config.yaml \
	  --custom-template-path templates --meta none --fail-on-warning --output-path $(1) >/dev/null
	rm -rf $(1)/.ruff_cache
	touch $(1)/py.typed
	$(BIN)/python tools/spec_json.py openapi.yaml $(1)/openapi.json  # the spec the fake server validates with
endef

# Into a temporary folder beside generated/, swapped in only once the generator succeeded: a failed run (a template
# calling a filter this generator lacks, a spec it refuses) leaves generated/ as it was. Filters and tests are checked
# first, so that failure is named before anything runs. docs/ is rewritten from the new code at the end.
generate: $(STAMP) ## Regenerate generated/ from openapi.yaml, generator-config.yaml and templates/ (untouched if generation fails), then docs/
	@$(BIN)/python tools/check_templates.py --environment
	@tmp=$$(mktemp -d generated/.generating.XXXXXX) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory -s _generate-into OUT=$$tmp/$(GEN_PKG) && \
	if [ -e $(GEN_DIR) ]; then mv $(GEN_DIR) $$tmp/previous; fi && \
	{ mv $$tmp/$(GEN_PKG) $(GEN_DIR) || { mv $$tmp/previous $(GEN_DIR); false; }; } && echo "generated $(GEN_DIR)"
	@$(BIN)/python tools/docs.py

check-generated: $(STAMP) ## Fail if generated/ differs from what the spec and templates produce
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory -s _generate-into OUT=$$tmp/$(GEN_PKG) && \
	if diff -r -x __pycache__ $$tmp/$(GEN_PKG) $(GEN_DIR) >/dev/null; then echo "generated/ is up to date"; \
	else diff -ru -x __pycache__ $(GEN_DIR) $$tmp/$(GEN_PKG) | head -40; \
	  echo "generated/ is stale or was edited by hand: run 'make generate' and commit"; exit 1; fi

# The reference pages: read from the spec the generated package ships and from the package itself (tools/docs.py).
docs: $(STAMP) ## Rewrite docs/ (reference pages per resource and model) from the spec and the package
	@$(BIN)/python tools/docs.py

check-docs: $(STAMP) ## Fail if docs/ differs from what `make docs` writes
	@$(BIN)/python tools/docs.py --check

_generate-into:
	$(call run_generator,$(OUT))

check-templates: $(STAMP) ## Diff the stock templates ours override or import, and check the filters they use, against the pinned generator (or GENERATOR=x.y.z)
	@if [ -n "$(GENERATOR)" ]; then \
	  tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(BIN)/pip download --quiet --no-deps --dest $$tmp openapi-python-client==$(GENERATOR) && \
	  $(BIN)/python -m zipfile -e $$tmp/*.whl $$tmp/unpacked && \
	  $(BIN)/python tools/check_templates.py --stock $$tmp/unpacked/openapi_python_client/templates; \
	else $(BIN)/python tools/check_templates.py; fi

upstream-diff: $(STAMP) ## Where openapi.yaml and Mistral's spec (SPEC=path; default upstream/snapshot.json) differ beyond upstream/departures.yaml (WRITE=1 COMMIT=sha records SPEC)
	@$(BIN)/python -m tools.upstream_diff $(if $(SPEC),--spec "$(SPEC)") $(if $(WRITE),--write) $(if $(COMMIT),--commit $(COMMIT))

wheel: $(STAMP) ## Build the wheel into dist/ (pip install "dist/mistral_fine_tuning-<version>-py3-none-any.whl[cli]")
	$(BIN)/pip wheel . --no-deps --no-build-isolation --quiet -w dist

vendor: ## Copy the client into DEST as the package PACKAGE (e.g. DEST=src PACKAGE=acme_sdk._vendor.mistral_ft)
	@test -n "$(DEST)" -a -n "$(PACKAGE)" || { echo "usage: make vendor DEST=<folder> PACKAGE=<dotted.name>"; exit 2; }
	$(PYTHON) tools/vendor.py --dest $(DEST) --package $(PACKAGE)

lint: $(STAMP) ## ruff + mypy --strict on overlay, tests, bench, examples, tools and the types runtime; generated/ under the generator's own ruff rules + mypy --strict
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/ruff check --isolated --select F,E4,E7,E9,I,UP --target-version py311 generated
	$(BIN)/ruff format --isolated --line-length 120 --check generated
	$(BIN)/mypy overlay/mistral_fine_tuning tests bench examples tools templates/types_runtime.py

test: $(STAMP) check-generated check-docs lint ## Everything CI runs: generated/ and docs/ drift, lint, and the test suite (offline)
	$(BIN)/pytest -q -n 4 --block-network --allowed-hosts=127.0.0.1,localhost  # 4 processes: many tests wait on sockets

record: $(STAMP) ## Re-record tests/cassettes from the fake server (started by the tests themselves)
	$(BIN)/pytest -q tests/test_cassettes.py --record-mode=rewrite

# The demo's own environment: the package and its cli extra only (the dev tools are for make test). pip runs from
# the interpreter that makes the venv (`pip --python`), so the venv needs no pip of its own.
$(DEMO_STAMP): pyproject.toml
	@$(LINK_GENERATED)
	$(PYTHON) -m venv --without-pip $(DEMO_VENV)
	$(PYTHON) -m pip --python $(DEMO_VENV)/bin/python install --quiet --disable-pip-version-check -e ".[cli]"
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP) ## The whole workflow (check, upload, train, rename, archive), the documented examples and a CLI session against the embedded fake server on 127.0.0.1
	$(DEMO_VENV)/bin/python examples/demo.py

bench: $(STAMP) ## P1-P9 against the raw-httpx2 floor (and raw httpx) on the local fake server (QUICK=1 smoke run, JSON=file raw numbers)
	$(BIN)/python -m bench $(if $(QUICK),--quick) $(if $(JSON),--json $(JSON))

soak: $(STAMP) ## Load test, not in `make test`: 10,000 async + 10,000 threaded calls under 2 % faults, next to raw httpx2 (QUICK=1, JSON=file)
	$(BIN)/python -m bench.soak $(if $(QUICK),--quick) $(if $(JSON),--json $(JSON))

bench-peers: $(STAMP) ## P1-P3 next to mistralai 2.5.1, installed into .bench-venv-peers/ (never a project dependency; QUICK=1, JSON=file)
	$(BIN)/python -m bench.peers $(if $(QUICK),--quick) $(if $(JSON),--json $(JSON))

clean: ## Remove the venv and caches
	rm -rf $(VENV) $(DEMO_VENV) .bench-venv-peers .mypy_cache .ruff_cache .pytest_cache build dist
