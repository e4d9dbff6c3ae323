#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds a gzip'd cpio initramfs for the test guests:
#   mkinitramfs.sh -o OUT --init FILE [--bin PATH]... [--file SRC:DEST]...
#                  [--tree DIR]...
#                  [--modroot DIR --kver KV [--module NAME]... [--moddir REL]...]
# busybox (static) provides the shell and the small tools; --bin copies a
# host binary (SRC or SRC:DEST) with the libraries ldd names; --tree copies
# an unpacked package tree (dpkg -x, usr/share left out) to / with the host
# libraries its programs and plugins need; --module copies a kernel module
# of the unpacked Debian image at DIR with its dependencies and runs depmod,
# so that modprobe works in the guest; --moddir copies every module under
# lib/modules/KV/REL (e.g. kernel/crypto: templates such as ctr or cryptd
# are requested by name at run time, which --show-depends cannot see). The kernel's own module loader is
# pointed at busybox modprobe (/sbin/modprobe), for crypto autoloading.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

out='' init='' modroot='' kver=''
bins=() files=() mods=() moddirs=() trees=()
while [ $# -gt 0 ]; do
	case $1 in
	-o) out=$2; shift 2 ;;
	--init) init=$2; shift 2 ;;
	--bin) bins+=("$2"); shift 2 ;;
	--file) files+=("$2"); shift 2 ;;
	--tree) trees+=("$2"); shift 2 ;;
	--modroot) modroot=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--module) mods+=("$2"); shift 2 ;;
	--moddir) moddirs+=("$2"); shift 2 ;;
	*) die "mkinitramfs.sh: unknown argument $1" ;;
	esac
done
{ [ -n "$out" ] && [ -n "$init" ]; } || die "usage: mkinitramfs.sh -o OUT --init FILE ..."
bash "$XFRM_MSS_TOP/tests/lib/deps.sh" busybox-static cpio kmod gzip xz-utils

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"	# mktemp's 0700 would become the guest's /, closed to non-root

mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,root,var/run,lib/modules}
cp /bin/busybox "$root/bin/busybox"
for a in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
ln -sf ../bin/busybox "$root/sbin/modprobe"
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
install -m 0755 "$init" "$root/init"

copy_with_libs() {
	local b=$1 dest=$2 l
	rm -f "$root$dest"	# may be a busybox applet link: never write through it
	mkdir -p "$root$(dirname "$dest")"
	cp -L "$b" "$root$dest"
	for l in $(ldd "$b" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$root$l" ] && continue
		mkdir -p "$root$(dirname "$l")"
		cp -L "$l" "$root$l"
	done
}
for b in "${bins[@]}"; do
	copy_with_libs "${b%%:*}" "${b#*:}"
done
# copy_tree DIR: DIR/* to /, and for its ELF files the libraries that are
# not in DIR itself (found there first: a daemon's private lib directory).
copy_tree() {
	local t=$1 f l libpath
	(cd "$t" && find . -path ./usr/share -prune -o \( -type f -o -type l \) -print |
		cpio -pdm --quiet "$root")
	# A tree with its own libraries and loader (fetch-ike.sh) is complete.
	[ -d "$t/usr/lib/xfrm-mss-ike" ] && return 0
	libpath=$(find "$t" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)
	find "$t" -path "$t/usr/share" -prune -o -type f -print | while read -r f; do
		[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		for l in $(LD_LIBRARY_PATH=$libpath ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
			case $l in "$t"/*) continue ;; esac
			[ -e "$root$l" ] && continue
			mkdir -p "$root$(dirname "$l")"
			cp -L "$l" "$root$l"
		done
	done
	# glibc opens libgcc_s by name for pthread_cancel(): ldd cannot see it.
	l=$(ldconfig -p | sed -n 's/^\tlibgcc_s.so.1 (libc6,x86-64) => //p' | head -n 1)
	[ -n "$l" ] && [ ! -e "$root$l" ] && mkdir -p "$root$(dirname "$l")" && cp -L "$l" "$root$l"
	return 0
}
for t in "${trees[@]}"; do
	copy_tree "$t"
done
for f in "${files[@]}"; do
	mkdir -p "$root$(dirname "${f#*:}")"
	cp -L "${f%%:*}" "$root${f#*:}"
done

# (--modroot and --kver alone: the modules.* of the image and depmod, for
# modules that --file put under lib/modules/KV.)
if [ -n "$kver" ] || [ ${#mods[@]} -gt 0 ] || [ ${#moddirs[@]} -gt 0 ]; then
	{ [ -n "$modroot" ] && [ -n "$kver" ]; } || die "--module needs --modroot and --kver"
	[ -f "$modroot/lib/modules/$kver/modules.dep" ] || depmod -b "$modroot" "$kver"
	dst=$root/lib/modules/$kver
	mkdir -p "$dst"
	cp "$modroot/lib/modules/$kver"/modules.{builtin,builtin.modinfo,order} "$dst/"
	for m in "${mods[@]}"; do
		modprobe -d "$modroot" -S "$kver" --show-depends "$m" |
			sed -n 's/^insmod \([^ ]*\).*/\1/p' | while read -r ko; do
			rel=${ko#"$modroot"/lib/modules/"$kver"/}
			mkdir -p "$dst/$(dirname "$rel")"
			cp "$ko" "$dst/$rel"
		done
	done
	for d in "${moddirs[@]}"; do
		[ -d "$modroot/lib/modules/$kver/$d" ] || die "no module directory $d"
		mkdir -p "$dst/$d"
		cp -r "$modroot/lib/modules/$kver/$d/." "$dst/$d/"
	done
	# Busybox modprobe may lack xz: Debian compresses modules from 6.12.
	find "$dst" -name '*.ko.xz' -exec xz -d {} +
	depmod -b "$root" "$kver"
fi

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
