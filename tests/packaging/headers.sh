#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# headers.sh SUITE: fetch Debian's current amd64 kernel headers for SUITE
# (bullseye = 5.10, bookworm = 6.1, bookworm-backports = 6.12, trixie =
# 6.12, trixie-backports = 7.3, sid = the newest) into the cache, once,
# with apt-get download + dpkg -x, and print for eval:
#   KV=<kernel release> KDIR=<headers dir> MAKEARGS=<extra make args>
#   CHROOT=<the suite's userland that builds for them, empty for the host>
# Build with: in_root "$CHROOT" make -C "$KDIR" M=... $MAKEARGS modules
# The extra suites use a private sources list, lists and cache dir under
# $XFRM_MSS_CACHE/apt/SUITE: the system's apt state is never touched.
# The ABI (e.g. 5.10.0-NN) is read from the linux-headers-amd64
# metapackage of that suite, never hard-coded.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

suite=${1:?usage: headers.sh bullseye|bookworm|bookworm-backports|trixie|trixie-backports|sid}
suite_apt "$suite"
apt_opts=("${APT_OPTS[@]}")

depends() { # depends PKG: the package names PKG depends on
	apt-cache "${apt_opts[@]}" depends "$1" 2>/dev/null | sed -n 's/^ *Depends: \([^ <>]*\)$/\1/p'
}

meta=$(depends linux-headers-amd64 | grep -E '^linux-headers-[0-9]' | head -n 1)
if [ -z "$meta" ] && [ "$suite" = bookworm ]; then
	apt-get update -q >/dev/null
	meta=$(depends linux-headers-amd64 | grep -E '^linux-headers-[0-9]' | head -n 1)
fi
[ -n "$meta" ] || die "no linux-headers-amd64 dependency in $suite"
kv=${meta#linux-headers-}

# Reuse the tree tests/qemu/fetch-debian-kernel.sh may have unpacked.
if [ -f "$XFRM_MSS_CACHE/debian/$kv/.unpacked" ]; then
	root=$XFRM_MSS_CACHE/debian/$kv/root
else
	dir=$XFRM_MSS_CACHE/headers/$kv
	root=$dir/root
	if [ ! -f "$dir/.unpacked" ]; then
		log "fetching headers for $kv ($suite)"
		rm -rf "$dir"
		mkdir -p "$dir/debs"
		pkgs=("$meta")
		mapfile -t -O 1 pkgs < <(depends "$meta" | grep -E '^linux-(headers-.*-common|kbuild-)')
		(cd "$dir/debs" && apt-get "${apt_opts[@]}" -o APT::Sandbox::User=root \
			download "${pkgs[@]}" >/dev/null) || die "apt-get download ${pkgs[*]} failed"
		for d in "$dir"/debs/*.deb; do
			dpkg -x "$d" "$root"
		done
		rm -rf "$dir/debs"
		touch "$dir/.unpacked"
	fi
fi
kdir=$root/usr/src/linux-headers-$kv
[ -f "$kdir/Makefile" ] || die "no $kdir/Makefile"
# XFRM_MSS_WITH_IMAGE=1: the kernel image and its modules too, for a guest.
# Up to 7.2 linux-image-KV holds /boot/vmlinuz-KV and /lib/modules/KV;
# from 7.3 it is empty and depends on linux-binary-KV (vmlinuz in
# /usr/lib/modules/KV), linux-modules-KV and linux-base-KV (modules.order,
# modules.builtin), all under /usr/lib (merged /usr).
vmlinuz() {
	local f
	for f in "$root/boot/vmlinuz-$kv" "$root/usr/lib/modules/$kv/vmlinuz"; do
		[ -f "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}
if [ "${XFRM_MSS_WITH_IMAGE:-0}" = 1 ] && ! vmlinuz >/dev/null; then
	log "fetching the kernel image $kv ($suite)"
	d=$(mktemp -d)
	pkgs=("linux-image-$kv")
	mapfile -t -O 1 pkgs < <(depends "linux-image-$kv" |
		grep -Fx -e "linux-binary-$kv" -e "linux-modules-$kv" -e "linux-base-$kv")
	(cd "$d" && apt-get "${apt_opts[@]}" -o APT::Sandbox::User=root \
		download "${pkgs[@]}" >/dev/null) || die "apt-get download ${pkgs[*]} failed"
	for f in "$d"/*.deb; do
		dpkg -x "$f" "$root"
	done
	rm -rf "$d"
	# Merged /usr: the module tools look in ROOT/lib/modules.
	[ -e "$root/lib" ] || ln -s usr/lib "$root/lib"
	depmod -b "$root" "$kv"
fi
if [ "${XFRM_MSS_WITH_IMAGE:-0}" = 1 ]; then
	f=$(vmlinuz) || die "no vmlinuz for $kv in $root"
	echo "VMLINUZ=$f"
	echo "MODROOT=$root"
fi
# The arch headers' Makefile includes the common tree by absolute path,
# and from 6.12 (trixie) names itself as KBUILD_OUTPUT by absolute path.
sed -i -e "s|^include /usr/src/|include $root/usr/src/|" \
	-e "s|^\(export \)\?KBUILD_OUTPUT *:\?= */usr/src/|\1KBUILD_OUTPUT = $root/usr/src/|" \
	"$kdir/Makefile"

# 5.10's headers name gcc-10, which bookworm lacks; gcc 12 builds fine.
makeargs=
grep -q '^CONFIG_CC_VERSION_TEXT="gcc-10' "$kdir/.config" 2>/dev/null && makeargs="CC=gcc"
chroot=$(suite_root "$suite") || die "no userland to build for $suite"
echo "KV=$kv"
echo "KDIR=$kdir"
echo "MAKEARGS='$makeargs'"
echo "CHROOT='$chroot'"
