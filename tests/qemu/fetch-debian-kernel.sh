#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetches Debian's current 6.1 kernel image and its headers into the cache
# (apt-get download + dpkg -x, once) and prints shell assignments for eval:
#   KV=6.1.0-NN-amd64 VMLINUZ=... MODROOT=... KDIR=...
# KDIR builds out-of-tree modules for that kernel; MODROOT holds its
# /lib/modules. The ABI NN is taken from linux-image-amd64, never fixed.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

bash "$XFRM_MSS_TOP/tests/lib/deps.sh" build-essential bc libelf-dev kmod
kv=$(debian_kv)
dir=$XFRM_MSS_CACHE/debian/$kv
if [ ! -f "$dir/.unpacked" ]; then
	log "fetching Debian kernel $kv"
	rm -rf "$dir"
	mkdir -p "$dir/debs"
	kbuild=$(apt-cache depends "linux-headers-$kv" | sed -n 's/.*Depends: \(linux-kbuild-[0-9.]*\)$/\1/p' | head -n 1)
	apt_fetch "$dir/debs" "linux-image-$kv" "linux-headers-$kv" \
		"linux-headers-${kv%-amd64}-common" "${kbuild:-linux-kbuild-6.1}"
	for d in "$dir"/debs/*.deb; do
		dpkg -x "$d" "$dir/root"
	done
	# The arch headers' Makefile includes the common tree by absolute path.
	hdr=$dir/root/usr/src/linux-headers-$kv
	sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" "$hdr/Makefile"
	depmod -b "$dir/root" "$kv"
	rm -rf "$dir/debs"
	touch "$dir/.unpacked"
fi
echo "KV=$kv"
echo "VMLINUZ=$dir/root/boot/vmlinuz-$kv"
echo "MODROOT=$dir/root"
echo "KDIR=$dir/root/usr/src/linux-headers-$kv"
