#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh PKG...: install the Debian packages that are missing, quietly.
set -euo pipefail
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
# Another suite (make bench beside make test) may hold the dpkg lock: wait.
lock=(-o DPkg::Lock::Timeout=900)
if ! DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -q --no-install-recommends \
	"${missing[@]}" >/dev/null 2>&1; then
	apt-get "${lock[@]}" update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -q --no-install-recommends \
		"${missing[@]}" >/dev/null
fi
