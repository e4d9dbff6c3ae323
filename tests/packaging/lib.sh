# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
# Sourced by tests/packaging/*.sh: KTAP output, version, host-state helpers.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
PKG_DIR=$XFRM_MSS_TOP/tests/packaging
PKG_OUT=${XFRM_MSS_OUT:-$XFRM_MSS_TOP/out/packaging}
mkdir -p "$PKG_OUT"
# The host's dkms builds for these; BUILD_SUITES are the W=1 build checks.
SUITES=(bullseye bookworm bookworm-backports)
BUILD_SUITES=(bullseye bookworm bookworm-backports trixie trixie-backports sid)

# The release version, from its one definition.
VERSION=$(sed -n 's/^#define XFRM_MSS_VERSION_BASE "\(.*\)"/\1/p' \
	"$XFRM_MSS_TOP/include/xfrm_mss/version.h")

# KTAP lines; each script numbers its own, run.sh renumbers.
ktap_n=0 ktap_failed=0
ok() { ktap_n=$((ktap_n + 1)); echo "ok $ktap_n $*"; }
not_ok() { ktap_n=$((ktap_n + 1)); ktap_failed=$((ktap_failed + 1)); echo "not ok $ktap_n $*"; }
skip() { ktap_n=$((ktap_n + 1)); echo "ok $ktap_n $1 # SKIP $2"; }
# check NAME CMD...: ok if CMD succeeds; CMD's output goes to the log.
check() {
	local name=$1
	shift
	if "$@" >>"$PKG_LOG" 2>&1; then ok "$name"; else not_ok "$name # see $PKG_LOG"; fi
}
PKG_LOG=${PKG_LOG:-$PKG_OUT/$(basename "$0" .sh).log}

# bullseye's 5.10 headers name gcc-10 as CC (.kernelvariables), which
# bookworm lacks; gcc 12 builds 5.10 fine. DKMS cannot pass CC=, so give
# it a gcc-10 on PATH that is gcc. Prints the dir to prepend to PATH.
gcc10_shim() {
	local d=$1
	mkdir -p "$d"
	command -v gcc-10 >/dev/null || ln -sf "$(command -v gcc)" "$d/gcc-10"
	echo "$d"
}

# /lib/modules/KV for a kernel that is not installed: created for dkms
# install (it refuses a kernel without that dir), removed by cleanup_dirs.
CREATED_DIRS=()
make_dir() {
	local d=$1 up
	up=$d
	while [ ! -e "$up" ]; do
		CREATED_DIRS=("$up" "${CREATED_DIRS[@]}")
		up=$(dirname "$up")
	done
	mkdir -p "$d"
}
cleanup_dirs() {
	local d i
	for ((i = ${#CREATED_DIRS[@]} - 1; i >= 0; i--)); do
		d=${CREATED_DIRS[i]}
		case $d in /lib/modules|/lib/modules/*) rm -rf "$d" ;; esac
	done
	CREATED_DIRS=()
}
