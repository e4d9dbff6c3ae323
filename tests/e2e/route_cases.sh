# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Route-based tunnels, sourced by cases.sh inside the guest: xfrm
# interfaces (if_id) and VTI devices (marks), where the route into the
# device carries no bundle and the device picks its SA when it transmits.
# The gateways route the remote LAN into the device; xfrm_mss acts in
# gw_a only. AES-GCM-128 SAs, path MTU 1500, so the MSS is that of the
# policy-based gcm4/gcm6 suites (1406, 1366) unless the device is smaller.
# e2e-part: order=40

KEY=$KEY_GCM
AEAD=(aead 'rfc4106(gcm(aes))' "$KEY" 128)

# rb_states NS LOCAL REMOTE EXTRA...: the two SAs of one gateway; the SPI
# of each SA follows its direction (gw_a to gw_b is 0x2001).
rb_states() {
	local n=$1 l=$2 r=$3 out=0x2001 in=0x2002
	shift 3
	[ "$n" = "$GB" ] && out=0x2002 in=0x2001
	ip -n "$n" xfrm state add src "$l" dst "$r" proto esp spi $out reqid 1 \
		mode tunnel "${AEAD[@]}" "$@"
	ip -n "$n" xfrm state add src "$r" dst "$l" proto esp spi $in reqid 1 \
		mode tunnel "${AEAD[@]}" "$@"
}
# rb_policies NS LOCAL REMOTE FAMILY_ANY EXTRA...: any-to-any policies.
rb_policies() {
	local n=$1 l=$2 r=$3 any=$4 d
	shift 4
	ip -n "$n" xfrm policy add src "$any" dst "$any" dir out \
		tmpl src "$l" dst "$r" proto esp reqid 1 mode tunnel "$@"
	for d in in fwd; do
		ip -n "$n" xfrm policy add src "$any" dst "$any" dir $d \
			tmpl src "$r" dst "$l" proto esp reqid 1 mode tunnel "$@"
	done
}

# rb_pair NAME FAM WANT: MSS in both directions, with counter deltas. The
# SYN that gw_a routes into the device passes POST_ROUTING twice: before
# the device, with a route and no bundle (not counted: the module takes
# it on the next pass), and when the device hands it to its bundle
# (xfrm4/6_output's POST_ROUTING), where it is clamped. The SYN/ACK comes
# out of the device: its reply SA is found from the SA it arrived
# through (an xfrm interface keeps the secpath) or, for VTI, from the
# device's addresses and key. One SYN counts once.
rb_pair() {
	local name=$1 fam=$2 want=$3 a=10.1.0.2 b=10.2.0.2 r snap
	[ "$fam" = 6 ] && a=fd01::2 b=fd02::2
	snap=$(stats_snap "seen_syn sa_out sa_in clamped unchanged skip_no_sa")
	r=$(conn_mss "$fam" "$LA" a0 "$LB" b1 $b)
	check "${name}_a_to_b_mss" "$want $want" "$r"
	check "${name}_a_to_b_counters" \
		"seen_syn=+2 sa_out=+1 sa_in=+1 clamped=+2" \
		"$(stats_delta "$snap")"
	r=$(conn_mss "$fam" "$LB" b1 "$LA" a0 $a)
	check "${name}_b_to_a_mss" "$want $want" "$r"
}

rb_route() { # NS FAMILY PREFIX DEV: route a prefix into the device only
	ip -n "$1" -"$2" route del "$3" 2>/dev/null
	ip -n "$1" -"$2" route add "$3" dev "$4"
}

# --- xfrm interfaces ----------------------------------------------------
topology_up
ip -n "$GA" link add ipsec0 type xfrm dev w0 if_id 7
ip -n "$GB" link add ipsec0 type xfrm dev w1 if_id 7
ip -n "$GA" link set ipsec0 up
ip -n "$GB" link set ipsec0 up
insmod "$MOD"
only_gw_a

# No SA installed yet (the IKE daemon has not negotiated one): the device
# drops the SYN, which never reaches a bundle; nothing is counted.
rb_policies "$GA" 192.0.2.1 192.0.2.2 0.0.0.0/0 if_id 7
rb_route "$GA" 4 10.2.0.0/24 ipsec0
snap=$(stats_snap "seen_syn clamped skip_no_sa skip_no_mtu")
nA /e2e/tcpx client 10.2.0.2 9 10 0.5 >/dev/null 2>&1
check xfrmi_no_sa_yet_not_counted "" "$(stats_delta "$snap")"
sa_flush

rb_states "$GA" 192.0.2.1 192.0.2.2 if_id 7
rb_states "$GB" 192.0.2.2 192.0.2.1 if_id 7
rb_policies "$GA" 192.0.2.1 192.0.2.2 0.0.0.0/0 if_id 7
rb_policies "$GB" 192.0.2.2 192.0.2.1 0.0.0.0/0 if_id 7
rb_route "$GA" 4 10.2.0.0/24 ipsec0
rb_route "$GB" 4 10.1.0.0/24 ipsec0
rb_pair xfrmi4 4 1406
check xfrmi4_tool_sa_reports_wire_mss 1406 "$(tool_sa_mss 4 192.0.2.2)"
# A device MTU below what the SA allows wins: 1400 - 20 - 20 = 1360.
ip -n "$GA" link set ipsec0 mtu 1400
r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
check xfrmi4_device_mtu_1400_wins "1360 1360" "$r"
ip -n "$GA" link set ipsec0 mtu 1500
# Rekey: a new SPI with other algorithms (AES-CBC + HMAC-SHA256) replaces
# the SA; the next SYN takes the new one (1398), no stale cache.
for n in "$GA" "$GB"; do
	ip -n "$n" xfrm state flush
done
AEAD=(enc 'cbc(aes)' "$KEY_AES" auth-trunc 'hmac(sha256)' "$KEY_SHA" 128)
rb_states "$GA" 192.0.2.1 192.0.2.2 if_id 7
rb_states "$GB" 192.0.2.2 192.0.2.1 if_id 7
AEAD=(aead 'rfc4106(gcm(aes))' "$KEY" 128)
r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
check xfrmi4_after_rekey_to_cbc "1398 1398" "$r"
sa_flush

# IPv6 inside and outside, through the same devices.
rb_states "$GA" 2001:db8::1 2001:db8::2 if_id 7
rb_states "$GB" 2001:db8::2 2001:db8::1 if_id 7
rb_policies "$GA" 2001:db8::1 2001:db8::2 ::/0 if_id 7
rb_policies "$GB" 2001:db8::2 2001:db8::1 ::/0 if_id 7
rb_route "$GA" 6 fd02::/64 ipsec0
rb_route "$GB" 6 fd01::/64 ipsec0
rb_pair xfrmi6 6 1366
sa_flush
rmmod xfrm_mss
topology_down

# --- VTI (IPv4) and VTI6: the output key is the mark of SA and policy ----
topology_up
ip -n "$GA" link add vti0 type vti local 192.0.2.1 remote 192.0.2.2 ikey 0x11 okey 0x11
ip -n "$GB" link add vti0 type vti local 192.0.2.2 remote 192.0.2.1 ikey 0x11 okey 0x11
ip -n "$GA" link add vti6x type vti6 local 2001:db8::1 remote 2001:db8::2 ikey 0x12 okey 0x12
ip -n "$GB" link add vti6x type vti6 local 2001:db8::2 remote 2001:db8::1 ikey 0x12 okey 0x12
for n in "$GA" "$GB"; do
	ip -n "$n" link set vti0 up
	ip -n "$n" link set vti6x up
	/e2e/nsx "$n" sysctl -qw net.ipv4.conf.vti0.disable_policy=1 2>/dev/null
done
insmod "$MOD"
only_gw_a
rb_states "$GA" 192.0.2.1 192.0.2.2 mark 0x11
rb_states "$GB" 192.0.2.2 192.0.2.1 mark 0x11
rb_policies "$GA" 192.0.2.1 192.0.2.2 0.0.0.0/0 mark 0x11
rb_policies "$GB" 192.0.2.2 192.0.2.1 0.0.0.0/0 mark 0x11
rb_route "$GA" 4 10.2.0.0/24 vti0
rb_route "$GB" 4 10.1.0.0/24 vti0
rb_pair vti4 4 1406
rb_states "$GA" 2001:db8::1 2001:db8::2 mark 0x12
rb_states "$GB" 2001:db8::2 2001:db8::1 mark 0x12
rb_policies "$GA" 2001:db8::1 2001:db8::2 ::/0 mark 0x12
rb_policies "$GB" 2001:db8::2 2001:db8::1 ::/0 mark 0x12
rb_route "$GA" 6 fd02::/64 vti6x
rb_route "$GB" 6 fd01::/64 vti6x
rb_pair vti6 6 1366
sa_flush
rmmod xfrm_mss
topology_down

# --- mixed families: IPv6 inside IPv4 SAs, IPv4 inside IPv6 SAs ----------
#   IPv4 outer: inner MTU 1446 (as gcm4), IPv6 inside: 1446 - 40 - 20 = 1386
#   IPv6 outer: inner MTU 1426 (as gcm6), IPv4 inside: 1426 - 20 - 20 = 1386
# mixed_states OUTER_A OUTER_B INNER_ANY: the SA pair, on both gateways.
mixed_states() {
	local g
	for g in "$GA" "$GB"; do
		ip -n "$g" xfrm state add src "$1" dst "$2" proto esp spi 0x3001 \
			reqid 1 mode tunnel "${AEAD[@]}" sel src "$3" dst "$3"
		ip -n "$g" xfrm state add src "$2" dst "$1" proto esp spi 0x3002 \
			reqid 2 mode tunnel "${AEAD[@]}" sel src "$3" dst "$3"
	done
}
topology_up
insmod "$MOD"
only_gw_a
mixed_states 192.0.2.1 192.0.2.2 ::/0
policy "$GA" fd01::/64 fd02::/64 192.0.2.1 192.0.2.2 1
policy "$GB" fd02::/64 fd01::/64 192.0.2.2 192.0.2.1 2
check mixed_ipv6_in_ipv4_a_to_b "1386 1386" "$(conn_mss 6 "$LA" a0 "$LB" b1 fd02::2)"
check mixed_ipv6_in_ipv4_b_to_a "1386 1386" "$(conn_mss 6 "$LB" b1 "$LA" a0 fd01::2)"
check mixed_ipv6_in_ipv4_tool_sa "1386" "$(tool_sa_mss 6 192.0.2.2)"
sa_flush
mixed_states 2001:db8::1 2001:db8::2 0.0.0.0/0
policy "$GA" 10.1.0.0/24 10.2.0.0/24 2001:db8::1 2001:db8::2 1
policy "$GB" 10.2.0.0/24 10.1.0.0/24 2001:db8::2 2001:db8::1 2
check mixed_ipv4_in_ipv6_a_to_b "1386 1386" "$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)"
check mixed_ipv4_in_ipv6_b_to_a "1386 1386" "$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2)"
check mixed_ipv4_in_ipv6_tool_sa "1386" "$(tool_sa_mss 4 2001:db8::2)"
sa_flush
rmmod xfrm_mss
topology_down

# --- learned and configured path MTU toward the peer ---------------------
# The router's WAN link has MTU 1400, and here it does send its ICMP
# errors: gw_a learns 1400 toward gw_b from the first large ESP packet.
#   1400: 1400 - 52 = 1348 (x4) - 2 = 1346; MSS 1306
#   1380 (route metric, as libreswan's mtu= installs): 1328 - 2 = 1326; 1286
#   path_mtu=1300 on top: 1300 - 52 = 1248 - 2 = 1246; MSS 1206
topology_rt_up 1400
/e2e/nsx "$RT" nft delete table inet xm_rt_blackhole
sa_setup gcm4
insmod "$MOD"
only_gw_a
check pmtu_before_learning "1406 1406" "$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)"
if transfer "$LA" "$LB" 10.2.0.2 "$BULK" "$LONG"; then ok pmtu_transfer_teaches_gw_a
else diag "$TRANSFER_INFO"; fail pmtu_transfer_teaches_gw_a; fi
diag "gw_a: $(nGA ip route get 198.51.100.2 | tr '\n' ' ')"
# lan_a learned 1346 from gw_a as well and announces 1306 by itself; the
# SYN/ACK from lan_b (1460) and lan_b's own SYN show the module at work.
check pmtu_learned_1400_a_to_b "1306 1306" "$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)"
check pmtu_learned_1400_b_to_a_syn "1306" "$(r=$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2); echo "${r% *}")"
nGA ip route flush cache
nGA ip route replace 198.51.100.0/24 via 192.0.2.254 mtu 1380
check pmtu_route_metric_1380_b_to_a_syn "1286" "$(r=$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2); echo "${r% *}")"
echo 1300 > /sys/module/xfrm_mss/parameters/path_mtu
check pmtu_param_1300_ceiling_b_to_a_syn "1206" "$(r=$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2); echo "${r% *}")"
echo 0 > /sys/module/xfrm_mss/parameters/path_mtu
sa_flush
rmmod xfrm_mss
topology_down
