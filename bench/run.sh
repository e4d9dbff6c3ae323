#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: builds xfrm_mss.ko against Debian's own 6.1 headers, boots
# that kernel in QEMU with bench/guest.sh (topology and methods described
# there), and turns the guest's raw records into bench/results/DATE.md and
# DATE-*.png (bench/report.sh). Nothing is loaded into the host kernel.
#   run.sh [--args=reps=5,dur=3,...] [--out=DIR]
# --args passes through to guest.sh (for short trial runs); the results
# file is written only for a full run, unless --out names another place.
set -euo pipefail
. "$(dirname "$0")/../tests/lib/common.sh"
top=$XFRM_MSS_TOP
args='' dest=$top/bench/results
for a in "$@"; do
	case $a in
	--args=*) args=${a#--args=} ;;
	--out=*) dest=${a#--out=} ;;
	*) die "usage: run.sh [--args=reps=N,dur=S,mib=M,flows=N,netns=N,parts=a+b] [--out=DIR]" ;;
	esac
done
[ -z "$args" ] || [ "$dest" != "$top/bench/results" ] ||
	die "a trial run (--args) needs --out=DIR: bench/results is for full runs"

bash "$top/tests/lib/deps.sh" build-essential busybox-static iproute2 qemu-system-x86 \
	cpio kmod libmnl-dev pkg-config iptables nftables netsniff-ng gnuplot-nox util-linux
# Sets KDIR, KV, VMLINUZ and MODROOT.
eval "$(bash "$top/tests/qemu/fetch-debian-kernel.sh")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "building xfrm_mss.ko against $KV"
build=$work/build
# shellcheck disable=SC2153 # KDIR: set by the eval above
build_module "$KDIR" "$build"
gcc -O2 -Wall -static -o "$work/tcpx" "$top/tests/e2e/tcpx.c"
gcc -O2 -Wall -static -o "$work/nsx" "$top/tests/e2e/nsx.c"
# The instruction counter (a QEMU plugin) and the guest's marker for it.
gcc -O2 -Wall -shared -fPIC -fvisibility=hidden -o "$work/insn-plugin.so" "$top/bench/insn-plugin.c"
gcc -O2 -Wall -static -o "$work/mark" "$top/bench/mark.c"

# iptables-nft loads its extensions with dlopen(): ldd cannot see them.
xt=/usr/lib/x86_64-linux-gnu/xtables
files=(--file "$top/tests/qemu/init-common.sh:/init-common.sh"
       --file "$top/tests/e2e/lib.sh:/e2e/lib.sh"
       --file "$top/bench/guest.sh:/bench/guest.sh"
       --file "$build/xfrm_mss.ko:/e2e/xfrm_mss.ko" --file "$work/tcpx:/e2e/tcpx"
       --file "$work/mark:/bench/mark" --file "$work/nsx:/e2e/nsx")
for x in libxt_standard libxt_tcp libxt_tcpmss libxt_TCPMSS; do
	files+=(--file "$xt/$x.so:$xt/$x.so")
done
margs=(--modroot "$MODROOT" --kver "$KV" --moddir kernel/crypto
       --moddir kernel/arch/x86/crypto --moddir kernel/lib/crypto)
for m in veth xfrm_user esp4 nf_tables nft_compat xt_TCPMSS xt_tcpmss xt_tcpudp; do
	margs+=(--module "$m")
done
bash "$top/tests/qemu/mkinitramfs.sh" -o "$work/initrd.gz" \
	--init "$top/bench/guest-init.sh" "${files[@]}" "${margs[@]}" \
	--bin /usr/sbin/ip --bin /usr/sbin/nft --bin /usr/sbin/iptables \
	--bin /usr/sbin/trafgen --bin /usr/bin/taskset \
	--bin /usr/bin/bash --bin /usr/bin/sort --bin /usr/bin/awk

out=${XFRM_MSS_OUT:-$top/out}/bench
mem=2048 smp=2
mkdir -p "$out"
rm -f "$out/console.log" "$out/ktap" "$out/status" "$out/cpu" "$out/insn"
# The host's cores are shared with other jobs, so a guest's wall-clock rate
# moves with their load. The guest marks the start and end of each rate
# window on a fourth serial port; this side notes then how much CPU time
# the QEMU thread of vCPU 1 (the gateway's CPU) has had. Packets per second
# of that CPU time is a cost that does not depend on the host's load.
# It still moves a lot (TCG's code cache, the host's caches and clock):
# the main metric is the guest's instructions, which the plugin counts
# per vCPU and writes to $out/insn at each of the guest's markers.
mkfifo "$work/mark.in" "$work/mark.out"
qemu_cpu1() { # QEMU_PID: nanoseconds of CPU time of its "CPU 1/TCG" thread
	local t
	for t in /proc/"$1"/task/*; do
		if [ "$(cat "$t/comm" 2>/dev/null)" = "CPU 1/TCG" ]; then
			awk '{ print $1 }' "$t/schedstat"
			return
		fi
	done
	echo 0
}
log "running the benchmark in a $smp-CPU, $mem MiB guest (about 31 minutes under TCG)"
start=$(date +%s)
qemu-system-x86_64 \
	-name bench,debug-threads=on -machine q35 -accel tcg -cpu max -smp $smp -m $mem \
	-no-reboot -nodefaults -nographic -display none -monitor none \
	-plugin "$work/insn-plugin.so,out=$out/insn" \
	-kernel "$VMLINUZ" -initrd "$work/initrd.gz" \
	-serial "file:$out/console.log" -serial "file:$out/ktap" -serial "file:$out/status" \
	-serial "pipe:$work/mark" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=6 ${args:+bench.args=$args}" \
	</dev/null &
qpid=$!
while read -r tag id; do
	[ "$tag" = mark ] && echo "cpu ${id%$'\r'} $(qemu_cpu1 $qpid)"
done < "$work/mark.out" > "$out/cpu" &
rpid=$!
rc=0
# What else ran on the host meanwhile: the highest 1-minute load average
# and the most other QEMU processes seen, sampled every 30 s.
load_max=0 others_max=0
for i in $(seq 5400); do
	kill -0 $qpid 2>/dev/null || break
	if [ $((i % 30)) = 1 ]; then
		load_max=$(awk -v m="$load_max" '{ print ($1 > m) ? $1 : m }' /proc/loadavg)
		others=$(($(pgrep -c qemu-system || true) - 1))
		[ "$others" -le "$others_max" ] || others_max=$others
	fi
	sleep 1
done
kill $qpid 2>/dev/null && { log "the guest timed out"; rc=124; }
wait $qpid || rc=$?
kill $rpid 2>/dev/null || true
secs=$(($(date +%s) - start))
log "guest ran $secs s (qemu exit $rc)"
grep -qa '^success' "$out/status" 2>/dev/null ||
	die "the guest did not finish (see $out/console.log)"
hits=$(grep -naE 'WARNING:|BUG:|Oops|general protection|Kernel panic' \
	"$out/console.log" | head -n 20 || true)
[ -z "$hits" ] || die "kernel reports in $out/console.log: $hits"
# RCU stalls and soft lockups come from TCG's slowness, not from the
# module; they are counted in the results, not fatal.
stalls=$(grep -caE 'self-detected stall|soft lockup' "$out/console.log" || true)
[ "$stalls" -eq 0 ] || log "warning: $stalls RCU stall or soft lockup reports in $out/console.log"
tr -d '\r' < "$out/ktap" > "$out/bench.raw"

mkdir -p "$dest"
date=$(date -u +%F)
{
	echo "meta host_cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "meta host_cpus $(nproc)"
	echo "meta host_load $load_max $others_max"
	echo "meta qemu $(qemu-system-x86_64 --version | head -n 1)"
	echo "meta guest_mem_mb $mem"
	echo "meta module_ko_bytes $(stat -c %s "$build/xfrm_mss.ko")"
	echo "meta module_text_data_bss $(size "$build/xfrm_mss.ko" | awk 'NR == 2 { print $1, $2, $3 }')"
	echo "meta run_seconds $secs"
	echo "meta stalls $stalls"
	echo "meta date $date"
	cat "$out/bench.raw" "$out/cpu" "$out/insn"
} > "$dest/$date.raw"
bash "$top/bench/report.sh" "$dest/$date.raw" "$dest/$date"
cat "$dest/$date.md"
log "results: $dest/$date.md (raw records: $dest/$date.raw)"
