#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Tests of judge.sh, the console judge every guest run goes through, on
# consoles cut from real runs. Output is KTAP; the last line is
# "harness: N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
pass=0 failn=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
fail() { n=$((n + 1)); failn=$((failn + 1)); echo "not ok $n $1"; }
check() { # NAME WANT GOT
	if [ "$2" = "$3" ]; then ok "$1"; else
		printf '# %s: want:\n%s\n# got:\n%s\n' "$1" "$2" "$3" | sed '2,$s/^/#   /'
		fail "$1"
	fi
}
# judge NAME: runs judge.sh on $w/NAME.log; output, then "exit N".
judge() {
	local out rc=0
	out=$(bash "$here/judge.sh" "$w/$1.log" "$w/$1" 2>/dev/null) || rc=$?
	printf '%s\nexit %s' "$out" "$rc" | sed '/^$/d'
}

# The ACPI caches leaked at boot under TCG (6.1 debug kernel, CI of
# 2026-12-05): reported at the end of the run although /init had set
# the boot's reports aside, then counted as a failure of the run.
acpi='unreferenced object 0xffff888001089640 (size 216):
  comm "swapper/0", pid 0, jiffies 4294892296
  hex dump (first 32 bytes):
    80 b4 03 00 00 00 00 00 00 00 00 48 00 00 00 00  ...........H....
    05 00 00 00 00 00 00 00 40 00 00 00 30 00 00 00  ........@...0...
  backtrace:
    [<00000000fe70ffe0>] kmem_cache_create_usercopy+0x122/0x330
    [<000000009a7257cd>] kmem_cache_create+0xd/0x20
    [<000000006aaa353c>] acpi_os_create_cache+0x14/0x40
    [<000000009f1ba2b3>] acpi_ut_create_caches+0x1d/0xb0
    [<0000000017c2f4df>] acpi_ut_init_globals+0x9/0x4b0
    [<00000000e8608fcf>] acpi_initialize_subsystem+0x46/0xe3
    [<000000000afc5a7c>] acpi_early_init+0x91/0x17b
    [<00000000e5b59b66>] start_kernel+0x2e8/0x367
    [<00000000ef3e5ab0>] secondary_startup_64_no_verify+0xe0/0xeb'
# A built-in initcall's object (7.x layout: "backtrace (crc ...)", no
# addresses).
initcall='unreferenced object 0xffff888003a1c000 (size 64):
  comm "swapper/0", pid 1, jiffies 4294892410
  hex dump (first 32 bytes):
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
  backtrace (crc 0):
    kmalloc_trace+0x25/0x90
    acpi_ev_install_region_handlers+0x1c/0x80
    do_one_initcall+0x5b/0x320
    kernel_init_freeable+0x2ad/0x460
    kernel_init+0x1a/0x1c0'
# An object the module leaked at load (made up, in the 6.1 layout).
ours='unreferenced object 0xffff88800a7e2d00 (size 256):
  comm "insmod", pid 212, jiffies 4294950031
  hex dump (first 32 bytes):
    78 66 72 6d 5f 6d 73 73 00 00 00 00 00 00 00 00  xfrm_mss........
  backtrace:
    [<00000000aa1c0e4b>] __kmalloc_track_caller+0x1b4/0x2c0
    [<00000000c3d2b1e0>] kmemdup+0x1c/0x40
    [<00000000d4f0a3b2>] xfrm_mss_sysctl_alloc+0x2a/0x90 [xfrm_mss]
    [<000000007b3c1a22>] xfrm_mss_net_init+0x3d/0x170 [xfrm_mss]
    [<00000000e1a4c5f6>] ops_init+0x7c/0x2a0
    [<00000000f0e9d8c7>] register_pernet_operations+0x1b8/0x350
    [<0000000012ab34cd>] register_pernet_subsys+0x24/0x40
    [<0000000023bc45de>] xfrm_mss_init+0x64/0x1000 [xfrm_mss]
    [<0000000034cd56ef>] do_one_initcall+0x9a/0x3c0
    [<0000000045de67f0>] do_init_module+0x146/0x3e0'
# What Linux 7.3's IP-TFS leaked (the shapes part on the 7.3 debug
# kernel, CI of 2026-12-05): an skb of its input, and the secpath of
# one (no IP-TFS frame in that backtrace).
iptfs_skb='unreferenced object 0xffff8880093cf600 (size 640):
  comm "softirq", pid 0, jiffies 4295075066
  hex dump (first 32 bytes):
    00 70 2d 05 80 88 ff ff 4b 02 00 00 d3 00 d4 00  .p-.....K.......
  backtrace (crc c68a471a):
    kmem_cache_alloc_node_noprof+0x288/0x520
    kmalloc_reserve+0x103/0x2b0
    __alloc_skb+0x146/0x5d0
    iptfs_alloc_skb+0x2d/0x630
    __input_process_payload.isra.0+0x411/0x1c90
    iptfs_input_ordered+0x41d/0x7a0
    iptfs_input+0x391/0xe30
    xfrm_input+0x25c0/0x61a0'
secpath='unreferenced object 0xffff8880058edf00 (size 80):
  comm "softirq", pid 0, jiffies 4295075066
  hex dump (first 32 bytes):
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
  backtrace (crc edfab02):
    kmem_cache_alloc_noprof+0x27e/0x520
    skb_ext_add+0x32c/0x650
    secpath_set+0xcd/0x1c0
    xfrm_input+0x705/0x61a0
    xfrm4_esp_rcv+0x81/0x190
    ip_protocol_deliver_rcu+0x300/0x360'
head='Linux version 6.1.192 (root@vm) #1 SMP PREEMPT_DYNAMIC
Kernel command line: console=ttyS0 panic=-1 oops=panic loglevel=6 kmemleak=on
xfrm-mss guest: /init started
xfrm_mss_config_test: invalid value '"'"'abc'"'"' for test'
tail='=== dmesg
Linux version 6.1.192 (root@vm) #1 SMP PREEMPT_DYNAMIC'

echo "KTAP version 1"
printf '%s\n' "$head" "$tail" > "$w/clean.log"
check clean_console_passes "exit 0" "$(judge clean)"

printf '%s\n' "$head" "$acpi" "$tail" > "$w/acpi.log"
check acpi_caches_leaked_at_boot_set_aside "exit 0" "$(judge acpi)"
check acpi_block_kept_in_boot_leaks_log "$acpi" "$(cat "$w/acpi/boot-leaks.log" 2>/dev/null)"

printf '%s\n' "$head" "$acpi" "$initcall" "$tail" > "$w/initcall.log"
check builtin_initcall_leak_set_aside "exit 0" "$(judge initcall)"
check two_boot_blocks_logged "2" "$(grep -c 'unreferenced object' "$w/initcall/boot-leaks.log")"

# Ours after the boot's: reported at its own line, with where it came
# from, and the run fails.
printf '%s\n' "$head" "$acpi" "$ours" "$tail" > "$w/ours.log"
check module_leak_reported_with_its_frames \
	"kernel report: 20:unreferenced object 0xffff88800a7e2d00 (size 256): __kmalloc_track_caller < kmemdup < xfrm_mss_sysctl_alloc < xfrm_mss_net_init < ops_init < register_pernet_operations
exit 1" "$(judge ours)"

printf '%s\n' "$head" "$ours" "$acpi" "WARNING: CPU: 1 PID: 212 at net/core/dev.c:10 foo+0x1/0x2" "$tail" > "$w/warn.log"
check warning_after_boot_leak_reported \
	"kernel report: 5:unreferenced object 0xffff88800a7e2d00 (size 256): __kmalloc_track_caller < kmemdup < xfrm_mss_sysctl_alloc < xfrm_mss_net_init < ops_init < register_pernet_operations
kernel report: 35:WARNING: CPU: 1 PID: 212 at net/core/dev.c:10 foo+0x1/0x2
exit 1" "$(judge warn)"

# IP-TFS: its objects and, with them, the secpaths are set aside; a
# secpath alone (an skb something else leaked) is not, nor is ours.
printf '%s\n' "$head" "$iptfs_skb" "$secpath" "$tail" > "$w/iptfs.log"
check iptfs_leaks_set_aside "exit 0" "$(judge iptfs)"
check iptfs_leaks_in_kernel_leaks_log "2" "$(grep -c 'unreferenced object' "$w/iptfs/kernel-leaks.log")"
printf '%s\n' "$head" "$secpath" "$tail" > "$w/secpath.log"
check secpath_without_iptfs_reported \
	"kernel report: 5:unreferenced object 0xffff8880058edf00 (size 80): kmem_cache_alloc_noprof < skb_ext_add < secpath_set < xfrm_input < xfrm4_esp_rcv < ip_protocol_deliver_rcu
exit 1" "$(judge secpath)"
printf '%s\n' "$head" "$iptfs_skb" "$ours" "$tail" > "$w/iptfs_ours.log"
check module_leak_beside_iptfs_reported \
	"kernel report: 18:unreferenced object 0xffff88800a7e2d00 (size 256): __kmalloc_track_caller < kmemdup < xfrm_mss_sysctl_alloc < xfrm_mss_net_init < ops_init < register_pernet_operations
exit 1" "$(judge iptfs_ours)"

printf '%s\n' "Linux version 6.1.192" "BUG: KASAN: slab-use-after-free in xfrm_mss_hook+0x12/0x300 [xfrm_mss]" \
	"xfrm-mss guest: /init started" > "$w/first.log"
check first_report_line "2" "$(bash "$here/judge.sh" --first "$w/first.log")"
check first_report_none "" "$(bash "$here/judge.sh" --first "$w/clean.log")"

# The KCSAN kernel: only reports in the module's code fail.
kcsan_other='==================================================================
BUG: KCSAN: data-race in tick_nohz_idle_stop_tick / tick_sched_timer

read to 0xffff88807dc1c2a8 of 8 bytes by task 0 on cpu 1:
 tick_nohz_idle_stop_tick+0x2ee/0x540
==================================================================='
kcsan_ours='==================================================================
BUG: KCSAN: data-race in xfrm_mss_cfg_get [xfrm_mss] / xfrm_mss_sysctl_write [xfrm_mss]

read to 0xffff888004c1e010 of 4 bytes by interrupt on cpu 0:
 xfrm_mss_cfg_get+0x1c/0x60 [xfrm_mss]
==================================================================='
printf '%s\n' "$head" "$kcsan_other" "$tail" > "$w/kother.log"
check kcsan_elsewhere_passes "exit 0" "$(XFRM_MSS_KCSAN_OURS=1 judge kother)"
printf '%s\n' "$head" "$kcsan_other" "$kcsan_ours" "$tail" > "$w/kours.log"
check kcsan_in_module_fails \
	"kernel report: KCSAN in the module: BUG: KCSAN: data-race in xfrm_mss_cfg_get [xfrm_mss] / xfrm_mss_sysctl_write [xfrm_mss]
exit 1" "$(XFRM_MSS_KCSAN_OURS=1 judge kours)"
check kcsan_other_kept "1" "$(grep -c 'BUG: KCSAN' "$w/kours/kcsan-others.log")"
# Outside the KCSAN kernel the same report fails the run.
check kcsan_elsewhere_fails_on_other_kernels \
	"kernel report: 6:BUG: KCSAN: data-race in tick_nohz_idle_stop_tick / tick_sched_timer
exit 1" "$(judge kother)"

echo "1..$n"
echo "harness: $pass passed, $failn failed, 0 skipped"
[ "$failn" -eq 0 ]
