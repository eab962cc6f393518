# Thin front end over CMake/ctest, lint, benchmarks and bitstreams.
# Every target that builds first runs tools/install-deps (a quick no-op when
# everything is installed), so a fresh Debian 12 machine needs nothing else.

BUILD   ?= build
JOBS    ?= $(shell nproc)
BOARD   ?= icebreaker
CMAKE_FLAGS ?=
# Debian's python3 (numpy, sklearn, matplotlib from apt), not a pyenv or
# virtualenv python3 earlier on PATH; the same choice as CMakeLists.txt.
PYTHON  ?= $(if $(wildcard /usr/bin/python3),/usr/bin/python3,python3)

FUZZ_RUNS ?= 1000000
FUZZERS = network_json spike_files frame_decoder

.PHONY: all deps configure build install test test-slow test-slow-tier test-sanitize fuzz demo digits bench lint bitstream clean

all: build

deps:
	@tools/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# synfire, synfire-board, the Python module and the bash completion under
# PREFIX (bin/, lib/python3/dist-packages/, share/bash-completion/completions/).
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

test: build
	@cd $(BUILD) && ctest -LE slow -j $(JOBS) --output-on-failure

test-slow: test-sanitize test-slow-tier

# The slow ctest tier alone (no sanitizer build): about 11 minutes on 2 cores.
test-slow-tier: build
	@cd $(BUILD) && ctest -L slow -j $(JOBS) --output-on-failure

# The host, CLI and model tests (fast tier) built with AddressSanitizer and
# UndefinedBehaviorSanitizer in a tree of their own; part of the slow tier.
SANITIZE_TESTS = test_model test_link test_cli
test-sanitize: deps
	@cmake -S . -B $(BUILD)-asan -G Ninja -DSYNFIRE_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS) --target synfire synfire-board $(SANITIZE_TESTS)
	@cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tools/lsan-suppressions.txt \
	  ctest -LE slow -j $(JOBS) --output-on-failure -R '^($(shell echo $(SANITIZE_TESTS) | tr ' ' '|')):'

# libFuzzer (clang) on the parsers that face users and the wire: FUZZ_RUNS
# inputs each from the seeds in tests/fuzz/corpus; findings are written to
# $(BUILD)-fuzz/findings and fail the target.
fuzz:
	@tools/install-deps --fuzz
	@cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSYNFIRE_FUZZ=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS) --target $(addprefix fuzz_,$(FUZZERS))
	@mkdir -p $(BUILD)-fuzz/findings
	@for f in $(FUZZERS); do \
	  mkdir -p $(BUILD)-fuzz/corpus/$$f && cp -n tests/fuzz/corpus/$$f/* $(BUILD)-fuzz/corpus/$$f/ && \
	  echo "fuzz_$$f: $(FUZZ_RUNS) inputs" && \
	  $(BUILD)-fuzz/bin/fuzz_$$f -runs=$(FUZZ_RUNS) -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)-fuzz/findings/$$f- $(BUILD)-fuzz/corpus/$$f >$(BUILD)-fuzz/fuzz_$$f.log 2>&1; \
	  rc=$$?; grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss|SUMMARY|finding|bad error)' \
	    $(BUILD)-fuzz/fuzz_$$f.log; [ $$rc -eq 0 ] || { echo "fuzz_$$f failed: see $(BUILD)-fuzz/fuzz_$$f.log"; exit 1; }; \
	done

bench: build
	@tools/install-deps --bench
	@tools/bench $(BUILD)

demo: build
	@tools/demo $(BUILD)

# examples/digits: trains on the model, checks a training prefix on the RTL bit for bit.
digits: build
	@PYTHONPATH=$(BUILD)/python $(PYTHON) examples/digits/digits.py --out out/digits --check sim

lint: deps
	@tools/lint

bitstream: deps
	@tools/bitstream $(BOARD)

clean:
	rm -rf $(BUILD)
