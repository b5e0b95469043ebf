# Maillage: make run (default study), make test (whole test suite).
SWIFT ?= swift
# Swift lives in /opt/swift on the project's machines; use it when it is not on the PATH already.
export PATH := $(PATH):/opt/swift/usr/bin
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := .build/release/maillage

.PHONY: all deps build run test bench bench-check calibrate charts dist serve clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

# The default study: three territories, without and with full cooperation.
run: build
	$(RELEASE) study Scenarios/default-study.yaml --jobs $(JOBS) --out Output/default-study

# The web application: open http://127.0.0.1:8080 (tries kept in Output/serve/).
serve: build
	$(RELEASE) serve

# The package-benchmark suite (Benchmarks/: percentiles, malloc counts, peak memory; its own build
# folder, .build-bench), then throughput, scaling and speed-up against the targets (BENCHMARKS.md).
BENCHMARK := MAILLAGE_BENCHMARKS=1 $(SWIFT) package --scratch-path .build-bench --allow-writing-to-package-directory benchmark

bench: build
	$(BENCHMARK) --no-progress
	.build/release/maillage-bench
	@bash scripts/memory-bench.sh
	@bash scripts/serve-bench.sh

# This branch against the stored baseline (.benchmarkBaselines/MaillageBenchmarks/main): fails
# when a replication makes 20 allocations more than there, or its median wall time is 25% slower.
bench-check: deps
	$(BENCHMARK) baseline check main --no-progress

# Regenerates Output/: the default study, every shipped experiment, the charts (gnuplot) and
# the reports, deterministically.
charts: build
	@bash scripts/install-deps.sh gnuplot
	bash scripts/regenerate-output.sh

# Refit the behavioural parameters to the published figures.
calibrate: build
	$(RELEASE) calibrate Scenarios/calibration/targets.yaml --out Output/calibration/fitted.yaml

# The tests run optimised (the simulations they run are long in a debug build), with @testable
# imports enabled, in their own build folder so that the release build stays as `make build` made it.
# One compilation: `swift build --build-tests` builds the tests and the `maillage` binary the
# end-to-end tests run (.build-test/release/maillage, which CI's scripts use too), and `swift test
# --skip-build` runs them without building again (a plain `swift test` after it would rebuild).
# Without debug information (-gnone): a failing expectation names its file and line by itself,
# and the cold build takes 310 s instead of 350 on two cores (the link of the test binary most).
TESTFLAGS := -c release -Xswiftc -enable-testing -Xswiftc -gnone --scratch-path .build-test

test: deps
	@bash scripts/install-deps.sh gnuplot
	$(SWIFT) build --build-tests $(TESTFLAGS)
	$(SWIFT) test --skip-build $(TESTFLAGS)

# The portable release: dist/maillage-<version>-linux-<arch>.tar.gz (static Swift runtime and GSL).
dist: deps
	bash scripts/make-dist.sh

clean:
	rm -rf .build .build-dist .build-bench dist Output/default-study
