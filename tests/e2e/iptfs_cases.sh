# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# IP-TFS (RFC 9347), sourced by cases.sh inside the guest, after every
# part but ike: policy-based, path MTU 1500, xfrm_mss in gw_a only. For
# each setting (dont-frag, dont-frag with a packet size, fragmenting): the
# exact MSS of what arrives through it at both ends, the counters, the MSS
# that `xfrm-mss sa` gives, and a transfer with gw_a's ICMP dropped.
# Linux 7.3's IP-TFS leaks skbs of its input reordering and output
# collection, with their secpaths and, through those, the states and
# routes they hold: kmemleak reports them with xfrm_mss unloaded just the
# same (2026-12-05, the debug kernel). So this part lets kmemleak judge
# everything before it (what it finds is printed and fails the run), runs
# the IP-TFS cases, and then turns kmemleak off for the rest of the boot.
# e2e-part: order=90

SH_STATS="seen_syn sa_out sa_in clamped unchanged skip_no_sa skip_sa_unsupported"
topology_up
mod_load
modprobe -q xfrm_iptfs 2>/dev/null
if grep -qw iptfs_get_inner_mtu /proc/kallsyms && [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	nap 6
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi

# --- IP-TFS (RFC 9347; Linux 6.14+ with CONFIG_XFRM_IPTFS) --------------------
# Of the kernels tested, only the debug kernel built from linux-source-7.3
# has it (Debian's 7.3 leaves it unset). No ip(8) here knows the mode:
# /e2e/iptfs (tests/e2e/iptfs.c) installs the SAs and policies. One reqid
# for both directions, as an IKE daemon installs a CHILD_SA: the reply SA
# of a SYN that arrived is gw_a's outbound one, whose settings count.
#   dont-frag: hdr = 20 IP + 8 ESP + 8 IV + 4 AGGFRAG            =   40
#     1500 - 40 - 16 = 1444 -> x4: 1444; - 2                    = 1442; MSS 1402
#   dont-frag, pkt-size 1400: 1400 - 40 caps it                 = 1360; MSS 1320
#   fragmenting (no dont-frag): IP-TFS carries an inner packet of any size
#     in pieces; the route's 1500 bounds it: MSS 1460, nothing lowered,
#     and a full-size transfer needs no ICMP. The tool, which looks up no
#     route, says what the SA allows: 65535 - 40 = 65495.
# What leaves through IP-TFS never passes POST_ROUTING: the bundle's
# output is the mode's own (xfrm_bundle_create() sets mode_cbs->output),
# not xfrm4_output(), so the module sees only the SYNs that arrive
# through it (SYN of b -> a, SYN/ACK of a -> b) and clamps those; the
# ones that leave (SYN of a -> b, SYN/ACK of b -> a) keep lan_a's MSS,
# measured and listed as skipped. The LANs' route caches are flushed
# first: earlier cases left lan_a a path MTU of 1442 toward lan_b.
iptfs_policy() { # NS LOCAL REMOTE LOCAL_GW REMOTE_GW
	/e2e/nsx "$1" /e2e/iptfs policy "$2" "$3" out "$4" "$5" 5 &&
		/e2e/nsx "$1" /e2e/iptfs policy "$3" "$2" in "$5" "$4" 5 &&
		/e2e/nsx "$1" /e2e/iptfs policy "$3" "$2" fwd "$5" "$4" 5
}
iptfs_setup() { # NAME [dont-frag] [pkt-size N]
	local n=$1
	shift
	sa_flush
	/e2e/nsx "$LA" -w /proc/sys/net/ipv4/route/flush 1
	/e2e/nsx "$LB" -w /proc/sys/net/ipv4/route/flush 1
	if nGA /e2e/iptfs sa 192.0.2.1 192.0.2.2 0x8501 5 out "$@" &&
	   nGA /e2e/iptfs sa 192.0.2.2 192.0.2.1 0x8502 5 in &&
	   nGB /e2e/iptfs sa 192.0.2.2 192.0.2.1 0x8502 5 out "$@" &&
	   nGB /e2e/iptfs sa 192.0.2.1 192.0.2.2 0x8501 5 in &&
	   iptfs_policy "$GA" 10.1.0.0/24 10.2.0.0/24 192.0.2.1 192.0.2.2 &&
	   iptfs_policy "$GB" 10.2.0.0/24 10.1.0.0/24 192.0.2.2 192.0.2.1; then
		ok "${n}_sas_installed"
	else
		fail "${n}_sas_installed"
	fi
}
# iptfs_conns NAME WANT COUNTERS TOOL: one connection each way.
iptfs_conns() {
	local n=$1 snap r why="IP-TFS output bypasses POST_ROUTING: not clamped on the way out"
	snap=$(stats_snap "$SH_STATS")
	r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
	diag "${n}: a -> b: SYN at the server ${r% *} (lan_a's own)"
	skip "${n}_a_to_b_syn_mss_at_server" "$why"
	check "${n}_a_to_b_synack_mss_at_client" "$2" "${r#* }"
	r=$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2)
	check "${n}_b_to_a_syn_mss_at_server" "$2" "${r% *}"
	diag "${n}: b -> a: SYN/ACK at the client ${r#* } (lan_a's own)"
	skip "${n}_b_to_a_synack_mss_at_client" "$why"
	check "${n}_counters" "$3" "$(stats_delta "$snap")"
	check "${n}_tool_sa_mss" "$4" "$(tool_sa_mss 4 192.0.2.2)"
}
# iptfs_transfer NAME: lan_a -> lan_b with gw_a's ICMP toward lan_a
# dropped. lan_a sends at the MSS of the SYN/ACK that gw_a clamped on
# arrival: with dont-frag, larger segments would be refused by gw_a's
# IP-TFS SA with an error that never arrives.
iptfs_transfer() {
	blackhole_on
	if transfer "$LA" "$LB" 10.2.0.2 "$BULK" "$LONG"; then
		ok "${1}_transfer_without_icmp"
	else
		diag "$TRANSFER_INFO"
		fail "${1}_transfer_without_icmp"
	fi
	blackhole_off
}
modprobe -q xfrm_iptfs 2>/dev/null
if ! grep -qw iptfs_get_inner_mtu /proc/kallsyms; then
	for n in iptfs_dont_frag iptfs_pkt_size iptfs_fragmenting; do
		for t in sas_installed a_to_b_syn_mss_at_server a_to_b_synack_mss_at_client \
			 b_to_a_syn_mss_at_server b_to_a_synack_mss_at_client counters \
			 tool_sa_mss transfer_without_icmp; do
			skip "${n}_$t" "kernel without IP-TFS (6.14+, CONFIG_XFRM_IPTFS)"
		done
	done
else
	iptfs_setup iptfs_dont_frag dont-frag
	iptfs_conns iptfs_dont_frag 1402 "seen_syn=+2 sa_in=+2 clamped=+2" 1402
	iptfs_transfer iptfs_dont_frag
	iptfs_setup iptfs_pkt_size dont-frag pkt-size 1400
	iptfs_conns iptfs_pkt_size 1320 "seen_syn=+2 sa_in=+2 clamped=+2" 1320
	iptfs_transfer iptfs_pkt_size
	iptfs_setup iptfs_fragmenting
	iptfs_conns iptfs_fragmenting 1460 "seen_syn=+2 sa_in=+2 unchanged=+2" 65495
	iptfs_transfer iptfs_fragmenting
	[ "$VERBOSE" = 1 ] && { nGA ip -s xfrm state; nGA cat /proc/net/xfrm_stat; } >&2
fi
if [ -w /sys/kernel/debug/kmemleak ] && grep -qw iptfs_get_inner_mtu /proc/kallsyms; then
	echo off > /sys/kernel/debug/kmemleak
	diag "kmemleak off for the rest of the boot: Linux 7.3's IP-TFS leaks"
fi
sa_flush
rmmod xfrm_mss
topology_down
