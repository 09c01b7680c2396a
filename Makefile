# The front door. `make run` starts a local cluster; `make test` builds and runs every test.
BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
PREFIX     ?= /usr/local

.PHONY: all deps build test test-unit run stop bench install clean format

all: build

deps:
	@bash deploy/deps.sh

$(BUILD_DIR)/build.ninja:
	@bash deploy/deps.sh
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: $(BUILD_DIR)/build.ninja
	@bash deploy/deps.sh
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

test-unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

run: build
	@bash deploy/local/run.sh

stop:
	@bash deploy/local/stop.sh

bench: build
	@bash bench/run.sh

install: build
	install -d $(PREFIX)/bin /etc/bash_completion.d /usr/share/zsh/vendor-completions
	install -m 0755 $(BUILD_DIR)/bin/aisnode $(BUILD_DIR)/bin/ais $(BUILD_DIR)/bin/aisloader $(BUILD_DIR)/bin/authn $(PREFIX)/bin/
	install -m 0644 completions/ais.bash /etc/bash_completion.d/ais
	install -m 0644 completions/ais.zsh /usr/share/zsh/vendor-completions/_ais

clean:
	rm -rf $(BUILD_DIR)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
