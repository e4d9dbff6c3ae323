#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the benchmark guest: load what the topology and the five
# methods need, run bench/guest.sh, and hand its raw records to the host.
# shellcheck source=../tests/qemu/init-common.sh
. /init-common.sh
for m in veth xfrm_user esp4 gcm ghash-generic aesni-intel seqiv echainiv \
	 nf_tables nft_compat xt_TCPMSS xt_tcpmss xt_tcpudp; do
	modprobe "$m" || echo "modprobe $m failed"
done
# shellcheck disable=SC2046 # no argument when the command line has none
/usr/bin/bash /bench/guest.sh $(sed -n 's/.*bench.args=\([^ ]*\).*/\1/p' /proc/cmdline)
cat /tmp/bench.raw > "$KTAP"
guest_finish
