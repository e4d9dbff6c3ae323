#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deb.sh: make deb, lintian (no error or warning), then on the host:
# apt-get install ./xfrm-mss-dkms_*.deb ./xfrm-mss-tools_*.deb while the
# running kernel has no headers (postinst must skip, not fail), dkms
# build/install for Debian's 6.1 headers, the tool runs, then purge both
# and check that the module, /usr/src and /var/lib/dkms entries are gone.
# Nothing is loaded on the host. Before the purge, a QEMU guest boots
# Debian's 6.1 with what the package installed (boot-init.sh): the module
# loads at boot, masking turns that off, the postinst loads it.
# Everything it created is removed on exit. KTAP out.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: >"$PKG_LOG"
outdir=$PKG_OUT/deb
mod=xfrm-mss/$VERSION

bash "$XFRM_MSS_TOP/tests/lib/deps.sh" lintian dkms >&2 || die "cannot install lintian, dkms"
tmp=$(mktemp -d)
purge() {
	dpkg --purge xfrm-mss-dkms xfrm-mss-tools >>"$PKG_LOG" 2>&1
}
cleanup() {
	purge
	rm -rf "/usr/src/xfrm-mss-$VERSION" /var/lib/dkms/xfrm-mss
	cleanup_dirs
	rm -rf "$tmp"
}
trap cleanup EXIT
if dpkg-query -W xfrm-mss-dkms >/dev/null 2>&1 || [ -e /var/lib/dkms/xfrm-mss ]; then
	log "removing a previous xfrm-mss install"
	purge
	dkms remove "$mod" --all >>"$PKG_LOG" 2>&1
	rm -rf "/usr/src/xfrm-mss-$VERSION" /var/lib/dkms/xfrm-mss
fi

t0=$(date +%s)
if bash "$PKG_DIR/mkdeb.sh" "$outdir" >>"$PKG_LOG" 2>&1; then
	ok "make deb ($(cd "$outdir" && echo *.deb)) in $(($(date +%s) - t0)) s"
else
	not_ok "make deb # see $PKG_LOG"
	exit 1
fi
dkms_deb=$(ls "$outdir"/xfrm-mss-dkms_"$VERSION"_all.deb)
tools_deb=$(ls "$outdir"/xfrm-mss-tools_"$VERSION"_*.deb)

# Errors and warnings fail; info and pedantic tags are listed as comments.
lintian --fail-on error,warning -I --pedantic --show-overrides "$outdir"/*.changes \
	>"$tmp/lintian" 2>&1
rc=$?
grep -v -e 'running with root privileges' -e '^N: ' "$tmp/lintian" | sed 's/^/# lintian: /'
if [ "$rc" -eq 0 ]; then ok "lintian: no error or warning"; else not_ok "lintian: exit $rc"; fi

# The running kernel "is installed" but has no headers, as on a typical
# host: the postinst builds nothing for it and must still succeed.
kr=$(uname -r)
[ -d "/lib/modules/$kr" ] || make_dir "/lib/modules/$kr"
out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"$dkms_deb" "$tools_deb" 2>&1)
rc=$?
echo "$out" >>"$PKG_LOG"
if [ $rc -eq 0 ]; then
	ok "apt-get install ./xfrm-mss-dkms ./xfrm-mss-tools without headers for $kr"
	sed -n -e '/^Building for/p' -e '/skipped since the/{N;s/\n/ /;p}' <<<"$out" |
		sed 's/^/# postinst: /'
else
	not_ok "apt-get install: exit $rc # see $PKG_LOG"
fi
# Loaded at boot from the file the package ships; never loaded here.
conf=/usr/lib/modules-load.d/xfrm-mss.conf
if [ "$(grep -v '^#' "$conf" 2>/dev/null)" = xfrm_mss ] &&
   dpkg -L xfrm-mss-dkms | grep -qx "$conf"; then
	ok "$conf: shipped, names xfrm_mss"
else
	not_ok "$conf: '$(cat "$conf" 2>&1)'"
fi
if [ ! -e /sys/module/xfrm_mss ]; then
	ok "postinst: no module for $kr, nothing loaded on the host"
else
	not_ok "postinst: xfrm_mss is loaded on the host"
fi
if dkms status "$mod" 2>/dev/null | grep -q "^$mod: added"; then
	ok "dkms status: $mod added, not built for $kr"
else
	not_ok "dkms status: '$(dkms status "$mod" 2>&1)'"
fi

# Build and install it for Debian's 6.1 headers (kept in the cache).
KV='' KDIR=''
eval "$(bash "$PKG_DIR/headers.sh" bookworm 2>>"$PKG_LOG")"
ko=/lib/modules/$KV/updates/dkms/xfrm_mss.ko
[ -d "/lib/modules/$KV" ] || make_dir "/lib/modules/$KV"
check "dkms install -k $KV from the package" \
	dkms install "$mod" -k "$KV" --kernelsourcedir "$KDIR"
v=$(modinfo -F version "$ko" 2>/dev/null)
if [ "$v" = "$VERSION" ]; then ok "$ko: version $v"; else not_ok "$ko: version '$v'"; fi

# The tool: installed, runs, has its man page.
tv=$(/usr/sbin/xfrm-mss --version 2>&1)
if [ "$tv" = "xfrm-mss $VERSION" ] && [ -f /usr/share/man/man8/xfrm-mss.8.gz ]; then
	ok "xfrm-mss-tools: '$tv', man page"
else
	not_ok "xfrm-mss-tools: --version says '$tv'"
fi

# A guest that boots Debian's $KV with the installed package.
boot_guest() {
	local g=$tmp/guest line rc=0 VMLINUZ='' MODROOT='' gkv fetched
	mkdir -p "$g"
	fetched=$(bash "$XFRM_MSS_TOP/tests/qemu/fetch-debian-kernel.sh" 2>>"$PKG_LOG")
	eval "$(grep -E '^(VMLINUZ|MODROOT)=' <<<"$fetched")"
	gkv=$(sed -n 's/^KV=//p' <<<"$fetched")
	if [ "$gkv" != "$KV" ]; then
		not_ok "boot: the guest's kernel $gkv is not the one DKMS built for, $KV"
		return
	fi
	echo "$VERSION" >"$g/version"
	printf '#!/bin/sh\n# DKMS built the module on the host: nothing to do.\nexit 0\n' \
		>"$g/dkms-postinst"
	chmod 0755 "$g/dkms-postinst"
	bash "$XFRM_MSS_TOP/tests/qemu/mkinitramfs.sh" -o "$g/initrd.gz" \
		--init "$PKG_DIR/boot-init.sh" --modroot "$MODROOT" --kver "$KV" \
		--file "$XFRM_MSS_TOP/tests/qemu/init-common.sh:/init-common.sh" \
		--file "$ko:/lib/modules/$KV/updates/dkms/xfrm_mss.ko" \
		--file "$conf:$conf" \
		--file /var/lib/dpkg/info/xfrm-mss-dkms.postinst:/postinst \
		--file "$g/dkms-postinst:/usr/lib/dkms/common.postinst" \
		--file "$g/version:/expect/version" \
		--bin /lib/systemd/systemd-modules-load --bin /usr/bin/ischroot \
		--bin /usr/bin/kmod:/usr/sbin/modprobe --bin /usr/bin/kmod:/usr/sbin/modinfo \
		--bin /usr/sbin/xfrm-mss >>"$PKG_LOG" 2>&1 || {
		not_ok "boot: initramfs # see $PKG_LOG"
		return
	}
	XFRM_MSS_TCG=thread=single bash "$XFRM_MSS_TOP/tests/qemu/run-guest.sh" \
		--kernel "$VMLINUZ" --initrd "$g/initrd.gz" --out "$PKG_OUT/boot" \
		--timeout 600 >>"$PKG_LOG" 2>&1 || rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "boot: ${line#ok * }" ;;
		"not ok "*) not_ok "boot: ${line#not ok * }" ;;
		esac
	done < <(tr -d '\r' <"$PKG_OUT/boot/ktap" 2>/dev/null)
	[ "$rc" -eq 0 ] || not_ok "boot: the guest run failed # see $PKG_OUT/boot/console.log"
}
bash "$XFRM_MSS_TOP/tests/lib/deps.sh" systemd kmod >&2
boot_guest

check "dpkg --purge xfrm-mss-dkms xfrm-mss-tools" dpkg --purge xfrm-mss-dkms xfrm-mss-tools
left=$(ls -d "$ko" "/usr/src/xfrm-mss-$VERSION" /var/lib/dkms/xfrm-mss /usr/sbin/xfrm-mss \
	"$conf" 2>/dev/null)
if [ -z "$left" ]; then
	ok "after purge: no module, no /usr/src or /var/lib/dkms entry, no tool, no modules-load.d file"
else
	not_ok "after purge, left: ${left//$'\n'/ }"
fi
[ $ktap_failed -eq 0 ]
