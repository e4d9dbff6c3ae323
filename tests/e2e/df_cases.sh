# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The DF policy cases, sourced by cases.sh inside the guest. A router sits
# between the gateways; its link toward gw_b has MTU 1400 and it drops the
# ICMP errors it generates, so the gateways never learn that 1500-byte
# ESP packets do not fit (a PMTU black hole on the WAN, topology_rt_up).
# xfrm_mss acts in gw_a only. Each case records what the router forwards
# onto the 1400 link: packets from gw_a, how many carry DF, how many are
# fragments, bad IPv4 header checksums, the largest packet.
#
# UDP payload sizes, AES-GCM-128 tunnel:
#   1400 bytes over IPv4: 1428 inner -> 20 + 8 + 8 + 1432 + 16 = 1484 ESP,
#     1492 with NAT-T: over 1400, so DF decides whether it arrives
#   1300 bytes over IPv6 (IPv6 inner and outer): 1348 inner -> 40 + 8 + 8 +
#     1352 + 16 = 1424 ESP: over 1400, and IPv6 routers never fragment
#   100 bytes: fits everywhere
# e2e-part: order=60

WAN=1400
GW_A4=192.0.2.1

df_mod_load() { insmod "$MOD" "$@" && only_gw_a; }
# df_delta SNAP: the DF counters that moved, less df_unchanged: a late
# packet of an earlier connection (already carrying the bit asked for)
# may pass the hook within the window; every packet of the case itself
# must be changed, and the capture counts those.
df_delta() { stats_delta "$1" | tr ' ' '\n' | grep -v '^df_unchanged=' | tr '\n' ' ' | sed 's/ $//'; }

topology_rt_up $WAN
sa_setup gcm4

# --- the black hole, without the module -------------------------------
if [ "${SLOW:-0}" = 1 ]; then
	skip df_baseline_tcp_stalls "$BASELINE_SKIP"
	skip df_baseline_udp_1400_df_lost "$BASELINE_SKIP"
elif transfer "$LA" "$LB" 10.2.0.2 "$BULK" "$STALL"; then
	diag "$TRANSFER_INFO"
	fail df_baseline_tcp_stalls
else
	ok df_baseline_tcp_stalls
fi
[ "${SLOW:-0}" = 1 ] ||
	check df_baseline_udp_1400_df_lost 0 "$(udp_through "$LA" "$LB" 10.2.0.2 1400 5 df)"

# --- clear: the router fragments, everything arrives --------------------
df_mod_load df_policy=clear
snap=$(stats_snap "$DF_STATS")
rt_capture_start "src host $GW_A4"
check df_clear_udp_1400_df_arrives 5 "$(udp_through "$LA" "$LB" 10.2.0.2 1400 5 df)"
# Five ESP packets of 1484 bytes, each in two fragments, none with DF,
# each with an ID of its own.
r=$(rt_capture_stop ids)
read -r n df fr bad max zero dup <<<"$r"
check df_clear_udp_fragments_without_df "10 0 10 0" "$n $df $fr $bad"
check_range df_clear_udp_fragments_fit_wan 1 $WAN "$max"
check df_clear_udp_fragmented_ids_unique 0 "$dup"
check_range df_clear_udp_fragmented_ids_not_zero 0 1 "$zero"
check df_clear_udp_counters "df_cleared=+5" "$(df_delta "$snap")"
rt_capture_start "src host $GW_A4"
if transfer "$LA" "$LB" 10.2.0.2 "$BULK" "$LONG"; then
	ok df_clear_tcp_completes
else
	diag "$TRANSFER_INFO"
	fail df_clear_tcp_completes
fi
r=$(rt_capture_stop ids)
diag "df clear, TCP: packets df fragments bad-checksums largest zero-ids reused-ids: $r"
read -r n df fr bad max zero dup <<<"$r"
check df_clear_tcp_no_df_no_bad_checksum "0 0" "$df $bad"
check_range df_clear_tcp_router_fragments 1 "$n" "$fr"
# The kernel gives headers with DF the ID 0; cleared, each needs its own.
# The generator's counter may pass through 0 once among some thousand
# packets (seen: 1 of 1,500); without the fix every ID is 0.
check df_clear_tcp_fragmented_ids_unique 0 "$dup"
check_range df_clear_tcp_fragmented_ids_not_zero 0 1 "$zero"
mod_unload

# --- path_mtu alone, DF copied: no fragments, nothing over the WAN MTU ---
#   1400 - 52 = 1348 (x4) - 2 = 1346 inner; MSS 1306
df_mod_load path_mtu=$WAN
snap=$(stats_snap "$DF_STATS")
rt_capture_start "src host $GW_A4"
r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
check df_path_mtu_mss "1306 1306" "$r"
if transfer "$LA" "$LB" 10.2.0.2 "$BULK" "$LONG"; then
	ok df_path_mtu_tcp_completes
else
	diag "$TRANSFER_INFO"
	fail df_path_mtu_tcp_completes
fi
r=$(rt_capture_stop)
diag "df copy + path_mtu $WAN, TCP: packets df fragments bad-checksums largest: $r"
read -r n df fr bad max <<<"$r"
check df_path_mtu_no_fragments_all_df "0 $n 0" "$fr $df $bad"
check_range df_path_mtu_largest_esp_fits_wan $((WAN - 3)) $WAN "$max"
# Under copy the module has no DF hook (see the hooks cases below):
# no ESP packet passed it, and no DF counter moved.
check df_path_mtu_no_df_counter_moved "" "$(stats_delta "$snap")"
mod_unload

# --- set: DF on every outer header, even for inner packets without it ---
df_mod_load df_policy=set
snap=$(stats_snap "$DF_STATS")
rt_capture_start "src host $GW_A4"
check df_set_udp_100_nodf_arrives 5 "$(udp_through "$LA" "$LB" 10.2.0.2 100 5 nodf)"
r=$(rt_capture_stop)
check df_set_every_outer_header_df "5 5 0 0" "${r% *}"
check df_set_counters "df_set=+5" "$(df_delta "$snap")"

# --- not ESP: the gateway's own UDP (IKE's ports) keeps its DF ----------
snap=$(stats_snap "$DF_STATS")
rt_capture_start "src host $GW_A4 and (udp port 500 or udp port 4500)"
nGA /e2e/tcpx udpsend "$OUT4_B" 500 200 3 df >/dev/null
nGA /e2e/tcpx udpsend "$OUT4_B" 500 200 3 nodf >/dev/null
nGA /e2e/tcpx udpsend "$OUT4_B" 4500 200 3 nodf >/dev/null
r=$(rt_capture_stop)
check df_set_leaves_ike_alone "9 3 0 0" "${r% *}"
check df_set_ike_no_counter "" "$(stats_delta "$snap")"
mod_unload

# --- set: DF only where the kernel would deliver the packet -------------
# 1472 bytes of UDP without DF: a 1500-byte inner packet, 1556 bytes of
# ESP, over gw_a's own MTU of 1500. With DF, ip_fragment() on gw_a would
# drop it and tell only gw_a; left without DF, gw_a and the router
# fragment it and it arrives. lan_a forgets the path MTU that gw_a taught
# it in the TCP cases above, so that the datagram leaves it whole.
df_mod_load df_policy=set
/e2e/nsx "$LA" ip route flush cache
diag "lan_a toward lan_b: $(/e2e/nsx "$LA" ip -4 route get 10.2.0.2 | tr -s ' \n' ' ')"
snap=$(stats_snap "$DF_STATS")
rt_capture_start "src host $GW_A4"
check df_set_udp_1472_nodf_arrives 5 "$(udp_through "$LA" "$LB" 10.2.0.2 1472 5 nodf)"
r=$(rt_capture_stop)
diag "df set, UDP 1472: packets df fragments bad-checksums largest: $r"
read -r n df fr bad max <<<"$r"
check df_set_udp_1472_fragments_without_df "0 0" "$df $bad"
check_range df_set_udp_1472_fragmented 10 "$n" "$fr"
check df_set_udp_1472_counters "df_skip_too_big=+5" "$(df_delta "$snap")"
mod_unload

# An SA with nopmtudisc: the kernel builds its headers without DF, also
# for inner packets with DF; set keeps them so and the router fragments.
SA_FLAGS=nopmtudisc sa_setup gcm4
df_mod_load df_policy=set
snap=$(stats_snap "$DF_STATS")
check df_set_nopmtudisc_udp_1400_df_arrives 5 "$(udp_through "$LA" "$LB" 10.2.0.2 1400 5 df)"
check df_set_nopmtudisc_counters "df_skip_kernel_rule=+5" "$(df_delta "$snap")"
mod_unload

# An SA for both families (af-unspec, as strongSwan installs tunnel SAs):
# a small ESP packet may hold an IPv6 packet of up to 1280 bytes, which
# the kernel sends without DF (RFC 4213 3.2); set leaves those alone and
# sets DF on the larger ones (1400 bytes: 1484 of ESP, over 1337).
SA_FLAGS=af-unspec sa_setup gcm4
df_mod_load df_policy=set
snap=$(stats_snap "$DF_STATS")
rt_capture_start "src host $GW_A4"
check df_set_both_families_udp_100_arrives 5 "$(udp_through "$LA" "$LB" 10.2.0.2 100 5 nodf)"
r=$(rt_capture_stop)
check df_set_both_families_small_without_df "5 0 0 0" "${r% *}"
check df_set_both_families_small_counters "df_skip_kernel_rule=+5" "$(df_delta "$snap")"
snap=$(stats_snap "$DF_STATS")
rt_capture_start "src host $GW_A4"
udp_through "$LA" "$LB" 10.2.0.2 1300 3 nodf >/dev/null
r=$(rt_capture_stop)
check df_set_both_families_large_with_df "3 3 0 0" "${r% *}"
check df_set_both_families_large_counters "df_set=+3" "$(df_delta "$snap")"
mod_unload

# --- NAT-T: the same black hole for ESP in UDP --------------------------
sa_setup natt4
check df_natt_baseline_udp_1400_df_lost 0 "$(udp_through "$LA" "$LB" 10.2.0.2 1400 5 df)"
df_mod_load df_policy=clear
snap=$(stats_snap "$DF_STATS")
rt_capture_start "src host $GW_A4"
check df_natt_clear_udp_1400_df_arrives 5 "$(udp_through "$LA" "$LB" 10.2.0.2 1400 5 df)"
r=$(rt_capture_stop ids)
read -r n df fr bad max zero dup <<<"$r"
check df_natt_clear_fragments_without_df "10 0 10 0" "$n $df $fr $bad"
check df_natt_clear_fragmented_ids_unique 0 "$dup"
check_range df_natt_clear_fragmented_ids_not_zero 0 1 "$zero"
check df_natt_clear_counters "df_cleared=+5" "$(df_delta "$snap")"
mod_unload

# --- the DF hooks exist only where a policy needs them -------------------
# Under copy they would change nothing and cost a hook call per ESP
# packet. What the kernel holds is read from its own hook lists (`nft
# list hooks`, nfnetlink_hook: the debug kernel) or, where that is not
# built (Debian's 6.1), from kprobes on the hook functions while the
# namespace pings its own loopback in both families: every such packet
# passes LOCAL_OUT and POST_ROUTING. The MSS hooks, always registered,
# show that the reading works.
T=/sys/kernel/tracing
PM=/sys/module/xfrm_mss/parameters
HOOKFNS="xfrm_mss_hook_v4 xfrm_mss_hook_v6 xfrm_mss_df_hook_v4 xfrm_mss_df_hook_v6"
modprobe nfnetlink_hook 2>/dev/null
# seen_listing NS FUNC: yes if FUNC is in NS's hook lists
seen_listing() {
	local fam=ip
	[[ $2 == *_v6 ]] && fam=ip6
	if /e2e/nsx "$1" nft list hooks $fam 2>/dev/null | grep -qw "$2"; then echo yes; else echo no; fi
}
kp_hits() { awk -v e="xm_$1" '$1 == e { print $2 }' $T/kprobe_profile; }
# seen_kprobe NS FUNC: yes if FUNC ran for NS's pings of its loopback.
# The profile counts the calls of every namespace: two pings of each
# family pass LOCAL_OUT four times (requests and replies), so a hook of
# NS adds at least 4 and one of NS alone adds 0. Another namespace's own
# packets (an IPv6 one of a namespace just made, say) can add a few in
# the window: then it asks again.
seen_kprobe() {
	local h0 h1
	for _ in 1 2 3; do
		h0=$(kp_hits "$2")
		/e2e/nsx "$1" ping -c 2 -W 1 127.0.0.1 >/dev/null 2>&1
		/e2e/nsx "$1" ping -6 -c 2 -W 1 ::1 >/dev/null 2>&1
		h1=$(kp_hits "$2")
		[ "$h1" -eq "$h0" ] && { echo no; return; }
		[ "$h1" -ge $((h0 + 4)) ] && { echo yes; return; }
	done
	echo "noise($((h1 - h0)))"
}
kprobes_on() {
	local f
	[ -e $T/kprobe_events ] || mount -t tracefs nodev $T
	for f in $HOOKFNS; do
		echo "p:xm_$f $f" >> $T/kprobe_events &&
			echo 1 > "$T/events/kprobes/xm_$f/enable"
	done
}
kprobes_off() {
	local f
	for f in $HOOKFNS; do
		echo 0 > "$T/events/kprobes/xm_$f/enable"
		echo "-:xm_$f" >> $T/kprobe_events
	done
}
# df_hooks NS: whether NS has the IPv4 and the IPv6 DF hook
df_hooks() { echo "$($SEEN "$1" xfrm_mss_df_hook_v4) $($SEEN "$1" xfrm_mss_df_hook_v6)"; }
df_mod_load
SEEN=seen_listing
if [ "$(seen_listing "$GA" xfrm_mss_hook_v4)" = no ]; then
	SEEN=seen_kprobe
	kprobes_on
fi
diag "DF hooks read through ${SEEN#seen_}"
check df_hooks_mss_seen "yes yes" "$($SEEN "$GA" xfrm_mss_hook_v4) $($SEEN "$GA" xfrm_mss_hook_v6)"
check df_hooks_copy_none "no no no no" "$(df_hooks "$GA") $(df_hooks "$GB")"
nGA sysctl -qw net.xfrm_mss.df_policy=clear
check df_hooks_sysctl_clear_this_netns "yes yes no no" "$(df_hooks "$GA") $(df_hooks "$GB")"
# Registered at run time, they work: the router fragments, all arrive.
snap=$(stats_snap "$DF_STATS")
check df_hooks_sysctl_clear_udp_1400_arrives 5 "$(udp_through "$LA" "$LB" 10.2.0.2 1400 5 df)"
check df_hooks_sysctl_clear_counters "df_cleared=+5" "$(df_delta "$snap")"
if nGA sysctl -qw net.xfrm_mss.df_policy=bogus 2>/dev/null; then
	fail df_hooks_bad_value_refused
else
	ok df_hooks_bad_value_refused
fi
check df_hooks_bad_value_keeps "clear yes yes" "$(nGA sysctl -n net.xfrm_mss.df_policy) $(df_hooks "$GA")"
nGA sysctl -qw net.xfrm_mss.df_policy=set
check df_hooks_clear_to_set_keeps "yes yes" "$(df_hooks "$GA")"
nGA sysctl -qw net.xfrm_mss.df_policy=copy
check df_hooks_sysctl_copy_drops "no no" "$(df_hooks "$GA")"
snap=$(stats_snap "$DF_STATS")
check df_hooks_copy_udp_1400_df_lost 0 "$(udp_through "$LA" "$LB" 10.2.0.2 1400 5 df)"
check df_hooks_copy_no_counter "" "$(stats_delta "$snap")"
# The parameter reaches every namespace that follows it (-1, "default"),
# also one created later, and none with a policy of its own.
nGA sysctl -qw net.xfrm_mss.df_policy=default
nGB sysctl -qw net.xfrm_mss.df_policy=copy
echo clear > $PM/df_policy
ip netns add "$GA-df"
ip -n "$GA-df" link set lo up
check df_hooks_param_clear_followers "yes yes no no yes yes" "$(df_hooks "$GA") $(df_hooks "$GB") $(df_hooks "$GA-df")"
nGB sysctl -qw net.xfrm_mss.df_policy=default
check df_hooks_param_follow_again "yes yes" "$(df_hooks "$GB")"
nGA sysctl -qw net.xfrm_mss.df_policy=copy
echo copy > $PM/df_policy
check df_hooks_param_copy_drops_all "no no no no no no" "$(df_hooks "$GA") $(df_hooks "$GB") $(df_hooks "$GA-df")"
nGB sysctl -qw net.xfrm_mss.df_policy=default
nGA sysctl -qw net.xfrm_mss.df_policy=set
ip netns del "$GA-df"
[ $SEEN = seen_kprobe ] && kprobes_off
mod_unload
# Unloaded with a namespace still hooked: nothing is left in its lists.
if [ $SEEN = seen_listing ]; then
	check df_hooks_unload_leaves_none "no no no" "$(df_hooks "$GA") $(seen_listing "$GA" xfrm_mss_hook_v4)"
else
	skip df_hooks_unload_leaves_none "no hook listing on this kernel (nfnetlink_hook not built)"
fi

# --- IPv6 outer: no DF bit to change; counted, left alone ---------------
sa_setup gcm6
check df_ipv6_baseline_udp_1300_lost 0 "$(udp_through "$LA" "$LB" fd02::2 1300 5 df)"
df_mod_load df_policy=clear
snap=$(stats_snap "$DF_STATS")
check df_ipv6_clear_udp_1300_still_lost 0 "$(udp_through "$LA" "$LB" fd02::2 1300 5 df)"
check df_ipv6_clear_counted_skip "df_skip_ipv6=+5" "$(stats_delta "$snap")"
mod_unload

sa_flush
topology_down
