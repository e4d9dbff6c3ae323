#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run.sh: the packaging suite, as root on a bare Debian 12 machine (installs
# what it needs; reads no stdin; loads no module):
#   version.sh        version and kernel range agree everywhere
#   build-kernels.sh  W=1 builds against Debian 5.10, 6.1, 6.12 (bookworm-backports
#                     and trixie), 7.3 (trixie-backports) and sid's headers
#   dkms.sh           dkms add/build/install/status/remove per kernel, 5.4
#                     skipped, a kernel it cannot build for fails loudly
#   deb.sh            make deb, lintian, apt install/dkms build/purge on the host
#   trixie.sh         the same in a trixie chroot, and a kernel upgrade to 7.3
# Renumbers their KTAP lines into one plan and ends with exactly one line
# "packaging: N passed, N failed, N skipped". Logs in out/packaging/.
set -uo pipefail
exec </dev/null
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
[ "$(id -u)" -eq 0 ] || die "run as root (apt, dkms, /usr/src, /lib/modules)"

n=0 passed=0 failed=0 skipped=0
start=$(date +%s)
echo "KTAP version 1"
for t in version build-kernels dkms deb trixie; do
	t0=$(date +%s)
	out=$(mktemp)
	bash "$here/$t.sh" >"$out" 2>>"$PKG_OUT/run.log"
	rc=$?
	seen=0 failed_before=$failed
	while IFS= read -r line; do
		if [[ $line =~ ^(not\ ok|ok)\ [0-9]+\ (.*)$ ]]; then
			n=$((n + 1)) seen=$((seen + 1))
			echo "${BASH_REMATCH[1]} $n $t: ${BASH_REMATCH[2]}"
			if [ "${BASH_REMATCH[1]}" = "not ok" ]; then
				failed=$((failed + 1))
			elif [[ ${BASH_REMATCH[2]} == *"# SKIP"* ]]; then
				skipped=$((skipped + 1))
			else
				passed=$((passed + 1))
			fi
		else
			echo "$line"
		fi
	done <"$out"
	rm -f "$out"
	if [ $seen -eq 0 ] || { [ $rc -ne 0 ] && [ $failed -eq $failed_before ]; }; then
		n=$((n + 1)) failed=$((failed + 1))
		echo "not ok $n $t # exit $rc without a failed case, see $PKG_OUT/run.log"
	fi
	echo "# $t: $(($(date +%s) - t0)) s (exit $rc)"
done
echo "1..$n"
echo "# total $(($(date +%s) - start)) s"
echo "packaging: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
