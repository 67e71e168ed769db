# netmatrix — thin targets over swift and the netmatrix binary.
#   make matrix   build (release) and run the default matrix
#   make test     build and run the unit and integration tests
#   make install  build (release) and install netmatrix and its plugins under PREFIX
SWIFT   ?= swift
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NL_PKGS := libnl-3-dev libnl-route-3-dev
PEERS   := iperf3 sockperf
RELEASE := .build/release/netmatrix
DEBUG   := .build/debug/netmatrix

.PHONY: deps peer-deps test-deps build release test matrix baseline gate gate-check bench portability clean install install-built uninstall

# Installs libnl's -dev packages through apt only when pkg-config cannot find them.
deps:
	@command -v pkg-config >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq pkg-config; }
	@pkg-config --exists libnl-3.0 libnl-route-3.0 || { \
	  echo "netmatrix: installing $(NL_PKGS) (pkg-config cannot find libnl-3.0 libnl-route-3.0)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(NL_PKGS); }

# The peer tools the matrix runs beside netmatrix's own cells. Best effort: where apt
# cannot install one, its cells are skipped with that reason, and nothing fails.
peer-deps:
	@missing=$$(for tool in $(PEERS); do command -v $$tool >/dev/null || echo $$tool; done); \
	[ -z "$$missing" ] || { echo "netmatrix: installing $$missing (peer tools)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	  || echo "netmatrix: could not install $$missing; their cells will be skipped"; }

# What only the tests need: Chromium renders report.html and gate.html for screenshot tests,
# jsonschema checks results.json against Docs/results.schema.json.
test-deps: deps peer-deps
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

matrix: release peer-deps
	$(RELEASE) matrix Netns/matrix.yaml

# A regression gate on Netns/matrix-gate.yaml, reports in .netmatrix/gate:
#   make gate AGAINST=DIR  this build and the one in DIR (e.g. ../base/.build/release),
#                          paired in one run: the recommended form
#   make baseline          record a baseline, Baselines/$(BASELINE).json, on the code as it is
#   make gate              run the cells now and compare them with that baseline
# BASELINE=name picks another baseline (default: main); NETMATRIX_BASELINES another folder.
BASELINE ?= main
AGAINST  ?=

baseline: release
	$(RELEASE) matrix Netns/matrix-gate.yaml --save-baseline $(BASELINE)

gate: release
ifneq ($(AGAINST),)
	$(RELEASE) gate --against $(AGAINST) Netns/matrix-gate.yaml --out .netmatrix/gate
else
	$(RELEASE) matrix Netns/matrix-gate.yaml --out .netmatrix/gate
	$(RELEASE) gate --baseline $(BASELINE) --results .netmatrix/gate/results.json --out .netmatrix/gate
endif

# Measures the gate itself, in both forms: 20 trials each on two cells, one slowed
# by 10% per trial; prints the false-alarm and detection rates as its last lines
# (the same-run form's last). About 8 minutes on 2 CPUs once the release build is made.
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

# make install [PREFIX=/usr/local] [DESTDIR=]: the release binary and its plugins go to
# $(PREFIX)/lib/netmatrix, and $(PREFIX)/bin/netmatrix is a relative link to the binary.
# netmatrix looks for plugins beside its real executable (the build folder, here that
# folder), so an installed netmatrix finds its own plugins; the shipped topologies go to
# $(PREFIX)/share/netmatrix/Netns, where a matrix anywhere finds them by name, and the
# plugin SDK to $(PREFIX)/share/netmatrix/sdk, which `plugins new` names. The binaries load the Swift
# runtime from the toolchain they were built with, which must stay where it is.
# make install-built FROM=DIR installs the build in DIR as it is, building nothing.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
LIBDIR   = $(PREFIX)/lib/netmatrix
SHAREDIR = $(PREFIX)/share/netmatrix
FROM    ?= .build/release

install: release
	@$(MAKE) --no-print-directory install-built FROM=.build/release

install-built:
	@[ -x $(FROM)/netmatrix ] || { echo "netmatrix: no $(FROM)/netmatrix to install (make release)"; exit 1; }
	install -d -m 755 $(DESTDIR)$(LIBDIR) $(DESTDIR)$(BINDIR)
	install -m 755 $(FROM)/netmatrix $(FROM)/libnetmatrix-plugin-*.so $(DESTDIR)$(LIBDIR)/
	ln -sfn ../lib/netmatrix/netmatrix $(DESTDIR)$(BINDIR)/netmatrix
	install -d -m 755 $(DESTDIR)$(SHAREDIR)/Netns
	install -m 644 Netns/*.yaml $(DESTDIR)$(SHAREDIR)/Netns/
	install -d -m 755 $(DESTDIR)$(SHAREDIR)/sdk
	cp -R SDK/Package.swift SDK/Sources $(DESTDIR)$(SHAREDIR)/sdk/
	chmod -R u=rwX,go=rX $(DESTDIR)$(SHAREDIR)/sdk

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/netmatrix $(DESTDIR)$(LIBDIR)/netmatrix $(DESTDIR)$(LIBDIR)/libnetmatrix-plugin-*.so
	rm -rf $(DESTDIR)$(SHAREDIR)
	-rmdir $(DESTDIR)$(LIBDIR) 2>/dev/null

clean:
	-[ -x $(DEBUG) ] && $(DEBUG) clean
	$(SWIFT) package clean
	rm -rf .netmatrix
