# netmatrix — thin targets over swift and the netmatrix binary.
#   make matrix   build (release) and run the default matrix
#   make test     build and run the unit and integration tests
SWIFT   ?= swift
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NL_PKGS := libnl-3-dev libnl-route-3-dev
RELEASE := .build/release/netmatrix
DEBUG   := .build/debug/netmatrix

.PHONY: deps test-deps build release test matrix baseline gate gate-check bench portability clean

# Installs libnl's -dev packages through apt only when pkg-config cannot find them.
deps:
	@command -v pkg-config >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq pkg-config; }
	@pkg-config --exists libnl-3.0 libnl-route-3.0 || { \
	  echo "netmatrix: installing $(NL_PKGS) (pkg-config cannot find libnl-3.0 libnl-route-3.0)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(NL_PKGS); }

# What only the tests need: Chromium renders report.html for a screenshot test,
# jsonschema checks results.json against Docs/results.schema.json.
test-deps: deps
	@command -v chromium >/dev/null || { echo "netmatrix: installing chromium (report rendering test)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@python3 -c 'import jsonschema' 2>/dev/null || { echo "netmatrix: installing python3-jsonschema (results schema test)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-jsonschema >/dev/null; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

matrix: release
	$(RELEASE) matrix Netns/matrix.yaml

# A regression gate against a stored baseline, Baselines/$(BASELINE).json:
#   make baseline   record one from Netns/matrix-gate.yaml on the code as it is
#   make gate       run Netns/matrix-gate.yaml now and compare it with that baseline
# BASELINE=name picks another (default: main); NETMATRIX_BASELINES another folder.
BASELINE ?= main

baseline: release
	$(RELEASE) matrix Netns/matrix-gate.yaml --save-baseline $(BASELINE)

gate: release
	$(RELEASE) matrix Netns/matrix-gate.yaml --out .netmatrix/gate
	$(RELEASE) gate --baseline $(BASELINE) --results .netmatrix/gate/results.json --out .netmatrix/gate

# Measures the gate itself: 20 same-run gate runs of this build against itself,
# each slowing one of two cells by 10%; prints the false-alarm and detection
# rates as its last two lines. About 8 minutes on 2 CPUs.
gate-check: release
	python3 Benchmarks/GateCheck/gate_check.py $(RELEASE)

# Each prints ratios measured side by side in one run (see README, Benchmarks).
bench: release
	$(RELEASE) bench topology --runs 20
	.build/release/netmatrix-kernel-bench

# The default matrix under every worker placement (any, one CPU, two CPUs, the
# other CPU busy); lists each assertion whose verdict flips. About 20 minutes.
portability: release
	Benchmarks/Portability/portability.sh Netns/matrix.yaml

clean:
	-[ -x $(DEBUG) ] && $(DEBUG) clean
	$(SWIFT) package clean
	rm -rf .netmatrix
