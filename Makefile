# Maillage: make run (default study), make test (whole test suite).
SWIFT ?= swift
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := .build/release/maillage

.PHONY: all deps build run test clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

# The default study: three territories, without and with full cooperation.
run: build
	$(RELEASE) study Scenarios/default-study.yaml --jobs $(JOBS) --out Output/default-study

test: deps
	$(SWIFT) build
	$(SWIFT) test

clean:
	rm -rf .build Output/default-study
