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
rm -f "$out/console.log" "$out/ktap" "$out/status"

start=$(date +%s)
rc=0
timeout --foreground "$tmo" qemu-system-x86_64 \
	-machine q35,accel=tcg -cpu max -smp "$smp" -m "$mem" \
	-no-reboot -nodefaults -nographic -display none -monitor none \
	-kernel "$kernel" -initrd "$initrd" \
	-serial "file:$out/console.log" -serial "file:$out/ktap" \
	-serial "file:$out/status" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=6 $append" \
	</dev/null || rc=$?
log "guest ran $(($(date +%s) - start)) s (qemu exit $rc)"

fail=0
if [ "$rc" -eq 124 ]; then
	log "the guest timed out after $tmo s"
	fail=1
fi
if ! grep -qa '^success' "$out/status" 2>/dev/null; then
	log "the guest did not report success"
	fail=1
fi
hits=$(grep -naE 'WARNING:|BUG:|KASAN|Oops|unreferenced object|general protection|Call Trace|Kernel panic|lockdep|possible circular|suspicious RCU' \
	"$out/console.log" | head -n 20 || true)
if [ -n "$hits" ]; then
	log "kernel reports in the console:"
	printf '%s\n' "$hits" >&2
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	log "last console lines ($out/console.log):"
	tail -n 40 "$out/console.log" >&2 || true
	exit 1
fi
