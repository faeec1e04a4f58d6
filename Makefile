# The README's two promises: `make demo` and `make test` work on a fresh
# Debian 12 machine with nothing done first.
BUILD_DIR ?= build
JOBS ?= 2
DEMO_BUILD_DIR ?= examples/demo/build
SANITIZE_BUILD_DIR ?= build-sanitize
FUZZ_SECONDS ?= 60
# Tests that load our plugin into Debian's clang-tidy-19, which carries no
# sanitizer runtime; the plugin's engine and rules are the CLI's, which the
# sanitized suite runs (docs/reliability.md).
SANITIZE_EXCLUDE ?= /tidy/|^fixit/|^Plugin\.|^packaging/|^lint/
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps configure build test demo lint lint-all clean configure-sanitize build-sanitize \
	test-sanitize test-sanitize-ci fuzz-smoke

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) -j $(JOBS) --output-on-failure

# Exit code 1 means "findings", which is what the demo is for.
demo: build
	cmake -S examples/demo -B $(DEMO_BUILD_DIR) -G Ninja >/dev/null
	$(BUILD_DIR)/bin/threadlint -p $(DEMO_BUILD_DIR) --report=json:threadlint-report.json \
	  --report=design-json:threadlint-design.json --report=design-md:threadlint-design.md \
	  --report=html:threadlint-design.html; \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 1 ] || exit $$status
	@echo "JSON report written to threadlint-report.json"
	@echo "design report written to threadlint-design.json, threadlint-design.md and threadlint-design.html"

# Our own sources held to the repository's .clang-tidy; any warning fails.
# clang-tidy-19 lints the files whose result could have changed since the
# clean keys recorded in tests/lint/clean-keys.txt (commit it after a clean
# run), and threadlint's own checks run on every file (scripts/lint.py).
# `make lint-all` lints every file with clang-tidy.
lint: build
	scripts/lint.py --build $(BUILD_DIR) -j $(JOBS)

lint-all: build
	scripts/lint.py --build $(BUILD_DIR) -j $(JOBS) --all

# The same build by clang-19 with ASan + UBSan (any report fails the test)
# and libFuzzer instrumentation; the fuzz targets are built with it.
# A sanitizer report exits 86, which no threadlint exit code (0-3) can mask;
# tests/sanitize/lsan.supp names the one known leak, inside Clang's parser.
SANITIZER_ENV = ASAN_OPTIONS=detect_leaks=1:exitcode=86 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1

configure-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD_DIR) -G Ninja $(CMAKE_FLAGS) \
	  -DCMAKE_CXX_COMPILER=clang++-19 -DTHREADLINT_SANITIZE=ON

build-sanitize: configure-sanitize
	cmake --build $(SANITIZE_BUILD_DIR) -j $(JOBS)

test-sanitize: build-sanitize
	$(SANITIZER_ENV) ctest --test-dir $(SANITIZE_BUILD_DIR) -j $(JOBS) --output-on-failure \
	  -E '$(SANITIZE_EXCLUDE)'

# The part of test-sanitize that fits CI's time: the sanitized CLI through
# every rule fixture on both standard libraries (the engine, every rule and
# the CLI under ASan + UBSan); docs/reliability.md has the full run.
test-sanitize-ci: configure-sanitize
	cmake --build $(SANITIZE_BUILD_DIR) -j $(JOBS) --target threadlint threadlint-fixture-runner
	$(SANITIZER_ENV) ctest --test-dir $(SANITIZE_BUILD_DIR) -j $(JOBS) --output-on-failure \
	  -R '^fixture/.*/cli/'

# Each fuzz target for FUZZ_SECONDS from the committed seed corpus (builds
# only the fuzz targets of the sanitizer build).
fuzz-smoke: configure-sanitize
	scripts/fuzz.sh $(SANITIZE_BUILD_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_BUILD_DIR) $(DEMO_BUILD_DIR) threadlint-report.json \
	  threadlint-design.json threadlint-design.md threadlint-design.html
