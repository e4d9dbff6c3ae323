#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mkdeb.sh [OUTDIR]: build xfrm-mss-dkms_VERSION_all.deb and
# xfrm-mss-tools_VERSION_ARCH.deb (make deb). The source tree is assembled
# in a temp dir: the module sources (make dkms-install), tools/ sources,
# README.md, and tools/debian/ as debian/. The .debs, .buildinfo and
# .changes land in OUTDIR (default out/deb), the build log next to them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
outdir=${1:-out/deb}
case $outdir in /*) ;; *) outdir=$XFRM_MSS_TOP/$outdir ;; esac

bash "$XFRM_MSS_TOP/tests/lib/deps.sh" build-essential debhelper dh-dkms dpkg-dev \
	libmnl-dev pkg-config >&2 || die "cannot install packaging dependencies"
[ -n "$VERSION" ] || die "no version in include/xfrm_mss/version.h"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/xfrm-mss-$VERSION
make -s -C "$XFRM_MSS_TOP" dkms-install DKMS_DEST="$src"
(cd "$XFRM_MSS_TOP" && cp --parents README.md docs/*.md tools/Makefile tools/*.c tools/*.h \
	tools/xfrm-mss.8 "$src/")
cp -r "$XFRM_MSS_TOP/tools/debian" "$src/debian"

mkdir -p "$outdir"
rm -f "$outdir"/xfrm-mss*_*.deb "$outdir"/xfrm-mss_*.buildinfo "$outdir"/xfrm-mss_*.changes
log "dpkg-buildpackage in $src"
# No -dbgsym package: out/deb holds just the two packages.
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} noautodbgsym"
if ! (cd "$src" && dpkg-buildpackage -b -us -uc) >"$outdir/build.log" 2>&1; then
	tail -n 30 "$outdir/build.log" >&2
	die "dpkg-buildpackage failed, see $outdir/build.log"
fi
mv "$tmp"/*.deb "$tmp"/*.buildinfo "$tmp"/*.changes "$outdir/"
ls "$outdir"/*.deb
