#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# trixie.sh: the packages on Debian 13 (trixie), in its cached chroot
# (tests/lib/chroot.sh), with trixie's own debhelper, dh-dkms, dkms (3.2)
# and lintian, as a gateway admin would meet them:
#   - make deb there, lintian with no error or warning;
#   - apt-get install ./xfrm-mss-dkms ./xfrm-mss-tools with trixie's 6.12
#     headers installed: the postinst builds the module for 6.12;
#   - a kernel upgrade: installing the headers of trixie-backports' 7.3 runs
#     dkms from their hook and builds the module for 7.3 too;
#   - dpkg --purge: no module, /usr/src or /var/lib/dkms entry is left.
# Nothing is loaded (the chroot shares the host's kernel). The 7.3 headers
# are removed again at the end; the rest stays cached in the chroot.
# KTAP on stdout.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: >"$PKG_LOG"
outdir=$PKG_OUT/deb-trixie

# The kernel releases, from the suites' own metapackages.
KV='' && eval "$(bash "$PKG_DIR/headers.sh" trixie 2>>"$PKG_LOG")" && kv612=$KV
KV='' && eval "$(bash "$PKG_DIR/headers.sh" trixie-backports 2>>"$PKG_LOG")" && kv73=$KV
if [ -z "${kv612:-}" ] || [ -z "${kv73:-}" ]; then
	not_ok "trixie: cannot find the kernels"
	exit 1
fi
root=$(bash "$XFRM_MSS_TOP/tests/lib/chroot.sh" trixie build-essential debhelper dh-dkms \
	dkms dpkg-dev lintian libmnl-dev pkg-config openssl "linux-headers-$kv612" 2>>"$PKG_LOG") ||
	{ not_ok "trixie: no chroot, see $PKG_LOG"; exit 1; }
in_trixie() { in_root "$root" "$@"; }
# shellcheck disable=SC2016 # ${Version}: a dpkg-query field
echo "# trixie chroot: dkms $(in_trixie dpkg-query -W -f='${Version}' dkms)," \
	"lintian $(in_trixie dpkg-query -W -f='${Version}' lintian), kernels $kv612, $kv73"

# The backports suite, for the "upgrade" to 7.3 only (it is asked for by
# its exact package name; nothing else comes from it).
echo "deb http://deb.debian.org/debian trixie-backports main" \
	>"$root/etc/apt/sources.list.d/backports.list"
purge() {
	in_trixie dpkg --purge xfrm-mss-dkms xfrm-mss-tools >>"$PKG_LOG" 2>&1
	in_trixie env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q \
		"linux-headers-$kv73" "linux-headers-${kv73%-amd64}-common" \
		"linux-kbuild-${kv73%-amd64}" >>"$PKG_LOG" 2>&1
	rm -rf "$root/usr/src/xfrm-mss-$VERSION" "$root/var/lib/dkms/xfrm-mss"
}
trap purge EXIT
purge

t0=$(date +%s)
if in_trixie bash "$PKG_DIR/mkdeb.sh" "$outdir" >>"$PKG_LOG" 2>&1; then
	# shellcheck disable=SC2016 # ${Version}: a dpkg-query field
	ok "trixie: make deb with debhelper $(in_trixie dpkg-query -W -f='${Version}' debhelper) in $(($(date +%s) - t0)) s"
else
	not_ok "trixie: make deb # see $PKG_LOG"
	exit 1
fi
in_trixie lintian --fail-on error,warning -I --pedantic --show-overrides "$outdir"/*.changes \
	>"$outdir/lintian.log" 2>&1
rc=$?
grep -v -e 'running with root privileges' -e '^N: ' "$outdir/lintian.log" | sed 's/^/# lintian: /'
if [ $rc -eq 0 ]; then ok "trixie: lintian: no error or warning"; else not_ok "trixie: lintian: exit $rc"; fi

# ko KV: the module dkms installed for KV, if any.
ko() { find "$root/lib/modules/$1" -name 'xfrm_mss.ko*' 2>/dev/null | head -n 1; }
# built KV: dkms status says installed, the module carries our version.
built() {
	local k=$1 f v st
	f=$(ko "$k")
	v=$([ -n "$f" ] && in_trixie modinfo -F version "${f#"$root"}" 2>/dev/null)
	st=$(in_trixie dkms status "xfrm-mss/$VERSION" -k "$k" 2>&1)
	echo "$st" >>"$PKG_LOG"
	[ "$v" = "$VERSION" ] && grep -q "^xfrm-mss/$VERSION, $k, [^:]*: installed" <<<"$st"
}

out=$(cd "$outdir" && in_trixie env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends "$outdir/xfrm-mss-dkms_${VERSION}_all.deb" \
	"$(ls "$outdir"/xfrm-mss-tools_"$VERSION"_*.deb)" 2>&1)
rc=$?
echo "$out" >>"$PKG_LOG"
if [ $rc -eq 0 ]; then ok "trixie: apt-get install ./xfrm-mss-dkms ./xfrm-mss-tools"
else not_ok "trixie: apt-get install: exit $rc # see $PKG_LOG"; fi
if built "$kv612"; then ok "trixie: the postinst built and installed the module for $kv612 ($(basename "$(ko "$kv612")"))"
else not_ok "trixie: no module of version $VERSION installed for $kv612 # see $PKG_LOG"; fi
tv=$(in_trixie xfrm-mss --version 2>&1)
if [ "$tv" = "xfrm-mss $VERSION" ]; then ok "trixie: xfrm-mss --version: $tv"
else not_ok "trixie: xfrm-mss --version says '$tv'"; fi

# The upgrade: new kernel headers arrive, their hook runs dkms.
t0=$(date +%s)
# shellcheck disable=SC2016 # expanded by the inner sh
out=$(in_trixie sh -c 'apt-get update -q >/dev/null &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$1"' \
	sh "linux-headers-$kv73" 2>&1)
rc=$?
echo "$out" >>"$PKG_LOG"
if [ $rc -eq 0 ] && built "$kv73"; then
	ok "trixie: installing linux-headers-$kv73 built the module for it ($(($(date +%s) - t0)) s)"
else
	not_ok "trixie: after installing linux-headers-$kv73 (exit $rc): no module for it # see $PKG_LOG"
fi

check "trixie: dpkg --purge xfrm-mss-dkms xfrm-mss-tools" \
	in_trixie dpkg --purge xfrm-mss-dkms xfrm-mss-tools
left=$(ls -d "$(ko "$kv612")" "$(ko "$kv73")" "$root/usr/src/xfrm-mss-$VERSION" \
	"$root/var/lib/dkms/xfrm-mss" "$root/usr/sbin/xfrm-mss" 2>/dev/null)
if [ -z "$left" ]; then ok "trixie: after purge: no module for either kernel, no dkms entry, no tool"
else not_ok "trixie: after purge, left: ${left//$'\n'/ }"; fi
[ $ktap_failed -eq 0 ]
