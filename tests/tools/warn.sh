# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run.sh: the warnings of status, each exactly when its
# condition holds, as "warning: " lines after the verdict and as the
# --json "warnings" array (the same texts, without "warning: "). Its own
# fake tree is a working module: clamped 5, every other counter 0, the
# package's /usr/lib/modules-load.d/xfrm-mss.conf below XFRM_MSS_ROOT, no
# xt_TCPMSS, and first in PATH a fake nft that prints $W/ruleset and exits
# with the status in $W/nft.rc. Each case changes one thing and puts it
# back. The SA cases and a real nft run in a throwaway netns (SKIP where
# there is none): a larval ESP state (ip xfrm state allocspi) is an SA the
# host kernel accepts without any ESP algorithm.
# shellcheck disable=SC2154 # top, work: set by run.sh; cnames: by fake.sh
W=$work/warn
wsys=$W/sys wproc=$W/proc wroot=$W/root
WP=$wsys/module/xfrm_mss/parameters WS=$wproc/sys/net/xfrm_mss
mkdir -p "$WP" "$wsys/kernel/xfrm_mss/stats" "$WS" "$wproc/net" "$wroot" \
	"$W/bin" "$W/nobin"
echo 0.1.0-test >"$wsys/module/xfrm_mss/version"
echo Y >"$WP/enable"; echo 536 >"$WP/min_mss"; echo 0 >"$WP/path_mtu"; echo copy >"$WP/df_policy"
echo -1 >"$WS/enable"; echo -1 >"$WS/path_mtu"; echo -1 >"$WS/min_mss"; echo default >"$WS/df_policy"
PKGCONF=usr/lib/modules-load.d/xfrm-mss.conf
install -D -m 0644 "$top/tools/debian/xfrm-mss.modules-load.conf" "$wroot/$PKGCONF"
: >"$W/ruleset"
echo 0 >"$W/nft.rc"
cat >"$W/bin/nft" <<EOF
#!/bin/sh
[ "\$*" = "list ruleset" ] || exit 64
cat "$W/ruleset"
echo "nft: something on stderr" >&2
exit \$(cat "$W/nft.rc")
EOF
chmod 755 "$W/bin/nft"
warn_path_saved=$PATH
export XFRM_MSS_SYSFS=$wsys XFRM_MSS_PROCFS=$wproc XFRM_MSS_ROOT=$wroot PATH=$W/bin:$PATH

# wstat_to FILE [NAME=VALUE]...: the proc file's text into FILE, every
# counter 0 but clamped 5, NAME's VALUE instead; sysfs gets the same.
wstat_to() {
	local f=$1 a c
	local -A v=([clamped]=5)
	shift
	for a; do v[${a%%=*}]=${a#*=}; done
	for c in "${cnames[@]}"; do
		printf '%-24s\t%s\n' "$c" "${v[$c]:-0}"
		echo "${v[$c]:-0}" >"$wsys/kernel/xfrm_mss/stats/$c"
	done >"$f"
}
wstat() { wstat_to "$wproc/net/xfrm_mss_stat" "$@"; }
wstat

# The warnings, word for word.
W_BOOT="xfrm_mss is not loaded at boot: no modules-load.d file or /etc/modules line names it; echo xfrm_mss > /etc/modules-load.d/xfrm-mss.conf"
w_mask() { echo "xfrm_mss is not loaded at boot: $1 masks $2; remove the first to load it at boot"; }
W_MASK=$(w_mask /etc/modules-load.d/xfrm-mss.conf /$PKGCONF)
W_TCPMSS="xt_TCPMSS is loaded: an iptables TCPMSS rule (of any namespace) runs in mangle, before xfrm_mss, and a --set-mss below the fitting MSS wins; find it with iptables-save -t mangle and ip6tables-save -t mangle, and delete it"
W_NFT="nft list ruleset has a rule that sets the MSS (maxseg size set) in this namespace: run before xfrm_mss, a lower value wins; run after it, it undoes the clamp; delete it"
W_OFF_SYSCTL="clamping is off in this namespace by its sysctl: sysctl -w net.xfrm_mss.enable=1 turns it on (-1 follows the module parameter)"
W_OFF_PARAM="clamping is off: the module parameter enable is N and this namespace follows it; xfrm-mss set enable y turns it on"
w_sa() { echo "$1 in this namespace but no SYN clamped yet: open a TCP connection through one; if clamped stays 0, xfrm-mss stats shows why (seen_syn, skip_no_sa)"; }
w_sa_unch() { echo "$1 in this namespace but no SYN clamped yet, $2 already small enough: something lowers the MSS first; delete any TCPMSS or nft maxseg rule (if none, the endpoints' own MSS fits)"; }
w_unsup() { echo "skip_sa_unsupported is $1 ($2): SYNs through an SA the arithmetic does not cover passed unclamped; xfrm-mss sa shows which SA and why"; }
w_bad() { echo "$1 passed unmodified (bad_* counters, $2): xfrm-mss stats --zero-hidden shows which; if they keep rising, find the sender with tcpdump"; }
STEADY="not rising over 1 s"

# wrun ARGS...: status ARGS through the prefix in the array pre; sets rc,
# ms (run time) and wtext (the lines after the verdict, "warning: " cut
# off, with a mark on any line that lacks it).
pre=()
wrun() {
	local t0
	t0=$(date +%s%N)
	"${pre[@]}" "$X" status "$@" >"$work/out" 2>"$work/err"
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ "$VERBOSE" = 1 ] && { diag "\$ ${pre[*]} xfrm-mss status $*"; sed 's/^/# /' "$work/out" "$work/err"; }
	wtext=$(sed -n '/^clamping/,$p' "$work/out" | tail -n +2 |
		sed 's/^warning: //; t; s/^/NOT A WARNING: /')
}
# wcase NAME [WARNING]...: status and status --json warn exactly so, in
# this order, exit 0 and write nothing on stderr.
wcase() {
	local name=$1 want
	shift
	want=$(for w; do echo "$w"; done)
	wrun
	check "status warns: $name" "0 $want" "$rc $wtext$(cat "$work/err")"
	wrun --json
	check "status --json warnings: $name" "0 $want" \
		"$rc $(json '"\n".join(d["warnings"])')$(cat "$work/err")"
}

# --- none, and fast ----------------------------------------------------------
wrun
check "status, all well: exit 0, the verdict is the last line" \
	"0 clamping: 5 SYNs lowered, 0 malformed" "$rc $(tail -n 1 "$work/out")"
check "status, all well: no pause for a second look at the counters" yes \
	"$([ "$ms" -lt 1000 ] && echo yes || echo "no, $ms ms")"
wrun --json
check "status --json, all well: warnings is an empty array" "0 []" "$rc $(json 'd["warnings"]')"

# --- loaded at boot ----------------------------------------------------------
E=$wroot/etc/modules-load.d
mkdir -p "$E"
rm "$wroot/$PKGCONF"
wcase "no modules-load.d file" "$W_BOOT"
echo "xfrm_mss" >"$wroot/etc/modules"
wcase "/etc/modules names it, no modules-load.d file"
printf '# /etc/modules\n  xfrm_mss  debug=1\n' >"$wroot/etc/modules"
wcase "/etc/modules names it with blanks and an argument"
printf '#xfrm_mss\nxfrm_mss_other\nxfrm\n' >"$wroot/etc/modules"
wcase "/etc/modules: commented out, longer and shorter names only" "$W_BOOT"
rm "$wroot/etc/modules"
install -D -m 0644 "$top/tools/debian/xfrm-mss.modules-load.conf" "$wroot/$PKGCONF"
wcase "the package's file, as shipped"
ln -s /dev/null "$E/xfrm-mss.conf"
wcase "the package's file masked by a /dev/null symlink in /etc" "$W_MASK"
echo xfrm_mss >"$wroot/etc/modules"
wcase "masked, but /etc/modules names it"
rm "$wroot/etc/modules"
rm "$E/xfrm-mss.conf"
printf '# off\n' >"$E/xfrm-mss.conf"
wcase "masked by a same-named file in /etc that names other modules" "$W_MASK"
printf 'xfrm_mss\n' >"$E/xfrm-mss.conf"
wcase "a same-named file in /etc that names it too"
rm "$E/xfrm-mss.conf"
# systemd's order: /etc, /run, /usr/local/lib, /usr/lib, /lib. The first
# masked file that names the module is the one the warning names.
for d in run usr/local/lib lib; do
	install -D -m 0644 "$wroot/$PKGCONF" "$wroot/$d/modules-load.d/xfrm-mss.conf"
	ln -s /dev/null "$E/xfrm-mss.conf"
	first=/$d/modules-load.d/xfrm-mss.conf
	[ "$d" = lib ] && first=/$PKGCONF
	wcase "/$d/modules-load.d names it too, /etc masks both" \
		"$(w_mask /etc/modules-load.d/xfrm-mss.conf "$first")"
	rm "$E/xfrm-mss.conf" "$wroot/$PKGCONF"
	wcase "only /$d/modules-load.d names it"
	ln -s /dev/null "$E/xfrm-mss.conf"
	wcase "only /$d/modules-load.d names it, masked" \
		"$(w_mask /etc/modules-load.d/xfrm-mss.conf /$d/modules-load.d/xfrm-mss.conf)"
	rm "$E/xfrm-mss.conf" "$wroot/$d/modules-load.d/xfrm-mss.conf"
	cp "$top/tools/debian/xfrm-mss.modules-load.conf" "$wroot/$PKGCONF"
done
mv "$wroot/$PKGCONF" "$W/pkgconf"
printf 'nf_conntrack\n  xfrm-mss\t\n; xfrm_mss\n' >"$E/gateway.conf"
wcase "another file in /etc names it as xfrm-mss, with blanks"
printf '# xfrm_mss\n;xfrm_mss\nxfrm_mss debug=1\n' >"$E/gateway.conf"
wcase "modules-load.d: comments and a line with an argument are no entry" "$W_BOOT"
printf 'xfrm_mss\n' >"$E/gateway.conf.disabled"
printf 'xfrm_mss\n' >"$E/.gateway.conf"
printf 'xfrm_mss\n' >"$E/conf"
wcase "files not named *.conf, or hidden, are not read" "$W_BOOT"
rm "$E/gateway.conf" "$E/gateway.conf.disabled" "$E/.gateway.conf" "$E/conf"
echo "BOOT_IMAGE=/vmlinuz ro quiet modules_load=dummy,xfrm_mss" >"$wproc/cmdline"
wcase "modules_load= on the kernel command line"
echo "ro rd.modules_load=xfrm-mss quiet" >"$wproc/cmdline"
wcase "rd.modules_load= on the kernel command line"
echo "ro modules_load=xfrm_mss_x xfrm_mss quiet" >"$wproc/cmdline"
wcase "the command line names another module" "$W_BOOT"
rm "$wproc/cmdline"
mv "$W/pkgconf" "$wroot/$PKGCONF"

# --- another clamp -------------------------------------------------------------
mkdir "$wsys/module/xt_TCPMSS"
wcase "xt_TCPMSS loaded" "$W_TCPMSS"
rmdir "$wsys/module/xt_TCPMSS"
cat >"$W/ruleset" <<'EOF'
table inet mss {
	chain forwarding {
		type filter hook forward priority mangle; policy accept;
		tcp flags syn tcp option maxseg size set rt mtu
	}
}
EOF
wcase "nft: a maxseg size set rule" "$W_NFT"
echo 1 >"$W/nft.rc"
wcase "nft: the same, but nft fails (no CAP_NET_ADMIN): no check"
echo 0 >"$W/nft.rc"
pre=(env PATH="$W/nobin")
wcase "no nft installed: no check"
pre=()
printf 'table ip f {\n\tchain c {\n\t\ttcp flags syn tcp option maxseg size 1-500 counter packets 0 bytes 0\n\t}\n}\n' >"$W/ruleset"
wcase "nft: a rule that only matches maxseg"
: >"$W/ruleset"

# --- clamping off ----------------------------------------------------------------
echo 0 >"$WS/enable"
wcase "enable 0 by the namespace's sysctl" "$W_OFF_SYSCTL"
echo -1 >"$WS/enable"; echo N >"$WP/enable"
wcase "enable N by the module parameter, sysctl -1" "$W_OFF_PARAM"
echo 1 >"$WS/enable"
wcase "enable N by the module parameter, sysctl 1 wins"
rm "$WS/enable"
wcase "enable N by the module parameter, no sysctl" "$W_OFF_PARAM"
echo -1 >"$WS/enable"; echo Y >"$WP/enable"

# --- counters ----------------------------------------------------------------------
wstat skip_sa_unsupported=4
wcase "skip_sa_unsupported above zero" "$(w_unsup 4 "$STEADY")"
check "status: the second look at the counters takes a second" yes \
	"$([ "$ms" -ge 1000 ] && echo yes || echo "no, $ms ms")"
wstat bad_doff=1
wcase "one malformed packet" "$(w_bad "1 malformed packet" "$STEADY")"
wstat bad_option=1000 df_bad_header=2
wcase "bad_option and df_bad_header add up" "$(w_bad "1,002 malformed packets" "$STEADY")"
wstat err_nomem=3 skip_no_sa=70000 skip_no_mss=2 skip_no_mtu=1
wcase "other counters above zero: no warning"
# feed FIFO FILE...: each FILE to one reader of FIFO in turn, the next one
# only once the last reader closed it (else it would read both).
feed() {
	timeout 20 python3 -c '
import errno, os, sys, time
fifo = sys.argv[1]
for i, name in enumerate(sys.argv[2:]):
    while i:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO:
                raise
            break
        os.close(fd)
        time.sleep(0.01)
    fd = os.open(fifo, os.O_WRONLY)
    os.write(fd, open(name, "rb").read())
    os.close(fd)
' "$@" &
}
wstat_to "$W/first" skip_sa_unsupported=4 bad_doff=10
wstat_to "$W/second" skip_sa_unsupported=1004 bad_doff=12 bad_mss_dup=3
wstat
rm "$wproc/net/xfrm_mss_stat"
mkfifo "$wproc/net/xfrm_mss_stat"
feed "$wproc/net/xfrm_mss_stat" "$W/first" "$W/second"
wrun
wait $!
check "status: rising counters, +1,000 and +5 in a second" \
	"0 $(w_unsup 4 "+1,000 in 1 s")
$(w_bad "10 malformed packets" "+5 in 1 s")" "$rc $wtext"
rm "$wproc/net/xfrm_mss_stat"
wstat
B=$wsys/kernel/xfrm_mss/stats/bad_doff
rm "$B"
mkfifo "$B"
echo 3 >"$W/first"; echo 8 >"$W/second"
feed "$B" "$W/first" "$W/second"
wrun --all --json
wait $!
check "status --all --json: the totals rising, reread from sysfs" \
	"0 $(w_bad "3 malformed packets" "+5 in 1 s")" "$rc $(json '"\n".join(d["warnings"])')"
rm "$B"
wstat

# --- all at once, in order ------------------------------------------------------
mv "$wroot/$PKGCONF" "$W/pkgconf"
mkdir "$wsys/module/xt_TCPMSS"
echo 'tcp option maxseg size set 1360' >"$W/ruleset"
echo 0 >"$WS/enable"
wstat skip_sa_unsupported=7 bad_mss_len=2
wcase "all at once, in order" "$W_BOOT" "$W_TCPMSS" "$W_NFT" "$W_OFF_SYSCTL" \
	"$(w_unsup 7 "$STEADY")" "$(w_bad "2 malformed packets" "$STEADY")"
mv "$W/pkgconf" "$wroot/$PKGCONF"
rmdir "$wsys/module/xt_TCPMSS"
: >"$W/ruleset"
echo -1 >"$WS/enable"
wstat

# --- SAs, and a real nft, in a namespace of their own ---------------------------------
if ! ip netns add "$NS" 2>"$work/err"; then
	skip "status warns: SAs" "ip netns add failed: $(head -n 1 "$work/err")"
else
	pre=(ip netns exec "$NS")
	wstat clamped=0
	wcase "no SAs, nothing clamped"
	ip netns exec "$NS" ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.9 proto esp mode tunnel >/dev/null
	wcase "one larval ESP SA, nothing clamped" "$(w_sa "1 SA")"
	ip netns exec "$NS" ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.10 proto esp mode tunnel >/dev/null
	wcase "two SAs, nothing clamped" "$(w_sa "2 SAs")"
	wstat clamped=0 unchanged=3000
	wcase "two SAs, none clamped, 3000 found small enough" "$(w_sa_unch "2 SAs" 3,000)"
	wstat clamped=1 unchanged=3000
	wcase "two SAs, one clamped, 3000 found small enough"
	wstat
	wcase "two SAs, 5 clamped"
	wstat clamped=0
	echo 0 >"$WS/enable"
	wcase "two SAs, nothing clamped, clamping off: only that" "$W_OFF_SYSCTL"
	echo -1 >"$WS/enable"
	wstat_to "$wproc/net/xfrm_mss_stat" clamped=5
	echo 0 >"$wsys/kernel/xfrm_mss/stats/clamped"
	wrun --all --json
	check "status --all: two SAs here, nothing clamped in any namespace" "0 $(w_sa "2 SAs")" \
		"$rc $(json '"\n".join(d["warnings"])')"
	echo 9 >"$wsys/kernel/xfrm_mss/stats/clamped"
	wrun --all --json
	check "status --all: two SAs here, 9 clamped in all namespaces" "0 " \
		"$rc $(json '"\n".join(d["warnings"])')"
	wstat clamped=0
	# The real nft, in the namespace: its rules only.
	pre=(ip netns exec "$NS" env PATH="$warn_path_saved")
	wcase "real nft, empty ruleset" "$(w_sa "2 SAs")"
	if ip netns exec "$NS" env PATH="$warn_path_saved" nft -f - <<-'EOF' 2>"$work/err"
		table inet mss {
			chain posting {
				type filter hook postrouting priority filter;
				tcp flags syn tcp option maxseg size set 1360
			}
		}
	EOF
	then
		wcase "real nft, a maxseg size set rule in this namespace" "$W_NFT" "$(w_sa "2 SAs")"
		pre=(ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups
		     env PATH="$warn_path_saved")
		wcase "as nobody: nft and the SA dump refused, no check"
	else
		skip "status warns: real nft" "nft -f failed: $(head -n 1 "$work/err")"
	fi
	pre=()
	wstat
	ip netns del "$NS"
fi
unset XFRM_MSS_SYSFS XFRM_MSS_PROCFS XFRM_MSS_ROOT
PATH=$warn_path_saved
