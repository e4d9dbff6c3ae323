# SPDX-License-Identifier: GPL-2.0
# Wrapper around Kbuild (see Kbuild) plus the project's test targets.
# Build against the running kernel by default; DKMS passes KERNELRELEASE.

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
PWD := $(shell pwd)
# Only from this tree's own .git: a copy under /usr/src or /var/lib/dkms (or in
# a temp dir inside some other checkout) must not pick up a parent repository.
GIT_DESCRIBE := $(if $(wildcard $(PWD)/.git),$(shell git -C $(PWD) describe --always --dirty 2>/dev/null))
KBUILD_ARGS := -C $(KDIR) M=$(PWD) XFRM_MSS_GIT_DESCRIBE=$(GIT_DESCRIBE)
XFRM_MSS_CACHE ?= /var/cache/xfrm-mss
# The newest kernel's checkpatch the cache has (the debug kernel's source;
# a fresh machine has only that one).
CHECKPATCH ?= $(firstword $(wildcard $(KDIR)/scripts/checkpatch.pl) \
	$(lastword $(sort $(wildcard $(XFRM_MSS_CACHE)/linux-source-*/scripts/checkpatch.pl))))

all: module

module:
	$(MAKE) $(KBUILD_ARGS) modules

debug:
	$(MAKE) $(KBUILD_ARGS) V=1 ccflags-y+=-DDEBUG modules

clean:
	$(MAKE) $(KBUILD_ARGS) clean

# Installs the module for KERNELRELEASE. Loading it at boot is a separate
# choice here (the package makes it): say how.
install: module
	$(MAKE) $(KBUILD_ARGS) modules_install
	depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KERNELRELEASE)
	@echo "to load xfrm_mss at every boot: echo xfrm_mss > /etc/modules-load.d/xfrm-mss.conf"

# The control tool, xfrm-mss(8); PREFIX and DESTDIR pass through.
tools:
	$(MAKE) -C tools

install-tools:
	$(MAKE) -C tools install

# Checkpatch over the kernel sources (the KUnit build unpacks a tree that has it).
# src/compat.h is the one place allowed to compare LINUX_VERSION_CODE.
# Then shellcheck over every shell script (tests/lib/shellcheck.sh finds
# them; it installs shellcheck if missing): any finding fails.
STYLE_FILES := $(filter-out src/compat.h,$(wildcard src/*.c src/*.h include/xfrm_mss/*.h \
	include/uapi/linux/*.h tests/kunit/*.c tests/kunit/*.h tests/fuzz/*.c tests/fuzz/*.h))
# Three checks of newer checkpatch versions (7.x) that a module for 5.10 on
# cannot follow: CONST_STRUCT (it flags struct ctl_table only: sysctl
# handlers take a const table from 6.11, XFRM_MSS_CTL_CONST in compat.h,
# which checkpatch does not expand, and the per-namespace copies are
# written), ALLOC_WITH_SIZEOF (kzalloc_obj() is in recent kernels only:
# trixie's 6.12.118 has it, bookworm-backports' 6.12.95 and 6.1 do not) and
# MACRO_ARG_UNUSED (the counters' X-macros: another expansion uses it).
STYLE_IGNORE := CONST_STRUCT,ALLOC_WITH_SIZEOF,MACRO_ARG_UNUSED
style:
	@test -n "$(CHECKPATCH)" || { echo "checkpatch.pl not found: run 'make kunit' once or set CHECKPATCH=" >&2; exit 1; }
	perl $(CHECKPATCH) --no-tree --terse --show-types --ignore $(STYLE_IGNORE) -f $(STYLE_FILES)
	perl $(CHECKPATCH) --no-tree --terse --show-types \
		--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,$(STYLE_IGNORE) -f src/compat.h
	bash tests/lib/shellcheck.sh

check:
	$(MAKE) $(KBUILD_ARGS) C=2 modules

kunit:
	bash tests/kunit/run.sh

e2e:
	bash tests/e2e/run.sh

# The long stress run: STRESS times the loops of the stress part (100
# load/unload cycles under a SYN flood, 50 SA flushes under it, 100 rounds
# of settings written under it, 1,000 network namespaces), on Debian's
# kernel and on the debug kernel; the debug run also fails every
# allocation of loading once (faults part) and runs the gateway and shapes
# parts, which make test runs on Debian's kernels only. Then 1,000,000 fuzzed packets
# through the packet path in KUnit, and the stress part (STRESS=3) on a
# KCSAN build of the debug kernel (its own kernel build, cached like the
# other).
STRESS ?= 10
FUZZ_PACKETS ?= 1000000
stress:
	bash tests/e2e/run.sh --only=stress --stress=$(STRESS) --name=stress
	bash tests/e2e/run.sh --kernel=debug --only=stress+faults+gateway+shapes --stress=$(STRESS) --name=stress-debug
	bash tests/kunit/run.sh --fuzz-packets=$(FUZZ_PACKETS)
	bash tests/e2e/run.sh --kernel=kcsan --only=stress --stress=3 --name=stress-kcsan

demo:
	bash tests/e2e/run.sh --demo

# Benchmark in a QEMU guest (bench/): writes bench/results/DATE.md and plots.
bench:
	bash bench/run.sh

# Packaging. The version is stated once, in include/xfrm_mss/version.h;
# dkms.conf and tools/debian/changelog must agree (tests/packaging/version.sh).
VERSION := $(shell sed -n 's/^\#define XFRM_MSS_VERSION_BASE "\(.*\)"/\1/p' include/xfrm_mss/version.h)
DKMS_DEST ?= $(DESTDIR)/usr/src/xfrm-mss-$(VERSION)
# Exactly what DKMS needs to build the module: no tests, no tools.
DKMS_FILES := Kbuild Makefile dkms.conf $(wildcard src/*.c src/*.h) \
	$(wildcard include/xfrm_mss/*.h include/uapi/linux/*.h)

# Copy the sources to /usr/src/xfrm-mss-VERSION; then
# "dkms install xfrm-mss/VERSION" (or dkms add/build/install).
dkms-install:
	@test -n "$(VERSION)" || { echo "no version in include/xfrm_mss/version.h" >&2; exit 1; }
	rm -rf $(DKMS_DEST)
	for f in $(DKMS_FILES); do install -D -m 0644 $$f $(DKMS_DEST)/$$f || exit 1; done

# xfrm-mss-dkms_VERSION_all.deb and xfrm-mss-tools_VERSION_ARCH.deb in out/deb/,
# built from tools/debian/ in a temp dir.
deb:
	bash tests/packaging/mkdeb.sh out/deb

# W=1 builds against Debian's bullseye 5.10, bookworm 6.1,
# bookworm-backports 6.12, trixie 6.12, trixie-backports 7.3 and sid
# headers (fetched into $(XFRM_MSS_CACHE); trixie and sid build in a
# cached chroot of that suite).
kernels:
	bash tests/packaging/build-kernels.sh

# W=1 builds, DKMS round trip, .deb and lintian, version agreement.
packaging:
	bash tests/packaging/run.sh

# libFuzzer harnesses (tests/fuzz/): the corpus, then FUZZ_SECONDS of
# fuzzing each; fails on a crash.
FUZZ_SECONDS ?= 60
fuzz:
	bash tests/fuzz/run.sh -t $(FUZZ_SECONDS)

# Everything CI runs; ends with "N passed, N failed, N skipped".
test:
	bash tests/run-all.sh

.PHONY: all module debug clean install style check kunit e2e demo bench test tools install-tools \
	fuzz stress \
	dkms-install deb kernels packaging
