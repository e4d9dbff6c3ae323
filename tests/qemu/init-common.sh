# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Sourced by a guest's /init (busybox sh): mounts, the KTAP channel, and
# the end of the run. Busybox sh runs its own applets before $PATH, so
# the real iproute2 and friends are called by full path through functions.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
echo /sbin/modprobe > /proc/sys/kernel/modprobe
# shellcheck disable=SC2218 # busybox's own ip applet is enough for lo
ip link set lo up 2>/dev/null
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
exec </dev/null >/dev/ttyS0 2>&1
# The host tells reports of the boot from those of the run by this mark.
echo "xfrm-mss guest: /init started"

ip() { /usr/sbin/ip "$@"; }
# shellcheck disable=SC2034 # for the /init that sources this
KTAP=/dev/ttyS1

# The last act of a run: the kernel log to the console, success to ttyS2.
guest_finish() {
	echo "=== dmesg"
	dmesg
	echo success > /dev/ttyS2
	sync
	# A reboot ends QEMU (-no-reboot) on every kernel, ACPI or not.
	echo b > /proc/sysrq-trigger
	reboot -f
}
