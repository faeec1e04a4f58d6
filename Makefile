# The README's two promises: `make demo` and `make test` work on a fresh
# Debian 12 machine with nothing done first.
BUILD_DIR ?= build
JOBS ?= 2
DEMO_BUILD_DIR ?= examples/demo/build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps configure build test demo lint clean

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
	$(BUILD_DIR)/bin/threadlint -p $(DEMO_BUILD_DIR) --report=json:threadlint-report.json; \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 1 ] || exit $$status
	@echo "JSON report written to threadlint-report.json"

# Our own sources through clang-tidy-19 with the repository's .clang-tidy and
# our own plugin; any warning fails.
lint: build
	run-clang-tidy-19 -p $(BUILD_DIR) -load=$(BUILD_DIR)/lib/libthreadlint-tidy.so \
	  -quiet -j $(JOBS) -warnings-as-errors='*' \
	  '$(CURDIR)/(src|rules|tests)/.*\.cpp$$'

clean:
	rm -rf $(BUILD_DIR) $(DEMO_BUILD_DIR) threadlint-report.json
