# SPDX-License-Identifier: GPL-2.0
# Wrapper around Kbuild (see Kbuild) plus the project's test targets.
# Build against the running kernel by default; DKMS passes KERNELRELEASE.

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
PWD := $(shell pwd)
GIT_DESCRIBE := $(shell git -C $(PWD) describe --always --dirty 2>/dev/null)
KBUILD_ARGS := -C $(KDIR) M=$(PWD) XFRM_MSS_GIT_DESCRIBE=$(GIT_DESCRIBE)
XFRM_MSS_CACHE ?= /var/cache/xfrm-mss
CHECKPATCH ?= $(firstword $(wildcard $(KDIR)/scripts/checkpatch.pl \
	$(XFRM_MSS_CACHE)/linux-source-*/scripts/checkpatch.pl))

all: module

module:
	$(MAKE) $(KBUILD_ARGS) modules

debug:
	$(MAKE) $(KBUILD_ARGS) V=1 ccflags-y+=-DDEBUG modules

clean:
	$(MAKE) $(KBUILD_ARGS) clean

install: module
	$(MAKE) $(KBUILD_ARGS) modules_install
	depmod -a $(KERNELRELEASE)

# The control tool, xfrm-mss(8); PREFIX and DESTDIR pass through.
tools:
	$(MAKE) -C tools

install-tools:
	$(MAKE) -C tools install

# Checkpatch over the kernel sources (the KUnit build unpacks a tree that has it).
# src/compat.h is the one place allowed to compare LINUX_VERSION_CODE.
STYLE_FILES := $(filter-out src/compat.h,$(wildcard src/*.c src/*.h include/xfrm_mss/*.h \
	include/uapi/linux/*.h tests/kunit/*.c))
style:
	@test -n "$(CHECKPATCH)" || { echo "checkpatch.pl not found: run 'make kunit' once or set CHECKPATCH=" >&2; exit 1; }
	perl $(CHECKPATCH) --no-tree --terse --show-types -f $(STYLE_FILES)
	perl $(CHECKPATCH) --no-tree --terse --show-types \
		--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f src/compat.h

check:
	$(MAKE) $(KBUILD_ARGS) C=2 modules

kunit:
	bash tests/kunit/run.sh

e2e:
	bash tests/e2e/run.sh

demo:
	bash tests/e2e/run.sh --demo

# Everything CI runs; ends with "N passed, N failed, N skipped".
test:
	bash tests/run-all.sh

.PHONY: all module debug clean install style check kunit e2e demo test tools install-tools
