# SPDX-License-Identifier: GPL-2.0
# Wrapper around Kbuild (see Kbuild) plus the project's test targets.
# Build against the running kernel by default; DKMS passes KERNELRELEASE.

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
PWD := $(shell pwd)
GIT_DESCRIBE := $(shell git -C $(PWD) describe --always --dirty 2>/dev/null)
KBUILD_ARGS := -C $(KDIR) M=$(PWD) XFRM_MSS_GIT_DESCRIBE=$(GIT_DESCRIBE)
CHECKPATCH ?= $(firstword $(wildcard $(KDIR)/scripts/checkpatch.pl \
	/var/cache/xfrm-mss/*/linux-source-6.1/scripts/checkpatch.pl))

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
style:
	@test -n "$(CHECKPATCH)" || { echo "checkpatch.pl not found: run 'make kunit' once or set CHECKPATCH=" >&2; exit 1; }
	perl $(CHECKPATCH) --no-tree --terse -f src/*.c src/*.h include/xfrm_mss/*.h \
		include/uapi/linux/*.h tests/kunit/*.c

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
