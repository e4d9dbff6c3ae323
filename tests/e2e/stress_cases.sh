# SPDX-License-Identifier: GPL-2.0
# Load and unload under traffic, sourced by cases.sh inside the guest:
# 100 cycles of insmod and rmmod while lan_a floods SYNs through the
# AES-GCM tunnel; every tenth cycle, the counters must add up (every SYN
# seen has exactly one outcome, less the few in flight on the 2 CPUs).
# The host scans the console for oopses and warnings afterwards.
#
# Not part of the default run (`--only=stress` runs it): on Debian's
# 6.1 under QEMU/TCG it currently ends in soft lockups and RCU stalls
# (RIP in ip_local_deliver, the flooding task's CPU) within the first
# cycles. The flood alone (256k SYNs in 40 s) and the flood with the
# module loaded throughout (219k SYNs, counters adding up exactly) run
# clean; only loading and unloading during the flood trips it. Under
# investigation (issue 8).

OUTCOMES="clamped unchanged skip_no_sa skip_dev_no_sa skip_no_mss skip_sa_unsupported
	skip_no_mtu bad_truncated bad_doff bad_option bad_mss_len bad_mss_dup err_nomem"

topology_up
sa_setup gcm4
nA /e2e/tcpx synflood 10.2.0.2 9 300 >/tmp/flood 2>&1 &
flood=$!
cycles=0 bad=
for i in $(seq 100); do
	insmod "$MOD" || { bad="$bad insmod#$i"; break; }
	if [ $((i % 10)) = 0 ]; then
		sleep 0.5
		sum=0
		for c in $OUTCOMES; do
			sum=$((sum + $(stat "$c")))
		done
		seen=$(stat seen_syn)
		if [ "$seen" -lt "$sum" ] || [ $((seen - sum)) -gt 4 ] || [ "$seen" -lt 10 ]; then
			bad="$bad cycle$i:seen=$seen,outcomes=$sum"
		fi
		last="seen_syn=$seen clamped=$(stat clamped)"
	fi
	rmmod xfrm_mss || { bad="$bad rmmod#$i"; break; }
	cycles=$i
done
kill -INT $flood 2>/dev/null
kill $flood 2>/dev/null
wait $flood 2>/dev/null
diag "last counted cycle: $last"
check stress_load_unload_100_cycles_under_syn_flood 100 "$cycles"
check stress_counters_add_up "" "$bad"
check stress_module_gone "" "$(ls -d /sys/module/xfrm_mss 2>/dev/null)"
sa_flush
topology_down
