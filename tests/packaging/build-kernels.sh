#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# build-kernels.sh [SUITE...]: build the module with W=1 against Debian's
# kernel headers for bullseye (5.10), bookworm (6.1), bookworm-backports
# (6.12), trixie (6.12), trixie-backports (7.3) and sid (the newest), each
# with its own suite's compiler (trixie and sid in a cached chroot: see
# tests/lib/chroot.sh), from a copy made by "make dkms-install" (so the
# DKMS file list is checked too). Any "warning:" in the output fails that kernel. Then a
# staged "make install" (INSTALL_MOD_PATH). Prints KTAP lines
# "ok N build <KV>" / "not ok N build <KV>"; exit 1 if any failed.
# Logs: $XFRM_MSS_OUT (default out/packaging)/build-<KV>.log.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
here=$XFRM_MSS_TOP/tests/packaging
out=${XFRM_MSS_OUT:-$XFRM_MSS_TOP/out/packaging}
mkdir -p "$out"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=("${BUILD_SUITES[@]}")

# pahole: 6.12's modfinal generates BTF; bc, libelf: kbuild needs them.
bash "$XFRM_MSS_TOP/tests/lib/deps.sh" build-essential bc libelf-dev dwarves kmod >&2 ||
	die "cannot install build dependencies"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
for s in "${suites[@]}"; do
	n=$((n + 1))
	KV='' KDIR='' MAKEARGS='' CHROOT=''
	if ! eval "$(bash "$here/headers.sh" "$s")" || [ -z "$KDIR" ]; then
		echo "not ok $n build $s # cannot fetch headers"
		bad=$((bad + 1))
		continue
	fi
	src=$tmp/$KV
	make -s -C "$XFRM_MSS_TOP" dkms-install DKMS_DEST="$src" >/dev/null
	logf=$out/build-$KV.log
	t0=$(date +%s)
	# shellcheck disable=SC2086 # MAKEARGS is a word list
	in_root "$CHROOT" make -C "$KDIR" M="$src" W=1 $MAKEARGS -j"$(nproc)" modules >"$logf" 2>&1
	rc=$?
	log "$KV: make exit $rc in $(($(date +%s) - t0)) s${CHROOT:+ (in $CHROOT)}"
	if [ $rc -ne 0 ] || [ ! -f "$src/xfrm_mss.ko" ]; then
		tail -n 30 "$logf" | sed 's/^/# /'
		echo "not ok $n build $KV # make failed (exit $rc), see $logf"
		bad=$((bad + 1))
	elif grep -q 'warning:' "$logf"; then
		grep -B2 -A3 'warning:' "$logf" | head -n 40 | sed 's/^/# /'
		echo "not ok $n build $KV # W=1 warnings, see $logf"
		bad=$((bad + 1))
	elif ! modinfo -F vermagic "$src/xfrm_mss.ko" | grep -q "^$KV "; then
		echo "not ok $n build $KV # vermagic is not $KV"
		bad=$((bad + 1))
	else
		echo "ok $n build $KV"
	fi
	# Plain "make install", staged with INSTALL_MOD_PATH (as a packager
	# would): the .ko lands in extra/ (updates/, compressed .ko.xz and with a
	# failed signing attempt on 6.12: Debian ships no signing key) and depmod
	# indexes it.
	n=$((n + 1))
	stage=$tmp/stage-$KV
	# shellcheck disable=SC2086
	in_root "$CHROOT" make -C "$src" install KDIR="$KDIR" KERNELRELEASE="$KV" \
		INSTALL_MOD_PATH="$stage" $MAKEARGS >>"$logf" 2>&1
	rc=$?
	ko=$(cd "$stage/lib/modules/$KV" 2>/dev/null && ls {extra,updates}/xfrm_mss.ko* 2>/dev/null)
	if [ $rc -eq 0 ] && [ -n "$ko" ] &&
	   grep -q "^$ko:" "$stage/lib/modules/$KV/modules.dep" 2>/dev/null; then
		echo "ok $n make install INSTALL_MOD_PATH=... $KV: $ko in modules.dep"
	else
		echo "not ok $n make install INSTALL_MOD_PATH=... $KV: exit $rc, '$ko', see $logf"
		bad=$((bad + 1))
	fi
done
[ $bad -eq 0 ]
