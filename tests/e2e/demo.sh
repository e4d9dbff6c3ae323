#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`, inside the guest: an AES-GCM tunnel between gw_a and gw_b,
# with gw_a dropping the ICMP "fragmentation needed" it would send to its
# LAN (a PMTU black hole, as on many real gateways). Shows the MSS each end
# sees and a 4 MiB transfer, first without xfrm_mss, then with it loaded.
# Topology and helpers in lib.sh.
# shellcheck source=lib.sh
. /e2e/lib.sh
MOD=/e2e/xfrm_mss.ko
TOOL=/e2e/xfrm-mss
BYTES=4194304

say() { printf '%s\n' "$*"; }
run() { printf '  $ %s\n' "$*"; "$@" 2>&1 | sed 's/^/    /'; }

mss_line() { # LABEL "SYN SYNACK"
	say "  SYN     lan_a -> lan_b   MSS seen by the server: ${2% *}"
	say "  SYN/ACK lan_b -> lan_a   MSS seen by the client: ${2#* }"
}
transfer_line() {
	local t
	if transfer "$LA" "$LB" 10.2.0.2 $BYTES "$1"; then
		t=$(sed -n 's/.*completed in \([0-9.]*\) s.*/\1/p' <<<"$TRANSFER_INFO")
		say "  4 MiB lan_a -> lan_b: completed in $t s"
	else
		say "  4 MiB lan_a -> lan_b: STALLED: $(sed -n 's/.*acked \([0-9]*\).*/\1/p' \
			<<<"$TRANSFER_INFO") bytes acknowledged, nothing more in $1 s"
	fi
}

say "xfrm-mss demo: $(uname -r), $(nproc) CPUs (QEMU, no KVM)"
say
say "  lan_a 10.1.0.2 -- gw_a ===[ESP tunnel, rfc4106(gcm(aes)) 128-bit ICV]=== gw_b -- lan_b 10.2.0.2"
say "  Every link has MTU 1500. gw_a drops the ICMP frag-needed it sends toward lan_a."
topology_up
sa_setup gcm4
blackhole_on
say
say "  gw_a's outbound SA (ip xfrm state):"
nGA /usr/sbin/ip xfrm state list dst 192.0.2.2 | sed "s/^/    /"

say
say "1. Without xfrm_mss"
mss_line x "$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)"
transfer_line 15
say "  The ends announce 1460: a full segment is a 1500-byte packet, 1558 once"
say "  encrypted. gw_a cannot send it, and the ICMP that would say so is dropped."

say
say "2. With xfrm_mss (loaded; active on gw_a only, the remote gateway is left alone)"
say "  $ insmod xfrm_mss.ko"
insmod "$MOD"
only_gw_a
dmesg | grep xfrm_mss | tail -n 1 | sed 's/^\[[^]]*\] /    /'
if [ -x "$TOOL" ]; then
	say "  The SA's overhead as the module computes it:"
	say "  $ xfrm-mss sa      (in gw_a)"
	nGA "$TOOL" sa 2>&1 | sed 's/^/    /'
else
	say "  The SA's overhead: 1500 - 20 outer IPv4 - 8 ESP - 8 IV - 16 ICV = 1448,"
	say "  padded to 4 bytes (1448) less 2 trailer bytes = 1446 inner MTU;"
	say "  less 20 IPv4 + 20 TCP = MSS 1406."
fi
mss_line x "$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)"
wan_capture_start
transfer_line 120
say "  Largest ESP packet on the WAN during the transfer: $(wan_capture_max) bytes (path MTU 1500)"
say
if [ -x "$TOOL" ]; then
	say "  $ xfrm-mss status      (in gw_a)"
	nGA "$TOOL" status 2>&1 | sed 's/^/    /'
	say "  $ xfrm-mss stats --all --zero-hidden      (every namespace)"
	"$TOOL" stats --all --zero-hidden 2>&1 | sed 's/^/    /'
	say "  $ xfrm-mss set path_mtu 1400; xfrm-mss set min_mss 99999; xfrm-mss set path_mtu 0"
	{ "$TOOL" set path_mtu 1400; "$TOOL" set min_mss 99999
	  "$TOOL" set path_mtu 0; } 2>&1 | sed 's/^/    /'
else
	say "  Counters (/sys/kernel/xfrm_mss/stats):"
	for s in seen_syn sa_out sa_in clamped unchanged skip_no_sa bad_truncated; do
		printf '    %-14s %s\n' "$s" "$(stat $s)"
	done
fi
rmmod xfrm_mss
blackhole_off
sa_flush
topology_down
say
say "demo: done"
