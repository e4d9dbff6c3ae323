# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# SAs negotiated by an IKE daemon, sourced by cases.sh inside the guest:
# strongSwan's charon on each gateway, configured through swanctl, with
# pre-shared keys over IKEv2. Each gateway's daemon has its own
# strongswan.conf, vici socket and log under $IKE/NS, and its own /var/run
# (charon's pid file has a fixed path) in a private mount namespace.
# xfrm_mss acts in gw_a only; path MTU 1500; gw_a drops the ICMP errors it
# sends toward its LAN. For each proposal: the exact MSS in both
# directions (SYN at the server, SYN/ACK at the client, for connections
# opened from either LAN), a transfer that completes, `xfrm-mss sa` on the
# same figure, and nothing counted as unsupported.
#
# Expected MSS, derived by hand (ESP tunnel, 1500-byte path):
#   aes128gcm16, aes256gcm16, chacha20poly1305 (IV 8, ICV 16, pad to 4):
#     IPv4 outer: 1500 - 20 - 8 - 8 - 16 = 1448 (x4) - 2 = 1446; - 40 = 1406
#     NAT-T:      1500 - 20 - 8 UDP - 8 - 8 - 16 = 1440 - 2 = 1438; - 40 = 1398
#     IPv6 outer: 1500 - 40 - 8 - 8 - 16 = 1428 - 2 = 1426; - 40 = 1386 for
#                 IPv4 inside, - 60 = 1366 for IPv6 inside
#   aes256-sha256 (CBC: IV 16, pad to 16; HMAC-SHA-256 ICV 16):
#     IPv4 outer: 1500 - 20 - 8 - 16 - 16 = 1440 (x16) - 2 = 1438; - 40 = 1398
#   aes256-sha512 (ICV 32):
#     IPv4 outer: 1500 - 20 - 8 - 16 - 32 = 1424 (x16) - 2 = 1422; - 40 = 1382
# e2e-part: order=100

IKE=/tmp/ike
CHARON=/usr/lib/ipsec/charon
# A suite newer than the host's (trixie) brings the daemons with their own
# libraries and dynamic loader (tests/e2e/fetch-ike.sh): run through it.
IKE_LIB=/usr/lib/xfrm-mss-ike
IKE_LD=()
[ -x $IKE_LIB/ld-linux-x86-64.so.2 ] &&
	IKE_LD=("$IKE_LIB/ld-linux-x86-64.so.2" --library-path "$IKE_LIB:/usr/lib/ipsec")

# ike_start NS: charon in NS, once its vici socket answers.
ike_start() {
	local n=$1 d=$IKE/$1 end
	rm -rf "$d"
	mkdir -p "$d"
	cat >"$d/strongswan.conf" <<-EOF
	charon {
		load_modular = no
		load = random nonce openssl aes sha1 sha2 hmac gcm kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici attr
		# Inbound SAs stay this long after a rekey: both are present.
		delete_rekeyed_delay = 20
		retransmit_timeout = 2
		filelog {
			main {
				path = $d/charon.log
				time_format = %T
				default = 1
				knl = 2
			}
		}
		plugins {
			vici {
				socket = unix://$d/charon.vici
			}
		}
	}
	swanctl {
		load = random openssl pem pkcs1 x509 pubkey
	}
	EOF
	STRONGSWAN_CONF=$d/strongswan.conf /e2e/nsx "$n" unshare -m sh -c \
		"mount -t tmpfs none /var/run && exec ${IKE_LD[*]} $CHARON" >"$d/charon.out" 2>&1 &
	IKE_PIDS+=($!)
	end=$((SECONDS + 60))
	while [ $SECONDS -le $end ]; do
		[ -S "$d/charon.vici" ] && return 0
		nap 0.2
	done
	diag "charon in $n did not start: $(tail -n 3 "$d/charon.out" "$d/charon.log" 2>/dev/null | tr '\n' ' ')"
	return 1
}
# sw NS ARGS...: swanctl against NS's daemon
sw() {
	local n=$1
	shift
	STRONGSWAN_CONF=$IKE/$n/strongswan.conf /e2e/nsx "$n" "${IKE_LD[@]}" /usr/sbin/swanctl "$@" \
		--uri "unix://$IKE/$n/charon.vici"
}

# ike_conf NS LOCAL_ADDR REMOTE_ADDR LOCAL_TS REMOTE_TS ESP_PROPOSAL
#          [CONN_OPTION... -- CHILD_OPTION...]: NS's swanctl.conf (one
# connection "t", one child "c"), loaded into its daemon.
ike_conf() {
	local n=$1 la=$2 ra=$3 lts=$4 rts=$5 esp=$6 o conn=() child=() me=gw-a peer=gw-b
	shift 6
	while [ $# -gt 0 ] && [ "$1" != -- ]; do conn+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	child=("$@")
	[ "$n" = "$GB" ] && me=gw-b peer=gw-a
	{
		echo "connections {"
		echo "t {"
		echo "version = 2"
		echo "local_addrs = $la"
		echo "remote_addrs = $ra"
		echo "proposals = aes128-sha256-ecp256"
		for o in "${conn[@]}"; do echo "$o"; done
		printf 'local {\nauth = psk\nid = %s\n}\n' "$me"
		printf 'remote {\nauth = psk\nid = %s\n}\n' "$peer"
		echo "children {"
		echo "c {"
		echo "local_ts = $lts"
		echo "remote_ts = $rts"
		[ -n "$esp" ] && echo "esp_proposals = $esp"
		for o in "${child[@]}"; do echo "$o"; done
		echo "}"
		echo "}"
		echo "}"
		echo "}"
		printf 'secrets {\nike-t {\nid-a = gw-a\nid-b = gw-b\nsecret = xfrm-mss-test-key\n}\n}\n'
	} >"$IKE/$n/swanctl.conf"
	sw "$n" --load-all --noprompt --file "$IKE/$n/swanctl.conf" >"$IKE/$n/load.out" 2>&1 ||
		{ diag "swanctl --load-all in $n: $(tr '\n' ' ' <"$IKE/$n/load.out")"; return 1; }
}
# sw_pair OUTER ESP [CONN_OPTION... -- CHILD_OPTION...]: both gateways
# configured for ESP proposal ESP over outer family OUTER (4 or 6); the
# children cover both inner families.
sw_pair() {
	local fam=$1 esp=$2 a=$OUT4_A b=$OUT4_B
	shift 2
	[ "$fam" = 6 ] && a=$OUT6_A b=$OUT6_B
	ike_conf "$GA" "$a" "$b" 10.1.0.0/24,fd01::/64 10.2.0.0/24,fd02::/64 "$esp" "$@" &&
		ike_conf "$GB" "$b" "$a" 10.2.0.0/24,fd02::/64 10.1.0.0/24,fd01::/64 "$esp" "$@"
}
# sw_up: gw_a initiates the child; 0 once it is installed.
sw_up() {
	sw "$GA" --initiate --child c --timeout 60 >"$IKE/initiate.out" 2>&1 && return 0
	diag "initiate: $(tail -n 5 "$IKE/initiate.out" | tr '\n' ' ')"
	return 1
}
# sw_down: both daemons forget every SA and connection.
sw_down() {
	sw "$GA" --terminate --ike t --timeout 30 >/dev/null 2>&1
	sw "$GA" --unload-conn --name t >/dev/null 2>&1
	sw "$GB" --unload-conn --name t >/dev/null 2>&1
	sa_flush_states
}
# gw_a_sas: how many SAs gw_a has
gw_a_sas() { ip -n "$GA" xfrm state | grep -c '^src'; }
# transfer_check NAME CLIENT_NS SERVER_NS ADDR BYTES: a transfer that
# must complete with gw_a's ICMP toward its LAN dropped.
transfer_check() {
	if transfer "$2" "$3" "$4" "$5" "$LONG"; then
		ok "${1}_transfer_completes"
	else
		diag "$TRANSFER_INFO"
		fail "${1}_transfer_completes"
	fi
}
# ike_states NS: NS's SAs, one line each: "SRC>DST PROTO ALGORITHM
# key BITS icv BITS [encap PORT]", as `ip xfrm state` shows them.
ike_states() {
	ip -n "$1" xfrm state | awk '
		function bits(k) { return (length(k) - 2) * 4 }
		/^src / { if (sa) print sa; sa = $2 ">" $4 }
		/^\tproto / { sa = sa " " $2 }
		/^\taead / { sa = sa " " $2 " key " bits($3) " icv " $4 }
		/^\tenc / { sa = sa " " $2 " key " bits($3) }
		/^\tauth-trunc / { sa = sa " " $2 " icv " $4 }
		/^\tcomp / { sa = sa " " $2 }
		/^\tencap / { sa = sa " encap " $5 }
		/^\treplay-window .* flag / { sub(/.* flag /, ""); sa = sa " flag " $0 }
		END { if (sa) print sa }'
}

# ike_mss NAME FAM WANT [nocount]: MSS in both directions over the SA up
# now, for inner family FAM, with the counters that moved (not with
# nocount: a route-based SYN passes POST_ROUTING twice, see route_cases.sh).
ike_mss() {
	local name=$1 fam=$2 want=$3 a=10.1.0.2 b=10.2.0.2 r snap
	[ "$fam" = 6 ] && a=fd01::2 b=fd02::2
	snap=$(stats_snap)
	r=$(conn_mss "$fam" "$LA" a0 "$LB" b1 $b)
	check "${name}_syn_mss_at_server" "$want" "${r% *}"
	check "${name}_synack_mss_at_client" "$want" "${r#* }"
	r=$(conn_mss "$fam" "$LB" b1 "$LA" a0 $a)
	check "${name}_reverse_syn_mss_at_server" "$want" "${r% *}"
	check "${name}_reverse_synack_mss_at_client" "$want" "${r#* }"
	[ "${4:-}" = nocount ] && return
	check "${name}_counters" "seen_syn=+4 sa_out=+2 sa_in=+2 clamped=+4" "$(stats_delta "$snap")"
}
# ike_tool_ipcomp 4|6 PEER: `xfrm-mss sa` level by level for strongSwan's
# IPComp bundle: the ESP transport SA at the path MTU, then the IPComp
# tunnel SA at what ESP leaves (see shapes_cases.sh).
ike_tool_sa() { # MTU PROTO PEER FIELD
	local out
	out=$(nGA /e2e/xfrm-mss sa --mtu "$1" --json) || { echo "tool failed"; return; }
	jq -r --arg p "$2" --arg d "$3" ".sas[] | select(.dst == \$d and .proto == \$p) | .$4" <<<"$out"
}
ike_tool_ipcomp() {
	local m
	m=$(ike_tool_sa 1500 esp "$2" inner_mtu)
	ike_tool_sa "${m:-1500}" comp "$2" "mss_ipv$1"
}
# ike_case NAME OUTER ESP INNER_FAM:WANT... [-- CONN/CHILD OPTIONS]
ike_case() {
	local name=$1 outer=$2 esp=$3 wants=() w peer=$OUT4_B b=10.2.0.2 fam
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do wants+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	[ "$outer" = 6 ] && peer=$OUT6_B
	if ! "${IKE_D}_pair" "$outer" "$esp" "$@" || ! "${IKE_D}_up"; then
		diag "$(tail -n 5 "$IKE/$GA/"*.log | tr '\n' ' ')"
		fail "${name}_negotiated"
		"${IKE_D}_down"
		return
	fi
	ok "${name}_negotiated"
	IKE_STATES=$(ike_states "$GA")
	diag "$name: $(tr '\n' ';' <<<"$IKE_STATES")"
	diag "$name: gw_a routes to lan_b: $(ip -n "$GA" -o route get 10.2.0.2 | tr -s ' ')"
	for w in "${wants[@]}"; do
		fam=${w%%:*}
		ike_mss "${name}_ipv$fam" "$fam" "${w#*:}" ${IKE_NOCOUNT:+"$IKE_NOCOUNT"}
		check "${name}_ipv${fam}_tool_sa" "${w#*:}" "$(${IKE_TOOL:-tool_sa_mss} "$fam" "$peer")"
	done
	fam=${wants[0]%%:*}
	[ "$fam" = 6 ] && b=fd02::2
	transfer_check "$name" "$LA" "$LB" "$b" "$BULK"
	"${IKE_D}_down"
}

# The child rekeys by itself during a transfer: every 1 MB (rekey_bytes)
# of a 4 MB one, as the kernel's soft byte limit asks the daemon. The
# MSS is exact before, while the old inbound SAs are still there (the
# daemon keeps them delete_rekeyed_delay seconds), and after they went.
ike_rekey() {
	local n=ike_sw_rekey before after during end c0 c1
	if ! sw_pair 4 aes128gcm16 -- "rekey_bytes = 1000000" || ! sw_up; then
		fail "${n}_negotiated"
		sw_down
		return
	fi
	ok "${n}_negotiated"
	ike_mss "${n}_before" 4 1406
	before=$(gw_a_sas)
	c0=$(grep -c 'CHILD_SA c{[0-9]*} established' "$IKE/$GA/charon.log")
	transfer_check "$n" "$LA" "$LB" 10.2.0.2 4000000
	# Children the daemon established during the transfer (4 MB in
	# 1 MB steps: at least 3 rekeys), and the SAs now in the kernel: the
	# new pair and the old inbound ones.
	c1=$(grep -c 'CHILD_SA c{[0-9]*} established' "$IKE/$GA/charon.log")
	during=$(gw_a_sas)
	diag "$n: SAs on gw_a $before before, $during after the transfer; rekeys $((c1 - c0))"
	check_range "${n}_rekeyed_during_transfer" 3 1000 $((c1 - c0))
	check_range "${n}_old_sas_present" 3 1000 "$during"
	ike_mss "${n}_during" 4 1406
	# The old inbound SAs go after delete_rekeyed_delay.
	end=$((SECONDS + 90))
	while [ $SECONDS -le $end ]; do
		after=$(gw_a_sas)
		[ "$after" -le 2 ] && break
		nap 1
	done
	check "${n}_old_sas_gone" 2 "$after"
	ike_mss "${n}_after" 4 1406
	sw_down
}

# Trap policies: no SA until the first SYN asks for one (an acquire);
# the kernel drops that SYN while the daemon negotiates, and the client
# sends it again once the SA is up.
ike_trap() {
	local n=ike_sw_trap snap r cap p
	if ! sw_pair 4 aes128gcm16 -- "start_action = trap"; then
		fail "${n}_loaded"
		sw_down
		return
	fi
	check "${n}_no_sa_before" 0 "$(gw_a_sas)"
	snap=$(stats_snap "$STATS skip_sa_unsupported")
	cap=$(mktemp)
	/e2e/nsx "$GA" tcpdump -Z root -nn -l -i a1 \
		"$(syn_filter 4 0 $((PORT + 1)))" >"$cap" 2>"$cap.err" &
	p=$!
	await_listen "$cap.err"
	r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
	sleep 0.3
	kill $p 2>/dev/null
	wait $p 2>/dev/null
	check "${n}_syn_mss_at_server" 1406 "${r% *}"
	check "${n}_synack_mss_at_client" 1406 "${r#* }"
	# The first SYN set off the acquire and was dropped by xfrm's route
	# lookup (larval drop), before any netfilter hook; its retransmission
	# went through the SA: gw_a got two SYNs, and the module counted one.
	check "${n}_syns_from_lan" 2 "$(grep -c 'Flags \[S\]' "$cap")"
	check "${n}_counters" "seen_syn=+2 sa_out=+1 sa_in=+1 clamped=+2" "$(stats_delta "$snap")"
	rm -f "$cap" "$cap.err"
	check "${n}_sa_up" 2 "$(gw_a_sas)"
	ike_trap_rest "$n"
	sw_down
}
# ike_trap_rest NAME: once the trap made the SA, the other direction,
# what xfrm-mss sa says and a transfer.
ike_trap_rest() {
	local r
	r=$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2)
	check "${1}_reverse_syn_mss_at_server" 1406 "${r% *}"
	check "${1}_reverse_synack_mss_at_client" 1406 "${r#* }"
	check "${1}_tool_sa" 1406 "$(tool_sa_mss 4 "$OUT4_B")"
	transfer_check "$1" "$LA" "$LB" 10.2.0.2 "$BULK"
}

# Route-based: if_id_in/out on the child, an xfrm interface on each
# gateway and the remote LAN routed into it (charon installs no route
# for such a child). MSS 1406 as for policy-based AES-GCM.
ike_route_based() {
	local g dev
	for g in "$GA" "$GB"; do
		dev=w0
		[ "$g" = "$GB" ] && dev=w1
		ip -n "$g" link add ipsec42 type xfrm dev $dev if_id 42
		ip -n "$g" link set ipsec42 up
	done
	ip -n "$GA" route replace 10.2.0.0/24 dev ipsec42
	ip -n "$GB" route replace 10.1.0.0/24 dev ipsec42
	IKE_NOCOUNT=nocount ike_case ike_sw_if_id 4 aes128gcm16 4:1406 -- -- \
		"if_id_in = 42" "if_id_out = 42"
	ip -n "$GA" route replace 10.2.0.0/24 via 192.0.2.2
	ip -n "$GB" route replace 10.1.0.0/24 via 192.0.2.1
	ip -n "$GA" link del ipsec42
	ip -n "$GB" link del ipsec42
}

# A road warrior: gw_b asks gw_a for a virtual IP from gw_a's pool and
# reaches lan_a from it. gw_a, where xfrm_mss acts, is the concentrator
# that forwards between the tunnel and its LAN. The end on gw_b is seen on
# its WAN link, where tcpdump shows packets again once decrypted.
# sw_pool NS: the pool "rw" (10.3.0.0/24) added to NS's swanctl.conf, loaded.
sw_pool() {
	printf 'pools {\nrw {\naddrs = 10.3.0.0/24\n}\n}\n' >>"$IKE/$1/swanctl.conf"
	sw "$1" --load-all --noprompt --file "$IKE/$1/swanctl.conf" >/dev/null 2>&1
}
ike_vip() {
	local n=ike_sw_vip vip r
	if ! ike_conf "$GA" "$OUT4_A" "$OUT4_B" 10.1.0.0/24 dynamic aes128gcm16 "pools = rw" ||
		! sw_pool "$GA" ||
		! ike_conf "$GB" "$OUT4_B" "$OUT4_A" dynamic 10.1.0.0/24 aes128gcm16 "vips = 0.0.0.0" ||
		! sw "$GB" --initiate --child c --timeout 60 >"$IKE/initiate.out" 2>&1; then
		diag "initiate: $(tail -n 5 "$IKE/initiate.out" | tr '\n' ' ')"
		fail "${n}_negotiated"
		sw_down
		return
	fi
	ok "${n}_negotiated"
	vip=$(ip -n "$GB" -4 -o addr show dev w1 | sed -n 's|.* inet \(10\.3\.0\.[0-9]*\)/.*|\1|p')
	check "${n}_assigned" 10.3.0.1 "$vip"
	r=$(conn_mss 4 "$GB" w1 "$LA" a0 10.1.0.2)
	check "${n}_syn_mss_at_server" 1406 "${r% *}"
	check "${n}_synack_mss_at_client" 1406 "${r#* }"
	r=$(conn_mss 4 "$LA" a0 "$GB" w1 "${vip:-10.3.0.1}")
	check "${n}_reverse_syn_mss_at_server" 1406 "${r% *}"
	check "${n}_reverse_synack_mss_at_client" 1406 "${r#* }"
	check "${n}_tool_sa" 1406 "$(tool_sa_mss 4 "$OUT4_B")"
	transfer_check "$n" "$LA" "$GB" "${vip:-10.3.0.1}" "$BULK"
	sw_down
}

# ike_df clear|set: NAT-T forced, so that IKE and ESP share UDP port
# 4500. The daemon's IKE packets keep the DF bit its socket gives them
# (as with the kernel's own policy, copy) and are never counted; the ESP
# packets follow the policy: clear takes DF off datagrams sent with it,
# set puts it on datagrams sent without it. 1400 bytes, so 1492-byte ESP
# packets: they fit the path, and they are over the 1280 + overhead up to
# which set keeps the kernel's DF on an SA that may carry IPv6
# (strongSwan's tunnel SAs have no selector family; src/df.c).
ike_df() {
	local pol=$1 n=ike_sw_df_$1 cap snap r ike esp ikedf espdf df
	mod_unload
	mod_load df_policy="$pol"
	cap=$(mktemp)
	/e2e/nsx "$GB" tcpdump -Z root -nn -v -l -i w1 "src host $OUT4_A and udp" \
		>"$cap" 2>"$cap.err" &
	r=$!
	await_listen "$cap.err"
	snap=$(stats_snap "$DF_STATS")
	if ! sw_pair 4 aes128gcm16 "encap = yes" || ! sw_up; then
		fail "${n}_negotiated"
	else
		ok "${n}_negotiated"
		df='df'
		[ "$pol" = set ] && df=nodf
		check "${n}_udp_through" 5 "$(udp_through "$LA" "$LB" 10.2.0.2 1400 5 $df)"
		# One more IKE exchange now that ESP flows: a rekey of the IKE SA.
		sw "$GA" --rekey --ike t >/dev/null 2>&1
		nap 2
	fi
	sleep 0.5
	kill $r 2>/dev/null
	wait $r 2>/dev/null
	# Two lines per packet with -v: the IP header line carries the flags,
	# the next one says what the UDP payload is.
	read -r ike ikedf esp espdf <<<"$(awk '
		/ IP \(/ { df = /flags \[DF\]/; first = 1; next }
		first && /isakmp|NONESP-encap/ { i++; id += df }
		first && /UDP-encap/ { e++; ed += df }
		{ first = 0 }
		END { printf "%d %d %d %d\n", i, id, e, ed }' "$cap")"
	[ "$VERBOSE" = 1 ] && head -n 20 "$cap" >&2
	diag "$n: IKE packets $ike ($ikedf with DF), ESP packets $esp ($espdf with DF)"
	rm -f "$cap" "$cap.err"
	check_range "${n}_ike_packets_seen" 4 1000 "$ike"
	check "${n}_ike_keep_df" "$ike" "$ikedf"
	check "${n}_esp_packets_seen" 5 "$esp"
	if [ "$pol" = clear ]; then
		check "${n}_esp_df_cleared" 0 "$espdf"
		check "${n}_counters" "df_cleared=+5" "$(stats_delta "$snap")"
	else
		check "${n}_esp_df_set" 5 "$espdf"
		check "${n}_counters" "df_set=+5" "$(stats_delta "$snap")"
	fi
	sw_down
	mod_unload
	mod_load
}

# --- libreswan ---------------------------------------------------------------
# pluto in NS, with its own run directory (control socket, pid file), NSS
# database, secrets and log under $IKE/NS; the connection "t" is added with
# addconn and brought up with whack.
PLUTO=/usr/libexec/ipsec
ls_start() {
	local n=$1 d=$IKE/$1 end
	rm -rf "$d"
	mkdir -p "$d/nss" "$d/run"
	"${IKE_LD[@]}" /usr/bin/certutil -N -d "sql:$d/nss" --empty-password >"$d/certutil.out" 2>&1 ||
		{ diag "certutil in $n: $(tr '\n' ' ' <"$d/certutil.out")"; return 1; }
	echo '@gw-a @gw-b : PSK "xfrm-mss-test-key"' >"$d/ipsec.secrets"
	printf 'config setup\n\tlogfile=%s/pluto.log\n' "$d" >"$d/ipsec.conf"
	/e2e/nsx "$n" "${IKE_LD[@]}" $PLUTO/pluto --nofork --config "$d/ipsec.conf" --rundir "$d/run" \
		--nssdir "$d/nss" --secretsfile "$d/ipsec.secrets" --ipsecdir "$d" \
		--logfile "$d/pluto.log" >"$d/pluto.out" 2>&1 &
	IKE_PIDS+=($!)
	end=$((SECONDS + 60))
	while [ $SECONDS -le $end ]; do
		# libreswan 5 takes IKE only once told to listen, as
		# "ipsec start" does.
		[ -S "$d/run/pluto.ctl" ] && whack "$n" --listen >"$d/listen.out" 2>&1 &&
			return 0
		nap 0.2
	done
	diag "pluto in $n did not start: $(tail -n 3 "$d/pluto.out" "$d/pluto.log" 2>/dev/null | tr '\n' ' ')"
	return 1
}
# whack NS ARGS...
whack() { /e2e/nsx "$1" "${IKE_LD[@]}" $PLUTO/whack --ctlsocket "$IKE/$1/run/pluto.ctl" "${@:2}"; }
# ls_conf NS LEFT RIGHT LEFT_SUBNET RIGHT_SUBNET ESP [LINE...]: NS's
# ipsec.conf with the connection "t" (ESP "" for AH: a LINE says phase2).
ls_conf() {
	local n=$1 d=$IKE/$1 me=gw-a peer=gw-b o
	[ "$n" = "$GB" ] && me=gw-b peer=gw-a
	{
		printf 'config setup\n\tlogfile=%s/pluto.log\n\n' "$d"
		echo "conn t"
		echo "	left=$2"
		echo "	right=$3"
		echo "	leftsubnet=$4"
		echo "	rightsubnet=$5"
		echo "	leftid=@$me"
		echo "	rightid=@$peer"
		echo "	authby=secret"
		echo "	ikev2=insist"
		[[ " ${*:7}" == *" auto="* ]] || echo "	auto=add"
		[ -n "$6" ] && echo "	esp=$6"
		for o in "${@:7}"; do echo "	$o"; done
	} >"$d/ipsec.conf"
	if ! /e2e/nsx "$n" "${IKE_LD[@]}" $PLUTO/addconn --ctlsocket "$d/run/pluto.ctl" \
		--config "$d/ipsec.conf" t >"$d/addconn.out" 2>&1 ||
		grep -q 'did not load' "$d/addconn.out"; then
		diag "addconn in $n: $(tail -n 4 "$d/addconn.out" | tr '\n' ' ')"
		return 1
	fi
}
# ls_pair OUTER ESP [LINE...]: one family inside, the outer one (libreswan
# 4 puts one subnet pair in a child).
ls_pair() {
	local fam=$1 esp=$2 a=$OUT4_A b=$OUT4_B na=10.1.0.0/24 nb=10.2.0.0/24
	shift 2
	[ "$fam" = 6 ] && a=$OUT6_A b=$OUT6_B na=fd01::/64 nb=fd02::/64
	ls_conf "$GA" "$a" "$b" $na $nb "$esp" "$@" &&
		ls_conf "$GB" "$b" "$a" $nb $na "$esp" "$@"
}
ls_up() {
	whack "$GA" --initiate --name t >"$IKE/initiate.out" 2>&1 &&
		[ "$(gw_a_sas)" -ge 2 ] && return 0
	diag "initiate: $(tail -n 5 "$IKE/initiate.out" | tr '\n' ' ')"
	return 1
}
# Route-based: ipsec-interface=42, for which pluto makes the xfrm
# interface ipsec42 (if_id 42) and its updown routes the remote subnet
# into it; the static routes between the LANs go first.
ls_route_based() {
	local r
	ip -n "$GA" route del 10.2.0.0/24
	ip -n "$GB" route del 10.1.0.0/24
	IKE_NOCOUNT=nocount ike_case ike_ls_ipsec_interface 4 aes_gcm128 4:1406 -- \
		ipsec-interface=42
	ip -n "$GA" route replace 10.2.0.0/24 via 192.0.2.2
	ip -n "$GB" route replace 10.1.0.0/24 via 192.0.2.1
}
# Trap policies (auto=ondemand, routed by whack --route): the first SYN
# sets off the negotiation, its retransmission goes through the SA.
ls_trap() {
	local n=ike_ls_trap snap r
	if ! ls_pair 4 aes_gcm128 auto=ondemand; then
		fail "${n}_loaded"
		ls_down
		return
	fi
	whack "$GA" --route --name t >"$IKE/route.out" 2>&1 ||
		diag "whack --route: $(tail -n 3 "$IKE/route.out" | tr '\n' ' ')"
	check "${n}_no_sa_before" 0 "$(gw_a_sas)"
	snap=$(stats_snap)
	r=$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)
	check "${n}_syn_mss_at_server" 1406 "${r% *}"
	check "${n}_synack_mss_at_client" 1406 "${r#* }"
	check "${n}_counters" "seen_syn=+2 sa_out=+1 sa_in=+1 clamped=+2" "$(stats_delta "$snap")"
	check_range "${n}_sa_up" 2 4 "$(gw_a_sas)"
	ike_trap_rest "$n"
	ls_down
}
# A rekey of the child (whack --rekey-child, --rekey-ipsec before
# libreswan 5) while a transfer runs: new SPIs, the transfer completes,
# the MSS exact before and after.
ls_rekey() {
	local n=ike_ls_rekey spi0 spi1 p c rc=0
	if ! ls_pair 4 aes_gcm128 || ! ls_up; then
		fail "${n}_negotiated"
		ls_down
		return
	fi
	ike_mss "${n}_before" 4 1406
	spi0=$(ip -n "$GA" xfrm state | sed -n 's/.*proto esp spi \(0x[0-9a-f]*\).*/\1/p' | sort | paste -sd,)
	PORT=$((PORT + 1))
	/e2e/nsx "$LB" /e2e/tcpx server 10.2.0.2 $PORT >/dev/null 2>&1 &
	p=$!
	await_port "$LB" $PORT
	/e2e/nsx "$LA" /e2e/tcpx client 10.2.0.2 "$PORT" $((BULK * 16)) "$LONG" >/tmp/ls_rekey.out 2>&1 &
	c=$!
	nap 0.5
	whack "$GA" --rekey-child --name t >/dev/null 2>&1 ||
		whack "$GA" --rekey-ipsec --name t >/dev/null 2>&1
	# The rekey is over when whack returns: the transfer must still run.
	if kill -0 $c 2>/dev/null; then ok "${n}_during_transfer"; else fail "${n}_during_transfer"; fi
	wait $c || rc=$?
	kill $p 2>/dev/null
	wait $p 2>/dev/null
	check "${n}_transfer_completes" 0 "$rc"
	spi1=$(ip -n "$GA" xfrm state | sed -n 's/.*proto esp spi \(0x[0-9a-f]*\).*/\1/p' | sort | paste -sd,)
	diag "$n: SPIs $spi0 before, $spi1 after"
	if [ -n "$spi1" ] && [ "$spi0" != "$spi1" ]; then ok "${n}_new_spis"; else fail "${n}_new_spis"; fi
	ike_mss "${n}_after" 4 1406
	check "${n}_tool_sa" 1406 "$(tool_sa_mss 4 "$OUT4_B")"
	ls_down
}
ls_down() {
	whack "$GA" --delete --name t >/dev/null 2>&1
	whack "$GB" --delete --name t >/dev/null 2>&1
	sa_flush_states
}

topology_up
blackhole_on
mod_load
unsup0=$(stat skip_sa_unsupported)
IKE_PIDS=()
IKE_D=sw
if ike_start "$GA" && ike_start "$GB"; then
	ok ike_charon_started
	ike_case ike_sw_aes128gcm16 4 aes128gcm16 4:1406 6:1386
	ike_case ike_sw_aes256gcm16 4 aes256gcm16 4:1406
	ike_case ike_sw_aes256_sha256 4 aes256-sha256 4:1398
	ike_case ike_sw_aes256_sha512 4 aes256-sha512 4:1382
	ike_case ike_sw_chacha20poly1305 4 chacha20poly1305 4:1406
	ike_case ike_sw_ipv6_outer 6 aes128gcm16 6:1366 4:1386
	ike_case ike_sw_natt_forced 4 aes128gcm16 4:1398 -- "encap = yes"
	# AH tunnel, HMAC-SHA-256-128: 12 + 16 = 28, aligned to 4 (strongSwan
	# sets align4 on IPv4 AH SAs; the kernel's default is 8, 32):
	# 1500 - 20 - 28 = 1452, MSS 1412.
	ike_case ike_sw_ah_sha256 4 "" 4:1412 -- -- "ah_proposals = sha256"
	check ike_sw_ah_sha256_sas_align4 2 "$(grep -c '^[^ ]* ah flag .*align4' <<<"$IKE_STATES")"
	# IPComp in tunnel mode inside ESP in transport mode (docs/design.md):
	# the MSS of the ESP tunnel, 1406.
	IKE_TOOL=ike_tool_ipcomp ike_case ike_sw_ipcomp 4 aes128gcm16 4:1406 -- -- "ipcomp = yes"
	ike_rekey
	ike_trap
	ike_route_based
	ike_vip
	ike_df clear
	ike_df set
else
	fail ike_charon_started
fi
# Both daemons want UDP 500 and 4500: charon goes before pluto starts.
kill "${IKE_PIDS[@]}" 2>/dev/null
wait "${IKE_PIDS[@]}" 2>/dev/null
IKE_PIDS=()
sa_flush_states

# libreswan negotiates ESN by default: CBC with HMAC becomes the kernel's
# authencesn(...), with the same overhead.
IKE_D='ls'
if ls_start "$GA" && ls_start "$GB"; then
	ok ike_pluto_started
	ike_case ike_ls_aes_gcm128 4 aes_gcm128 4:1406
	ike_case ike_ls_aes_gcm256 4 aes_gcm256 4:1406
	ike_case ike_ls_aes256_sha2_256 4 aes256-sha2_256 4:1398
	ike_case ike_ls_aes256_sha2_512 4 aes256-sha2_512 4:1382
	ike_case ike_ls_chacha20_poly1305 4 chacha20_poly1305 4:1406
	ike_case ike_ls_ipv6_outer 6 aes_gcm128 6:1366
	ike_case ike_ls_natt_forced 4 aes_gcm128 4:1398 -- encapsulation=yes
	ls_route_based
	# AH tunnel, HMAC-SHA-256-128: libreswan sets align4 too, so 1412.
	ike_case ike_ls_ah_sha2_256 4 "" 4:1412 -- phase2=ah phase2alg=sha2_256
	check ike_ls_ah_sha2_256_sas_align4 2 "$(grep -c '^[^ ]* ah flag .*align4' <<<"$IKE_STATES")"
	IKE_TOOL=ike_tool_ipcomp ike_case ike_ls_compress 4 aes_gcm128 4:1406 -- compress=yes
	ls_trap
	ls_rekey
else
	fail ike_pluto_started
fi
kill "${IKE_PIDS[@]}" 2>/dev/null
wait "${IKE_PIDS[@]}" 2>/dev/null
check ike_nothing_unsupported 0 $(($(stat skip_sa_unsupported) - unsup0))
mod_unload
topology_down
