#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds the KUnit kernel from trixie-backports' linux-source-7.3, in the
# trixie chroot with trixie's compiler, plus tests/kunit/v7.config (or,
# with --source=6.1 or XFRM_MSS_DEBUG_SOURCE=6.1, from Debian's
# linux-source-6.1 with tests/kunit/v6.config, on the host) with
# tests/kunit/{kernel,debug}.config, once: the build is cached in
# $XFRM_MSS_CACHE/kunit-<hash>, keyed by the configs, this script and the
# source version, and made in a temporary directory that is renamed when
# complete. Prints the build directory (usable as KDIR for M= builds) as
# its last line; the source tree is its "source" link.
# With --variant=kcsan, kcsan.config takes the place of debug.config: the
# data race detector, which excludes KASAN (make stress).
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
here=$XFRM_MSS_TOP/tests/kunit
dbg=$here/debug.config
series=${XFRM_MSS_DEBUG_SOURCE:-7.3}
for a in "$@"; do
	case $a in
	--variant=kcsan) dbg=$here/kcsan.config ;;
	--source=*) series=${a#--source=} ;;
	*) die "usage: build-kernel.sh [--variant=kcsan] [--source=6.1|7.3]" ;;
	esac
done
extra=()
CHROOT=
case $series in
6.1) suite=bookworm extra=("$here/v6.config") ;;
7.3) suite=trixie-backports extra=("$here/v7.config") ;;
*) die "no linux-source-$series here (6.1 or 7.3)" ;;
esac

bash "$XFRM_MSS_TOP/tests/lib/deps.sh" build-essential bc bison flex libelf-dev \
	libssl-dev xz-utils python3 kmod cpio
debs=$XFRM_MSS_CACHE/debs
if [ "$suite" = bookworm ]; then
	apt_fetch "$debs" linux-source-6.1
else
	suite_apt "$suite"
	CHROOT=$(suite_root "$suite" bison flex libssl-dev python3 cpio)
	ls "$debs/linux-source-${series}_"*.deb >/dev/null 2>&1 ||
		(mkdir -p "$debs" && cd "$debs" &&
		 apt-get "${APT_OPTS[@]}" download "linux-source-$series" >/dev/null) ||
		die "apt-get download linux-source-$series failed"
fi
# shellcheck disable=SC2012 # the newest download first; Debian names are plain
deb=$(ls -t "$debs/linux-source-${series}_"*.deb | head -n 1)
ver=$(basename "$deb" .deb | cut -d_ -f2)
src=$XFRM_MSS_CACHE/linux-source-$ver
if [ ! -f "$src/.unpacked" ]; then
	log "unpacking linux-source $ver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards "*/linux-source-$series.tar.xz" |
		tar -xJ -C "$src.tmp" --strip-components=1
	touch "$src.tmp/.unpacked"
	mv "$src.tmp" "$src"
fi

key=$(cat "$here/kernel.config" "$dbg" "${extra[@]}" "$0" <(echo "$ver") |
      sha256sum | cut -c1-16)
out=$XFRM_MSS_CACHE/kunit-$key
if [ -f "$out/.built" ]; then
	echo "$out"
	exit 0
fi

tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
cat "$here/kernel.config" "$dbg" "${extra[@]}" > "$tmp/.config"
log "configuring the KUnit kernel in $tmp"
in_root "$CHROOT" make -s -C "$src" O="$tmp" ARCH=x86_64 olddefconfig >"$tmp/build.log" 2>&1

# Kconfig drops what it cannot satisfy without a word: check every line.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n)
		opt=${line%=n}
		if grep -q "^$opt=" "$tmp/.config"; then
			log "Kconfig kept $opt, which the config disables"
			bad=1
		fi ;;
	CONFIG_*=*)
		if ! grep -qx "$line" "$tmp/.config"; then
			log "Kconfig refused: $line (got: $(grep "^${line%%=*}=" "$tmp/.config" || echo unset))"
			bad=1
		fi ;;
	esac
done < <(cat "$here/kernel.config" "$dbg" "${extra[@]}")
[ "$bad" -eq 0 ] || die "the KUnit kernel config is not what tests/kunit/*.config ask for"

log "building the KUnit kernel ($(nproc) jobs; log: $tmp/build.log)"
start=$(date +%s)
if ! in_root "$CHROOT" make -C "$src" O="$tmp" ARCH=x86_64 -j"$(nproc)" bzImage modules \
	>>"$tmp/build.log" 2>&1; then
	tail -n 30 "$tmp/build.log" >&2
	die "the KUnit kernel build failed"
fi
log "KUnit kernel built in $(($(date +%s) - start)) s"
ln -sfn "$src" "$tmp/source-tree"
# Which userland builds modules for it (empty: the host), for run.sh.
echo "$CHROOT" >"$tmp/xfrm-mss-chroot"
touch "$tmp/.built"
rm -rf "$out"
mv "$tmp" "$out"
# From 6.12 the output tree's Makefile names itself (KBUILD_OUTPUT).
sed -i "s|^export KBUILD_OUTPUT = $tmp\$|export KBUILD_OUTPUT = $out|" "$out/Makefile"
echo "$out"
