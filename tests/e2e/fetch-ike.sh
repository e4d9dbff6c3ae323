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
[ "$suite" = bookworm ] || die "fetch-ike.sh: only the host's suite (bookworm) for now"
pkgs=(libstrongswan libstrongswan-standard-plugins strongswan-libcharon
      strongswan-charon strongswan-swanctl libreswan)
nss=(libsoftokn3.so libfreeblpriv3.so libfreebl3.so libnssdbm3.so)
bash "$XFRM_MSS_TOP/tests/lib/deps.sh" libnss3-tools libnss3 libnspr4 libevent-core-2.1-7 \
	libevent-pthreads-2.1-7 libldns3 libunbound8 libcurl3-nss libldap-2.5-0 libaudit1 \
	libcap-ng0 libpam0g libselinux1
dir=$XFRM_MSS_CACHE/ike/$suite
stamp=$dir/.unpacked-$(echo "${pkgs[*]} ${nss[*]}" | sha256sum | cut -c 1-12)
if [ ! -f "$stamp" ]; then
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
