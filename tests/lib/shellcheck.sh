#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs ShellCheck over every shell script of the repository, found rather
# than listed: the tracked *.sh files, and the tracked files without the
# extension whose #! line runs sh or bash (.ci/run, the package's
# postinst). Options in .shellcheckrc at the top. Silent when clean; any
# finding, of any severity, fails. Part of make style.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"
cd "$XFRM_MSS_TOP"
command -v shellcheck >/dev/null || bash tests/lib/deps.sh shellcheck >&2 ||
	die "cannot install shellcheck"

files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -d '' -t all < <(git ls-files -z)
else
	# A tree without .git (a tarball): every file but the build output.
	mapfile -d '' -t all < <(find . -path ./.git -prune -o -path ./out -prune -o \
		-type f -printf '%P\0')
fi
for f in "${all[@]}"; do
	case $f in
	*.sh) files+=("$f") ;;
	*)
		first=''
		[ -f "$f" ] && { IFS= read -r first < "$f" || :; } 2>/dev/null
		[[ $first =~ ^#!(/usr)?/bin/(env\ )?(ba)?sh([[:space:]]|$) ]] && files+=("$f")
		;;
	esac
done
[ ${#files[@]} -gt 0 ] || die "no shell scripts found"
shellcheck "${files[@]}"
