#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Tests of the xfrm-mss control tool (tools/), run as root on the host:
#   bash tests/tools/run.sh [-v]
#
# Builds the tool twice, plain and with ASan+UBSan (make -C tools SAN=1
# O=DIR), installs the plain one into a DESTDIR, and runs every case
# against the sanitizer build:
#   calc    a table of hand-derived inner MTUs and MSSs, text and --json
#   usage   every bad argument: exit 2 and exactly one line on stderr
#   fake    status, stats and set against a fake /sys and /proc tree
#           (XFRM_MSS_SYSFS, XFRM_MSS_PROCFS): this namespace's counters
#           and the totals (--all), a broken or missing
#           /proc/net/xfrm_mss_stat, non-root set, no module
#   warn    each warning of status exactly when its condition holds:
#           boot loading (a fake root, XFRM_MSS_ROOT), xt_TCPMSS, nft
#           (a fake one first in PATH, a real one in a netns), enable
#           off, SAs with nothing clamped, counters above zero or rising
#   prom    stats --format prometheus through a strict parser of the
#           text format (promparse.py), values against the fake tree
#   sa      SAs added with `ip xfrm state` in a throwaway netns, dumped
#           with `sa --json`; SKIP where the host kernel lacks ESP
# No kernel module is loaded. Output is KTAP; the last line is
# "tools: N passed, N failed, N skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
VERBOSE=0
[ "${1:-}" = "-v" ] && VERBOSE=1

pass=0 failn=0 skipn=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
fail() { n=$((n + 1)); failn=$((failn + 1)); echo "not ok $n $1"; }
skip() { n=$((n + 1)); skipn=$((skipn + 1)); echo "ok $n $1 # SKIP $2"; }
diag() { echo "# $*"; }
check() { # NAME WANT GOT
	if [ "$2" = "$3" ]; then ok "$1"; else diag "$1: want '$2', got '$3'"; fail "$1"; fi
}
finish() {
	echo "1..$n"
	echo "tools: $pass passed, $failn failed, $skipn skipped"
	[ "$failn" -eq 0 ]
	exit
}

work=$(mktemp -d /tmp/xfrm-mss-tools.XXXXXX)
NS=xfrm-mss-tools-$$
cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"	# nobody runs the binary too

echo "KTAP version 1"
# --- build ----------------------------------------------------------------
bash "$top/tests/lib/deps.sh" libmnl-dev python3 gcc make >&2 ||
	diag "deps.sh failed; trying with what is installed"
if make -s -C "$top" tools O="$work/plain" >"$work/build.log" 2>&1 &&
   make -s -C "$top" install-tools O="$work/plain" DESTDIR="$work/dest" >>"$work/build.log" 2>&1 &&
   [ -x "$work/dest/usr/local/sbin/xfrm-mss" ] &&
   [ -f "$work/dest/usr/local/share/man/man8/xfrm-mss.8" ]; then
	ok "build plain (-Wall -Wextra -Werror) and install-tools"
else
	sed 's/^/# /' "$work/build.log"
	fail "build plain (-Wall -Wextra -Werror) and install-tools"
fi
if make -s -C "$top/tools" SAN=1 O="$work/san" >"$work/san.log" 2>&1; then
	ok "build with -fsanitize=address,undefined"
else
	sed 's/^/# /' "$work/san.log"
	fail "build with -fsanitize=address,undefined"
	finish
fi
X=$work/san/xfrm-mss
export ASAN_OPTIONS=abort_on_error=0:exitcode=99 UBSAN_OPTIONS=halt_on_error=1:exitcode=98
if command -v groff >/dev/null; then
	w=$(groff -man -Tutf8 -ww -z "$top/tools/xfrm-mss.8" 2>&1)
	check "man page renders without warnings" "" "$w"
fi

# run ARGS...: sets out, err (files) and rc; with env from the caller.
run() {
	"$X" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	[ "$VERBOSE" = 1 ] && { diag "\$ xfrm-mss $*"; sed 's/^/# /' "$work/out" "$work/err"; }
	return 0
}
# json EXPR: evaluate a python expression over d = the JSON in $work/out
json() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$work/out" "$1" 2>&1
}

. "$(dirname "$0")/calc.sh"
. "$(dirname "$0")/usage.sh"
. "$(dirname "$0")/fake.sh"
. "$(dirname "$0")/warn.sh"
. "$(dirname "$0")/prom.sh"
. "$(dirname "$0")/sa.sh"
finish
