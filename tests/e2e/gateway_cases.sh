# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# NAT around the tunnel and the IPsec control plane, sourced by cases.sh
# inside the guest. AES-GCM-128 tunnel SAs between the gateways, one reqid
# for both directions as IKE daemons install them; xfrm_mss acts in gw_a
# only, and gw_a drops the ICMP errors it sends toward its LAN.
#
# NAT: gw_a shows the peer one address, and its policies cover only that
# address, so a flow matches them only after NAT (nf_xfrm_me_harder()
# attaches the bundle in NAT's POST_ROUTING hook):
#   - SNAT of lan_a to 100.64.0.1 (nft, then iptables), masquerade to
#     gw_a's WAN address, IPv6 SNAT of fd01::/64 to fd64::1;
#   - a DNAT port forward from 100.64.0.1 to lan_a, whose replies enter
#     the tunnel after their reverse translation.
# Each: the exact MSS of the SYN at the server and of the SYN/ACK at the
# client (gcm4 1406, gcm6 1366: see cases.sh), the counters, and a
# transfer that completes.
#
# Routing context (exact MSS at both ends, and a transfer):
#   - strongSwan's table 220 (ip rule pref 220), its route carrying
#     kernel-netlink's mtu = 1400: 1400 - 40 = 1360;
#   - gw_a's SAs with an output mark (output-mark 0x5) that an ip rule
#     routes through a table whose route toward gw_b has mtu 1400:
#     1400 - 52 = 1348 (x4) - 2 = 1346; - 40 = 1306; also behind SNAT
#     and a DNAT port forward;
#   - gw_a's WAN in a VRF, with an xfrm interface on it: 1406.
#
# Control plane: gw_b's peer sends well-formed SYNs from 10.9.0.5, outside
# what gw_a's policies accept, to gw_a itself, while gw_a has a trap
# policy without SA toward 10.9.0.0/24 (the reply's flow). The kernel
# drops them after LOCAL_IN; the module must not start IKE for them: no
# acquire, no new state, and /proc/net/xfrm_stat moves the same with and
# without the module. With a selector on gw_a's inbound SA, they are
# counted under skip_sel_mismatch and a SYN from lan_b stays exact.
# e2e-part: order=50

# nat_states 4|6: the SA pair on both gateways.
nat_states() {
	local a=$OUT4_A b=$OUT4_B g
	[ "$1" = 6 ] && a=$OUT6_A b=$OUT6_B
	for g in "$GA" "$GB"; do
		ipb "$g" <<-EOF
			xfrm state add src $a dst $b proto esp spi 0x4001 reqid 1 mode tunnel aead rfc4106(gcm(aes)) $KEY_GCM 128
			xfrm state add src $b dst $a proto esp spi 0x4002 reqid 1 mode tunnel aead rfc4106(gcm(aes)) $KEY_GCM 128
		EOF
	done
}
# nat_policies NS LOCAL_NET REMOTE_NET LOCAL_GW REMOTE_GW
nat_policies() {
	ipb "$1" <<-EOF
		xfrm policy add src $2 dst $3 dir out tmpl src $4 dst $5 proto esp reqid 1 mode tunnel
		xfrm policy add src $3 dst $2 dir fwd tmpl src $5 dst $4 proto esp reqid 1 mode tunnel
		xfrm policy add src $3 dst $2 dir in tmpl src $5 dst $4 proto esp reqid 1 mode tunnel
	EOF
}
# nat_up 4|6 GA_NET GB_ROUTE: a fresh topology and the module; gw_a's
# policies cover GA_NET, which gw_b routes toward gw_a.
nat_up() {
	local a=$OUT4_A b=$OUT4_B rnet=10.2.0.0/24
	[ "$1" = 6 ] && a=$OUT6_A b=$OUT6_B rnet=fd02::/64
	topology_up
	nat_states "$1"
	nat_policies "$GA" "$2" $rnet "$a" "$b"
	nat_policies "$GB" $rnet "$2" "$b" "$a"
	[ -n "$3" ] && ip -n "$GB" route add "$3" via "$a"
	insmod "$MOD"
	only_gw_a
	blackhole_on
}
nat_down() {
	blackhole_off
	sa_flush
	rmmod xfrm_mss
	topology_down
}

# nat_case NAME FAMILY WANT CLIENT CIF SERVER SIF SERVER_ADDR [DST]: the
# MSS at both ends, the counters and a transfer, through gw_a's NAT.
nat_case() {
	local name=$1 fam=$2 want=$3 snap r
	shift 3
	snap=$(stats_snap "seen_syn sa_out sa_in clamped unchanged skip_no_sa")
	r=$(conn_mss "$fam" "$@")
	check "${name}_mss" "$want $want" "$r"
	check "${name}_counters" "seen_syn=+2 sa_out=+1 sa_in=+1 clamped=+2" \
		"$(stats_delta "$snap")"
	if transfer "$1" "$3" "$5" "$BULK" "$LONG" "${6:-}"; then
		ok "${name}_transfer_completes"
	else
		diag "$TRANSFER_INFO"
		fail "${name}_transfer_completes"
	fi
}

# rc_pair NAME WANT: both directions between the LANs, with a transfer.
rc_pair() {
	check "${1}_a_to_b" "$2 $2" "$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)"
	check "${1}_b_to_a" "$2 $2" "$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2)"
	if transfer "$LA" "$LB" 10.2.0.2 "$BULK" "$LONG"; then
		ok "${1}_transfer_completes"
	else
		diag "$TRANSFER_INFO"
		fail "${1}_transfer_completes"
	fi
}

# --- SNAT to a virtual address: nft, then iptables -----------------------
nat_up 4 100.64.0.1/32 100.64.0.1/32
nGA nft -f - <<-NFT
	table ip xm_nat {
		chain post {
			type nat hook postrouting priority srcnat;
			ip saddr 10.1.0.0/24 ip daddr 10.2.0.0/24 snat to 100.64.0.1
		}
	}
NFT
nat_case snat_nft 4 1406 "$LA" a0 "$LB" b1 10.2.0.2
nGA nft delete table ip xm_nat
nGA iptables -t nat -A POSTROUTING -s 10.1.0.0/24 -d 10.2.0.0/24 \
	-j SNAT --to-source 100.64.0.1
nat_case snat_iptables 4 1406 "$LA" a0 "$LB" b1 10.2.0.2
nGA iptables -t nat -F POSTROUTING

# --- a DNAT port forward: 100.64.0.1 to lan_a, replies into the tunnel ---
nGA nft -f - <<-NFT
	table ip xm_nat {
		chain pre {
			type nat hook prerouting priority dstnat;
			ip daddr 100.64.0.1 tcp dport 1024-65535 dnat to 10.1.0.2
		}
	}
NFT
nat_case dnat_port_forward 4 1406 "$LB" b1 "$LA" a0 10.1.0.2 100.64.0.1
nat_down

# --- masquerade to gw_a's WAN address ----------------------------------
nat_up 4 192.0.2.1/32 ""
nGA nft -f - <<-NFT
	table ip xm_nat {
		chain post {
			type nat hook postrouting priority srcnat;
			ip saddr 10.1.0.0/24 ip daddr 10.2.0.0/24 masquerade
		}
	}
NFT
nat_case masquerade 4 1406 "$LA" a0 "$LB" b1 10.2.0.2
nat_down

# --- IPv6 SNAT (NAT66) to fd64::1 --------------------------------------
nat_up 6 fd64::1/128 fd64::1/128
nGA nft -f - <<-NFT
	table ip6 xm_nat6 {
		chain post {
			type nat hook postrouting priority srcnat;
			ip6 saddr fd01::/64 ip6 daddr fd02::/64 snat to fd64::1
		}
	}
NFT
nat_case snat6_nft 6 1366 "$LA" a0 "$LB" b1 fd02::2
nat_down

# --- strongSwan's table 220, with its route's mtu -----------------------
nat_up 4 10.1.0.0/24 ""
ipb "$GA" <<-EOF
	route del 10.2.0.0/24
	rule add pref 220 lookup 220
	route add 10.2.0.0/24 via 192.0.2.2 dev w0 src 10.1.0.1 mtu 1400 table 220
EOF
rc_pair table220_route_mtu_1400 1360
nat_down

# --- an output mark on gw_a's SAs, routed by an ip rule ------------------
# om_up GA_NET GB_ROUTE: as nat_up 4, with output-mark 0x5 on gw_a's SAs,
# which an ip rule routes through table 50 (mtu 1400 toward gw_b).
om_up() {
	local g om
	topology_up
	for g in "$GA" "$GB"; do
		om=
		[ "$g" = "$GA" ] && om="output-mark 0x5"
		ipb "$g" <<-EOF
			xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x4001 reqid 1 mode tunnel aead rfc4106(gcm(aes)) $KEY_GCM 128 $om
			xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x4002 reqid 1 mode tunnel aead rfc4106(gcm(aes)) $KEY_GCM 128 $om
		EOF
	done
	nat_policies "$GA" "$1" 10.2.0.0/24 192.0.2.1 192.0.2.2
	nat_policies "$GB" 10.2.0.0/24 "$1" 192.0.2.2 192.0.2.1
	[ -n "$2" ] && ip -n "$GB" route add "$2" via 192.0.2.1
	ipb "$GA" <<-EOF
		rule add fwmark 0x5 lookup 50
		route add 192.0.2.2 dev w0 mtu 1400 table 50
	EOF
	insmod "$MOD"
	only_gw_a
	blackhole_on
}
om_up 10.1.0.0/24 ""
rc_pair output_mark_route_mtu_1400 1306
nat_down
# The same behind SNAT and a DNAT port forward: the replies' SA is then
# found without a bundle for their untranslated addresses.
om_up 100.64.0.1/32 100.64.0.1/32
nGA nft -f - <<-NFT
	table ip xm_nat {
		chain post {
			type nat hook postrouting priority srcnat;
			ip saddr 10.1.0.0/24 ip daddr 10.2.0.0/24 snat to 100.64.0.1
		}
		chain pre {
			type nat hook prerouting priority dstnat;
			ip daddr 100.64.0.1 tcp dport 1024-65535 dnat to 10.1.0.2
		}
	}
NFT
nat_case output_mark_snat 4 1306 "$LA" a0 "$LB" b1 10.2.0.2
nat_case output_mark_dnat 4 1306 "$LB" b1 "$LA" a0 10.1.0.2 100.64.0.1
nat_down

# --- gw_a's WAN in a VRF, an xfrm interface on it ----------------------
# vrf_xfrmi NS LOCAL REMOTE OUT_SPI IN_SPI: SAs and any-to-any policies
# of if_id 7.
vrf_xfrmi() {
	ipb "$1" <<-EOF
		xfrm state add src $2 dst $3 proto esp spi $4 reqid 1 mode tunnel aead rfc4106(gcm(aes)) $KEY_GCM 128 if_id 7
		xfrm state add src $3 dst $2 proto esp spi $5 reqid 1 mode tunnel aead rfc4106(gcm(aes)) $KEY_GCM 128 if_id 7
		xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir out tmpl src $2 dst $3 proto esp reqid 1 mode tunnel if_id 7
		xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir in tmpl src $3 dst $2 proto esp reqid 1 mode tunnel if_id 7
		xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir fwd tmpl src $3 dst $2 proto esp reqid 1 mode tunnel if_id 7
	EOF
}
topology_up
ipb "$GA" <<-EOF
	link add vrf-wan type vrf table 10
	link set vrf-wan up
	link set w0 master vrf-wan
	link add ipsec0 type xfrm dev w0 if_id 7
	link set ipsec0 up
	route replace 10.2.0.0/24 dev ipsec0
EOF
ipb "$GB" <<-EOF
	link add ipsec0 type xfrm dev w1 if_id 7
	link set ipsec0 up
	route replace 10.1.0.0/24 dev ipsec0
EOF
vrf_xfrmi "$GA" 192.0.2.1 192.0.2.2 0x4001 0x4002
vrf_xfrmi "$GB" 192.0.2.2 192.0.2.1 0x4002 0x4001
insmod "$MOD"
only_gw_a
blackhole_on
check vrf_wan_route_in_vrf_only "1" "$(nGA ip route get 192.0.2.2 >/dev/null 2>&1 || echo 1)"
rc_pair vrf_wan_xfrmi 1406
nat_down

# --- no side effects on the control plane ------------------------------
# xfrm_stat_read: gw_a's /proc/net/xfrm_stat as "name=value ..."
xfrm_stat_read() {
	nGA cat /proc/net/xfrm_stat | awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2 }'
}
# xfrm_stat_delta BEFORE: the counters that moved since BEFORE
xfrm_stat_delta() {
	local now
	now=$(xfrm_stat_read)
	awk -v a="$1" -v b="$now" 'BEGIN {
		n = split(a, x, " "); for (i = 1; i <= n; i++) { split(x[i], kv, "="); old[kv[1]] = kv[2] }
		n = split(b, y, " "); out = ""
		for (i = 1; i <= n; i++) {
			split(y[i], kv, "=")
			if (kv[2] != old[kv[1]]) out = out (out == "" ? "" : " ") kv[1] "=+" (kv[2] - old[kv[1]])
		}
		print out
	}'
}
# spoofed_syns COUNT: well-formed SYNs from 10.9.0.5 (on gw_b) to gw_a's
# 10.1.0.1, encrypted by gw_b into the SA toward gw_a.
spoofed_syns() {
	nGB /e2e/badsyn 10.9.0.5 10.1.0.1 9 valid "$1" >/dev/null
	nap 1
}
# xfrm_states: how many states gw_a has, larval ones included
xfrm_states() { nGA ip xfrm state list | grep -c '^src'; }

topology_up
nat_states 4
nat_policies "$GA" 10.1.0.0/24 10.2.0.0/24 192.0.2.1 192.0.2.2
nat_policies "$GB" 10.2.0.0/24 10.1.0.0/24 192.0.2.2 192.0.2.1
# gw_a routes 10.9.0.0/24 toward gw_b (as strongSwan's table 220 would).
ipb "$GA" <<-EOF
	route add 10.9.0.0/24 via 192.0.2.2
	xfrm policy add src 10.1.0.0/24 dst 10.9.0.0/24 dir out tmpl src 192.0.2.1 dst 192.0.2.9 proto esp reqid 9 mode tunnel
EOF
ipb "$GB" <<-EOF
	addr add 10.9.0.5/32 dev lo
	xfrm policy add src 10.9.0.5/32 dst 10.1.0.0/24 dir out tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid 1 mode tunnel
EOF
# Without the module: what the kernel itself counts for this traffic.
before=$(xfrm_stat_read)
spoofed_syns 3
without=$(xfrm_stat_delta "$before")
diag "xfrm_stat without the module: ${without:-nothing moved}"

insmod "$MOD"
only_gw_a
MON=$(mktemp)
/e2e/nsx "$GA" ip xfrm monitor >"$MON" 2>&1 &
mon=$!
nap 1
states=$(xfrm_states)
snap=$(stats_snap "seen_syn sa_in clamped skip_sel_mismatch")
before=$(xfrm_stat_read)
spoofed_syns 3
with=$(xfrm_stat_delta "$before")
check spoofed_syns_seen_by_module "seen_syn=+3 sa_in=+3 clamped=+3" "$(stats_delta "$snap")"
check spoofed_syns_xfrm_stat_as_without_module "$without" "$with"
check spoofed_syns_no_new_state "$states" "$(xfrm_states)"
kill $mon 2>/dev/null
wait $mon 2>/dev/null
check spoofed_syns_no_acquire 0 "$(grep -c acquire "$MON")"
[ "$VERBOSE" = 1 ] && cat "$MON" >&2
rm -f "$MON"

# A selector on gw_a's inbound SA, as daemons may set: outside it, a SYN
# is not trusted as decapsulated.
nGA ip xfrm state delete src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x4002
nGA ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x4002 reqid 1 \
	mode tunnel aead 'rfc4106(gcm(aes))' "$KEY_GCM" 128 sel src 10.2.0.0/24 dst 10.1.0.0/24
snap=$(stats_snap "seen_syn sa_in clamped skip_sel_mismatch")
spoofed_syns 2
check spoofed_syns_outside_selector_counted "seen_syn=+2 skip_sel_mismatch=+2" \
	"$(stats_delta "$snap")"
blackhole_on
check inside_selector_exact "1406 1406" "$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2)"
blackhole_off
sa_flush
rmmod xfrm_mss
topology_down
