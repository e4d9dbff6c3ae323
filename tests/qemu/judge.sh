#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Judges a guest's console for kernel reports:
#   judge.sh CONSOLE DIR      one "kernel report: LINE:TEXT" per hit on
#                             stdout, exit 1 if there is any
#   judge.sh --first CONSOLE  the line number of the first report, if any
# Set aside, into DIR, and never a failure:
# - kmemleak reports of objects allocated while the kernel initialised
#   itself (a backtrace through start_kernel or kernel_init_freeable,
#   that is before /init and before any module was loaded): under TCG
#   the ACPI table load fails and leaks its early caches, and whether a
#   stale pointer still hides them from the scans that /init makes to
#   set them aside varies from boot to boot. DIR/boot-leaks.log.
# - kmemleak reports of what the kernel's IP-TFS leaked: objects it
#   allocated (a frame in iptfs_*), and where there are such, the
#   secpaths (secpath_set() under xfrm_input()) of the skbs it leaked.
#   Linux 7.3's IP-TFS leaks them with xfrm_mss unloaded as well (e2e
#   shapes part on the debug kernel, 2026-12-05: 99 objects in a run
#   with the module unloaded for the IP-TFS cases), from its input
#   reordering and its output collection. An skb that anything else
#   leaked still fails the run with its own report. DIR/kernel-leaks.log.
# - with XFRM_MSS_KCSAN_OURS=1 (the KCSAN kernel), KCSAN reports outside
#   the module's code: DIR/kcsan-others.log (ours: DIR/kcsan-ours.log,
#   which fail).
# The boot line "RCU lockdep checking is enabled" is no report: lockdep's
# own begin with WARNING: or BUG:.
set -euo pipefail
REPORTS='WARNING:|BUG:|KASAN|Oops|unreferenced object|general protection|Call Trace|Kernel panic|DEBUG_LOCKS_WARN_ON|possible circular|suspicious RCU'

if [ "${1:-}" = --first ]; then
	grep -naE "$REPORTS" "$2" | head -n 1 | cut -d: -f1 || true
	exit 0
fi
[ $# -eq 2 ] || { echo "usage: judge.sh CONSOLE DIR | judge.sh --first CONSOLE" >&2; exit 2; }
console=$1 dir=$2
mkdir -p "$dir"

# One pass: kmemleak blocks (the header line, then indented lines) are
# taken whole; a block allocated during the kernel's own init goes to
# boot-leaks.log and its lines are blanked (line numbers stay right);
# any other block keeps its header and gets its first frames appended,
# so that the report line says where the object came from.
rm -f "$dir/boot-leaks.log" "$dir/kernel-leaks.log"
iptfs=0
grep -qE '(^|[] ])iptfs_[a-z_0-9.]+\+0x' "$console" && iptfs=1
scan=$(mktemp)
trap 'rm -f "$scan" "$scan.k"' EXIT
awk -v boot="$dir/boot-leaks.log" -v known="$dir/kernel-leaks.log" -v iptfs=$iptfs '
	function flush(   i, frames, n, f, kernel) {
		if (!nb)
			return
		kernel = blk ~ /[] \n]iptfs_[a-z_0-9.]+\+0x/ ||
			 (iptfs && blk ~ /secpath_set\+0x/ && blk ~ /xfrm_input\+0x/)
		if (kernel || blk ~ /(start_kernel|kernel_init_freeable)\+/) {
			printf "%s", blk >> (kernel ? known : boot)
			for (i = 0; i < nb; i++)
				print ""
		} else {
			n = split(blk, f, "\n")
			frames = ""
			for (i = 2; i <= n; i++)
				if (f[i] ~ /\+0x[0-9a-f]+\/0x/) {
					sub(/^.*\] /, "", f[i])
					sub(/^ +/, "", f[i])
					sub(/\+0x.*/, "", f[i])
					frames = frames (frames == "" ? " " : " < ") f[i]
					if (split(frames, _, "<") > 5)
						break
				}
			print hdr frames
			for (i = 1; i < nb; i++)
				print ""
		}
		nb = 0
	}
	/unreferenced object 0x/ { flush(); hdr = $0; blk = $0 "\n"; nb = 1; next }
	nb && /^(\[[ 0-9.]*\] )?  / { blk = blk $0 "\n"; nb++; next }
	{ flush(); print }
	END { flush() }' "$console" > "$scan"

# XFRM_MSS_KCSAN_OURS=1: a KCSAN report fails the run only if the
# module's code is in it.
if [ "${XFRM_MSS_KCSAN_OURS:-0}" = 1 ]; then
	rm -f "$dir/kcsan-ours.log" "$dir/kcsan-others.log"
	awk -v ours="$dir/kcsan-ours.log" -v others="$dir/kcsan-others.log" '
		/BUG: KCSAN:/ { inb = 1; blk = $0 "\n"; print ""; next }
		inb {
			blk = blk $0 "\n"
			print ""
			if ($0 ~ /^(\[[ 0-9.]*\] )?=+$/) {
				printf "%s", blk >> (blk ~ /xfrm_mss/ ? ours : others)
				inb = 0
			}
			next
		}
		{ print }' "$scan" > "$scan.k"
	mv "$scan.k" "$scan"
	n=$(grep -c 'BUG: KCSAN:' "$dir/kcsan-others.log" 2>/dev/null || true)
	echo "KCSAN: ${n:-0} reports outside the module (kcsan-others.log)" >&2
	if [ -s "$dir/kcsan-ours.log" ]; then
		grep 'BUG: KCSAN:' "$dir/kcsan-ours.log" | sed 's/^/kernel report: KCSAN in the module: /'
		exit 1
	fi
fi
if [ -s "$dir/kernel-leaks.log" ]; then
	echo "kmemleak: $(grep -c 'unreferenced object' "$dir/kernel-leaks.log") objects the kernel's IP-TFS leaked, set aside (kernel-leaks.log)" >&2
fi
if [ -s "$dir/boot-leaks.log" ]; then
	echo "kmemleak: $(grep -c 'unreferenced object' "$dir/boot-leaks.log") objects allocated during the kernel's init, set aside (boot-leaks.log)" >&2
fi
hits=$(grep -naE "$REPORTS" "$scan" | head -n 20 || true)
[ -z "$hits" ] && exit 0
printf '%s\n' "$hits" | cut -c1-240 | sed 's/^/kernel report: /'
exit 1
