#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark, inside the guest; topology and SAs from /e2e/lib.sh:
#
#   lan_a ---- gw_a ======== gw_b ---- lan_b
#   10.1.0.2   10.1.0.1          10.2.0.1   10.2.0.2
#              192.0.2.1  192.0.2.2          (10.9.0.0/24: routed to gw_b, no SA)
#
# gw_a is the gateway under test, with one clamping method at a time:
#   none       nothing
#   iptables   -t mangle FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
#   nftables   forward hook at mangle priority: tcp option maxseg size set rt mtu
#   fixed1360  the same iptables rule with -m tcpmss --mss 1361:1536 --set-mss 1360
#              (one FORWARD rule: both directions)
#   xfrm_mss   the module, enabled in gw_a only
#   xfrm_mss_off  (rate part only) the module with net.xfrm_mss.enable=0
#              in gw_a too: its hooks without the clamp, which splits
#              xfrm_mss's cost into the hook calls and the clamp's work
# Parts (all by default; bench.args=parts=rate+wire+flows+scale+netns):
#   rate   trafgen in lan_a offers TCP ACKs (118-byte frames) or SYNs (MSS
#          1460) to gw_a, toward lan_b through the AES-GCM SA or toward
#          10.9.0.2 outside any SA; gw_a forwards them and drops them at
#          its WAN's egress hook (sink_on). RPS steers gw_a's receive to
#          CPU 1; trafgen, this shell and what it starts, and every
#          interrupt that can move are pinned to CPU 0 (pin_cpu0), so
#          that CPU 1 runs only gw_a's softirq work and kernel threads,
#          and halts otherwise. The share of packets dropped before gw_a
#          (its backlog full) is recorded to show whether CPU 1 was the
#          bottleneck. Each window starts and ends with /bench/mark,
#          whose marker instruction makes QEMU's plugin
#          (bench/insn-plugin.c) write every vCPU's instruction count:
#          CPU 1's instructions per forwarded packet are the cost metric.
#          The windows also start and end with "mark N.a" / "mark N.b"
#          on ttyS3, where the host reads the CPU time of vCPU 1's thread,
#          and the packets gw_a forwards per second of guest time (its Ip
#          ForwDatagrams) are recorded: both secondary figures.
#   wire   64 MiB from lan_a to lan_b over the tunnel per method (plus
#          "optimum": no clamp, advmss 1406 on both ends' routes): ESP
#          packets and IP bytes on gw_a's WAN, time, the sender's MSS,
#          its retransmitted segments; once with a corked bulk sender and
#          once with plain 64 KiB writes.
#   flows  100,000 distinct TCP flows (a SYN each, answered with a
#          SYN/ACK) through the tunnel with xfrm_mss loaded: kernel memory
#          before, halfway and after.
#   scale  SYN rate through the SA with 1, 100, 1,000, 10,000 SAs and
#          policies in gw_a (the extra ones /32 selectors, unused).
#   netns  kernel memory added by loading the module, with 1 and with
#          1 + NETNS namespaces: the difference is the per-namespace cost.
# Every measurement is repeated REPS times (the rate part RATE_REPS
# times, after one unrecorded warm-up round of every cell: the first
# windows of a code path under TCG run slow while it is translated),
# methods interleaved (the order rotates each repetition). Records go to
# /tmp/bench.raw, one per line, for bench/report.sh.
# shellcheck source=../tests/e2e/lib.sh
. /e2e/lib.sh
set -m	# each background job in its own process group, killed as a group

REPS=5 RATE_REPS=7 DUR=2 WARM=0.5 MIB=64 FLOWS=100000 NETNS=500 PARTS=rate+wire+flows+scale+netns REORDER=1
SCALES="1 100 1000 10000"
METHODS="none iptables nftables fixed1360 xfrm_mss"
RATE_METHODS="$METHODS xfrm_mss_off"
for a in ${1//,/ }; do
	case $a in
	reps=*) REPS=${a#reps=} RATE_REPS=${a#reps=} ;;
	rate_reps=*) RATE_REPS=${a#rate_reps=} ;;
	dur=*) DUR=${a#dur=} ;;
	mib=*) MIB=${a#mib=} ;;
	flows=*) FLOWS=${a#flows=} ;;
	netns=*) NETNS=${a#netns=} ;;
	scales=*) SCALES=${a#scales=}; SCALES=${SCALES//+/ } ;;
	parts=*) PARTS=${a#parts=} ;;
	reorder=*) REORDER=${a#reorder=} ;;
	methods=*) METHODS=${a#methods=}; METHODS=${METHODS//+/ } RATE_METHODS=$METHODS ;;
	esac
done
part() { [[ "+$PARTS+" == *"+$1+"* ]]; }
MOD=/e2e/xfrm_mss.ko
RAW=/tmp/bench.raw MARK=0 IMARK=0
: > "$RAW"
rec() { echo "$*" >> "$RAW"; echo "bench: $*"; }
note() { echo "bench: $(date +%T) $*"; }

# --- methods on gw_a ---------------------------------------------------------
method_on() {
	case $1 in
	iptables)
		nGA iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN \
			-j TCPMSS --clamp-mss-to-pmtu ;;
	nftables)
		nGA nft -f - <<-NFT
		table ip bench_mss {
			chain clamp {
				type filter hook forward priority mangle;
				tcp flags & (syn | rst) == syn tcp option maxseg size set rt mtu
			}
		}
		NFT
		;;
	fixed1360)
		nGA iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN \
			-m tcpmss --mss 1361:1536 -j TCPMSS --set-mss 1360 ;;
	xfrm_mss)
		insmod "$MOD" && only_gw_a ;;
	xfrm_mss_off)	# the hooks, with enable=0
		insmod "$MOD" && only_gw_a && nGA sysctl -qw net.xfrm_mss.enable=0 ;;
	esac
}
# Whole tables go, not just rules: an empty base chain still costs a hook.
# Only the method's own: gw_a also holds the rate part's sink.
method_off() {
	case $1 in
	iptables|fixed1360) nGA nft delete table ip mangle ;;
	nftables) nGA nft delete table ip bench_mss ;;
	xfrm_mss|xfrm_mss_off) rmmod xfrm_mss ;;
	esac
}
# rotate N WORDS...: the words, starting at the (N mod count)-th
rotate() {
	local n=$1 w
	shift
	w=("$@")
	n=$((n % ${#w[@]}))
	echo "${w[@]:n}" "${w[@]:0:n}"
}

# --- counters without a fork: /proc/PID/net/dev of a process in the netns ----
# dev_read PID IFACE: RXP RXB TXP TXB TXD of IFACE in PID's namespace
dev_read() {
	local name rb rp
	RXP='' RXB='' TXP='' TXB='' TXD=''
	while read -r name rb rp _ _ _ _ _ _ tb tp _ td _; do
		[ "$name" = "$2:" ] || continue
		RXP=$rp RXB=$rb TXP=$tp TXB=$tb TXD=$td
		return 0
	done < "/proc/$1/net/dev"
	return 1
}
holders_up() {
	ip netns exec "$LA" sleep 100000 &
	HOLD_A=$!
	ip netns exec "$GA" sleep 100000 &
	HOLD_G=$!
	sleep 0.2
}
holders_down() { kill "$HOLD_A" "$HOLD_G" 2>/dev/null; wait "$HOLD_A" "$HOLD_G" 2>/dev/null; }
# forw_read PID: FORW = Ip ForwDatagrams in PID's namespace
forw_read() {
	local tag a b c d f rest n=0
	while read -r tag a b c d _ f rest; do
		[ "$tag" = Ip: ] || continue
		n=$((n + 1))
		[ $n = 2 ] && { FORW=$f; return 0; }
	done < "/proc/$1/net/snmp"
	return 1
}

# imark: the plugin's instruction counts now (record IMARK in the host's
# list), and MSN0, MSN1 = the packets CPU 0 and CPU 1 had taken from their
# backlogs at that moment (bench/mark.c). The marker runs on CPU 0, where
# this shell is pinned.
imark() {
	local m
	m=$(/bench/mark)
	IMARK=$((IMARK + 1))
	MSN0=${m%% *} m=${m#* } MSN1=${m%% *}
}
# rps_read: RPS1 = the RPS interrupts CPU 1 has had (/proc/net/softnet_stat,
# the tenth column, in hex)
rps_read() {
	local r rest i=0
	RPS1=0
	while read -r _ _ _ _ _ _ _ _ _ r rest; do
		[ $i = 1 ] && RPS1=$((16#$r))
		i=$((i + 1))
	done < /proc/net/softnet_stat
}

# --- rates --------------------------------------------------------------------
# pkt ack|syn DST: a trafgen packet from lan_a to DST through gw_a
pkt() {
	local tcp
	if [ "$1" = syn ]; then
		tcp="tcp(sp=40000, dp=80, seq=1000, syn, win=64240, hlen=6), 0x02, 0x04, 0x05, 0xb4"
	else
		tcp="tcp(sp=40000, dp=80, seq=1000, aseq=2000, ack, win=502), fill(0x41, 64)"
	fi
	echo "{ eth(da=$MAC_GA, sa=$MAC_LA), ipv4(saddr=10.1.0.2, daddr=$2, ttl=64, df), $tcp }"
}
# rate_once PACKET: RATE (packets/s gw_a forwarded) and DROP (share of the
# offered packets dropped before gw_a), over DUR seconds after WARM. The
# window's instruction counts are the plugin's records IMARK - 1 and
# IMARK; BL0 and BL1 are the packets CPU 0 and CPU 1 took from their
# backlogs between those two markers (on CPU 1, gw_a's receive of each
# packet it forwards), FWD the packets gw_a forwarded, read by the shell
# just after each marker, IPI1 CPU 1's RPS interrupts.
rate_once() {
	local p f0 f1 s0 s1 d0 d1 t0 t1 try n0 n1 i1
	for try in 1 2 3; do
		# With set -m the job leads its own process group, which trafgen
		# ("ip netns exec" execs it) and its per-CPU child share, so the
		# kill below stops both. (setsid here would fork a new session
		# out of reach of that kill: every trafgen would run on.)
		ip netns exec "$LA" trafgen -o a0 -P 1 -q -Q -C "$1" \
			>/tmp/trafgen.log 2>&1 &
		p=$!
		sleep "$WARM"
		MARK=$((MARK + 1))
		echo "mark $MARK.a" > /dev/ttyS3
		t0=${EPOCHREALTIME/./}
		imark; n0=$MSN0 n1=$MSN1
		forw_read "$HOLD_G"; f0=$FORW
		rps_read; i1=$RPS1
		dev_read "$HOLD_A" a0; s0=$TXP d0=$TXD
		sleep "$DUR"
		t1=${EPOCHREALTIME/./}
		echo "mark $MARK.b" > /dev/ttyS3
		imark
		forw_read "$HOLD_G"; f1=$FORW
		rps_read
		dev_read "$HOLD_A" a0; s1=$TXP d1=$TXD
		kill -INT -- -"$p" 2>/dev/null
		wait "$p" 2>/dev/null
		trafgen_reap
		FWD=$((f1 - f0)) BL0=$((MSN0 - n0)) BL1=$((MSN1 - n1)) IPI1=$((RPS1 - i1))
		RATE=$(( FWD * 1000000 / (t1 - t0) ))
		[ "$RATE" -gt 0 ] && break
		# trafgen now and then gives up at once (TX_RING flush: EAGAIN).
		note "no packets (try $try): $(grep -v 'socket memory' /tmp/trafgen.log | tr '\n' ' ')"
	done
	DROP=$(awk -v s=$((s1 - s0)) -v d=$((d1 - d0)) \
		'BEGIN { printf "%.3f", (s + d) ? d / (s + d) : 0 }')
}

# trafgen_reap: no trafgen may outlive its window (it would add its
# packets to the next ones); any left is killed, and the run says so.
trafgen_reap() {
	local c d left=
	for d in /proc/[0-9]*; do
		read -r c < "$d/comm" 2>/dev/null || continue
		[ "$c" = trafgen ] && left="$left ${d#/proc/}"
	done
	[ -z "$left" ] && return 0
	note "trafgen still running after its window:$left (killed)"
	# shellcheck disable=SC2086 # left: a list of PIDs
	kill -KILL $left 2>/dev/null
	# shellcheck disable=SC2086 # the same
	rec leftover trafgen $left
}

# gw_a drops every IPv4 packet it sends out of its WAN, at the netdev
# egress hook: after every method's hooks and the ESP transform, and in
# the same softirq that took the packet from the backlog. So all the work
# of a packet is done (and counted) by the time the next one is taken,
# and none of it is gw_b's: when gw_b's receive shared CPU 1's backlog,
# the packets queued for it at the window's edges, and those dropped when
# that queue was full, moved the instructions per packet by 1-3%. The
# neighbour entry of 192.0.2.2 is permanent: no ARP is needed.
sink_on() {
	nGA nft -f - <<-NFT
	table netdev bench_sink {
		chain out {
			type filter hook egress device w0 priority 0;
			meta protocol ip drop
		}
	}
	NFT
}
sink_off() { nGA nft delete table netdev bench_sink 2>/dev/null; }

# pin_cpu0: this shell (so every process it starts from now on) and every
# interrupt that can move, on CPU 0. unpin: the shell back on both CPUs.
pin_cpu0() {
	local f
	taskset -pc 0 $$ >/dev/null
	for f in /proc/irq/*/smp_affinity_list; do
		echo 0 > "$f"
	done 2>/dev/null
}
unpin() { taskset -pc 0-$(($(nproc) - 1)) $$ >/dev/null; }

rate_setup() {
	pin_cpu0
	nGA ip route add 10.9.0.0/24 via 192.0.2.2
	nGA ip neigh replace 192.0.2.2 dev w0 lladdr \
		"$(ip -n "$GB" -br link show w1 | awk '{ print $3 }')" nud permanent
	# gw_a receives on CPU 1; trafgen pins itself to CPU 0. gw_a's
	# devices are in a sysfs that ip netns exec mounts (nGA does not).
	ip netns exec "$GA" sh -c 'echo 2 > /sys/class/net/a1/queues/rx-0/rps_cpus'
	sink_on
	# The first trafgen runs after the topology is built fail at once
	# (TX_RING flush: EAGAIN); get them out of the way.
	DUR=1 rate_once "$(pkt ack 10.9.0.2)"
	note "warm-up: $RATE packets/s"
	# What CPU 1 executes with no traffic (it should halt): the
	# instructions of an idle window of DUR seconds.
	imark
	sleep "$DUR"
	imark
	rec rate_idle "$DUR" $IMARK
}
rate_teardown() {
	sink_off
	ip netns exec "$GA" sh -c 'echo 0 > /sys/class/net/a1/queues/rx-0/rps_cpus'
	unpin
}

# Methods back to back for each kind and path (order rotating with the
# repetition), so that each comparison spans seconds, not minutes.
# Repetition 0 is the warm-up: recorded as rate_warm, left out of the
# report.
part_rate() {
	local r m kind path dst tag
	note "rate: a warm-up round, then $RATE_REPS repetitions of ${DUR}s per method, kind and path"
	for r in $(seq 0 "$RATE_REPS"); do
		tag=rate
		[ "$r" = 0 ] && tag=rate_warm
		for kind in ack syn; do
			for path in sa nosa; do
				dst=10.2.0.2
				[ $path = nosa ] && dst=10.9.0.2
				# shellcheck disable=SC2086 # RATE_METHODS: a list of words
				for m in $(rotate "$r" $RATE_METHODS); do
					method_on "$m"
					rate_once "$(pkt $kind $dst)"
					rec "$tag" "$kind" "$path" "$m" "$r" "$RATE" "$DROP" "$MARK" "$FWD" "$IMARK" "$BL0" "$BL1" "$IPI1"
					method_off "$m"
				done
			done
		done
	done
}

# --- wire efficiency ------------------------------------------------------------
part_wire() {
	local r m p t0 t1 mss rx0 rb0 tx0 tb0 snd rt0 rt1
	note "wire: $REPS x ${MIB} MiB per method and sender"
	nA sysctl -qw net.ipv4.tcp_no_metrics_save=1
	nB sysctl -qw net.ipv4.tcp_no_metrics_save=1
	# Under TCG the path reorders segments now and then (lan_a's
	# TCPSACKReorder and TCPDSACKRecv counters rise, and no layer drops
	# a packet). RACK and the default tolerance of 3 answer that with
	# spurious fast retransmissions, at random for any method; the count
	# should follow the MSS alone. A trial with the defaults (reorder=0,
	# 8 MiB, nothing else sending) retransmitted 114 to 599 segments per
	# transfer (2-9%); with the tolerance below, none.
	[ "$REORDER" = 1 ] && nA sysctl -qw net.ipv4.tcp_reordering=127 net.ipv4.tcp_recovery=0
	for r in $(seq "$REPS"); do
		# shellcheck disable=SC2086 # METHODS: a list of words
		for m in $(rotate $((r - 1)) $METHODS optimum); do
			# Two senders: "bulk" corks (every segment but the last is
			# full, so the packet count follows the MSS alone); "client"
			# writes 64 KiB at a time with no cork, and each write's tail
			# that does not fill a segment may leave as a short one.
			for snd in bulk client; do
				# A fresh route each time: it drops the PMTU that lan_a may
				# have learned from gw_a's ICMP errors in an earlier run.
				if [ "$m" = optimum ]; then
					nA ip route replace 10.2.0.0/24 via 10.1.0.1 advmss 1406
					nB ip route replace 10.1.0.0/24 via 10.2.0.1 advmss 1406
				else
					nA ip route replace 10.2.0.0/24 via 10.1.0.1
					nB ip route replace 10.1.0.0/24 via 10.2.0.1
					method_on "$m"
				fi
				PORT=$((PORT + 1))
				ip netns exec "$LB" /e2e/tcpx server 10.2.0.2 $PORT >/tmp/server.log 2>&1 &
				p=$!
				sleep 0.3
				dev_read "$HOLD_G" w0; tx0=$TXP tb0=$TXB rx0=$RXP rb0=$RXB
				rt0=$(tcp_get "$LA" RetransSegs TCPDSACKRecv)
				t0=${EPOCHREALTIME/./}
				nA /e2e/tcpx $snd 10.2.0.2 $PORT $((MIB * 1048576)) 300 >/tmp/client.log 2>&1 ||
					note "wire: $m $snd transfer failed: $(tr '\n' ' ' </tmp/client.log)"
				t1=${EPOCHREALTIME/./}
				wait $p 2>/dev/null
				dev_read "$HOLD_G" w0
				rt1=$(tcp_get "$LA" RetransSegs TCPDSACKRecv)
				mss=$(sed -n 's/^maxseg //p' /tmp/client.log | tail -n 1)
				# IP bytes: the veth counts 14 bytes of Ethernet header per frame.
				# shellcheck disable=SC2046 # the last two figures: two words
				rec wire_$snd "$m" "$r" "${mss:-0}" $((TXP - tx0)) $((RXP - rx0)) \
					$((TXB - tb0 - 14 * (TXP - tx0) + RXB - rb0 - 14 * (RXP - rx0))) \
					$(( (t1 - t0) / 1000 )) "$(sed -n 's/^received //p' /tmp/server.log)" \
					$(echo "$rt0 $rt1" | tr '=' ' ' | awk '{ print $6 - $2, $8 - $4 }')
				[ "$m" = optimum ] || method_off "$m"
				nA ip route del 10.2.0.0/24
				nB ip route del 10.1.0.0/24
			done
		done
	done
	nA sysctl -qw net.ipv4.tcp_reordering=3 net.ipv4.tcp_recovery=1
}

# tcp_get NS NAME...: "NAME=VALUE ..." from NS's /proc/net/snmp and netstat
tcp_get() {
	local ns=$1
	shift
	ip netns exec "$ns" cat /proc/net/snmp /proc/net/netstat | awk -v want="$*" '
	!($1 in hdr) { hdr[$1] = $0; next }
	{ split(hdr[$1], h, " "); for (i = 2; i <= NF; i++) v[h[i]] = $i; delete hdr[$1] }
	END { n = split(want, w, " "); for (i = 1; i <= n; i++) printf "%s%s=%d", (i > 1 ? " " : ""), w[i], v[w[i]] }'
}

# What the ends did with the flows: lan_a's resets and segments in,
# lan_b's SYN/ACKs sent again, listen queue overflows, SYN cookies.
flows_tcp() {
	# shellcheck disable=SC2046 # tcp_get: one word per counter
	rec flows_tcp "$1" $(tcp_get "$LA" OutRsts InSegs) \
		$(tcp_get "$LB" TCPSynRetrans ListenOverflows ListenDrops SyncookiesSent TCPReqQFullDrop)
}

# --- memory ---------------------------------------------------------------------
# kmem: bytes of kernel memory in use: every allocated slab object (after
# a shrink, which moves the CPUs' slabs to the node lists, so that
# /proc/slabinfo's active counts are exact) plus the per-CPU areas. Waits
# first for RCU callbacks that free memory (old hook arrays, sockets).
kmem() {
	local f
	sleep 1
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 > "$f"
	done 2>/dev/null
	{ awk '/^Percpu:/ { print "percpu", $2 * 1024 }' /proc/meminfo; cat /proc/slabinfo; } |
		awk '$1 == "percpu" { s += $2 } NR > 3 && NF > 5 { s += $2 * $4 } END { printf "%d", s }'
}

# flows_chunk I N: the N-th 1,000 SYNs of half I (source ports from
# 1024 + (N - 1) * 1000, toward port 80 + I - 1); RC is trafgen's status
flows_chunk() {
	timeout 10 /usr/sbin/ip netns exec "$LA" trafgen -o a0 -P 1 -q -Q -C -n 1000 \
		"$(pkt syn 10.2.0.2 | sed 's/sp=40000, dp=80/sp=dinc('$((1024 + ($2 - 1) * 1000))', 65535), dp=8'$(($1 - 1))'/')" \
		>/tmp/trafgen.log 2>&1
	RC=$?
}
# procs: the processes running now, but kernel threads, on one line
procs() {
	local d c
	for d in /proc/[0-9]*; do
		c=$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null) || continue
		[ -n "$c" ] && printf '%s; ' "${d#/proc/}:${c:0:60}"
	done
}

# Kernel memory with xfrm_mss loaded, before and after FLOWS distinct TCP
# flows through the tunnel: trafgen sends one SYN per flow (source ports
# 1024-65535 toward ports 80 and 81 of lan_b, 1,000 at a time, into a
# backlog that holds them), lan_b answers each with a
# SYN/ACK (cookies once its SYN queue is full), lan_a resets them.
# Per-flow state in the module would grow with the flows; its counters
# say how many it saw: sa_out counts the SYNs clamped on their way into
# the SA, so its growth is the number of flows that went through.
part_flows() {
	local p1 p2 m0 m i s0 c0 o0 n last half=$((FLOWS / 2)) start=$SECONDS
	local deadline=$((SECONDS + 1200)) t0 o1 s1
	note "flows: $FLOWS flows through the tunnel with xfrm_mss; load $(cut -d ' ' -f 1-3 /proc/loadavg)"
	note "flows: processes: $(procs)"
	sysctl -qw net.core.netdev_max_backlog=2000
	method_on xfrm_mss
	ip netns exec "$LB" /e2e/tcpx accept-many 10.2.0.2 80 1800 >/dev/null &
	p1=$!
	ip netns exec "$LB" /e2e/tcpx accept-many 10.2.0.2 81 1800 >/dev/null &
	p2=$!
	sleep 0.5
	m0=$(kmem) s0=$(stat seen_syn) c0=$(stat clamped) o0=$(stat sa_out)
	rec flows 0 "$m0" 0 0 0
	flows_tcp 0
	for i in 1 2; do
		# In chunks: one sendto() of 50,000 frames keeps a CPU in the
		# kernel long enough for an RCU stall report under TCG. Each
		# trafgen is bounded (in the first full run one never returned;
		# a chunk takes well under a second), and so is the part. The
		# full path: busybox's timeout runs its own "ip" applet for "ip".
		for n in $(seq $((half / 1000))); do
			if [ $SECONDS -gt $deadline ]; then
				note "flows: stopped after $((SECONDS - start)) s, at chunk $n of $((half / 1000))"
				break
			fi
			o1=$(stat sa_out) s1=$(stat seen_syn) t0=${EPOCHREALTIME/./}
			flows_chunk $i "$n"
			if [ "$(stat sa_out)" = "$o1" ]; then
				# The same early TX_RING failure as in rate_once: once more.
				note "flows: nothing sent (exit $RC): $(grep -v 'socket memory' /tmp/trafgen.log | tr '\n' ' ')"
				flows_chunk $i "$n"
			fi
			sleep 0.2
			# chunk I N: trafgen's status, ms, SYNs into the SA, SYNs and SYN/ACKs seen
			rec flows_chunk $i "$n" $RC $(( (${EPOCHREALTIME/./} - t0) / 1000 )) \
				$(( $(stat sa_out) - o1 )) $(( $(stat seen_syn) - s1 ))
			[ $RC = 0 ] || note "flows: trafgen exit $RC: $(tr '\n' ' ' < /tmp/trafgen.log); processes: $(procs)"
		done
		# Until the backlog has drained: the counters stand still.
		last=-1
		for n in $(seq 120); do
			[ "$(stat seen_syn)" = "$last" ] && break
			last=$(stat seen_syn)
			sleep 1
		done
		m=$(kmem)
		rec flows $(( $(stat sa_out) - o0 )) "$m" $(( $(stat seen_syn) - s0 )) \
			$(( $(stat clamped) - c0 )) $((SECONDS - start))
	done
	flows_tcp "$(( $(stat sa_out) - o0 ))"
	kill $p1 $p2 2>/dev/null; wait $p1 $p2 2>/dev/null
	method_off xfrm_mss
	sysctl -qw net.core.netdev_max_backlog=1000
}

part_netns() {
	local r d0 d1 i
	note "netns: module load cost with 1 and with 1 + $NETNS namespaces"
	rec module coresize "$(insmod $MOD && cat /sys/module/xfrm_mss/coresize; rmmod xfrm_mss)"
	for i in 0 1; do
		if [ $i = 1 ]; then
			for r in $(seq "$NETNS"); do echo "netns add bn$r"; done | ip -batch -
		fi
		for r in $(seq "$REPS"); do
			d0=$(kmem)
			insmod "$MOD"
			d1=$(kmem)
			rmmod xfrm_mss
			rec netns $((i * NETNS + 1)) "$r" $((d1 - d0))
		done
	done
	for r in $(seq "$NETNS"); do echo "netns del bn$r"; done | ip -batch -
}

# --- scaling ----------------------------------------------------------------------
# fillers FROM TO: SAs and out policies FROM..TO-1 in gw_a, each with its
# own /32 selectors and tunnel peer, none matching the benchmark's traffic.
fillers() {
	local i a b
	for i in $(seq "$1" $(($2 - 1))); do
		a=$((i / 250)) b=$((i % 250 + 1))
		echo "xfrm state add src 192.0.2.1 dst 198.18.$a.$b proto esp spi $((0x20000 + i))" \
			"reqid $((100 + i)) mode tunnel aead rfc4106(gcm(aes)) $KEY_GCM 128"
		echo "xfrm policy add src 10.100.$a.$b/32 dst 10.200.$a.$b/32 dir out" \
			"tmpl src 192.0.2.1 dst 198.18.$a.$b proto esp reqid $((100 + i)) mode tunnel"
	done | ip -n "$GA" -batch -
}

part_scale() {
	local n have=1 r m t0
	note "scale: SYN rate through the SA with $SCALES SAs and policies"
	for n in $SCALES; do
		t0=$SECONDS
		[ "$n" -gt "$have" ] && fillers "$have" "$n"
		have=$n
		rec scale_setup "$n" "$(ip -n "$GA" xfrm state count | awk '{ print $3 }')" \
			"$(ip -n "$GA" xfrm policy count |
			   awk '{ for (i = 1; i < NF; i++) if ($i == "OUT") { print $(i + 1); exit } }')" \
			$((SECONDS - t0))
		for r in $(seq "$REPS"); do
			for m in $(rotate $((r - 1)) none iptables xfrm_mss); do
				method_on "$m"
				rate_once "$(pkt syn 10.2.0.2)"
				rec scale "$n" "$m" "$r" "$RATE" "$DROP" "$MARK" "$FWD" "$IMARK" "$BL0" "$BL1" "$IPI1"
				method_off "$m"
			done
		done
	done
}

# --- run ----------------------------------------------------------------------------
rec meta kernel "$(uname -r)"
rec meta guest_cpus "$(nproc)"
rec meta guest_mem_kb "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
rec meta guest_cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
rec meta iptables "$(iptables -V)"
rec meta nft "$(nft -v)"
rec meta trafgen "$(trafgen -v | head -n 1)"
rec meta cpuidle "$(cat /sys/devices/system/cpu/cpuidle/current_driver 2>/dev/null || echo none)" \
	"$(cat /sys/devices/system/cpu/cpuidle/current_governor_ro 2>/dev/null || echo -)"
rec meta params "reps=$REPS rate_reps=$RATE_REPS dur=$DUR warm=$WARM mib=$MIB flows=$FLOWS netns=$NETNS reorder=$REORDER"
# trafgen would raise these itself, but they exist in the first namespace only.
sysctl -qw net.core.wmem_default=4194304 net.core.wmem_max=4194304
start=$SECONDS
topology_up
sa_setup gcm4
holders_up
MAC_GA=$(ip -n "$GA" -br link show a1 | awk '{ print $3 }')
MAC_LA=$(ip -n "$LA" -br link show a0 | awk '{ print $3 }')
nGA ping -c 1 -W 2 192.0.2.2 >/dev/null
if part rate; then
	rate_setup
	part_rate
	rate_teardown
fi
part wire && part_wire
part flows && part_flows
if part scale; then
	rate_setup
	part_scale
	rate_teardown
fi
holders_down
sa_flush
topology_down
sleep 2
part netns && part_netns
rec meta guest_seconds $((SECONDS - start))
rec meta imarks $IMARK
note "done"
