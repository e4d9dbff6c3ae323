#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boots a test guest and judges the run:
#   run-guest.sh --kernel BZIMAGE --initrd CPIO --out DIR [--append ARGS]
#                [--mem MB] [--smp N] [--timeout SEC]
# ttyS0 is the console (DIR/console.log), ttyS1 carries only the suite's
# KTAP (DIR/ktap), and the guest writes "success" to ttyS2 (DIR/status)
# as its last act when its harness ran to the end. The host trusts that
# file, never console text. Afterwards the console is scanned for kernel
# warnings, oopses, KASAN and kmemleak reports: any hit fails the run.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

kernel= initrd= out= append= mem=1024 smp=2 tmo=900
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	*) die "run-guest.sh: unknown argument $1" ;;
	esac
done
[ -n "$kernel" ] && [ -n "$initrd" ] && [ -n "$out" ] || die "usage: run-guest.sh --kernel K --initrd I --out DIR"
bash "$XFRM_MSS_TOP/tests/lib/deps.sh" qemu-system-x86
mkdir -p "$out"

# Reports the console scan fails on. The boot line "RCU lockdep checking
# is enabled" is no report: lockdep's own begin with WARNING: or BUG:.
REPORTS='WARNING:|BUG:|KASAN|Oops|unreferenced object|general protection|Call Trace|Kernel panic|DEBUG_LOCKS_WARN_ON|possible circular|suspicious RCU'
boot() {
	rm -f "$out/console.log" "$out/ktap" "$out/status"
	start=$(date +%s)
	rc=0
	# 4-level paging: with LA57, the debug kernel's KASAN now and then
	# reports a wild access in rcu_is_watching() on an interrupt during
	# CPU detection at boot.
	timeout --foreground "$tmo" qemu-system-x86_64 \
		-machine q35 -accel "tcg${XFRM_MSS_TCG:+,$XFRM_MSS_TCG}" -cpu max,la57=off \
		-smp "$smp" -m "$mem" \
		-no-reboot -nodefaults -nographic -display none -monitor none \
		-kernel "$kernel" -initrd "$initrd" \
		-serial "file:$out/console.log" -serial "file:$out/ktap" \
		-serial "file:$out/status" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=6 $append" \
		</dev/null || rc=$?
	log "guest ran $(($(date +%s) - start)) s (qemu exit $rc)"
}
# A report before the guest's /init ran (init-common.sh prints the mark)
# is the kernel's own, from its boot under TCG, before anything tested
# ran; it also turns lock debugging off. Such a run is booted again, once.
for attempt in 1 2; do
	boot
	first=$(grep -naE "$REPORTS" "$out/console.log" | head -n 1 | cut -d: -f1 || true)
	init=$(grep -na '^xfrm-mss guest: /init' "$out/console.log" | head -n 1 | cut -d: -f1 || true)
	# (Not on the KCSAN kernel: its boot has races of its own, judged below.)
	[ "${XFRM_MSS_KCSAN_OURS:-0}" = 1 ] && break
	if [ "$attempt" = 1 ] && [ -n "$first" ] && { [ -z "$init" ] || [ "$first" -lt "$init" ]; }; then
		log "a kernel report during boot, before /init: $(sed -n "${first}p" "$out/console.log")"
		cp "$out/console.log" "$out/console.boot-report.log"
		log "booting again (the first console is in $out/console.boot-report.log)"
		continue
	fi
	break
done

fail=0
if [ "$rc" -eq 124 ]; then
	log "the guest timed out after $tmo s"
	fail=1
fi
if ! grep -qa '^success' "$out/status" 2>/dev/null; then
	log "the guest did not report success"
	fail=1
fi
scan=$out/console.log
# XFRM_MSS_KCSAN_OURS=1 (the KCSAN kernel): a KCSAN report fails the run
# only if the module's code is in it; the others go to kcsan-others.log.
if [ "${XFRM_MSS_KCSAN_OURS:-0}" = 1 ]; then
	rm -f "$out/kcsan-ours.log" "$out/kcsan-others.log"
	awk -v ours="$out/kcsan-ours.log" -v others="$out/kcsan-others.log" '
		/BUG: KCSAN:/ { inb = 1; blk = $0 "\n"; next }
		inb {
			blk = blk $0 "\n"
			if ($0 ~ /^(\[[ 0-9.]*\] )?=+$/) {
				printf "%s", blk >> (blk ~ /xfrm_mss/ ? ours : others)
				inb = 0
			}
			next
		}
		{ print }' "$out/console.log" > "$out/console.nokcsan.log"
	scan=$out/console.nokcsan.log
	n=$(grep -c 'BUG: KCSAN:' "$out/kcsan-others.log" 2>/dev/null || true)
	log "KCSAN: ${n:-0} reports outside the module (kcsan-others.log)"
	if [ -s "$out/kcsan-ours.log" ]; then
		log "KCSAN reports in the module's code:"
		grep 'BUG: KCSAN:' "$out/kcsan-ours.log" | sed 's/^/kernel report: /' >&2
		fail=1
	fi
fi
hits=$(grep -naE "$REPORTS" "$scan" | head -n 20 || true)
if [ -n "$hits" ]; then
	log "kernel reports in the console:"
	# One line each, prefixed: make test lists them with the failures.
	printf '%s\n' "$hits" | cut -c1-160 | sed 's/^/kernel report: /' >&2
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	log "last console lines ($out/console.log):"
	tail -n 40 "$out/console.log" >&2 || true
	exit 1
fi
