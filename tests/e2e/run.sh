#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end: builds xfrm_mss.ko against Debian's own 6.1 kernel headers,
# packs it with the cases into an initramfs, boots that kernel in QEMU, and
# reads the KTAP the guest wrote. Ends with "e2e: N passed, N failed, N
# skipped". With --demo, runs tests/e2e/demo.sh instead and shows its output.
# With --kernel=debug, boots the KUnit kernel instead (KASAN, lockdep,
# PROVE_RCU, kmemleak, DEBUG_LIST; everything the topology needs built in)
# and ends with "e2e-debug: ...": any report in its console fails the run.
set -euo pipefail
# shellcheck source=../lib/common.sh
. "$(dirname "$0")/../lib/common.sh"
# shellcheck source=parts.sh
. "$(dirname "$0")/parts.sh"
top=$XFRM_MSS_TOP
# The parts, from the case files (parts.sh): "core config ...".
parts_named=$(e2e_parts "$top/tests/e2e") || die "cannot list the e2e parts"
parts=${parts_named//$'\n'/ } parts=${parts// named/}
mode=test args='' suite=bookworm kernel=debian only='' name=''
for a in "$@"; do
	case $a in
	--demo) mode=demo ;;
	-v) args=${args:+$args,}-v ;;
	--only=*) args=${args:+$args,}only=${a#--only=} only=${a#--only=} ;;
	--stress=*) args=${args:+$args,}stress=${a#--stress=} ;;
	--faults-stride=*) args=${args:+$args,}faults_stride=${a#--faults-stride=} ;;
	--suite=*) suite=${a#--suite=} ;;
	--kernel=debug) kernel=debug ;;
	--kernel=kcsan) kernel=kcsan ;;
	--name=*) name=${a#--name=} ;;
	*) die "usage: run.sh [--demo] [-v] [--only=PART[+PART...]] ($parts) [--suite=trixie|trixie-backports|bookworm-backports] [--kernel=debug|kcsan] [--stress=N] [--faults-stride=K] [--name=RESULT-NAME]" ;;
	esac
done
for p in ${only//+/ }; do
	[[ " $parts " == *" $p "* ]] || die "unknown part '$p' (the parts: $parts)"
done

# dwarves: 6.12's headers run pahole when they link a module (BTF).
bash "$top/tests/lib/deps.sh" build-essential busybox-static iptables iproute2 tcpdump \
	nftables qemu-system-x86 cpio kmod jq libmnl-dev pkg-config dwarves
# Debian's 6.1 by default; --suite=SUITE boots that suite's kernel (6.12
# for trixie and bookworm-backports, 7.3 for trixie-backports), with the
# module built by that suite's compiler.
if [ "$kernel" = debug ] || [ "$kernel" = kcsan ]; then
	variant=()
	[ "$kernel" = kcsan ] && variant=(--variant=kcsan)
	KDIR=$(bash "$top/tests/kunit/build-kernel.sh" "${variant[@]}" | tail -n 1)
	# The userland that builds for it (a 7.x tree needs trixie's compiler).
	CHROOT=$(cat "$KDIR/xfrm-mss-chroot" 2>/dev/null || true)
	VMLINUZ=$KDIR/arch/x86/boot/bzImage
	KV=$(cat "$KDIR/include/config/kernel.release")
	MODROOT=
elif [ "$suite" = bookworm ]; then
	eval "$(bash "$top/tests/qemu/fetch-debian-kernel.sh")"
else
	eval "$(XFRM_MSS_WITH_IMAGE=1 bash "$top/tests/packaging/headers.sh" "$suite")"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "building xfrm_mss.ko against $KV"
build=$work/build
# shellcheck disable=SC2086 # MAKEARGS: make arguments, split on purpose
build_module "$KDIR" "$build" W=1 ${MAKEARGS:-}
# The debug kernel's teardown case (faults part) loads a test build whose
# hook waits before it reads the namespace's state.
widen=()
if [ "$kernel" = debug ]; then
	build_module "$KDIR" "$work/build-widen" W=1 KCFLAGS=-DXFRM_MSS_TEST_WIDEN
	widen=(--file "$work/build-widen/xfrm_mss.ko:/e2e/xfrm_mss-widen.ko")
fi
gcc -O2 -Wall -static -o "$work/tcpx" "$top/tests/e2e/tcpx.c"
gcc -O2 -Wall -static -o "$work/modfail" "$top/tests/e2e/modfail.c"
gcc -O2 -Wall -static -o "$work/badsyn" "$top/tests/e2e/badsyn.c"
gcc -O2 -Wall -static -o "$work/nsx" "$top/tests/e2e/nsx.c"
gcc -O2 -Wall -static -o "$work/iptfs" "$top/tests/e2e/iptfs.c"
make -s -C "$top/tools" O="$work/tool" >/dev/null || die "tool build failed"
# The IKE daemons of the ike part (a default part on Debian's own kernel):
# the suite's own (trixie's for trixie-backports).
trees=()
if [[ "+$only+" == *+ike+* ]] ||
	{ [ -z "$only" ] && [ "$mode$kernel$suite" = testdebianbookworm ]; }; then
	trees=(--tree "$(bash "$top/tests/e2e/fetch-ike.sh" "$suite")")
fi

mods=(veth xfrm_user esp4 esp6 xfrm_interface ip_vti ip6_vti nf_tables
      xfrm4_tunnel xfrm6_tunnel ipcomp ipcomp6 ah4 ah6
      nft_chain_nat nft_nat nft_masq nft_compat xt_nat xt_MASQUERADE vrf
      chacha20poly1305 authencesn)
margs=(--modroot "$MODROOT" --kver "$KV" --moddir kernel/crypto
       --moddir kernel/arch/x86/crypto --moddir kernel/lib/crypto)
# nfnetlink_hook lists the hooks (df part) where the kernel has it (7.x).
modprobe -d "$MODROOT" -S "$KV" --show-depends nfnetlink_hook >/dev/null 2>&1 &&
	mods+=(nfnetlink_hook)
for m in "${mods[@]}"; do margs+=(--module "$m"); done
# The debug kernels have it all built in: nothing to load.
[ "$kernel" = debian ] || margs=()
files=(--file "$top/tests/qemu/init-common.sh:/init-common.sh"
       --file "$build/xfrm_mss.ko:/e2e/xfrm_mss.ko" --file "$work/tcpx:/e2e/tcpx"
       --file "$work/modfail:/e2e/modfail" --file "$work/badsyn:/e2e/badsyn"
       --file "$work/nsx:/e2e/nsx" --file "$work/iptfs:/e2e/iptfs" "${widen[@]}")
# Every case file: cases.sh finds the parts in /e2e as e2e_parts did here.
for f in lib.sh parts.sh cases.sh demo.sh; do
	files+=(--file "$top/tests/e2e/$f:/e2e/$f")
done
for f in "$top"/tests/e2e/*_cases.sh; do
	files+=(--file "$f:/e2e/${f##*/}")
done
# iptables (its nft flavour) and the extensions the NAT cases use.
xtables=()
for x in standard SNAT DNAT MASQUERADE NAT tcp; do
	f=/usr/lib/x86_64-linux-gnu/xtables/libxt_$x.so
	xtables+=(--file "$f:$f")
done
bash "$top/tests/qemu/mkinitramfs.sh" -o "$work/initrd.gz" \
	--init "$top/tests/e2e/guest-init.sh" "${files[@]}" "${margs[@]}" \
	--bin /usr/sbin/ip --bin /usr/bin/tcpdump --bin /usr/sbin/nft \
	--bin /usr/bin/bash --bin /usr/bin/sort --bin /usr/bin/awk --bin /usr/bin/jq \
	--bin /usr/bin/setpriv --bin /usr/sbin/xtables-nft-multi:/usr/sbin/iptables \
	"${xtables[@]}" "${trees[@]}" \
	--bin "$work/tool/xfrm-mss:/e2e/xfrm-mss"

out=${XFRM_MSS_OUT:-$top/out}/$mode
[ "$suite" = bookworm ] || out=$out-$suite
[ "$kernel" = debian ] || out=$out-$kernel
# A named run (e2e-stress, ...) keeps its own logs.
[ -n "$name" ] && out=${XFRM_MSS_OUT:-$top/out}/$name
append='' mem=1024 tmo=1500
# KASAN's shadow takes an eighth of memory; lockdep and KASAN slow TCG down.
# Every part, on a host slower than usual (2026-12-03), took 3,540 s: the
# timeout guards against a hang, with room for such a host.
[ "$kernel" = debug ] && append="kmemleak=on" mem=2048 tmo=5400 args=${args:+$args,}slow
# KCSAN: races reported in the module's own code fail the run, the
# others (the kernel's own, known or benign) are kept in kcsan-others.log.
[ "$kernel" = kcsan ] && mem=2048 tmo=5400 args=${args:+$args,}slow &&
	export XFRM_MSS_KCSAN_OURS=1
[ "$mode" = demo ] && append="$append xfrm_mss.demo"
# The newest kernel series tested, as src/compat.h states it.
newest=$(sed -n 's/^#define XFRM_MSS_NEWEST_TESTED_\(MAJOR\|MINOR\) \([0-9]*\)$/\2/p' \
	"$top/src/compat.h" | paste -sd.)
args=${args:+$args,}newest=$newest
[ -n "$args" ] && append="$append xfrm_mss.args=$args"
# Loading and unloading flips netfilter's static keys; under multi-threaded
# TCG a vCPU can keep running the patcher's int3 in ip_local_deliver()
# (see stress_cases.sh). Every part loads and unloads the module, and with
# the host's cores busy it happened in the core part too (soft lockups of
# tcpx and ksoftirqd, the guest timed out): Debian's kernels run under
# single-threaded TCG. The debug kernel has no jump labels.
if [ "$kernel" = debian ]; then
	export XFRM_MSS_TCG=${XFRM_MSS_TCG:-thread=single}
fi
rc=0
bash "$top/tests/qemu/run-guest.sh" --kernel "$VMLINUZ" --initrd "$work/initrd.gz" \
	--out "$out" --mem "$mem" --smp 2 --timeout "$tmo" --append "$append" || rc=$?

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
# Every part asked for (or, without --only, every part not run only when
# named) must have reported its time: a part that never ran is a failure,
# not a shorter run.
if [ "$mode" = test ]; then
	while read -r p1 flag; do
		if [ -n "$only" ]; then
			[[ "+$only+" == *"+$p1+"* ]] || continue
		else
			[ "$flag" != named ] || continue
		fi
		grep -aq "^# part $p1: " "$out/ktap.txt" && continue
		log "the part $p1 was asked for and did not run"
		f=$((f + 1))
	done <<<"$parts_named"
fi
[ "$rc" -eq 0 ] || { log "the guest run failed (see $out/console.log)"; [ "$f" -gt 0 ] || f=1; }
if [ -z "$name" ]; then
	name=e2e
	[ "$suite" = bookworm ] || name=e2e-$suite
	[ "$kernel" = debian ] || name=$name-$kernel
fi
echo "$name: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
