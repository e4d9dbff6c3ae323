#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the guest that boots with the xfrm-mss-dkms package installed
# (deb.sh): its /usr/lib/modules-load.d/xfrm-mss.conf, the module DKMS
# built for this kernel and the package's postinst, as dpkg left them on
# the host. systemd-modules-load is the program systemd runs at boot
# (systemd-modules-load.service); it runs first, as at boot. KTAP out.
# shellcheck source=../qemu/init-common.sh
. /init-common.sh
n=0
t() { # NAME CONDITION...
	name=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $name"; else echo "not ok $n $name"; fi >> /tmp/ktap
}
loaded() { [ -d /sys/module/xfrm_mss ]; }
unloaded() { [ ! -d /sys/module/xfrm_mss ]; }
ok_loaded() { [ "$rc" = 0 ] && loaded; }
ok_unloaded() { [ "$rc" = 0 ] && unloaded; }
boot_warning() { /usr/sbin/xfrm-mss status 2>&1 | grep -qi '^warning:.*boot'; }
# (status must have run to its verdict: an empty answer warns of nothing.)
no_boot_warning() {
	out=$(/usr/sbin/xfrm-mss status 2>&1)
	echo "$out" | grep -q '^clamping' && ! echo "$out" | grep -qi '^warning:.*boot'
}

/lib/systemd/systemd-modules-load
rc=$?
want=$(cat /expect/version)
ko=$(find /lib/modules/"$(uname -r)"/updates -name 'xfrm_mss.ko*')
t "systemd-modules-load exits 0" [ "$rc" = 0 ]
t "loaded at boot: version $want" [ "$(cat /sys/module/xfrm_mss/version 2>&1)" = "$want" ]
t "the module loaded is DKMS's build" \
	[ "$(cat /sys/module/xfrm_mss/srcversion 2>&1)" = "$(modinfo -F srcversion "$ko")" ]
t "xfrm-mss status: no warning about boot loading" no_boot_warning

rmmod xfrm_mss
mkdir -p /etc/modules-load.d
ln -s /dev/null /etc/modules-load.d/xfrm-mss.conf
/lib/systemd/systemd-modules-load
t "masked by /etc/modules-load.d/xfrm-mss.conf -> /dev/null: not loaded" unloaded
/postinst configure
rc=$?
t "postinst configure, masked: exit 0, not loaded" ok_unloaded
modprobe xfrm_mss
t "xfrm-mss status, masked: warns that it does not load at boot" boot_warning
rmmod xfrm_mss

rm /etc/modules-load.d/xfrm-mss.conf
/postinst configure
rc=$?
t "postinst configure: exit 0, loaded" ok_loaded
/postinst configure
rc=$?
t "postinst configure again (upgrade): exit 0, still loaded" ok_loaded

{
	echo "KTAP version 1"
	echo "1..$n"
	cat /tmp/ktap
} > "$KTAP"
guest_finish
