#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# version.sh: the version and the kernel range are stated consistently.
#  - include/xfrm_mss/version.h (XFRM_MSS_VERSION_BASE, the one definition),
#    dkms.conf PACKAGE_VERSION, tools/debian/changelog and the Makefile's
#    VERSION agree;
#  - dkms.conf's BUILD_EXCLUSIVE_KERNEL, matched the way dkms does
#    ([[ kver =~ regex ]]), accepts 5.10 and everything newer (no upper
#    bound) and refuses the rest, and the bound matches the #error guard in
#    src/compat.h, which has no upper one;
#  - the git describe suffix comes only from the tree's own .git.
# KTAP on stdout.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
top=$XFRM_MSS_TOP

conf_v=$(set +u; . "$top/dkms.conf" && echo "$PACKAGE_VERSION")
deb_v=$(sed -n '1s/^xfrm-mss (\([^)]*\)).*/\1/p' "$top/tools/debian/changelog")
# shellcheck disable=SC2016 # make, not the shell, expands $(VERSION)
mk_v=$(printf 'xfrm-mss-print:\n\t@echo $(VERSION)\n' |
	make -s -C "$top" -f Makefile -f - xfrm-mss-print 2>/dev/null)
if [ -n "$VERSION" ] && [ "$conf_v" = "$VERSION" ] && [ "$deb_v" = "$VERSION" ] &&
   [ "$mk_v" = "$VERSION" ]; then
	ok "version $VERSION: version.h = dkms.conf = debian/changelog = Makefile"
else
	not_ok "version mismatch: version.h '$VERSION', dkms.conf '$conf_v', debian/changelog '$deb_v', Makefile '$mk_v'"
fi

# The range: what dkms will accept, exactly as dkms tests it.
re=$(set +u; . "$top/dkms.conf" && echo "$BUILD_EXCLUSIVE_KERNEL")
bad=
for k in 5.10.0-46-amd64 5.15.0-1-generic 5.19.17 6.0.0 6.1.0-56-amd64 \
	 6.12.95+deb12-amd64 6.18.44-fc-v657 6.19.0-rc1 7.0.0-1-amd64 \
	 7.3.4+deb13-amd64 8.0.0 9.1.2 10.0.0 16.1.0 60.1.0; do
	[[ $k =~ $re ]] || bad+=" accepts:$k"
done
for k in 4.19.0-27-amd64 5.4.0-99-amd64 5.9.16 5.1.0 5.100.0 3.10.0 \
	 2.6.32 x6.1.0 06.1.0; do
	[[ $k =~ $re ]] && bad+=" refuses:$k"
done
if [ -z "$bad" ]; then
	ok "BUILD_EXCLUSIVE_KERNEL=\"$re\" accepts 5.10 and newer, no upper bound"
else
	not_ok "BUILD_EXCLUSIVE_KERNEL=\"$re\" wrong:$bad"
fi

# src/compat.h: #error below KERNEL_VERSION(a, b, 0), none above.
lo=$(sed -n 's/^#if LINUX_VERSION_CODE < KERNEL_VERSION(\([0-9]*\), \([0-9]*\), 0)$/\1.\2/p' \
	"$top/src/compat.h" | head -n 1)
hi=$(grep -c '^#if LINUX_VERSION_CODE >= KERNEL_VERSION([0-9]*, 0, 0)$' "$top/src/compat.h")
lo_prev=${lo%.*}.$((${lo#*.} - 1))
if [ -n "$lo" ] && [ "$hi" = 0 ] && [[ $lo.0 =~ $re ]] && ! [[ $lo_prev.0 =~ $re ]]; then
	ok "src/compat.h: from $lo with no upper bound = dkms.conf range"
else
	not_ok "src/compat.h range (from '$lo', $hi upper bounds) differs from dkms.conf \"$re\""
fi

# git describe: the tree's own, and nothing for a copy inside a checkout.
describe() {
	# shellcheck disable=SC2016
	printf 'xfrm-mss-print:\n\t@echo $(GIT_DESCRIBE)\n' |
		make -s -C "$1" -f Makefile -f - xfrm-mss-print 2>/dev/null
}
if [ -e "$top/.git" ] && command -v git >/dev/null; then
	want=$(git -C "$top" describe --always --dirty 2>/dev/null)
	got=$(describe "$top")
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		ok "git tree: module version gets the suffix -$got"
	else
		not_ok "git tree: GIT_DESCRIBE '$got', git describe '$want'"
	fi
	copy=$(mktemp -d "$PKG_OUT/copy.XXXXXX")
	make -s -C "$top" dkms-install DKMS_DEST="$copy" >/dev/null
	got=$(describe "$copy")
	rm -rf "$copy"
	if [ -z "$got" ]; then
		ok "copy inside a git checkout (as under DKMS): no git suffix"
	else
		not_ok "copy inside a git checkout picks up '$got'"
	fi
else
	skip "git describe suffix" "not a git checkout"
fi
[ $ktap_failed -eq 0 ]
