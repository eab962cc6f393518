# Thin front end over CMake/ctest, lint, benchmarks and bitstreams.
# Every target that builds first runs tools/install-deps (a quick no-op when
# everything is installed), so a fresh Debian 12 machine needs nothing else.

BUILD   ?= build
JOBS    ?= $(shell nproc)
BOARD   ?= icebreaker
CMAKE_FLAGS ?=

.PHONY: all deps configure build test test-slow demo bench lint bitstream clean

all: build

deps:
	@tools/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest -LE slow -j $(JOBS) --output-on-failure

test-slow: build
	@cd $(BUILD) && ctest -L slow -j $(JOBS) --output-on-failure

bench: build
	@tools/install-deps --bench
	@tools/bench $(BUILD)

demo: build
	@tools/demo $(BUILD)

lint: deps
	@tools/lint

bitstream: deps
	@tools/bitstream $(BOARD)

clean:
	rm -rf $(BUILD)
