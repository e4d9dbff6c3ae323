#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetches the IKE daemons of the ike part (tests/e2e/ike_cases.sh) for
# Debian SUITE into the cache, once (apt-get download + dpkg -x), and
# prints the unpacked tree, which mkinitramfs.sh --tree puts in the guest:
#   fetch-ike.sh [SUITE]
# strongSwan (charon, swanctl and the plugins) and libreswan (pluto,
# whack, addconn). Their shared libraries come from the host when the
# guest is built, so SUITE is the host's own (bookworm), and the host gets
# pluto's libraries (not the daemon). NSS opens its crypto module by name
# (dlopen), which ldd cannot see: those go into the tree, with certutil,
# which makes pluto's key database.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

suite=${1:-bookworm}
case $suite in
bookworm) ;;
trixie | trixie-backports) suite=trixie ;;
*) die "fetch-ike.sh: no IKE daemons for $suite" ;;
esac
pkgs=(libstrongswan libstrongswan-standard-plugins strongswan-libcharon
      strongswan-charon strongswan-swanctl libreswan)
nss=(libsoftokn3.so libfreeblpriv3.so libfreebl3.so libnssdbm3.so)
bash "$XFRM_MSS_TOP/tests/lib/deps.sh" libnss3-tools libnss3 libnspr4 libevent-core-2.1-7 \
	libevent-pthreads-2.1-7 libldns3 libunbound8 libcurl3-nss libldap-2.5-0 libaudit1 \
	libcap-ng0 libpam0g libselinux1
dir=$XFRM_MSS_CACHE/ike/$suite
# Both trixie guests may ask at the same time.
mkdir -p "$XFRM_MSS_CACHE/ike"
exec 9>"$dir.lock"
flock 9
stamp=$dir/.unpacked-$(echo "${pkgs[*]} ${nss[*]}" | sha256sum | cut -c 1-12)
# trixie's daemons (strongSwan 6, libreswan 5) are installed in the trixie
# chroot (tests/lib/chroot.sh) and copied from it with every library they
# load, found by ldd there, into usr/lib/xfrm-mss-ike of the tree, with
# trixie's dynamic loader: its glibc is newer than the host's, which the
# rest of the guest uses. The guest runs them through that loader.
if [ "$suite" = trixie ] && [ ! -f "$stamp" ]; then
	log "fetching the IKE daemons ($suite)"
	# The two conflict as packages: strongSwan is installed, libreswan
	# only unpacked, with what it depends on installed.
	sw=(libstrongswan libstrongswan-standard-plugins strongswan-libcharon
	    strongswan-charon strongswan-swanctl)
	root=$(suite_root trixie "${sw[@]}" libnss3-tools)
	mapfile -t ls < <(in_root "$root" apt-cache depends libreswan |
		sed -n 's/^  Depends: \([^<][^ ]*\)$/\1/p' | sort -u)
	suite_root trixie "${ls[@]}" >/dev/null
	rm -rf "$dir"
	mkdir -p "$dir/root" "$dir/debs"
	for p in "${sw[@]}" libnss3-tools; do
		in_root "$root" dpkg -L "$p"
	done | grep -v -e '^/usr/share' -e '^/etc' | sort -u | while read -r f; do
		[ -f "$root$f" ] || continue
		mkdir -p "$dir/root$(dirname "$f")"
		cp -a "$root$f" "$dir/root$f"
	done
	(cd "$dir/debs" && in_root "$root" apt-get -q download libreswan >/dev/null) ||
		die "apt-get download libreswan (trixie) failed"
	dpkg -x "$dir"/debs/libreswan_*.deb "$dir/root"
	rm -rf "$dir/debs" "$dir/root/etc" "$dir/root/usr/share"
	lib=$dir/root/usr/lib/xfrm-mss-ike
	mkdir -p "$lib"
	# Opened by name (dlopen): ldd cannot see them; their own needs it can.
	for l in "${nss[@]}" libgcc_s.so.1 ld-linux-x86-64.so.2; do
		cp -L "$root/usr/lib/x86_64-linux-gnu/$l" "$lib/$l"
	done
	libs=$(cd "$dir/root" && find . -type f -name '*.so*' -printf '/%P\n' |
	       xargs -r -n 1 dirname | sort -u | paste -sd:)
	(cd "$dir/root" && find . -type f -printf '/%P\n') | while read -r f; do
		[ "$(head -c 4 "$dir/root$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		in_root "$root" env LD_LIBRARY_PATH="$libs" ldd "$dir/root$f" 2>/dev/null |
			grep -o '/[^ ]*' || true
	done | sort -u | while read -r l; do
		case $l in "$dir"/*) continue ;; esac
		[ -e "$dir/root$l" ] || cp -L "$root$l" "$lib/$(basename "$l")"
	done
	touch "$stamp"
elif [ ! -f "$stamp" ]; then
	log "fetching the IKE daemons ($suite)"
	rm -rf "$dir"
	apt_fetch "$dir/debs" "${pkgs[@]}"
	for d in "$dir"/debs/*.deb; do
		dpkg -x "$d" "$dir/root"
	done
	# The part writes its own configuration; the packages' would only
	# shadow it.
	rm -rf "$dir/debs" "$dir/root/etc"
	lib=/usr/lib/x86_64-linux-gnu
	mkdir -p "$dir/root$lib" "$dir/root/usr/bin"
	for l in "${nss[@]}"; do
		cp -L "$lib/$l" "$dir/root$lib/$l"
	done
	cp /usr/bin/certutil "$dir/root/usr/bin/certutil"
	touch "$stamp"
fi
echo "$dir/root"
