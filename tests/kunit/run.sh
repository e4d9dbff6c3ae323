#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# KUnit: builds (or takes from the cache) the debug KUnit kernel, builds
# this project's modules against it out of tree, boots it in QEMU with
# every tests/kunit/*_test.ko and xfrm_mss.ko, and parses the KTAP with the
# kernel's kunit.py. Ends with "kunit: N passed, N failed, N skipped".
# --fuzz-packets=N: packets for the fuzz suite (make test: 20,000; make
# stress: 1,000,000).
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
top=$XFRM_MSS_TOP
fuzz=20000 tmo=900
for a in "$@"; do
	case $a in
	--fuzz-packets=*) fuzz=${a#*=} ;;
	*) die "usage: run.sh [--fuzz-packets=N]" ;;
	esac
done
[[ $fuzz =~ ^[0-9]+$ ]] || die "--fuzz-packets takes a number"
# A guard against a hang, not a measure: up to 4 ms a packet under TCG.
tmo=$((900 + fuzz / 250))

kdir=$(bash "$top/tests/kunit/build-kernel.sh" | tail -n 1)
src=$(readlink -f "$kdir/source-tree")
# The userland that builds for it (a 7.x tree needs trixie's compiler).
CHROOT=$(cat "$kdir/xfrm-mss-chroot" 2>/dev/null || true)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "building the modules against the KUnit kernel"
build=$work/build
mkdir -p "$build"
# A copy, so that objects built for this kernel never mix with others.
cp -r "$top"/{Kbuild,Makefile,src,include,tests} "$build/"
in_root "$CHROOT" make -s -C "$kdir" M="$build" W=1 XFRM_MSS_FUZZ_PACKETS="$fuzz" modules 2>&1 |
	grep -v '^  ' || true
ls "$build"/tests/kunit/*_test.ko "$build/xfrm_mss.ko" >/dev/null ||
	die "module build failed"

log "packing the initramfs"
args=(--file "$top/tests/qemu/init-common.sh:/init-common.sh")
for ko in "$build"/tests/kunit/*_test.ko "$build/xfrm_mss.ko"; do
	args+=(--file "$ko:/kunit/$(basename "$ko")")
done
bash "$top/tests/qemu/mkinitramfs.sh" -o "$work/initrd.gz" \
	--init "$top/tests/kunit/guest-init.sh" "${args[@]}"

out=${XFRM_MSS_OUT:-$top/out}/kunit
mkdir -p "$out"
rc=0
bash "$top/tests/qemu/run-guest.sh" --kernel "$kdir/arch/x86/boot/bzImage" \
	--initrd "$work/initrd.gz" --out "$out" --mem 2048 --timeout "$tmo" \
	--append "panic_on_warn=1 kmemleak=on" || rc=$?

summary=$(python3 "$src/tools/testing/kunit/kunit.py" parse --json="$out/results.json" \
	< "$out/ktap" 2>&1 | tee "$out/parse.log" | sed 's/\x1b\[[0-9;]*m//g' |
	grep -a 'Testing complete' | tail -n 1 || true)
sed 's/\x1b\[[0-9;]*m//g' "$out/parse.log" | grep -aE '\[(PASSED|FAILED|SKIPPED|CRASHED)\]|^\[.*\] (=|#|Expected|Testing)' | tail -n 200 || true
num() { sed -n "s/.* $1: \([0-9]*\).*/\1/p" <<<"$summary" | head -n 1; }
p=$(num passed) f=$(num failed) c=$(num crashed) s=$(num skipped) e=$(num errors)
p=${p:-0} f=$((${f:-0} + ${c:-0} + ${e:-0})) s=${s:-0}
if [ -z "$summary" ]; then
	log "no KTAP results to parse"
	f=$((f + 1))
fi
[ "$rc" -eq 0 ] || { log "the guest run failed (see $out/console.log)"; [ "$f" -gt 0 ] || f=1; }
echo "kunit: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
