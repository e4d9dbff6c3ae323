# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Bad configuration and least privilege, sourced by cases.sh inside the
# guest: every parameter gets bad values at load time (the load must fail
# with a message naming the value) and through sysfs (-EINVAL, the old
# value stays); the files have the modes they should; a non-root user can
# change nothing; no kernel pointer shows in sysfs.
# e2e-part: order=10

declare -A BAD=(
	[enable]="'' 2 -1 maybe yes-please 0x Y2 onx '1 1'"
	[min_mss]="'' -1 0 87 65496 4294967296 99999999999999999999 536abc abc 1e3 0x ' 536'"
	[path_mtu]="'' -1 1 575 65536 4294967297 1400x abc 0x10000 '1400 1400'"
	[df_policy]="'' CLEAR clearx default 1 'set clear' copy, -1"
)
declare -A GOOD=([enable]=Y [min_mss]=600 [path_mtu]=1400 [df_policy]=clear)
P=/sys/module/xfrm_mss/parameters

tried=0 load_bad='' sysfs_bad='' kept_bad=''
for p in enable min_mss path_mtu df_policy; do
	eval "vals=(${BAD[$p]})"
	# shellcheck disable=SC2154 # vals: assigned by the eval
	for v in "${vals[@]}"; do
		tried=$((tried + 1))
		# At load time: refused, with the value in the log.
		dmesg -c >/dev/null
		# Quoted, so that the kernel sees one value even with a space in it.
		if insmod "$MOD" "$p=\"$v\"" 2>/dev/null; then
			load_bad="$load_bad $p='$v'"
			rmmod xfrm_mss
		elif ! dmesg | grep -q "xfrm_mss: invalid value '.*' for $p"; then
			load_bad="$load_bad $p='$v'(no message)"
		fi
		[ -e /sys/module/xfrm_mss ] && { load_bad="$load_bad $p='$v'(left loaded)"; rmmod xfrm_mss; }
	done
done
check config_bad_values_tried_at_least_30 yes "$([ $tried -ge 30 ] && echo yes)"
diag "$tried bad values per path"
check config_bad_values_refused_at_load "" "$load_bad"

insmod "$MOD"
for p in enable min_mss path_mtu df_policy; do
	echo "${GOOD[$p]}" > $P/$p
	eval "vals=(${BAD[$p]})"
	for v in "${vals[@]}"; do
		if echo "$v" 2>/dev/null > $P/$p; then
			sysfs_bad="$sysfs_bad $p='$v'"
		fi
		[ "$(cat $P/$p)" = "${GOOD[$p]}" ] || kept_bad="$kept_bad $p='$v'->$(cat $P/$p)"
		echo "${GOOD[$p]}" > $P/$p
	done
done
check config_bad_values_refused_in_sysfs "" "$sysfs_bad"
check config_bad_values_leave_old_value "" "$kept_bad"
echo Y > $P/enable; echo 536 > $P/min_mss; echo 0 > $P/path_mtu; echo copy > $P/df_policy

# Modes: parameters 0644 root, counters 0444; nothing else writable.
modes=$(busybox stat -c '%a %U' $P/* | sort -u | tr '\n' ' ')
check config_param_modes "644 root " "$modes"
modes=$(busybox stat -c '%a' /sys/kernel/xfrm_mss/stats/* | sort -u | tr '\n' ' ')
check config_counter_modes "444 " "$modes"
# A non-root user writes nothing: parameters, counters, the sysctls.
r=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "
	for f in $P/* /sys/kernel/xfrm_mss/stats/clamped /proc/sys/net/xfrm_mss/*; do
		echo 1 2>/dev/null > \$f && echo \"wrote \$f\"
	done; true")
check config_non_root_writes_nothing "" "$r"
# Every counter and parameter reads as a plain number or word: no pointers.
r=$(cat /sys/kernel/xfrm_mss/stats/* $P/* | grep -cvE '^([0-9]+|[YN]|copy|clear|set)$')
check config_sysfs_values_plain "0" "$r"
check config_no_pointer_in_log "" "$(dmesg | grep xfrm_mss | grep -E 'ffff[0-9a-f]{12}')"
rmmod xfrm_mss
