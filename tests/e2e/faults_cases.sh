# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Allocation failures while loading, sourced by cases.sh inside the guest
# on a kernel with fault injection (the debug kernel; skipped elsewhere).
# /e2e/modfail loads the module with the Nth fault-injection site of
# finit_module() failing, slab and page allocations alike
# (/proc/thread-self/fail-nth). A clean load first counts the sites, T.
# xfrm_mss_init() runs near the end of a load, so N goes down from T:
# through what follows the init (failures there are survived), through
# the init (each failure makes it unwind and log "cannot load"), and on
# into the module loader until 15 loads in a row were not refused by the
# init (failing before it, or surviving a failure in the allocator's own
# bookkeeping: kmemleak, KASAN's stack depot). Every allocation of the
# init has then failed once; with FAULTS_STRIDE=K (guest argument
# faults_stride=K, as make test runs it) every Kth, and `make stress`
# makes it every one again. After each load nothing of the module may be
# left (module, sysfs, sysctls).
# Each failure makes the allocator dump its stack and the memory state,
# which on the serial console would take most of the run: the console
# shows emergencies only meanwhile, and the kernel log of each load is
# scanned here instead; whatever report it holds is printed to the
# console, where the host's scan fails the run. kmemleak is read at the
# end of the guest run.
# Only when named (only=faults): make test and make stress name it on
# the debug kernel.
# e2e-part: order=80 named

dbg=/sys/kernel/debug
if [ ! -d $dbg/failslab ] || [ ! -w /proc/thread-self/fail-nth ]; then
	skip faults_load_has_allocation_sites "no failslab in this kernel"
	skip faults_every_init_allocation_failed_once "no failslab in this kernel"
	skip faults_init_unwinds_reached "no failslab in this kernel"
	skip faults_nothing_left_after_failed_loads "no failslab in this kernel"
	skip faults_no_kernel_report_in_loads "no failslab in this kernel"
	skip faults_clean_load_after "no failslab in this kernel"
	return 0
fi

# Count GFP_KERNEL allocations and order-0 pages too; no stack per fault.
for a in failslab fail_page_alloc; do
	echo N > $dbg/$a/ignore-gfp-wait
	echo 0 > $dbg/$a/verbose
done
echo N > $dbg/fail_page_alloc/ignore-gfp-highmem
echo 0 > $dbg/fail_page_alloc/min-order

# shellcheck disable=SC2046 # modfail prints four words: $1 to $4
set -- $(/e2e/modfail "$MOD" 1000000)
total=$((1000000 - ${4:-1000000}))
echo "faults: a clean load has $total allocation sites"
[ "${2:-1}" = 0 ] && rmmod xfrm_mss
max=${FAULTS_MAX:-1500}
stride=${FAULTS_STRIDE:-1}
n=$((total + stride)) tries=0 injected=0 loaded=0 left='' in_init=0 before=0
# A report begins a line of the log. Injected failures make the kernel
# dump stacks of its own (warn_alloc, __register_sysctl_table), whose
# frames name lockdep and KASAN functions: not reports, so words inside a
# line are never matched.
REPORTS=$'(^|\n)(\\[[^]]*\\] )?(WARNING:|BUG:|Oops|unreferenced object|general protection|Kernel panic|DEBUG_LOCKS_WARN_ON)'
: > /tmp/faults.reports
dmesg -n 1
dmesg -c > /dev/null
while [ $n -gt "$stride" ] && [ $tries -lt "$max" ] && [ $before -lt 15 ]; do
	n=$((n - stride)) tries=$((tries + 1))
	# shellcheck disable=SC2046 # the same four words
	set -- $(/e2e/modfail "$MOD" $n)
	[ $# = 4 ] || { left="$left modfail#$n"; break; }
	[ "$3" = 1 ] && injected=$((injected + 1))
	if [ "$2" = 0 ]; then
		# A load that survived its failure must be whole.
		[ -r /sys/kernel/xfrm_mss/stats/clamped ] && [ -r /proc/sys/net/xfrm_mss/enable ] ||
			left="$left incomplete#$n"
		loaded=$((loaded + 1))
		rmmod xfrm_mss || { left="$left rmmod#$n"; break; }
	fi
	# Matched in bash: a fork per load costs seconds under TCG.
	log=$(dmesg -c)
	if [[ $log == *"xfrm_mss: cannot load"* ]]; then
		in_init=$((in_init + 1)) before=0
	elif [ $in_init -gt 0 ]; then
		before=$((before + 1))
	fi
	[[ $log =~ $REPORTS ]] && printf 'load %s:\n%s\n' $n "$log" >> /tmp/faults.reports
	for p in /sys/module/xfrm_mss /sys/kernel/xfrm_mss /proc/sys/net/xfrm_mss; do
		[ -e $p ] && left="$left $p#$n"
	done
	[ -n "$left" ] && break
	[ $((tries % 25)) = 0 ] &&
		echo "faults: $tries loads, at site $n of $total, $in_init refused by the init"
done
dmesg -n 6
# Into the console, for the host's scan, and a case of its own.
cat /tmp/faults.reports
for a in failslab fail_page_alloc; do
	echo Y > $dbg/$a/ignore-gfp-wait
done
diag "faults: $total allocation sites in a load; $tries loads (sites $n..$total)," \
	"$injected with a failure injected, $loaded loaded anyway, $in_init refused" \
	"by xfrm_mss_init, then $before in a row not (stride $stride)"
check_range faults_load_has_allocation_sites 50 100000 "$total"
# Walked through the init into the loader: every init allocation failed.
check faults_every_init_allocation_failed_once 15 "$before"
check_range faults_init_unwinds_reached 1 "$tries" "$in_init"
check faults_nothing_left_after_failed_loads "" "$left"
check faults_no_kernel_report_in_loads "" \
	"$(grep -E '^load [0-9]+:$' /tmp/faults.reports | tr '\n' ' ')"
if insmod "$MOD" && [ -r /sys/kernel/xfrm_mss/stats/clamped ] &&
   [ -r /proc/sys/net/xfrm_mss/enable ] && rmmod xfrm_mss; then
	ok faults_clean_load_after
else
	fail faults_clean_load_after
fi

# --- teardown under traffic -----------------------------------------------
# A test build (run.sh builds it with -DXFRM_MSS_TEST_WIDEN) whose hook
# busy-waits test_delay_us between its start and its first read of the
# namespace's state: the module is unloaded while SYNs pass its hooks in
# softirq (lan_a's, forwarded by gw_a and gw_b) and in process context
# (gw_a's own raw SYNs, sent through LOCAL_OUT and POST_ROUTING), 100
# times. A hook still running when the namespace's state is freed reads
# freed memory, which KASAN reports; the hooks must be gone, and a grace
# period past, before that (pernet .pre_exit).
WIDEN=/e2e/xfrm_mss-widen.ko
TEARDOWN_CYCLES=${TEARDOWN_CYCLES:-100}
topology_up
sa_setup gcm4
# 50 SYNs a second from each; each waits 2 ms in every hook it passes.
/e2e/nsx "$LA" /e2e/badsyn 10.1.0.2 10.2.0.2 9 valid 100000000 20000 >/dev/null 2>&1 &
syn1=$!
/e2e/nsx "$GA" /e2e/badsyn 10.1.0.1 10.2.0.2 9 valid 100000000 20000 >/dev/null 2>&1 &
syn2=$!
: > /tmp/teardown.reports
dmesg -c > /dev/null
cycles=0 busy=0
for i in $(seq "$TEARDOWN_CYCLES"); do
	insmod $WIDEN test_delay_us=2000 || break
	nap 0.2
	# SYNs were in the hooks while it was loaded.
	[ "$(stat seen_syn)" -gt 0 ] && busy=$((busy + 1))
	rmmod xfrm_mss || break
	cycles=$((cycles + 1))
	log=$(dmesg -c)
	[[ $log =~ $REPORTS ]] && printf 'cycle %s:\n%s\n' "$i" "$log" >> /tmp/teardown.reports
done
kill $syn1 $syn2 2>/dev/null
wait $syn1 $syn2 2>/dev/null
cat /tmp/teardown.reports
check teardown_unload_cycles_under_syns "$TEARDOWN_CYCLES" "$cycles"
check teardown_syns_in_hooks_every_cycle "$TEARDOWN_CYCLES" "$busy"
check teardown_no_kernel_report "" \
	"$(grep -E '^cycle [0-9]+:$' /tmp/teardown.reports | tr '\n' ' ')"
sa_flush
topology_down
