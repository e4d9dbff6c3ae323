#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the end-to-end guest: load what the topology needs, run the
# cases (or the demo), and hand the KTAP to the host. On the debug kernel
# (everything built in, no /lib/modules) kmemleak judges the run too.
# shellcheck source=../qemu/init-common.sh
. /init-common.sh
if [ -d "/lib/modules/$(uname -r)" ]; then
	for m in veth xfrm_user esp4 esp6 gcm ghash-generic aesni-intel authenc \
		 echainiv seqiv cbc hmac sha256-generic nf_tables; do
		modprobe "$m" || echo "modprobe $m failed"
	done
fi
# Boot-time kmemleak reports (ACPI under TCG) are not ours: two scans
# make them reportable, then clear sets them aside.
leaks=/sys/kernel/debug/kmemleak
if [ -w $leaks ]; then
	echo scan > $leaks
	echo scan > $leaks
	echo clear > $leaks
fi
if grep -q xfrm_mss.demo /proc/cmdline; then
	/usr/bin/bash /e2e/demo.sh > "$KTAP" 2>&1
else
	# shellcheck disable=SC2046 # no argument when the command line has none
	/usr/bin/bash /e2e/cases.sh $(sed -n 's/.*xfrm_mss.args=\([^ ]*\).*/\1/p' /proc/cmdline)
	cat /tmp/ktap.doc > "$KTAP"
fi
# What is still unreferenced now shows up in the console ("unreferenced
# object"), which fails the run on the host.
if [ -w $leaks ]; then
	echo scan > $leaks
	sleep 5
	echo scan > $leaks
	cat $leaks
fi
guest_finish
