# Tesla charging toolkit. `make` lists the targets; every target installs what it needs itself.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# The pinned virtual environment comes first on PATH: the generator's ruff post-hooks must run
# the pinned ruff, or regeneration would not be byte-identical.
export PATH := $(BIN):$(CURDIR)/node_modules/.bin:$(PATH)
# Bytecode is written (__pycache__, git-ignored) even where the environment asks Python not to
# (PYTHONDONTWRITEBYTECODE, set on some CI images): otherwise every process compiles our modules
# again, and pytest rewrites the assertions of every plugin's whole package again (hypothesis,
# schemathesis and this project's own) in each of make test's pytest processes (the cost:
# docs/benchmarks.md, "Figures behind the code").
unexport PYTHONDONTWRITEBYTECODE

SPEC := spec/tesla-charging.yaml
ADMIN_SPEC := spec/mock-admin.yaml
SDK_DIR := generated/tesla-charging-client
# Two install stamps. SERVE_STAMP: the project and what serving needs (make mock, make dist).
# PY_STAMP: that and the `dev` extra, the toolchain of everything else (make test, ...);
# installing it stamps both, so make mock after make test installs nothing.
SERVE_STAMP := $(VENV)/.installed-serve
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

HOST ?= 127.0.0.1
PORT ?= 4010
# `make test` runs the contract suite in pytest processes of its own (not under pytest-xdist:
# there schemathesis' per-operation tests collapse into one item that runs nothing): its two
# largest files each in one (CONTRACT_ALONE), the rest of tests/contract in a third, beside
# everything else spread over XDIST_WORKERS processes by file, longest first (tests/suite_order.py;
# --no-loadscope-reorder: xdist would order files by their number of tests). PYTEST_ARGS go to all.
# One worker more than the cores: some tests wait on a server process, a browser, pip or a
# timeout they test, and a worker that waits leaves its core to the others; more workers than
# that cost more CPU than they save waiting (each collects the whole suite, and they crowd
# the cores the contract processes need).
PYTEST_ARGS ?=
SIDE_TESTS := tests/contract
CONTRACT_ALONE := $(SIDE_TESTS)/test_vehicle_api_in_process.py \
	$(SIDE_TESTS)/test_admin_api_in_process.py
XDIST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
XDIST := -n $(XDIST_WORKERS) --dist loadfile --no-loadscope-reorder
# `make test` leaves out the tests marked slow (pyproject.toml: end-to-end runs of packaging
# and release tooling, about a third of the suite's CPU for a handful of its tests);
# `make test-slow` runs just those. CI (.ci/run) runs both.
NOT_SLOW := -m "not slow"
# `make test-fast`: the car's rules, the spec's own checks, the SDK's parsing and the HTTP API's
# main paths, in well under a minute; `make test` runs these again with everything else.
FAST_TESTS := tests/mockserver tests/spec/test_validate.py tests/spec/test_conventions.py \
	tests/spec/test_examples.py tests/sdk/test_responses.py tests/server/test_fleet_api.py
BASE_URL ?=
TOKEN ?=
ADMIN_TOKEN ?=

.PHONY: help setup chromium wrk generate sdk dist lint test test-slow test-fast mock contract prism-mock prism-proxy bench profile clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Python 3.11's venv module also installs setuptools, which nothing here uses (pip builds every
# package in an isolated environment of its own) and which is 12 MB of the venv: removed, as
# Python 3.12 leaves it out.
$(VENV)/pyvenv.cfg:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip uninstall -qq --yes setuptools

# The project is installed editable (-e): its wheel carries the SDK too, and editable it puts
# both mockserver/ and $(SDK_DIR)/ on sys.path, so edits and `make generate` count at once.
# uv installs it, pinned and itself installed by the venv's pip: it resolves, downloads and
# installs in parallel (set-up times: docs/benchmarks.md, "make test on 2 cores").
# pip stays in the venv: `make dist` and the README's install tests use it, as teams do.
UV_VERSION := 0.13.9
UV := $(BIN)/uv
UV_INSTALL := $(UV) pip install --quiet --python $(BIN)/python

$(UV): | $(VENV)/pyvenv.cfg
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Serving's install leaves the bytecode to Python, which writes what serving imports when it
# first does. The dev install compiles every module (in parallel): `make test` starts seven
# Python processes at once, each of which would compile the same modules before any had
# written them. The spec is a prerequisite too: the installed version is its info.version
# (hatchling reads it), which the health check reports; a release reinstalls.
$(SERVE_STAMP): pyproject.toml $(SPEC) | $(UV)
	$(UV_INSTALL) -e .
	@touch $@

$(PY_STAMP): pyproject.toml $(SPEC) | $(UV)
	$(UV_INSTALL) --compile-bytecode -e '.[dev]'
	@touch $@ $(SERVE_STAMP)

# --prefer-offline: what npm's cache holds is used without asking the registry again (the
# lockfile's integrity hashes still check every package); an empty cache downloads as before.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error --prefer-offline
	@touch $@

# uv and npm at once: from nothing each is mostly one core's work (set-up times:
# docs/benchmarks.md, "make test on 2 cores").
setup: ## Create .venv and node_modules (idempotent)
	@$(MAKE) --no-print-directory $(NODE_STAMP) & node=$$!; \
	$(MAKE) --no-print-directory $(PY_STAMP); python=$$?; \
	wait $$node; node=$$?; exit $$(( python || node ))

# $(call apt_install,PACKAGE): install a Debian package whose command has its name, unless it is
# on PATH already. apt-get as root, else through sudo; no prompts.
apt_install = command -v $(1) >/dev/null || { \
	as_root=$$([ "$$(id -u)" = 0 ] || echo sudo -n); \
	$$as_root apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$as_root apt-get install -y -qq $(1) >/dev/null && \
	command -v $(1); }

# The dashboard's browser tests (tests/dashboard) drive the distribution's Chromium: playwright's
# own browser download does not work offline.
chromium: ## Install Chromium for the browser tests (apt-get), unless it is there
	@$(call apt_install,chromium)

# make bench drives the servers with wrk (Debian's package; `brew install wrk` on macOS), and
# tests/bench runs it briefly. Installed as chromium is, unless it is there.
wrk: ## Install wrk, the load generator of make bench (apt-get), unless it is there
	@$(call apt_install,wrk)

generate: $(PY_STAMP) ## Regenerate the SDK in generated/ from the spec (scripts/generate_sdk.py --help)
	$(BIN)/python scripts/generate_sdk.py

sdk: $(PY_STAMP) ## Build the SDK wheel and sdist into dist/
	$(BIN)/python -m build --outdir dist $(SDK_DIR)

# pip builds each wheel as `pip install` would, in an isolated environment with the project's
# build backend: dist needs the venv's pip and nothing installed.
dist: | $(VENV)/pyvenv.cfg ## Build both wheels into dist/: the project's (mock, plugin, CLI and SDK) and the SDK's alone
	rm -f dist/tesla_mock_vehicle-*.whl dist/tesla_charging_client-*.whl
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir dist . $(SDK_DIR)
	@ls -l dist/tesla_mock_vehicle-*.whl dist/tesla_charging_client-*.whl

lint: setup ## Lint the Python code and the spec
	ruff check mockserver tests scripts bench generated/postprocess.py
	ruff format --check mockserver tests scripts bench generated/postprocess.py
	spectral lint --fail-severity warn --ruleset spec/.spectral.yaml $(SPEC) $(ADMIN_SPEC)

test: setup chromium wrk ## Run every test but the slow ones (spec, SDK, mock vehicle, contract, dashboard in Chromium)
	@mkdir -p reports && rm -f reports/side-tests-*.log
	@part=0; pids=""; \
	for tests in $(CONTRACT_ALONE) "$(SIDE_TESTS) $(addprefix --ignore=,$(CONTRACT_ALONE))"; do \
		part=$$((part + 1)); \
		$(BIN)/python -m pytest $$tests $(NOT_SLOW) $(PYTEST_ARGS) > reports/side-tests-$$part.log 2>&1 & \
		pids="$$pids $$!"; \
	done; \
	$(BIN)/python -m pytest $(XDIST) $(addprefix --ignore=,$(SIDE_TESTS)) $(NOT_SLOW) $(PYTEST_ARGS); \
	rest=$$?; \
	side_status=0; for pid in $$pids; do wait $$pid || side_status=1; done; \
	for log in reports/side-tests-*.log; do \
		echo "== $(SIDE_TESTS), run alongside ($$log) =="; cat $$log; \
	done; \
	echo "make test left out the tests marked slow: make test-slow runs them (CI runs both)"; \
	exit $$(( rest || side_status ))

test-slow: setup chromium wrk ## Run the slow tests make test leaves out (fresh venvs, wheels, make release, make bench)
	$(BIN)/python -m pytest $(XDIST) -m slow $(addprefix --ignore=,$(CONTRACT_ALONE)) $(PYTEST_ARGS)

test-fast: setup ## A quick answer (well under a minute): rules, spec checks, SDK parsing, main HTTP paths
	$(BIN)/python -m pytest -q -n $(XDIST_WORKERS) $(FAST_TESTS) $(PYTEST_ARGS)

mock: $(SERVE_STAMP) ## Run the mock vehicle on $(HOST):$(PORT) (installs only what serving needs)
	$(BIN)/python -m tesla_mock --host $(HOST) --port $(PORT)

contract: $(PY_STAMP) ## Contract-test a running server: make contract BASE_URL=http://host:port TOKEN=... [ADMIN_TOKEN=...]
	@test -n "$(BASE_URL)" -a -n "$(TOKEN)" || { echo "usage: make contract BASE_URL=http://host:port TOKEN=... [ADMIN_TOKEN=...]"; exit 2; }
	$(BIN)/python -m pytest tests/contract/test_live_contract.py -p no:cacheprovider \
		--base-url "$(BASE_URL)" --token "$(TOKEN)" $(if $(ADMIN_TOKEN),--admin-token "$(ADMIN_TOKEN)") \
		--junitxml=reports/contract-junit.xml

prism-mock: setup ## Prism static mock of the spec (scripts/prism-mock --help)
	scripts/prism-mock

prism-proxy: setup ## Prism validating proxy in front of the mock vehicle (scripts/prism-proxy --help)
	scripts/prism-proxy

bench: setup wrk ## Benchmarks: mock vs Prism vs Starlette (BENCH_ARGS=--quick etc.; prints tables)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

profile: $(PY_STAMP) ## The mock's cost per request without sockets, and where it goes (WORKLOAD=vehicle_data)
	$(BIN)/python -m bench.profile $(WORKLOAD) --profile

clean: ## Remove build outputs (keeps .venv and node_modules)
	rm -rf dist reports .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Releases (docs/releasing.md). BASE: the spec to compare with (default: the last release,
# found as docs/releasing.md says, also in a clone without tags). make test runs the gate too
# (tests/release/test_spec_gate.py), with every other test.
BASE ?=
VERSION ?=
SPEC_CHECK_ARGS ?=
# GATE_ARGS: options of the gate for spec-check and release alike (e.g. --no-openapi-diff,
# --openapi-diff-max-nodes 300); SPEC_CHECK_ARGS: spec-check's own (--json, --brief).
GATE_ARGS ?=
.PHONY: spec-check release

spec-check: setup ## Breaking-change gate: the spec against the last release (BASE=ref to choose)
	$(BIN)/python -m tesla_mock.release spec-check $(if $(BASE),--base $(BASE)) $(GATE_ARGS) $(SPEC_CHECK_ARGS)

release: setup ## Release VERSION=x.y.z: gate, version, generate, changelog, both wheels, commit, tag
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z"; exit 2; }
	@! git rev-parse -q --verify "refs/tags/v$(VERSION)" >/dev/null || \
		{ echo "make release: the tag v$(VERSION) exists already"; exit 2; }
	$(BIN)/python -m tesla_mock.release set-version $(VERSION) $(if $(BASE),--base $(BASE)) $(GATE_ARGS)
	$(MAKE) --no-print-directory generate
	$(BIN)/python -m tesla_mock.release changelog $(VERSION) $(if $(BASE),--base $(BASE)) $(GATE_ARGS)
	rm -rf dist/$(VERSION)
	$(BIN)/python -m build --wheel --outdir dist/$(VERSION) $(SDK_DIR)
	$(BIN)/python -m build --wheel --outdir dist/$(VERSION) .
	git add -- $(SPEC) $(SDK_DIR) CHANGELOG.md
	git commit -q -m "Release $(VERSION)" -- $(SPEC) $(SDK_DIR) CHANGELOG.md
	git tag -a "v$(VERSION)" -m "Release $(VERSION)"
	@echo "Released $(VERSION): tag v$(VERSION), wheels in dist/$(VERSION)/ (git push origin v$(VERSION))"
