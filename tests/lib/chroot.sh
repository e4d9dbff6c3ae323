#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# chroot.sh SUITE [PKG...]: a Debian SUITE userland (trixie, sid) for what
# the host's bookworm cannot do: build modules against that suite's kernel
# headers (they need its compiler: bookworm's gcc 12 rejects
# -fmin-function-alignment) and run its dkms and lintian. Made once with
# debootstrap --variant=minbase and cached in $XFRM_MSS_CACHE/chroot/SUITE;
# PKG... are installed into it if missing. Prints its path.
# Run commands in it with in_root (tests/lib/common.sh).
set -euo pipefail
. "$(dirname "$0")/common.sh"

suite=${1:?usage: chroot.sh trixie|sid [PKG...]}
shift
case $suite in trixie | sid) ;; *) die "chroot.sh: no chroot for $suite" ;; esac
base=gcc,make,libc6-dev,libelf-dev,dwarves,perl,bc,kmod,xz-utils
dir=$XFRM_MSS_CACHE/chroot/$suite
mkdir -p "$XFRM_MSS_CACHE/chroot"
# The packaging suite and a guest's build may want it at the same time.
exec 9>"$dir.lock"
flock 9
if [ ! -f "$dir/.done" ]; then
	bash "$XFRM_MSS_TOP/tests/lib/deps.sh" debootstrap
	log "debootstrap $suite into $dir (once, about 3 minutes)"
	rm -rf "$dir"
	debootstrap --variant=minbase --include="$base" \
		--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		"$suite" "$dir" http://deb.debian.org/debian >"$dir.log" 2>&1 ||
		{ tail -n 20 "$dir.log" >&2; die "debootstrap $suite failed (see $dir.log)"; }
	# Its own apt sees the suite and its security updates (sid has none).
	{
		echo "deb http://deb.debian.org/debian $suite main"
		[ "$suite" = sid ] ||
			echo "deb http://deb.debian.org/debian-security $suite-security main"
	} >"$dir/etc/apt/sources.list"
	rm -rf "$dir/var/cache/apt/archives/"*.deb
	touch "$dir/.done"
fi
# No package starts a service here (the IKE daemons of tests/e2e/fetch-ike.sh).
if [ ! -x "$dir/usr/sbin/policy-rc.d" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
	chmod 0755 "$dir/usr/sbin/policy-rc.d"
fi
# What is missing, the same way as on the host (deps.sh, run inside it).
if [ $# -gt 0 ]; then
	in_root "$dir" bash "$XFRM_MSS_TOP/tests/lib/deps.sh" "$@" >&2 ||
		die "cannot install $* into $dir"
fi
echo "$dir"
