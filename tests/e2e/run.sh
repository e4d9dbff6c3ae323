#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end: builds xfrm_mss.ko against Debian's own 6.1 kernel headers,
# packs it with the cases into an initramfs, boots that kernel in QEMU, and
# reads the KTAP the guest wrote. Ends with "e2e: N passed, N failed, N
# skipped". With --demo, runs tests/e2e/demo.sh instead and shows its output.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
top=$XFRM_MSS_TOP
mode=test args= suite=bookworm
for a in "$@"; do
	case $a in
	--demo) mode=demo ;;
	-v) args=${args:+$args,}-v ;;
	--only=*) args=${args:+$args,}only=${a#--only=} ;;
	--suite=*) suite=${a#--suite=} ;;
	*) die "usage: run.sh [--demo] [-v] [--only=core|config|nested|route|df|stress] [--suite=bookworm-backports]" ;;
	esac
done

bash "$top/tests/lib/deps.sh" build-essential busybox-static iproute2 tcpdump \
	nftables qemu-system-x86 cpio kmod jq libmnl-dev pkg-config
# Debian's 6.1 by default; --suite=bookworm-backports boots its 6.12.
if [ "$suite" = bookworm ]; then
	eval "$(bash "$top/tests/qemu/fetch-debian-kernel.sh")"
else
	eval "$(XFRM_MSS_WITH_IMAGE=1 bash "$top/tests/packaging/headers.sh" "$suite")"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "building xfrm_mss.ko against $KV"
build=$work/build
mkdir -p "$build"
cp -r "$top"/{Kbuild,Makefile,src,include} "$build/"
make -s -C "$KDIR" M="$build" W=1 ${MAKEARGS:-} modules 2>&1 | grep -v '^  ' || true
[ -f "$build/xfrm_mss.ko" ] || die "module build failed"
gcc -O2 -Wall -static -o "$work/tcpx" "$top/tests/e2e/tcpx.c"
make -s -C "$top/tools" O="$work/tool" >/dev/null || die "tool build failed"

mods=(veth xfrm_user esp4 esp6 xfrm_interface ip_vti ip6_vti nf_tables
      xfrm4_tunnel xfrm6_tunnel ipcomp ipcomp6 ah4 ah6)
margs=(--modroot "$MODROOT" --kver "$KV" --moddir kernel/crypto
       --moddir kernel/arch/x86/crypto --moddir kernel/lib/crypto)
for m in "${mods[@]}"; do margs+=(--module "$m"); done
files=(--file "$top/tests/qemu/init-common.sh:/init-common.sh"
       --file "$build/xfrm_mss.ko:/e2e/xfrm_mss.ko" --file "$work/tcpx:/e2e/tcpx")
for f in lib.sh cases.sh config_cases.sh route_cases.sh nested_cases.sh df_cases.sh \
	 stress_cases.sh demo.sh; do
	[ -f "$top/tests/e2e/$f" ] && files+=(--file "$top/tests/e2e/$f:/e2e/$f")
done
bash "$top/tests/qemu/mkinitramfs.sh" -o "$work/initrd.gz" \
	--init "$top/tests/e2e/guest-init.sh" "${files[@]}" "${margs[@]}" \
	--bin /usr/sbin/ip --bin /usr/bin/tcpdump --bin /usr/sbin/nft \
	--bin /usr/bin/bash --bin /usr/bin/sort --bin /usr/bin/awk --bin /usr/bin/jq \
	--bin /usr/bin/setpriv \
	--bin "$work/tool/xfrm-mss:/e2e/xfrm-mss"

out=${XFRM_MSS_OUT:-$top/out}/$mode
[ "$suite" = bookworm ] || out=$out-$suite
append=
[ "$mode" = demo ] && append=xfrm_mss.demo
[ -n "$args" ] && append="$append xfrm_mss.args=$args"
rc=0
bash "$top/tests/qemu/run-guest.sh" --kernel "$VMLINUZ" --initrd "$work/initrd.gz" \
	--out "$out" --mem 1024 --smp 2 --timeout 1500 --append "$append" || rc=$?

if [ "$mode" = demo ]; then
	cat "$out/ktap"
	exit $rc
fi
tr -d '\r' < "$out/ktap" > "$out/ktap.txt"
grep -aE '^(not )?ok |^# ' "$out/ktap.txt" || true
p=$(grep -acE '^ok [0-9]+ [^#]*$' "$out/ktap.txt" || true)
s=$(grep -acE '^ok [0-9]+ .*# SKIP' "$out/ktap.txt" || true)
f=$(grep -acE '^not ok [0-9]+ ' "$out/ktap.txt" || true)
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out/ktap.txt" | head -n 1)
if [ -z "$plan" ] || [ $((p + s + f)) -ne "$plan" ]; then
	log "KTAP plan ${plan:-missing} does not match $((p + s + f)) results"
	f=$((f + 1))
fi
[ "$rc" -eq 0 ] || { log "the guest run failed (see $out/console.log)"; [ "$f" -gt 0 ] || f=1; }
name=e2e
[ "$suite" = bookworm ] || name=e2e-$suite
echo "$name: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
