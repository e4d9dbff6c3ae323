# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by tests/e2e/cases.sh and demo.sh, inside the guest (bash).
#
#   lan_a ---- gw_a ======== gw_b ---- lan_b
#   10.1.0.2   10.1.0.1          10.2.0.1   10.2.0.2
#   fd01::2    fd01::1           fd02::1    fd02::2
#              192.0.2.1  192.0.2.2
#              2001:db8::1  2001:db8::2
#
# Four namespaces with unique names, veth links of MTU 1500, forwarding on
# in the gateways, and policy-based tunnel SAs between the gateways from
# `ip xfrm` with fixed test keys. xfrm_mss is loaded once for the whole
# guest; net.xfrm_mss.enable=0 in every namespace but gw_a makes it act
# as if it were loaded on gw_a only (the other gateway may be any vendor's).

P=xm$$
LA=$P-la GA=$P-ga GB=$P-gb LB=$P-lb RT=$P-rt
# The gateways' WAN addresses; topology_rt_up moves gw_b behind a router.
OUT4_A=192.0.2.1 OUT4_B=192.0.2.2 OUT6_A=2001:db8::1 OUT6_B=2001:db8::2
VERBOSE=${VERBOSE:-0}

# Commands run in a namespace through /e2e/nsx (tests/e2e/nsx.c), not
# "ip netns exec": under TCG on the debug kernel ip(8) costs 2-3 s a run.
# Not for a job in the background that is killed later: for "nA cmd &",
# $! is a subshell, and killing it leaves cmd running. Write
# "/e2e/nsx "$LA" cmd &" there: $! is then cmd itself.
nA() { /e2e/nsx "$LA" "$@"; }
nGA() { /e2e/nsx "$GA" "$@"; }
nGB() { /e2e/nsx "$GB" "$@"; }
nB() { /e2e/nsx "$LB" "$@"; }

# nap SECONDS: sleep in the shell. Every program started costs about
# 0.3 s on the debug kernel under TCG, sleep(1) too; a read with a
# timeout on a FIFO that never gets data costs none.
NAP_FIFO=/tmp/nap.$$
mkfifo "$NAP_FIFO" && exec {NAP_FD}<>"$NAP_FIFO"
rm -f "$NAP_FIFO"
nap() { read -r -t "$1" -u "$NAP_FD" _ || :; }

# --- KTAP (the format of kselftest's ktap_helpers.sh) ---------------------
KTAP_RESULTS=${KTAP_RESULTS:-/tmp/ktap.body}
KTAP_N=0
: > "$KTAP_RESULTS"
diag() { echo "# $*" | tee -a "$KTAP_RESULTS"; }
KTAP_T=$SECONDS
ktap_result() { # ok|not ok, name, [directive]
	KTAP_N=$((KTAP_N + 1))
	# Seconds since the previous result, for part_done's slowest list.
	echo "$((SECONDS - KTAP_T)) $2" >> /tmp/ktap.times
	KTAP_T=$SECONDS
	echo "$1 $KTAP_N $2${3:+ # $3}" | tee -a "$KTAP_RESULTS"
}
ok() { ktap_result ok "$1"; }
fail() { ktap_result "not ok" "$1"; }
skip() { ktap_result ok "$1" "SKIP $2"; }
# check NAME WANT GOT: exact equality
check() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		diag "$1: want $2, got $3"
		fail "$1"
	fi
}
# check_range NAME LO HI GOT: LO <= GOT <= HI
check_range() {
	if [ -n "$4" ] && [ "$4" -ge "$2" ] && [ "$4" -le "$3" ]; then
		ok "$1"
	else
		diag "$1: want $2..$3, got ${4:-nothing}"
		fail "$1"
	fi
}
ktap_emit() { # the whole document, header and plan first
	echo "KTAP version 1"
	echo "1..$KTAP_N"
	cat "$KTAP_RESULTS"
}

# --- topology ---------------------------------------------------------------
# Each ip(8) run costs seconds on the debug kernel under TCG (about 4 s
# each with three guests on two cores, 2026-12-03): a namespace's
# configuration goes in one batch (ipb NS, commands on stdin; "-" for the
# initial namespace).
ipb() {
	if [ "$1" = - ]; then ip -batch -; else ip -n "$1" -batch -; fi
}
topology_up() {
	local n fwd
	ipb - <<-EOF
		netns add $LA
		netns add $GA
		netns add $GB
		netns add $LB
	EOF
	for n in "$LA" "$GA" "$GB" "$LB"; do
		# The gateways forward; "all" also sets interfaces to come.
		fwd=0
		[ "$n" = "$GA" ] || [ "$n" = "$GB" ] && fwd=1
		/e2e/nsx "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 \
			net.ipv4.ip_forward=$fwd net.ipv6.conf.all.forwarding=$fwd
	done
	ipb - <<-EOF
		link add a0 netns $LA type veth peer name a1 netns $GA
		link add w0 netns $GA type veth peer name w1 netns $GB
		link add b0 netns $GB type veth peer name b1 netns $LB
	EOF
	lan_end "$LA" a0 10.1.0.2 fd01::2 10.1.0.1 fd01::1
	lan_end "$LB" b1 10.2.0.2 fd02::2 10.2.0.1 fd02::1
	# The tunnel needs a route for the inner prefixes; the policy does the rest.
	ipb "$GA" <<-EOF
		link set lo up
		addr add 10.1.0.1/24 dev a1
		addr add fd01::1/64 dev a1 nodad
		addr add 192.0.2.1/24 dev w0
		addr add 2001:db8::1/64 dev w0 nodad
		link set a1 up
		link set w0 up
		route add 10.2.0.0/24 via 192.0.2.2
		route add fd02::/64 via 2001:db8::2
	EOF
	ipb "$GB" <<-EOF
		link set lo up
		addr add 192.0.2.2/24 dev w1
		addr add 2001:db8::2/64 dev w1 nodad
		addr add 10.2.0.1/24 dev b0
		addr add fd02::1/64 dev b0 nodad
		link set w1 up
		link set b0 up
		route add 10.1.0.0/24 via 192.0.2.1
		route add fd01::/64 via 2001:db8::1
	EOF
}
# lan_end NS DEV ADDR4 ADDR6 GW4 GW6: a LAN host, routed through its gateway
lan_end() {
	ipb "$1" <<-EOF
		link set lo up
		addr add $3/24 dev $2
		addr add $4/64 dev $2 nodad
		link set $2 up
		route add default via $5
		route add default via $6
	EOF
}

# topology_rt_up WAN_MTU: as topology_up, but with a router between the
# gateways; its link toward gw_b has WAN_MTU, and it drops the ICMP errors
# it generates (a PMTU black hole on the WAN):
#   gw_a w0 192.0.2.1 -- r0 192.0.2.254 [rt] r1 198.51.100.254 -- w1 198.51.100.2 gw_b
#           2001:db8::1    2001:db8::fe      2001:db8:1::fe        2001:db8:1::2
topology_rt_up() {
	OUT4_B=198.51.100.2 OUT6_B=2001:db8:1::2
	topology_up
	ip -n "$GA" link del w0
	ip netns add "$RT"
	/e2e/nsx "$RT" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1
	ipb - <<-EOF
		link add w0 netns $GA type veth peer name r0 netns $RT
		link add r1 netns $RT type veth peer name w1 netns $GB
	EOF
	# Deleting w0 took its veth peer w1 and every route through them.
	ipb "$GA" <<-EOF
		addr add 192.0.2.1/24 dev w0
		addr add 2001:db8::1/64 dev w0 nodad
		link set w0 up
		route replace default via 192.0.2.254
		route replace default via 2001:db8::fe
	EOF
	ipb "$RT" <<-EOF
		link set lo up
		addr add 192.0.2.254/24 dev r0
		addr add 2001:db8::fe/64 dev r0 nodad
		addr add 198.51.100.254/24 dev r1
		addr add 2001:db8:1::fe/64 dev r1 nodad
		link set r1 mtu $1
		link set r0 up
		link set r1 up
	EOF
	ipb "$GB" <<-EOF
		addr add 198.51.100.2/24 dev w1
		addr add 2001:db8:1::2/64 dev w1 nodad
		link set w1 mtu $1
		link set w1 up
		route replace default via 198.51.100.254
		route replace default via 2001:db8:1::fe
	EOF
	icmp_blackhole "$RT" xm_rt_blackhole
}

topology_down() {
	local n
	# -force: on past the ones that do not exist.
	for n in "$LA" "$GA" "$GB" "$LB" "$RT"; do echo "netns pids $n"; done |
		ip -force -batch - 2>/dev/null | xargs -r kill 2>/dev/null
	for n in "$LA" "$GA" "$GB" "$LB" "$RT"; do echo "netns del $n"; done |
		ip -force -batch - 2>/dev/null
	OUT4_B=192.0.2.2 OUT6_B=2001:db8::2
}

# --- SAs -------------------------------------------------------------------
KEY_GCM=0x0102030405060708091011121314151617181920		# 128-bit key + salt
KEY_AES=0x0102030405060708090a0b0c0d0e0f10
KEY_SHA=0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20

# sa_setup SUITE: gcm4 | cbc4 | natt4 | gcm6
sa_setup() {
	local suite=$1 g algo encap=() outer_a=$OUT4_A outer_b=$OUT4_B
	local net_a=10.1.0.0/24 net_b=10.2.0.0/24
	case $suite in
	gcm4|natt4|gcm6) algo=(aead 'rfc4106(gcm(aes))' "$KEY_GCM" 128) ;;
	cbc4) algo=(enc 'cbc(aes)' "$KEY_AES" auth-trunc 'hmac(sha256)' "$KEY_SHA" 128) ;;
	esac
	[ "$suite" = natt4 ] && encap=(encap espinudp 4500 4500 0.0.0.0)
	if [ "$suite" = gcm6 ]; then
		outer_a=$OUT6_A outer_b=$OUT6_B net_a=fd01::/64 net_b=fd02::/64
	fi
	sa_flush
	for g in "$GA" "$GB"; do
		ipb "$g" <<-EOF
			xfrm state add src $outer_a dst $outer_b proto esp spi 0x1001 reqid 1 mode tunnel ${algo[*]} ${encap[*]} ${SA_FLAGS:+flag $SA_FLAGS}
			xfrm state add src $outer_b dst $outer_a proto esp spi 0x1002 reqid 2 mode tunnel ${algo[*]} ${encap[*]} ${SA_FLAGS:+flag $SA_FLAGS}
		EOF
	done
	policy "$GA" $net_a $net_b $outer_a $outer_b 1
	policy "$GB" $net_b $net_a $outer_b $outer_a 2
	if [ "$suite" = natt4 ]; then
		# ESP-in-UDP is only taken off a UDP socket with UDP_ENCAP set.
		/e2e/nsx "$GA" /e2e/tcpx natt 4500 >/dev/null &
		/e2e/nsx "$GB" /e2e/tcpx natt 4500 >/dev/null &
		sleep 0.3
	fi
}

# policy NS LOCAL_NET REMOTE_NET LOCAL_GW REMOTE_GW OUT_REQID
policy() {
	local in_reqid=$(( $6 == 1 ? 2 : 1 ))
	ipb "$1" <<-EOF
		xfrm policy add src $2 dst $3 dir out tmpl src $4 dst $5 proto esp reqid $6 mode tunnel
		xfrm policy add src $3 dst $2 dir fwd tmpl src $5 dst $4 proto esp reqid $in_reqid mode tunnel
		xfrm policy add src $3 dst $2 dir in tmpl src $5 dst $4 proto esp reqid $in_reqid mode tunnel
	EOF
}

# sa_flush: the gateways' programs stopped, their SAs and policies gone.
sa_flush() {
	local g
	for g in "$GA" "$GB"; do
		ip netns pids "$g" 2>/dev/null | xargs -r kill 2>/dev/null
	done
	sa_flush_states
}
# sa_flush_states: the gateways' SAs and policies gone, programs kept.
sa_flush_states() {
	local g
	for g in "$GA" "$GB"; do
		ipb "$g" <<-EOF
			xfrm policy flush
			xfrm state flush
		EOF
	done
}

# --- the module --------------------------------------------------------------
# only_gw_a: xfrm_mss acts in gw_a alone (if loaded).
only_gw_a() {
	local n
	[ -d /proc/sys/net/xfrm_mss ] || return 0
	for n in "$LA" "$GB" "$LB" "$RT"; do
		/e2e/nsx "$n" -w /proc/sys/net/xfrm_mss/enable 0 2>/dev/null
	done
}
stat() { local v; read -r v <"/sys/kernel/xfrm_mss/stats/$1" && echo "$v"; }
STATS="seen_syn sa_out sa_in clamped unchanged skip_no_sa skip_no_mss bad_truncated"
# shellcheck disable=SC2120 # COUNTERS is optional
stats_snap() { local s; for s in ${1:-$STATS}; do echo "$s=$(stat "$s")"; done; }
# shellcheck disable=SC2034 # read by df_cases.sh and ike_cases.sh
DF_STATS="df_cleared df_set df_unchanged df_skip_too_big df_skip_kernel_rule df_skip_no_sa
	df_skip_ipv6 df_skip_not_esp df_bad_header"
# stats_delta BEFORE: "name=+N ..." for the counters that moved
stats_delta() {
	local line s v now out=
	for line in $1; do
		s=${line%%=*} v=${line#*=}
		now=$(stat "$s")
		[ "$now" -ne "$v" ] && out="$out $s=+$((now - v))"
	done
	echo "${out# }"
}

# tool_sa_mss 4|6 PEER: the MSS that `xfrm-mss sa` gives for gw_a's SA
# toward PEER (gw_b's WAN address), for inner traffic of the family given.
tool_sa_mss() {
	local out
	out=$(nGA /e2e/xfrm-mss sa --mtu 1500 --json) || { echo "tool failed"; return; }
	jq -r --arg d "$2" ".sas[] | select(.dst == \$d) | .mss_ipv$1" <<<"$out"
}

# --- measurements -----------------------------------------------------------
PORT=20000
# await_listen FILE: until tcpdump said it is capturing (or 60 s: its
# start takes over 10 s on the debug kernel under TCG). No program runs
# in the loop, so the limit is in seconds, not in rounds. FILE must be
# new or emptied by the caller before tcpdump starts: the background
# job truncates it only when it gets to run.
await_listen() {
	local end=$((SECONDS + 60)) l
	while [ $SECONDS -le $end ]; do
		while IFS= read -r l; do
			[[ $l == *"listening on"* ]] && return 0
		done 2>/dev/null <"$1"
		nap 0.1
	done
	return 1
}
# await_port NS PORT: until a socket in NS listens on TCP PORT (or 60 s);
# a fixed sleep is too short for the debug kernel under TCG. One program
# polls (tcpx waitlisten), rather than three for every look.
await_port() {
	/e2e/nsx "$1" /e2e/tcpx waitlisten "$2" 60 >/dev/null
}
# syn_filter 4|6 SYNACK(0|1) PORT: a SYN (or SYN/ACK) to/from PORT
syn_filter() {
	local want=$(( $2 ? 18 : 2 )) dir=$(( $2 ? 0 : 1 ))
	local pdir; [ "$dir" = 1 ] && pdir="dst port $3" || pdir="src port $3"
	if [ "$1" = 6 ]; then
		echo "ip6 and tcp and $pdir and ip6[53] & 18 == $want"
	else
		echo "ip and tcp and $pdir and tcp[13] & 18 == $want"
	fi
}
# conn_mss FAMILY CLIENT_NS CLIENT_IF SERVER_NS SERVER_IF SERVER_ADDR [DST]
# Opens one connection (to DST, a translated address, if given; else to
# SERVER_ADDR); prints "SYN-MSS-at-server SYNACK-MSS-at-client".
conn_mss() {
	local fam=$1 cns=$2 cif=$3 sns=$4 sif=$5 addr=$6 dst=${7:-$6} d port syn synack p1 p2 p3
	PORT=$((PORT + 1)) port=$PORT
	d=$(mktemp -d)
	/e2e/nsx "$sns" tcpdump -Z root -nv -l -c 1 -i "$sif" \
		"$(syn_filter "$fam" 0 "$port")" >"$d/syn" 2>"$d/syn.err" &
	p1=$!
	/e2e/nsx "$cns" tcpdump -Z root -nv -l -c 1 -i "$cif" \
		"$(syn_filter "$fam" 1 "$port")" >"$d/synack" 2>"$d/synack.err" &
	p2=$!
	await_listen "$d/syn.err"
	await_listen "$d/synack.err"
	/e2e/nsx "$sns" /e2e/tcpx server "$addr" "$port" >"$d/server" 2>&1 &
	p3=$!
	await_port "$sns" "$port"
	/e2e/nsx "$cns" /e2e/tcpx client "$dst" "$port" 1000 10 >"$d/client" 2>&1
	sleep 0.3
	kill $p1 $p2 $p3 2>/dev/null
	wait $p1 $p2 $p3 2>/dev/null
	syn=$(sed -n 's/.*mss \([0-9]*\).*/\1/p' "$d/syn" | head -n 1)
	synack=$(sed -n 's/.*mss \([0-9]*\).*/\1/p' "$d/synack" | head -n 1)
	[ "$VERBOSE" = 1 ] && cat "$d"/syn "$d"/synack >&2
	rm -rf "$d"
	echo "${syn:-none} ${synack:-none}"
}

# transfer CLIENT_NS SERVER_NS ADDR BYTES SECS [DST]: 0 if all bytes
# arrived in time; the client connects to DST if given, else to ADDR.
transfer() {
	local port rc d p
	PORT=$((PORT + 1)) port=$PORT
	d=$(mktemp -d)
	/e2e/nsx "$2" /e2e/tcpx server "$3" "$port" >"$d/server" 2>&1 &
	p=$!
	await_port "$2" "$port"
	/e2e/nsx "$1" /e2e/tcpx client "${6:-$3}" "$port" "$4" "$5" >"$d/client" 2>&1
	rc=$?
	sleep 0.2
	kill $p 2>/dev/null
	wait $p 2>/dev/null
	# shellcheck disable=SC2034 # read by the callers
	TRANSFER_INFO=$(tr '\n' ' ' < "$d/client")
	rm -rf "$d"
	return $rc
}

# wan_capture_start / wan_capture_max: the largest ESP packet on gw_b's WAN
# (or with "wan_capture_start FILTER", the largest packet matching FILTER)
# shellcheck disable=SC2120 # FILTER is optional
wan_capture_start() {
	WAN_CAP=$(mktemp)
	/e2e/nsx "$GB" tcpdump -Z root -nn -e -l -i w1 \
		"${1:-ip proto 50 or ip6 proto 50 or udp port 4500}" >"$WAN_CAP" 2>"$WAN_CAP.err" &
	WAN_PID=$!
	await_listen "$WAN_CAP.err"
}
wan_capture_max() { # IP packet sizes: frame length less the Ethernet header
	sleep 0.3
	kill "$WAN_PID" 2>/dev/null
	wait "$WAN_PID" 2>/dev/null
	sed -n 's/.*, length \([0-9]*\): .*/\1/p' "$WAN_CAP" | sort -n | tail -n 1 |
		awk '{ print $1 - 14 }'
	rm -f "$WAN_CAP" "$WAN_CAP.err"
}

# icmp_blackhole NS TABLE: NS drops the "fragmentation needed" and
# "packet too big" errors it generates, in an nft table named TABLE.
icmp_blackhole() {
	/e2e/nsx "$1" nft -f - <<-NFT
	table inet $2 {
		chain out {
			type filter hook output priority 0;
			icmp type destination-unreachable icmp code frag-needed drop
			icmpv6 type packet-too-big drop
		}
	}
	NFT
}
# blackhole_on: gw_a drops the ICMP errors it sends toward its LAN.
blackhole_on() { icmp_blackhole "$GA" xm_blackhole; }
blackhole_off() { nGA nft delete table inet xm_blackhole 2>/dev/null; }

# udp_through SENDER_NS RECEIVER_NS DST SIZE COUNT df|nodf: prints how
# many of COUNT datagrams of SIZE bytes reached DST.
udp_through() {
	local port d p
	PORT=$((PORT + 1)) port=$PORT
	d=$(mktemp)
	/e2e/nsx "$2" /e2e/tcpx udprecv "$3" $port 4 >"$d" 2>&1 &
	p=$!
	sleep 0.3
	/e2e/nsx "$1" /e2e/tcpx udpsend "$3" $port "$4" "$5" "$6" >/dev/null
	wait $p
	sed -n 's/^udp received \([0-9]*\).*/\1/p' "$d"
	rm -f "$d"
}

# rt_capture_start FILTER / rt_capture_stop: IPv4 packets as the router
# forwards them onto its WAN link toward gw_b. The stop prints
# "PACKETS WITH_DF FRAGMENTS BAD_HEADER_CHECKSUMS LARGEST".
rt_capture_start() {
	RT_CAP=$(mktemp)
	/e2e/nsx "$RT" tcpdump -Z root -nn -v -l -i r1 "$1" >"$RT_CAP" 2>"$RT_CAP.err" &
	RT_PID=$!
	await_listen "$RT_CAP.err"
}
# "rt_capture_stop ids" adds two more: first fragments with IP ID 0, and
# first fragments whose ID an earlier one had (RFC 6864: a packet that
# may be fragmented needs an ID of its own).
rt_capture_stop() {
	sleep 0.5
	kill "$RT_PID" 2>/dev/null
	wait "$RT_PID" 2>/dev/null
	awk -v ids="${1:-}" '/ IP \(/ {
		n++
		if (/flags \[[^]]*DF/) df++
		if (/flags \[\+/ || /offset [1-9]/) fr++
		if (/bad cksum/) bad++
		if (match($0, /length [0-9]+\)/)) {
			l = substr($0, RSTART + 7, RLENGTH - 8) + 0
			if (l > max) max = l
		}
		if (/flags \[\+/ && /offset 0,/ && match($0, /id [0-9]+,/)) {
			id = substr($0, RSTART + 3, RLENGTH - 4) + 0
			if (id == 0) zero++
			if (id in seen) dup++
			seen[id] = 1
		}
	} END {
		printf "%d %d %d %d %d", n, df, fr, bad, max
		if (ids) printf " %d %d", zero, dup
		printf "\n"
	}' "$RT_CAP"
	[ "$VERBOSE" = 1 ] && head -n 20 "$RT_CAP" >&2
	rm -f "$RT_CAP" "$RT_CAP.err"
}
