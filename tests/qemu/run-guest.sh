#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boots a test guest and judges the run:
#   run-guest.sh --kernel BZIMAGE --initrd CPIO --out DIR [--append ARGS]
#                [--mem MB] [--smp N] [--timeout SEC]
# ttyS0 is the console (DIR/console.log), ttyS1 carries only the suite's
# KTAP (DIR/ktap), and the guest writes "success" to ttyS2 (DIR/status)
# as its last act when its harness ran to the end. The host trusts that
# file, never console text. Afterwards judge.sh scans the console for
# kernel warnings, oopses, KASAN and kmemleak reports: any hit fails the
# run.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

kernel='' initrd='' out='' append='' mem=1024 smp=2 tmo=900
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
{ [ -n "$kernel" ] && [ -n "$initrd" ] && [ -n "$out" ]; } || die "usage: run-guest.sh --kernel K --initrd I --out DIR"
bash "$XFRM_MSS_TOP/tests/lib/deps.sh" qemu-system-x86
mkdir -p "$out"

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
	first=$(bash "$XFRM_MSS_TOP/tests/qemu/judge.sh" --first "$out/console.log")
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
# Kernel reports (judge.sh says which, and what it sets aside) fail the
# run; make test lists their lines with the failures.
if ! bash "$XFRM_MSS_TOP/tests/qemu/judge.sh" "$out/console.log" "$out" >&2; then
	log "kernel reports in the console (above)"
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	log "last console lines ($out/console.log):"
	tail -n 40 "$out/console.log" >&2 || true
	exit 1
fi
