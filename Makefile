# The two commands of the README: `make demo` and `make test`. Each does its own set-up:
# npm packages (Node 24 pinned as a devDependency), Debian packages, and the Go-built
# control plane (cached outside git, built once per version).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
NODE := node_modules/.bin/node
BIN := node_modules/.bin
STAMP := node_modules/.certflow-npm-stamp

.PHONY: all deps system-deps control-plane tools build typecheck lint format-check test test-unit test-integration demo bench crds clean

all: build

$(STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(STAMP)

system-deps:
	bash scripts/install-system-deps.sh

control-plane:
	bash scripts/build-control-plane.sh >/dev/null

# Go-built peer tools used by differential tests and benchmarks (cached outside git).
tools: control-plane
	@if [ -f scripts/build-kustomize.sh ]; then bash scripts/build-kustomize.sh >/dev/null; fi

build: deps
	$(BIN)/tsc -p tsconfig.build.json

typecheck: deps
	$(BIN)/tsc -p tsconfig.json

lint: deps
	$(BIN)/eslint .

format-check: deps
	$(BIN)/prettier --check .

test-unit: deps
	npm run --silent test:unit

test-integration: deps system-deps tools
	npm run --silent test:integration

# One node --test run for unit and integration tests, so its closing summary counts every test.
test: deps system-deps tools typecheck lint build
	npm run --silent test:all

demo: deps system-deps control-plane build
	bin/certflow demo

bench: deps system-deps tools build
	@for b in bench/*.ts; do echo "== $$b"; $(NODE) $$b; done

clean:
	rm -rf dist
