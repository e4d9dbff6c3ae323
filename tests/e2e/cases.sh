#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The end-to-end cases, run inside the guest; topology in lib.sh.
#
# For each suite (gcm4: AES-GCM-128 IPv4 tunnel; cbc4: AES-CBC +
# HMAC-SHA256-128 IPv4 tunnel; natt4: AES-GCM-128 with NAT-T; gcm6: AES-GCM
# over IPv6 with IPv6 inside), with gw_a dropping the ICMP errors it sends
# toward its LAN (a PMTU black hole):
#   - without the module: the MSS seen by each end, and a transfer that stalls;
#   - with the module, acting on gw_a only: the exact MSS of the SYN at the
#     server and of the SYN/ACK at the client, for connections opened in both
#     directions, with counter deltas; a transfer that completes; and the
#     largest ESP packet on the WAN, which must be the path MTU or within one
#     pad unit below it (so MSS + 1 would not fit).
# Then: a flow that uses no SA keeps 1460; path_mtu as a parameter and as a
# per-namespace sysctl, with refused bad values; unloading under traffic.
# Flags: -v verbose.
# shellcheck source=lib.sh
. /e2e/lib.sh
# shellcheck source=parts.sh
. /e2e/parts.sh
# Arguments, comma-separated: -v (verbose), only=PART[+PART...] with the
# parts core (this file) and one per /e2e/PART_cases.sh (parts.sh);
# stress=N multiplies the stress part's loops (make stress).
ONLY=
# shellcheck disable=SC2034 # STRESS, FAULTS_STRIDE: read by those parts
for a in ${1//,/ }; do
	case $a in
	-v) VERBOSE=1 ;;
	only=*) ONLY=${a#only=} ;;
	stress=*) STRESS=${a#stress=} ;;
	slow) SLOW=1 ;;
	faults_stride=*) FAULTS_STRIDE=${a#faults_stride=} ;;
	newest=*) NEWEST=${a#newest=} ;;	# the newest tested, e.g. 6.12
	esac
done
# want PART [named]: whether PART runs. Every part runs by default, but
# one that e2e_parts lists as "named" only when only= names it.
want() {
	[[ "+$ONLY+" == *"+$1+"* ]] ||
		{ [ -z "$ONLY" ] && [ "${2:-}" != named ]; }
}
trap 'ktap_emit > /tmp/ktap.doc' EXIT
MOD=/e2e/xfrm_mss.ko
BULK=2097152	# bytes of a bulk transfer
LONG=120	# seconds a transfer that must complete may take
UNLOAD=16777216	# bytes of the transfer that spans an unload
# The debug kernel (run.sh --kernel=debug passes "slow") moves ESP about
# twenty times slower under TCG: smaller transfers, longer limits.
if [ "${SLOW:-0}" = 1 ]; then
	BULK=1048576 LONG=900 UNLOAD=2097152
fi
STALL=10	# seconds after which a transfer counts as stalled
# What the kernel does without the module (MSS 1460, the black hole) is
# the rig's baseline, asserted on each Debian kernel; the debug kernel,
# there for the module's own safety, skips it.
BASELINE_SKIP="the kernel's own behaviour, asserted on Debian's kernels"

# Expected MSS, derived by hand (path MTU 1500 everywhere):
#   gcm4:  1500 - 20 IPv4 - 8 ESP - 8 IV - 16 ICV = 1448 (x4) - 2 = 1446; - 40 = 1406
#   cbc4:  1500 - 20 - 8 - 16 IV - 16 ICV         = 1440 (x16) - 2 = 1438; - 40 = 1398
#   natt4: 1500 - 20 - 8 UDP - 8 - 8 - 16         = 1440 (x4) - 2 = 1438; - 40 = 1398
#   gcm6:  1500 - 40 IPv6 - 8 - 8 - 16            = 1428 (x4) - 2 = 1426; - 60 = 1366
# Full-size segments then make ESP packets of exactly 1500 bytes.
declare -A WANT=([gcm4]=1406 [cbc4]=1398 [natt4]=1398 [gcm6]=1366)
declare -A PAD=([gcm4]=4 [cbc4]=16 [natt4]=4 [gcm6]=4)

# shellcheck disable=SC2120 # parts pass module parameters (ike_cases.sh)
mod_load() { insmod "$MOD" "$@" && only_gw_a; }
mod_unload() { rmmod xfrm_mss; }

suite_cases() {
	local s=$1 fam=4 a=10.1.0.2 b=10.2.0.2 base=1460 r snap want=${WANT[$1]}
	local peer=192.0.2.2
	if [ "$s" = gcm6 ]; then
		fam=6 a=fd01::2 b=fd02::2 base=1440 peer=2001:db8::2
	fi
	sa_setup "$s"
	blackhole_on

	if [ "${SLOW:-0}" = 1 ]; then
		skip "${s}_no_module_syn_mss_at_server" "$BASELINE_SKIP"
		skip "${s}_no_module_synack_mss_at_client" "$BASELINE_SKIP"
		skip "${s}_no_module_transfer_stalls" "$BASELINE_SKIP"
	else
		r=$(conn_mss $fam "$LA" a0 "$LB" b1 $b)
		[ "$r" = "$base $base" ] ||
			diag "lan_a: $(nA ip -$fam route get $b | head -n 2 | tr '\n' ' ')"
		check "${s}_no_module_syn_mss_at_server" $base "${r% *}"
		check "${s}_no_module_synack_mss_at_client" $base "${r#* }"
		if transfer "$LA" "$LB" $b $BULK $STALL; then
			diag "$TRANSFER_INFO"
			fail "${s}_no_module_transfer_stalls"
		else
			diag "$TRANSFER_INFO"
			ok "${s}_no_module_transfer_stalls"
		fi
	fi

	mod_load
	snap=$(stats_snap)
	r=$(conn_mss $fam "$LA" a0 "$LB" b1 $b)
	check "${s}_a_to_b_syn_mss_at_server" "$want" "${r% *}"
	# The control tool explains the number the SYN carried.
	check "${s}_tool_sa_reports_wire_mss" "${r% *}" "$(tool_sa_mss $fam $peer)"
	check "${s}_a_to_b_synack_mss_at_client" "$want" "${r#* }"
	check "${s}_a_to_b_counters" "seen_syn=+2 sa_out=+1 sa_in=+1 clamped=+2" \
		"$(stats_delta "$snap")"

	snap=$(stats_snap)
	r=$(conn_mss $fam "$LB" b1 "$LA" a0 $a)
	check "${s}_b_to_a_syn_mss_at_server" "$want" "${r% *}"
	check "${s}_b_to_a_synack_mss_at_client" "$want" "${r#* }"
	check "${s}_b_to_a_counters" "seen_syn=+2 sa_out=+1 sa_in=+1 clamped=+2" \
		"$(stats_delta "$snap")"

	wan_capture_start
	if transfer "$LA" "$LB" $b $BULK $LONG; then
		ok "${s}_transfer_completes"
	else
		diag "$TRANSFER_INFO"
		fail "${s}_transfer_completes"
	fi
	diag "$s: $TRANSFER_INFO"
	check_range "${s}_largest_esp_packet_fits_path_mtu" \
		$((1500 - ${PAD[$s]} + 1)) 1500 "$(wan_capture_max)"

	blackhole_off
	mod_unload
}

# part_done NAME: how long the part took and its three slowest results
# (seconds since the result before), as a diagnostic line: the budget of
# make test is watched with these.
PART_T0=$SECONDS
part_done() {
	local slow
	slow=$(sort -rn /tmp/ktap.times 2>/dev/null | head -n 3 |
		awk '{ printf "%s%s %d s", (NR > 1 ? ", " : ""), $2, $1 }')
	diag "part $1: $((SECONDS - PART_T0)) s (slowest: ${slow:-none})"
	: > /tmp/ktap.times
	PART_T0=$SECONDS
}

# Each suite on a fresh topology: no route exception, TCP metric or
# neighbour entry learned in one suite can leak into the next.
if want core; then
for s in gcm4 cbc4 natt4 gcm6; do
	topology_up
	suite_cases $s
	sa_flush
	topology_down
done
topology_up

# A flow that touches no SA: lan_a to gw_b's WAN address.
sa_setup gcm4
# Loading on a kernel newer than the newest tested one (src/compat.h,
# passed by run.sh) logs one line saying so; on the others, none.
IFS=. read -r kmaj kmin _ <<<"$(uname -r)"
kmin=${kmin%%[!0-9]*}
note="xfrm_mss: Linux $kmaj.$kmin is newer than the newest tested, $NEWEST: check"
n0=$(dmesg | grep -c "$note")
mod_load
untested=0
if [ "$kmaj" -gt "${NEWEST%.*}" ] ||
   { [ "$kmaj" -eq "${NEWEST%.*}" ] && [ "$kmin" -gt "${NEWEST#*.}" ]; }; then
	untested=1
fi
check "load_notes_kernel_${kmaj}_${kmin}_newer_than_tested_${NEWEST/./_}" $untested \
	$(($(dmesg | grep -c "$note") - n0))
snap=$(stats_snap)
r=$(conn_mss 4 "$LA" a0 "$GB" w1 192.0.2.2)
check no_sa_syn_mss_at_server 1460 "${r% *}"
check no_sa_synack_mss_at_client 1460 "${r#* }"
check no_sa_counters "seen_syn=+2 skip_no_sa=+2" "$(stats_delta "$snap")"

# path_mtu: the module parameter, then gw_a's own sysctl over it.
#   1400 - 20 - 8 - 8 - 16 = 1348 (x4) - 2 = 1346; - 40 = 1306
#   1450 - 52 = 1398 -> x4: 1396 - 2 = 1394; - 40 = 1354
echo 1400 > /sys/module/xfrm_mss/parameters/path_mtu
r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
check path_mtu_param_1400_syn_mss "1306" "${r% *}"
check path_mtu_param_1400_synack_mss "1306" "${r#* }"
nGA sysctl -qw net.xfrm_mss.path_mtu=1450
r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
check path_mtu_sysctl_1450_overrides_param "1354 1354" "$r"
# The same on gw_b alone (gw_a off): gw_b follows the parameter.
nGA sysctl -qw net.xfrm_mss.enable=0
nGB sysctl -qw net.xfrm_mss.enable=1 net.xfrm_mss.path_mtu=-1
r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
check path_mtu_gw_b_follows_param_1400 "1306 1306" "$r"
# Two gateways, two sysctls, no parameter: each gets its own exact MSS.
#   gw_b at 1380: 1380 - 52 = 1328 (x4) - 2 = 1326; - 40 = 1286
echo 0 > /sys/module/xfrm_mss/parameters/path_mtu
nGB sysctl -qw net.xfrm_mss.path_mtu=1380
r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
check path_mtu_two_sysctls_gw_b_1380 "1286 1286" "$r"
nGB sysctl -qw net.xfrm_mss.enable=0
nGA sysctl -qw net.xfrm_mss.enable=1
r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
check path_mtu_two_sysctls_gw_a_1450 "1354 1354" "$r"
nGB sysctl -qw net.xfrm_mss.path_mtu=-1
nGA sysctl -qw net.xfrm_mss.enable=-1 net.xfrm_mss.path_mtu=-1
echo 1400 > /sys/module/xfrm_mss/parameters/path_mtu

# Bad values are refused and change nothing.
bad=0
for v in 70000 575 -2 abc 1400x ""; do
	if nGA sh -c "echo '$v' > /proc/sys/net/xfrm_mss/path_mtu" 2>/dev/null; then
		diag "sysctl path_mtu accepted '$v'"
		bad=1
	fi
	if sh -c "echo '$v' > /sys/module/xfrm_mss/parameters/path_mtu" 2>/dev/null; then
		diag "parameter path_mtu accepted '$v'"
		bad=1
	fi
done
for v in 2 on yes-please; do
	nGA sh -c "echo '$v' > /proc/sys/net/xfrm_mss/enable" 2>/dev/null && bad=1
done
check bad_values_refused 0 $bad
check bad_values_left_sysctl "$(nGA cat /proc/sys/net/xfrm_mss/path_mtu)" -1
check bad_values_left_param "$(cat /sys/module/xfrm_mss/parameters/path_mtu)" 1400
echo 0 > /sys/module/xfrm_mss/parameters/path_mtu

# A namespace owned by an unprivileged user namespace sets its own sysctls
# (root there has CAP_NET_ADMIN over it), never the global parameters; a
# plain unprivileged user sets nothing.
r=$(setpriv --reuid=65534 --regid=65534 --clear-groups unshare -r -n sh -c '
	echo 1400 > /proc/sys/net/xfrm_mss/path_mtu && cat /proc/sys/net/xfrm_mss/path_mtu
	echo 1400 2>/dev/null > /sys/module/xfrm_mss/parameters/path_mtu && echo param-written
	echo 1 2>/dev/null > /sys/kernel/xfrm_mss/stats/clamped && echo stat-written
	true' 2>&1)
check userns_root_sets_own_sysctl_only 1400 "$r"
check userns_left_global_param 0 "$(cat /sys/module/xfrm_mss/parameters/path_mtu)"
r=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c '
	echo 1400 2>/dev/null > /proc/sys/net/xfrm_mss/path_mtu && echo sysctl-written
	true' 2>&1)
check unprivileged_user_sets_nothing "" "$r"
check unprivileged_user_left_sysctl -1 "$(cat /proc/sys/net/xfrm_mss/path_mtu)"

# Bad writes by root of an unprivileged user namespace are refused without
# a line in the host's log: a tenant can neither fill it nor use up the
# rate limit (10 messages in 5 s) that the host's own messages share, so
# the host's next bad write right after 100 of them is still logged. The
# nap lets the rate limit of the bad values above run out.
nap 5.5
n0=$(dmesg | grep -c 'xfrm_mss: net.xfrm_mss')
# shellcheck disable=SC2016 # expanded by the inner sh
r=$(setpriv --reuid=65534 --regid=65534 --clear-groups unshare -r -n sh -c '
	i=0
	while [ $i -lt 50 ]; do
		echo 99999 2>/dev/null > /proc/sys/net/xfrm_mss/path_mtu && echo accepted
		echo bogus 2>/dev/null > /proc/sys/net/xfrm_mss/df_policy && echo accepted
		i=$((i + 1))
	done
	true' 2>&1)
check userns_bad_writes_refused "" "$r"
check userns_bad_writes_log_nothing "$n0" "$(dmesg | grep -c 'xfrm_mss: net.xfrm_mss')"
nGA sh -c 'echo 99999 > /proc/sys/net/xfrm_mss/path_mtu' 2>/dev/null
check host_bad_write_after_userns_logged "$((n0 + 1))" \
	"$(dmesg | grep -c 'xfrm_mss: net.xfrm_mss')"

# The control tool against the live module: status and stats agree with
# sysfs, set round-trips through sysfs, and only root may set.
T=/e2e/xfrm-mss
sysfs_clamped=$(stat clamped)
check tool_stats_all_clamped_matches_sysfs "$sysfs_clamped" \
	"$($T stats --all --json | jq -r .counters.clamped.value)"
diffs=
for c in /sys/kernel/xfrm_mss/stats/*; do
	c=${c##*/}
	[ "$($T stats --all --json | jq -r ".counters.$c.value")" = "$(stat "$c")" ] ||
		diffs="$diffs $c"
done
check tool_stats_all_every_counter_matches_sysfs "" "$diffs"
check tool_status_params_match_sysfs \
	"$(cat /sys/module/xfrm_mss/parameters/min_mss) $(cat /sys/module/xfrm_mss/parameters/df_policy)" \
	"$($T status --json | jq -r '"\(.parameters.min_mss) \(.parameters.df_policy)"')"
check tool_status_version_matches_sysfs "$(cat /sys/module/xfrm_mss/version)" \
	"$($T status --json | jq -r .module.version)"
nGA sysctl -qw net.xfrm_mss.path_mtu=1420
check tool_status_netns_source "1420 sysctl" \
	"$(nGA $T status --json | jq -r '"\(.netns.path_mtu.value) \(.netns.path_mtu.source)"')"
nGA sysctl -qw net.xfrm_mss.path_mtu=-1
$T set min_mss 600
check tool_set_round_trips 600 "$(cat /sys/module/xfrm_mss/parameters/min_mss)"
$T set min_mss 536
if $T set min_mss 70000 2>/dev/null; then fail tool_set_out_of_range_refused
else check tool_set_out_of_range_refused 536 "$(cat /sys/module/xfrm_mss/parameters/min_mss)"; fi
err=$(setpriv --reuid=65534 --regid=65534 --clear-groups $T set min_mss 600 2>&1)
rc=$?
check tool_set_non_root_refused "1 536 1" \
	"$rc $(cat /sys/module/xfrm_mss/parameters/min_mss) $(echo "$err" | wc -l)"

# Counters per namespace: /proc/net/xfrm_mss_stat shows a namespace its
# own, the sysfs totals add up all of them. With gw_b on as well, each
# gateway counts the SYN it sends into the tunnel and the SYN/ACK it takes
# out of it; lan_a and lan_b (off) count nothing. gw_a lowers the SYN
# and finds the SYN/ACK lowered already; gw_b the other way round.
nsstat() { /e2e/nsx "$1" cat /proc/net/xfrm_mss_stat | awk -v c="$2" '$1 == c { print $2 }'; }
nsstats() { local n; for n in "$LA" "$GA" "$GB" "$LB"; do printf '%s ' "$(nsstat "$n" "$1")"; done; stat "$1"; }
nGB sysctl -qw net.xfrm_mss.enable=1
for c in seen_syn clamped; do read -ra before_$c <<<"$(nsstats $c)"; done
conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2 >/dev/null
for c in seen_syn clamped; do
	read -ra now <<<"$(nsstats $c)"
	eval "b=(\"\${before_${c}[@]}\")"
	d=
	for i in 0 1 2 3 4; do d="$d $((now[i] - b[i]))"; done
	want=" 0 2 2 0 4"
	[ $c = clamped ] && want=" 0 1 1 0 2"
	check "netns_counters_${c}_lan_a_gw_a_gw_b_lan_b_total" "$want" "$d"
done
nGB sysctl -qw net.xfrm_mss.enable=0
ip netns add xm-new
n=$(/e2e/nsx xm-new cat /proc/net/xfrm_mss_stat | wc -l)
# shellcheck disable=SC2012 # counts the files; counter names are plain words
check netns_counters_every_counter_listed "$(ls /sys/kernel/xfrm_mss/stats | wc -l)" "$n"
check netns_counters_new_namespace_zero 0 \
	"$(/e2e/nsx xm-new cat /proc/net/xfrm_mss_stat | awk '$2 != 0' | wc -l)"
ip netns del xm-new
# The tool reads the namespace it runs in, or with --all the totals.
check tool_stats_reads_own_netns "$(nsstat "$GA" clamped) netns" \
	"$(nGA $T stats --json | jq -r '"\(.counters.clamped.value) \(.scope)"')"
check tool_stats_all_reads_totals "$(stat clamped) all" \
	"$(nGA $T stats --all --json | jq -r '"\(.counters.clamped.value) \(.scope)"')"

# Unloading under traffic leaves nothing behind.
PORT=$((PORT + 1))
/e2e/nsx "$LB" /e2e/tcpx server 10.2.0.2 $PORT >/tmp/unload.server 2>&1 &
sleep 0.2
/e2e/nsx "$LA" /e2e/tcpx client 10.2.0.2 $PORT $UNLOAD $LONG >/tmp/unload.client 2>&1 &
cpid=$!
sleep 1
if mod_unload; then ok unload_under_traffic; else fail unload_under_traffic; fi
left=
[ -e /sys/module/xfrm_mss ] && left="$left /sys/module/xfrm_mss"
[ -e /sys/kernel/xfrm_mss ] && left="$left /sys/kernel/xfrm_mss"
for n in "$LA" "$GA" "$GB" "$LB"; do
	/e2e/nsx "$n" test -e /proc/sys/net/xfrm_mss && left="$left $n:net.xfrm_mss"
done
check unload_leaves_nothing "" "$left"
if wait $cpid; then ok transfer_survives_unload; else fail transfer_survives_unload; fi
diag "$(tr '\n' ' ' < /tmp/unload.client)"

sa_flush
topology_down
part_done core
fi

# Every other part, in the order of the "# e2e-part: order=N" line of its
# case file (parts.sh; that line's comment says why a part runs where it
# does). Listed first, then sourced: a case file may read stdin. Through
# a file: the guest has no /dev/fd for a process substitution. run.sh
# checks afterwards that every part asked for reported its time.
e2e_parts /e2e > /tmp/e2e.parts || diag "e2e_parts failed: $(cat /tmp/e2e.parts)"
mapfile -t E2E_PARTS < /tmp/e2e.parts
for e2e_part in "${E2E_PARTS[@]:1}"; do
	# shellcheck disable=SC2086 # "NAME named" is two words, want's two arguments
	want $e2e_part || continue
	e2e_part=${e2e_part%% *}
	# shellcheck source=/dev/null # a case file (PART_cases.sh)
	. "/e2e/${e2e_part}_cases.sh"
	part_done "$e2e_part"
done
