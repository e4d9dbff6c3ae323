#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the KUnit guest: load every test module (each runs its suite
# on load), gather the suites' KTAP from the kernel log into one document
# on the KTAP channel, smoke-test loading and unloading xfrm_mss itself,
# and run kmemleak before reporting success. The kernel log, not debugfs:
# 6.1 keeps only 2 KiB of each case's log there, which cuts parameterised
# cases short.
# shellcheck source=../qemu/init-common.sh
. /init-common.sh

# Boot-time kmemleak reports (the ACPI caches of a table load that fails
# under TCG) are not ours: set them aside. An object is reported once two
# scans in a row found it unreferenced and unchanged, hence two scans.
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	echo clear > /sys/kernel/debug/kmemleak
fi

mods=$(ls /kunit/*_test.ko)
n=$(echo "$mods" | wc -w)
{
	echo "KTAP version 1"
	echo "1..$((n + 1))"
} > /tmp/ktap
# Suites in load order; renumber each suite's "ok 1 name" line.
i=0
for ko in $mods; do
	i=$((i + 1))
	suite=$(basename "$ko" _test.ko)
	dmesg -c > /dev/null
	if insmod "$ko"; then
		# From 6.x each module's suites come with a header of their
		# own ("KTAP version 1", "1..1"): this document has one.
		dmesg | sed 's/^\[[ 0-9.]*\] \{0,1\}//' |
			sed -e '/^KTAP version 1$/d' -e '/^1\.\.[0-9]*$/d' \
			    -e "s/^\(not ok\|ok\) 1 $suite\$/\1 $i $suite/" >> /tmp/ktap
	else
		echo "not ok $i $suite # insmod failed" >> /tmp/ktap
	fi
done

# The real module: load with parameters, unload, no warnings (checked by the host).
i=$((i + 1))
if insmod /kunit/xfrm_mss.ko path_mtu=1400 df_policy=clear &&
   [ "$(cat /sys/module/xfrm_mss/parameters/path_mtu)" = 1400 ] &&
   [ "$(cat /sys/module/xfrm_mss/parameters/df_policy)" = clear ] &&
   [ -r /sys/kernel/xfrm_mss/stats/clamped ] &&
   [ -r /proc/sys/net/xfrm_mss/enable ] &&
   rmmod xfrm_mss && [ ! -e /sys/kernel/xfrm_mss ]; then
	echo "ok $i xfrm_mss_load_unload" >> /tmp/ktap
else
	echo "not ok $i xfrm_mss_load_unload" >> /tmp/ktap
fi

# 200 network namespaces created and destroyed under the loaded module,
# each with its own sysctls set; then unload while the last ones may still
# be torn down. kmemleak below judges the leaks.
i=$((i + 1))
good=0
if insmod /kunit/xfrm_mss.ko; then
	# shellcheck disable=SC2034,SC2016 # k counts only; $(...) is the inner sh's
	for k in $(seq 200); do
		unshare -n sh -c '[ "$(cat /proc/sys/net/xfrm_mss/enable)" = -1 ] &&
			echo 1 > /proc/sys/net/xfrm_mss/enable &&
			echo 1400 > /proc/sys/net/xfrm_mss/path_mtu &&
			echo clear > /proc/sys/net/xfrm_mss/df_policy' && good=$((good + 1))
	done
	rmmod xfrm_mss || good=-1
fi
if [ "$good" = 200 ] && [ "$(cat /proc/sys/net/xfrm_mss/enable 2>&1)" != -1 ]; then
	echo "ok $i netns_200_created_and_destroyed" >> /tmp/ktap
else
	echo "# $good of 200 namespaces had working sysctls" >> /tmp/ktap
	echo "not ok $i netns_200_created_and_destroyed" >> /tmp/ktap
fi
for ko in $mods; do
	rmmod "$(basename "$ko" .ko)" || echo "rmmod $ko failed"
done
sed -i "2s/.*/1..$i/" /tmp/ktap
cat /tmp/ktap > "$KTAP"

# Leaks show up in the console and fail the run on the host.
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	sleep 5
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi
guest_finish
