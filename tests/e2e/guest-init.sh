#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the end-to-end guest: load what the topology needs, run the
# cases (or the demo), and hand the KTAP to the host.
. /init-common.sh
for m in veth xfrm_user esp4 esp6 gcm ghash-generic aesni-intel authenc \
	 echainiv seqiv cbc hmac sha256-generic nf_tables; do
	modprobe "$m" || echo "modprobe $m failed"
done
if grep -q xfrm_mss.demo /proc/cmdline; then
	/usr/bin/bash /e2e/demo.sh > "$KTAP" 2>&1
else
	/usr/bin/bash /e2e/cases.sh $(sed -n 's/.*xfrm_mss.args=\([^ ]*\).*/\1/p' /proc/cmdline)
	cat /tmp/ktap.doc > "$KTAP"
fi
guest_finish
