# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The parts of the end-to-end suite, sourced by run.sh on the host and by
# cases.sh inside the guest (bash in both). The part "core" is cases.sh
# itself and runs first. Every other part is a file NAME_cases.sh whose
# place in the run is a line of its own:
#   # e2e-part: order=N          runs by default
#   # e2e-part: order=N named    runs only when named (only=NAME)
# Parts run by increasing N, which no two parts share. A case file without
# that line stops run.sh before the guest boots: a new part cannot be
# forgotten or run out of place. Pure bash (no sed, no sort): every
# program started costs about 0.3 s on the debug kernel under TCG.

# e2e_parts DIR: the parts of DIR's case files in run order, "core"
# first, one per line: "NAME", or "NAME named".
e2e_parts() {
	local f name line order flag
	local -a by_order=()
	for f in "$1"/*_cases.sh; do
		[ -e "$f" ] || continue
		name=${f##*/}
		name=${name%_cases.sh}
		order='' flag=''
		while IFS= read -r line; do
			if [[ $line =~ ^#\ e2e-part:\ order=([1-9][0-9]*)(\ named)?$ ]]; then
				order=${BASH_REMATCH[1]} flag=${BASH_REMATCH[2]}
				break
			fi
		done < "$f"
		if [ -z "$order" ]; then
			echo "e2e_parts: $f has no '# e2e-part: order=N' line" >&2
			return 1
		fi
		if [ -n "${by_order[order]:-}" ]; then
			echo "e2e_parts: $name and ${by_order[order]%% *} share order=$order" >&2
			return 1
		fi
		by_order[order]=$name$flag
	done
	echo core
	# An indexed array expands in the order of its indexes.
	[ ${#by_order[@]} -eq 0 ] || printf '%s\n' "${by_order[@]}"
}
