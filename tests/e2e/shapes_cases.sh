# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# More SA shapes (issue 4), sourced by cases.sh inside the guest:
# policy-based, path MTU 1500, xfrm_mss in gw_a only. For each shape: the
# exact MSS of the SYN at the server and of the SYN/ACK at the client, for
# connections opened in both directions, the counter deltas, the MSS that
# `xfrm-mss sa` gives (level by level for a bundle), and a transfer whose
# largest packet on gw_b's WAN link is what the arithmetic says.
#   - BEET (RFC 7402), ESP: IPv4 in IPv4, IPv6 in IPv6, IPv4 in IPv6;
#   - AH+ESP: ESP tunnel inside, AH transport outside;
#   - IPComp+ESP: IPComp tunnel inside, ESP transport outside;
#   - ESP in TCP (RFC 8229), which needs CONFIG_INET_ESPINTCP: skipped on
#     Debian's kernels (6.1 and 6.12 leave it unset).
# IP-TFS has a part of its own (iptfs_cases.sh).
# Every value below is derived by hand from the kernel's header_len (the
# init_state() of esp4/esp6/ah4/ipcomp) and xfrm_state_mtu().
# Before route too, for the reason nested_cases.sh gives: ESP inside
# another transform between the same gateways.
# e2e-part: order=30

SH_GCM=(aead 'rfc4106(gcm(aes))' "$KEY_GCM" 128)
SH_AH=(auth-trunc 'hmac(sha256)' "$KEY_SHA" 128)
SH_STATS="seen_syn sa_out sa_in clamped unchanged skip_no_sa skip_sa_unsupported"

# shape_policy NS LOCAL REMOTE "OUT TEMPLATES" "IN TEMPLATES": the out
# policy, and the same in and fwd policies for the way back.
shape_policy() {
	local d
	# shellcheck disable=SC2086 # $4 and $5 are lists of words (templates)
	ip -n "$1" xfrm policy add src "$2" dst "$3" dir out $4
	for d in in fwd; do
		# shellcheck disable=SC2086 # the same
		ip -n "$1" xfrm policy add src "$3" dst "$2" dir $d $5
	done
}

# shape_conns NAME FAMILY ADDR_A ADDR_B WANT: one connection each way
# between lan_a and lan_b; the SYN at the server and the SYN/ACK at the
# client must carry WANT, gw_a lowering each once.
shape_conns() {
	local n=$1 fam=$2 snap r
	snap=$(stats_snap "$SH_STATS")
	r=$(conn_mss "$fam" "$LA" a0 "$LB" b1 "$4")
	check "${n}_a_to_b_syn_mss_at_server" "$5" "${r% *}"
	check "${n}_a_to_b_synack_mss_at_client" "$5" "${r#* }"
	r=$(conn_mss "$fam" "$LB" b1 "$LA" a0 "$3")
	check "${n}_b_to_a_syn_mss_at_server" "$5" "${r% *}"
	check "${n}_b_to_a_synack_mss_at_client" "$5" "${r#* }"
	check "${n}_counters" "seen_syn=+4 sa_out=+2 sa_in=+2 clamped=+4" \
		"$(stats_delta "$snap")"
}

# tool_sa_field SPI FIELD MTU: FIELD of gw_a's SA with SPI in
# `xfrm-mss sa --mtu MTU --json`.
tool_sa_field() {
	local out
	out=$(nGA /e2e/xfrm-mss sa --mtu "$3" --json) || { echo "tool failed"; return; }
	jq -r --argjson s "$(($1))" ".sas[] | select(.spi == \$s) | .$2" <<<"$out"
}

# shape_transfer NAME ADDR_B FILTER WIRE: a bulk transfer lan_a -> lan_b
# completes, and its largest packet matching FILTER on the WAN is WIRE.
shape_transfer() {
	wan_capture_start "$3"
	if transfer "$LA" "$LB" "$2" "$BULK" "$LONG"; then
		ok "${1}_transfer"
	else
		diag "$TRANSFER_INFO"
		fail "${1}_transfer"
	fi
	check "${1}_largest_packet" "$4" "$(wan_capture_max)"
}

# rand_transfer CLIENT_NS SERVER_NS ADDR BYTES: BYTES from /dev/urandom,
# which deflate cannot shrink, over one connection (bash's /dev/tcp);
# prints what the server received.
rand_transfer() {
	local port d p
	PORT=$((PORT + 1)) port=$PORT
	d=$(mktemp)
	/e2e/nsx "$2" timeout $((LONG + 30)) /e2e/tcpx server "$3" $port >"$d" 2>&1 &
	p=$!
	await_port "$2" $port
	/e2e/nsx "$1" timeout "$LONG" bash -c \
		"head -c $4 /dev/urandom > /dev/tcp/$3/$port" 2>/dev/null
	wait $p
	sed -n 's/^received //p' "$d"
	rm -f "$d"
}

topology_up
modprobe -q xfrm4_tunnel 2>/dev/null
modprobe -q ipcomp 2>/dev/null
modprobe -q ah4 2>/dev/null
mod_load

# --- BEET (RFC 7402), ESP, AES-GCM-128. The inner addresses are the SA's
# selector (one host pair), the outer ones the SA's; only the outer header
# goes on the wire. The MTU adjusts by the outer IP header as in transport
# mode (net_adj), and for IPv4 inside, esp4 reserves IPV4_BEET_PHMAXLEN
# (8) for a pseudo header carrying inner IPv4 options, options or not;
# xfrm_state_mtu() counts it, so full segments leave those 8 bytes unused:
#   IPv4 in IPv4: hdr = 8 ESP + 8 IV + 8 pseudo header       =   24
#     1500 - 20 IP - 24 - 16 ICV = 1440 (x4); + 20 - 2        = 1458; MSS 1418
#     full segment on the wire: 20 + 8 + 8 + (1438 + 2) + 16  = 1492
#   IPv6 in IPv6: hdr = 8 + 8 (no pseudo header)             =   16
#     1500 - 40 - 16 - 16 = 1428 (x4); + 40 - 2               = 1466; MSS 1406
#     on the wire: 40 + 8 + 8 + (1426 + 2) + 16               = 1500
#   IPv4 in IPv6: esp6 reserves 8 + (40 - 20): hdr = 16 + 28 =   44
#     1500 - 40 - 44 - 16 = 1400 (x4); + 40 - 2               = 1438; MSS 1398
#     on the wire: 40 + 8 + 8 + (1418 + 2) + 16               = 1492
# beet_setup OUTER_A OUTER_B INNER_A INNER_B
beet_setup() {
	local g
	for g in "$GA" "$GB"; do
		ip -n "$g" xfrm state add src "$1" dst "$2" proto esp spi 0x8101 \
			reqid 1 mode beet "${SH_GCM[@]}" sel src "$3" dst "$4"
		ip -n "$g" xfrm state add src "$2" dst "$1" proto esp spi 0x8102 \
			reqid 2 mode beet "${SH_GCM[@]}" sel src "$4" dst "$3"
	done
	shape_policy "$GA" "$3" "$4" "tmpl src $1 dst $2 proto esp reqid 1 mode beet" \
		"tmpl src $2 dst $1 proto esp reqid 2 mode beet"
	shape_policy "$GB" "$4" "$3" "tmpl src $2 dst $1 proto esp reqid 2 mode beet" \
		"tmpl src $1 dst $2 proto esp reqid 1 mode beet"
}
beet_setup 192.0.2.1 192.0.2.2 10.1.0.2 10.2.0.2
shape_conns beet_v4 4 10.1.0.2 10.2.0.2 1418
check beet_v4_tool_sa_mss 1418 "$(tool_sa_mss 4 192.0.2.2)"
shape_transfer beet_v4 10.2.0.2 "ip proto 50" 1492
sa_flush

beet_setup 2001:db8::1 2001:db8::2 fd01::2 fd02::2
shape_conns beet_v6 6 fd01::2 fd02::2 1406
check beet_v6_tool_sa_mss 1406 "$(tool_sa_mss 6 2001:db8::2)"
shape_transfer beet_v6 fd02::2 "ip6 proto 50" 1500
sa_flush

beet_setup 2001:db8::1 2001:db8::2 10.1.0.2 10.2.0.2
shape_conns beet_v4_in_v6 4 10.1.0.2 10.2.0.2 1398
check beet_v4_in_v6_tool_sa_mss 1398 "$(tool_sa_mss 4 2001:db8::2)"
shape_transfer beet_v4_in_v6 10.2.0.2 "ip6 proto 50" 1492
sa_flush

# --- AH+ESP, as strongSwan's kernel_netlink installs a bundle: the first
# template (applied first, so the innermost) in the CHILD_SA's mode, the
# others in transport mode, all with the same reqid: ESP tunnel, then AH
# transport over the ESP packet. On the wire: IP | AH | ESP | IP | TCP.
#   AH transport, HMAC-SHA256-128: 12 + 16 = 28 -> ALIGN8    =   32
#     1500 - 32                                               = 1468
#   ESP tunnel, AES-GCM-128, at 1468: 1468 - 36 - 16 = 1416 (x4); - 2
#                                                             = 1414; MSS 1374
#   full segment: ESP 20 + 8 + 8 + (1414 + 2) + 16 = 1468; + 32 AH = 1500
for g in "$GA" "$GB"; do
	ip -n "$g" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x8201 \
		reqid 1 mode tunnel "${SH_GCM[@]}"
	ip -n "$g" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto ah spi 0x8211 \
		reqid 1 mode transport "${SH_AH[@]}"
	ip -n "$g" xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x8202 \
		reqid 2 mode tunnel "${SH_GCM[@]}"
	ip -n "$g" xfrm state add src 192.0.2.2 dst 192.0.2.1 proto ah spi 0x8212 \
		reqid 2 mode transport "${SH_AH[@]}"
done
shape_policy "$GA" 10.1.0.0/24 10.2.0.0/24 \
	"tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 1 mode tunnel tmpl proto ah reqid 1 mode transport" \
	"tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid 2 mode tunnel tmpl proto ah reqid 2 mode transport"
shape_policy "$GB" 10.2.0.0/24 10.1.0.0/24 \
	"tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid 2 mode tunnel tmpl proto ah reqid 2 mode transport" \
	"tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 1 mode tunnel tmpl proto ah reqid 1 mode transport"
shape_conns ah_esp 4 10.1.0.2 10.2.0.2 1374
# The tool, level by level: AH at the path MTU, then ESP at what AH leaves.
m=$(tool_sa_field 0x8211 inner_mtu 1500)
check ah_esp_tool_ah_inner_mtu 1468 "$m"
check ah_esp_tool_esp_mss 1374 "$(tool_sa_field 0x8201 mss_ipv4 "${m:-1500}")"
shape_transfer ah_esp 10.2.0.2 "ip proto 51" 1500
sa_flush

# --- IPComp+ESP, as strongSwan installs it (kernel_netlink add_sa: "use
# transport mode ESP SA, IPComp uses tunnel mode"; the IPComp templates of
# the in and fwd policies are optional, `level use`): IPComp tunnel inside,
# ESP transport outside, same reqid. IPComp sends what it cannot shrink
# (and anything under deflate's 90-byte threshold, SYNs included) without
# its header, as IPIP, which the peer takes through xfrm4_tunnel's state:
# the worst case is the bare outer IP header, header_len 20.
#   ESP transport, AES-GCM-128: 1500 - 20 - 16 - 16 = 1448 (x4); + 20 - 2
#                                                             = 1466
#   IPComp tunnel at 1466: 1466 - 20                          = 1446; MSS 1406
#   incompressible full segment: IPIP 1446 + 20 = 1466;
#     ESP transport 20 + 8 + 8 + (1446 + 2) + 16              = 1500
for g in "$GA" "$GB"; do
	ip -n "$g" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto comp spi 0x8301 \
		reqid 1 mode tunnel comp deflate
	ip -n "$g" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x8311 \
		reqid 1 mode transport "${SH_GCM[@]}"
	ip -n "$g" xfrm state add src 192.0.2.2 dst 192.0.2.1 proto comp spi 0x8302 \
		reqid 2 mode tunnel comp deflate
	ip -n "$g" xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x8312 \
		reqid 2 mode transport "${SH_GCM[@]}"
done
shape_policy "$GA" 10.1.0.0/24 10.2.0.0/24 \
	"tmpl src 192.0.2.1 dst 192.0.2.2 proto comp reqid 1 mode tunnel tmpl proto esp reqid 1 mode transport" \
	"tmpl src 192.0.2.2 dst 192.0.2.1 proto comp reqid 2 mode tunnel level use tmpl proto esp reqid 2 mode transport"
shape_policy "$GB" 10.2.0.0/24 10.1.0.0/24 \
	"tmpl src 192.0.2.2 dst 192.0.2.1 proto comp reqid 2 mode tunnel tmpl proto esp reqid 2 mode transport" \
	"tmpl src 192.0.2.1 dst 192.0.2.2 proto comp reqid 1 mode tunnel level use tmpl proto esp reqid 1 mode transport"
[ "$VERBOSE" = 1 ] && { nGA ip xfrm state; nGA ip xfrm policy; } >&2
shape_conns ipcomp_esp 4 10.1.0.2 10.2.0.2 1406
m=$(tool_sa_field 0x8311 inner_mtu 1500)
check ipcomp_esp_tool_esp_inner_mtu 1466 "$m"
check ipcomp_esp_tool_comp_mss 1406 "$(tool_sa_field 0x8301 mss_ipv4 "${m:-1500}")"
wan_capture_start "ip proto 50"
check ipcomp_esp_incompressible_transfer 1048576 \
	"$(rand_transfer "$LA" "$LB" 10.2.0.2 1048576)"
check ipcomp_esp_incompressible_largest_packet 1500 "$(wan_capture_max)"
[ "$VERBOSE" = 1 ] && { nGB ip -s xfrm state; nGB cat /proc/net/xfrm_stat; } >&2
# The same SAs with no bundle for the reply: gw_a loses its out policy
# and gw_b its fwd policy for lan_a -> lan_b, so replies go in the clear.
# A SYN from lan_b then comes out of the SAs at gw_a with no bundle for
# its SYN/ACK, and xfrm_mss folds the SAs it arrived through: ESP
# transport, then the IPIP state the kernel keeps for the IPComp SA (no
# SYN is ever compressed), which stands for that IPComp tunnel:
# 1500 -> 1466 -> 1446, MSS 1406, as above. The SYN/ACK meets no SA.
ip -n "$GA" xfrm policy delete src 10.1.0.0/24 dst 10.2.0.0/24 dir out
ip -n "$GB" xfrm policy delete src 10.1.0.0/24 dst 10.2.0.0/24 dir fwd
snap=$(stats_snap "$SH_STATS")
check ipcomp_esp_no_reply_bundle_b_to_a "1406 1460" \
	"$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2)"
check ipcomp_esp_no_reply_bundle_counters \
	"seen_syn=+2 sa_in=+1 clamped=+1 skip_no_sa=+1" "$(stats_delta "$snap")"
sa_flush

# --- ESP in TCP (RFC 8229), AES-GCM-128, tunnel. esp_init_state() counts
# "only the length field, TCP encap is done by the socket": the ESP packet
# goes into an established TCP stream between the gateways, which cuts its
# own segments, so the outer TCP header is not the SA's overhead (and the
# outer IP header it counts is never sent):
#   hdr = 20 IP + 2 length + 8 ESP + 8 IV                    =   38
#   1500 - 38 - 16 = 1446 -> x4: 1444; - 2                    = 1442; MSS 1402
# The stream: gw_b listens on 4500, gw_a connects from 4501; each SA's
# encap sport is its sender's port, as esp_find_tcp_sk() looks it up.
# tcp_available_ulp lists "espintcp" where CONFIG_INET_ESPINTCP is set.
if ! grep -qw espintcp /proc/sys/net/ipv4/tcp_available_ulp 2>/dev/null; then
	for t in stream_ready a_to_b_syn_mss_at_server a_to_b_synack_mss_at_client \
		 b_to_a_syn_mss_at_server b_to_a_synack_mss_at_client counters \
		 tool_sa_mss transfer no_plain_esp; do
		skip "espintcp_$t" "kernel without CONFIG_INET_ESPINTCP"
	done
else
	/e2e/nsx "$GB" /e2e/tcpx espintcp listen 192.0.2.2 4500 >/tmp/eit.b 2>&1 &
	await_port "$GB" 4500
	/e2e/nsx "$GA" /e2e/tcpx espintcp connect 192.0.2.2 4500 192.0.2.1 4501 >/tmp/eit.a 2>&1 &
	for _ in $(seq 50); do
		grep -q ready /tmp/eit.a && grep -q ready /tmp/eit.b && break
		sleep 0.1
	done
	check espintcp_stream_ready "espintcp ready espintcp ready" \
		"$(cat /tmp/eit.a /tmp/eit.b | tr '\n' ' ' | sed 's/ $//')"
	for g in "$GA" "$GB"; do
		ip -n "$g" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x8401 \
			reqid 1 mode tunnel "${SH_GCM[@]}" encap espintcp 4501 4500 0.0.0.0
		ip -n "$g" xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x8402 \
			reqid 2 mode tunnel "${SH_GCM[@]}" encap espintcp 4500 4501 0.0.0.0
	done
	policy "$GA" 10.1.0.0/24 10.2.0.0/24 192.0.2.1 192.0.2.2 1
	policy "$GB" 10.2.0.0/24 10.1.0.0/24 192.0.2.2 192.0.2.1 2
	shape_conns espintcp 4 10.1.0.2 10.2.0.2 1402
	check espintcp_tool_sa_mss 1402 "$(tool_sa_mss 4 192.0.2.2)"
	# Nothing leaves as plain ESP: the transfer goes through the stream
	# (1 MiB: the kernels with ESP in TCP here are debug kernels, slow).
	# First a control with gw_a's module idle: the debug kernel built
	# from linux-source-7.3 stalls bulk data through ESP in TCP with or
	# without xfrm_mss (2026-12-05: nothing acknowledged in 240 s either
	# way), and a kernel that cannot carry it says nothing of the module.
	wan_capture_start "ip proto 50 or udp port 4500"
	/e2e/nsx "$GA" -w /proc/sys/net/xfrm_mss/enable 0
	transfer "$LA" "$LB" 10.2.0.2 262144 120
	rc=$?
	/e2e/nsx "$GA" -w /proc/sys/net/xfrm_mss/enable -1
	if [ $rc != 0 ]; then
		diag "control, module idle: $TRANSFER_INFO"
		skip espintcp_transfer "this kernel stalls ESP in TCP without xfrm_mss too"
	elif transfer "$LA" "$LB" 10.2.0.2 1048576 "$LONG"; then
		ok espintcp_transfer
	else
		diag "$TRANSFER_INFO"
		fail espintcp_transfer
	fi
	check espintcp_no_plain_esp "" "$(wan_capture_max)"
	[ "$VERBOSE" = 1 ] && { nGA ip -s xfrm state; nGB cat /proc/net/xfrm_stat; } >&2
fi
rm -f /tmp/eit.a /tmp/eit.b

sa_flush
rmmod xfrm_mss
topology_down
