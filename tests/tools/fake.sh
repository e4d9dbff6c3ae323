# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run.sh: status, stats and set against a fake tree. The
# counter names and descriptions come from include/xfrm_mss/counters.h,
# the list the tool is built from. Each counter has two values: the total
# over all namespaces in its sysfs file (--all), and this namespace's in
# the fake /proc/net/xfrm_mss_stat (the default), a seventh of the total,
# so that no counter has the same value in both. The host's boot
# configuration and nft ruleset are kept out of status: XFRM_MSS_ROOT is a
# tree with the package's modules-load.d file, and PATH starts with a fake
# nft that lists an empty ruleset (warn.sh tests the warnings).
# shellcheck disable=SC2154 # top, work: set by run.sh, which sources this
fsys=$work/fake/sys fproc=$work/fake/proc
mkdir -p "$fsys/module/xfrm_mss/parameters" "$fsys/kernel/xfrm_mss/stats" \
	"$fproc/sys/net/xfrm_mss"
echo "0.1.0-test" >"$fsys/module/xfrm_mss/version"
echo "0123456789ABCDEF0123456" >"$fsys/module/xfrm_mss/srcversion"
P=$fsys/module/xfrm_mss/parameters
echo Y >"$P/enable"; echo 536 >"$P/min_mss"; echo 0 >"$P/path_mtu"; echo copy >"$P/df_policy"
S=$fproc/sys/net/xfrm_mss
echo -1 >"$S/enable"; echo 1400 >"$S/path_mtu"; echo -1 >"$S/min_mss"; echo default >"$S/df_policy"

mapfile -t cnames < <(sed -n 's/^XFRM_MSS_COUNTER(\([a-z0-9_]*\),.*/\1/p' "$top/include/xfrm_mss/counters.h")
N=${#cnames[@]}
declare -A cval nval
i=0 malformed=0 nmalformed=0 cl=0
for c in "${cnames[@]}"; do
	i=$((i + 1))
	v=$((i * 7))
	case $c in seen_syn) v=3 ;; clamped) v=12345678 cl=$i ;; esac
	cval[$c]=$v nval[$c]=$((v / 7))
	[[ $c == *bad_* ]] && malformed=$((malformed + v)) nmalformed=$((nmalformed + v / 7))
	echo "$v" >"$fsys/kernel/xfrm_mss/stats/$c"
done
mkdir -p "$fproc/net"
NSTAT=$fproc/net/xfrm_mss_stat
# The tool echoes a path through safe(): at most 44 bytes, then "...".
nshown=$NSTAT
[ ${#NSTAT} -gt 44 ] && nshown="${NSTAT:0:44}..."
# nstat [NAME LINE]...: write $NSTAT from nval as the module's
# seq_printf("%-24s\t%lu\n") does, with NAME's line replaced by LINE
# (printf %b, so \t works), or left out if LINE is "-". Replaced whole,
# so that a --watch running meanwhile never reads half a file.
nstat() {
	local -A over=()
	local c
	while [ $# -ge 2 ]; do over[$1]=$2; shift 2; done
	for c in "${cnames[@]}"; do
		if [ -z "${over[$c]+set}" ]; then
			printf '%-24s\t%s\n' "$c" "${nval[$c]}"
		elif [ "${over[$c]}" != - ]; then
			printf '%b\n' "${over[$c]}"
		fi
	done >"$NSTAT.new"
	mv -f "$NSTAT.new" "$NSTAT"
}
nstat
install -D -m 0644 "$top/tools/debian/xfrm-mss.modules-load.conf" \
	"$work/fake/root/usr/lib/modules-load.d/xfrm-mss.conf"
mkdir -p "$work/fake/bin"
printf '#!/bin/sh\nexit 0\n' >"$work/fake/bin/nft"
chmod 755 "$work/fake/bin/nft"
fake_path_saved=$PATH
export XFRM_MSS_SYSFS=$fsys XFRM_MSS_PROCFS=$fproc XFRM_MSS_ROOT=$work/fake/root \
	PATH=$work/fake/bin:$PATH

# vals ARRAY: "name=value" per counter, in counters.h order.
vals() {
	local -n a=$1
	local c
	for c in "${cnames[@]}"; do echo "$c=${a[$c]}"; done
}
th() { python3 -c "print(f'{$1:,}')"; }
# The counters of a --json document, and of a text listing (after its
# first line, separators removed), as "name=value" lines.
JSV='"\n".join("%s=%s" % (k, v["value"]) for k, v in d["counters"].items())'
textvals() { awk 'NR > 1 { gsub(",", "", $2); print $1 "=" $2 }' "$work/out"; }

# --- stats ----------------------------------------------------------------
run stats --json
check "stats --json: exit 0, scope netns" "0 netns" "$rc $(json 'd["scope"]')"
check "stats --json: this namespace's values, from the proc file" "$(vals nval)" "$(json "$JSV")"
run stats --all --json
check "stats --all --json: exit 0, scope all" "0 all" "$rc $(json 'd["scope"]')"
check "stats --all --json: the totals, from sysfs" "$(vals cval)" "$(json "$JSV")"
want=$(sed -n 's/^XFRM_MSS_COUNTER([a-z0-9_]*, "\(.*\)")$/\1/p' "$top/include/xfrm_mss/counters.h")
check "stats --all --json descriptions are counters.h" "$want" \
	"$(json '"\n".join(v["description"] for v in d["counters"].values())')"
run stats --json
check "stats --json descriptions are counters.h" "$want" \
	"$(json '"\n".join(v["description"] for v in d["counters"].values())')"
run stats
check "stats: scope line, then one line per counter" \
	"0 counters of this network namespace: $((N + 1))" \
	"$rc $(head -n 1 "$work/out") $(wc -l <"$work/out")"
check "stats: this namespace's values" "$(vals nval)" "$(textvals)"
check "stats: clamped with separators" "1,763,668" "$(awk '$1 == "clamped" { print $2 }' "$work/out")"
run stats --all
check "stats --all: scope line, then one line per counter" \
	"0 counters of all network namespaces: $((N + 1))" \
	"$rc $(head -n 1 "$work/out") $(wc -l <"$work/out")"
check "stats --all: the totals" "$(vals cval)" "$(textvals)"
check "stats --all: clamped with separators" "12,345,678" "$(awk '$1 == "clamped" { print $2 }' "$work/out")"
run stats --zero-hidden --json
check "stats --zero-hidden hides this namespace's zero" "False $((N - 1))" \
	"$(json '"seen_syn" in d["counters"], len(d["counters"])' | tr -d '(),')"
run stats --zero-hidden --all --json
check "stats --zero-hidden --all: seen_syn is 3 in the totals" "3 $N" \
	"$(json 'd["counters"]["seen_syn"]["value"], len(d["counters"])' | tr -d '(),')"

# Ended by SIGINT, the sanitized tool once hung at exit in LeakSanitizer's
# ptrace stop-the-world (tracee spinning in sched_yield, tracer in wait4,
# 2026-12-04, host under load): no leak check for the --watch runs, and a
# SIGKILL 10 s after the SIGINT, so that a hang fails the case instead of
# stalling make test. The other runs of stats keep the leak check.
watch() { ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 timeout -k 10 --preserve-status -s INT "$@"; }
# watch_change SECONDS CMD ARGS...: xfrm-mss stats --watch 1 ARGS in the
# background; once its first listing is out, run CMD (a change to the
# files), then wait for the SIGINT. Sets rc; output in $work/out.
watch_change() {
	local secs=$1 cmd=$2 pid
	shift 2
	: >"$work/out"	# not the last run's output, before the job starts
	watch "$secs" "$X" stats --watch 1 "$@" >"$work/out" 2>"$work/err" &
	pid=$!
	for _ in $(seq 50); do [ -s "$work/out" ] && break; sleep 0.1; done
	$cmd
	wait "$pid"
	rc=$?
}
bump_netns() { nval[seen_syn]=5; nstat; }
watch_change 3 bump_netns
check "stats --watch 1: ends on Ctrl-C with exit 0, repeats, names the scope" "0 yes" \
	"$rc $([ "$(grep -c '^--- counters of this network namespace, every 1s' "$work/out")" -ge 2 ] && echo yes)"
check "stats --watch 1: this namespace's clamped in every listing" "yes" \
	"$(awk '$1 == "clamped" { n++; if ($2 != "1,763,668") bad = 1 } END { if (n >= 2 && !bad) print "yes" }' "$work/out")"
check "stats --watch 1: the proc file reread, seen_syn 0, then 5 +5" "0 yes" \
	"$(awk '$1 == "seen_syn" { print $2; exit }' "$work/out") $(grep -q '^seen_syn  *5  *+5  ' "$work/out" && echo yes)"
watch 2 "$X" stats --watch 1 --json >"$work/out" 2>"$work/err"
check "stats --watch --json: one document per line, scope netns, this namespace's clamped" "netns 1763668" \
	"$(python3 -c 'import json,sys; s={(d["scope"], d["counters"]["clamped"]["value"]) for d in map(json.loads, open(sys.argv[1]))}; print(*s.pop() if len(s) == 1 else s)' "$work/out" 2>&1)"
watch 2 "$X" stats --watch 1 --all >"$work/out" 2>"$work/err"
check "stats --watch 1 --all: names the scope, the totals' clamped" "yes 12,345,678" \
	"$(grep -q '^--- counters of all network namespaces, every 1s' "$work/out" && echo yes) $(awk '$1 == "clamped" { print $2; exit }' "$work/out")"
bump_all() {
	echo 10 >"$work/seen_syn" && mv "$work/seen_syn" "$fsys/kernel/xfrm_mss/stats/seen_syn"
	# shellcheck disable=SC2034 # read by name: vals cval
	cval[seen_syn]=10
}
watch_change 3 bump_all --all --json
check "stats --watch 1 --all --json: scope all, sysfs reread, seen_syn 3 -> 10" "0 all 3 10" \
	"$rc $(python3 -c 'import json,sys; l=[json.loads(x) for x in open(sys.argv[1])]; print(*{d["scope"] for d in l}, l[0]["counters"]["seen_syn"]["value"], l[-1]["counters"]["seen_syn"]["value"])' "$work/out" 2>&1)"

# --- status ---------------------------------------------------------------
verdict() { grep '^clamping' "$work/out"; }
# fakewarn ARRAY MALFORMED: the warnings of the fake tree, whose
# skip_sa_unsupported and bad_* counters are all above zero, unchanged.
fakewarn() {
	local -n a=$1
	echo "warning: skip_sa_unsupported is $(th "${a[skip_sa_unsupported]}") (not rising over 1 s): SYNs through an SA the arithmetic does not cover passed unclamped; xfrm-mss sa shows which SA and why"
	echo "warning: $(th "$2") malformed packets passed unmodified (bad_* counters, not rising over 1 s): xfrm-mss stats --zero-hidden shows which; if they keep rising, find the sender with tcpdump"
}
# statusvals: the key counters and the bad_* sum of a status listing.
statusvals() {
	awk '/^counters/ { c = 1; next }
	     c && /^  / { v = $1 == "bad_*" ? $3 : $2; gsub(",", "", v); print $1 "=" v }' "$work/out"
}
keys="seen_syn sa_out sa_in clamped clamped_floor unchanged skip_sa_unsupported skip_no_mtu"
keyvals() { # ARRAY MALFORMED
	local -n a=$1
	local c
	for c in $keys; do echo "$c=${a[$c]}"; done
	echo "bad_*=$2"
}
run status
check "status: exit 0" 0 "$rc"
check "status: counters of this network namespace" "counters (this network namespace):" \
	"$(grep '^counters' "$work/out")"
check "status: this namespace's key counters" "$(keyvals nval "$nmalformed")" "$(statusvals)"
check "status: verdict from this namespace's counters" \
	"clamping: 1,763,668 SYNs lowered, $(th "$nmalformed") malformed" "$(verdict)"
check "status: after the verdict, this namespace's warnings" "$(fakewarn nval "$nmalformed")" \
	"$(sed -n '/^clamping/,$p' "$work/out" | tail -n +2)"
check "status: version line" yes \
	"$(head -n 1 "$work/out" | grep -q '0.1.0-test, srcversion 0123456789ABCDEF0123456' && echo yes)"
check "status: path_mtu from the sysctl" "1400 sysctl" \
	"$(awk '/namespace \(net/ { ns = 1 } /^counters/ { ns = 0 } ns && $1 == "path_mtu" { print $2, $4 }' "$work/out")"
run status --all
check "status --all: exit 0, counters of all network namespaces" "0 counters (all network namespaces):" \
	"$rc $(grep '^counters' "$work/out")"
check "status --all: the totals' key counters" "$(keyvals cval "$malformed")" "$(statusvals)"
check "status --all: verdict from the totals" \
	"clamping: 12,345,678 SYNs lowered, $(th "$malformed") malformed" "$(verdict)"
check "status --all: after the verdict, the totals' warnings" "$(fakewarn cval "$malformed")" \
	"$(sed -n '/^clamping/,$p' "$work/out" | tail -n +2)"
run status --json
check "status --json" "True 0.1.0-test 536 0 copy sysctl 1400 module parameter 536 True netns 1763668 $nmalformed" \
	"$(json '" ".join(str(x) for x in [d["module"]["loaded"], d["module"]["version"], d["parameters"]["min_mss"], d["parameters"]["path_mtu"], d["parameters"]["df_policy"], d["netns"]["path_mtu"]["source"], d["netns"]["path_mtu"]["value"], d["netns"]["min_mss"]["source"], d["netns"]["min_mss"]["value"], d["verdict"]["enabled"], d["scope"], d["verdict"]["clamped"], d["verdict"]["malformed"]])')"
check "status --json: this namespace's counters" "$(vals nval)" \
	"$(json '"\n".join("%s=%s" % kv for kv in d["counters"].items())')"
check "status --json: warnings, the lines without 'warning: '" \
	"$(fakewarn nval "$nmalformed" | sed 's/^warning: //')" "$(json '"\n".join(d["warnings"])')"
run status --all --json
check "status --all --json: scope all, verdict from the totals" "0 all 12345678 $malformed" \
	"$rc $(json 'd["scope"], d["verdict"]["clamped"], d["verdict"]["malformed"]' | tr -d "(),'")"
check "status --all --json: the totals" "$(vals cval)" \
	"$(json '"\n".join("%s=%s" % kv for kv in d["counters"].items())')"
echo 0 >"$S/enable"
run status --json
check "status: enable=0 in the netns wins" "False sysctl" \
	"$(json 'd["netns"]["enable"]["value"], d["netns"]["enable"]["source"]' | tr -d "(),'")"
echo -1 >"$S/enable"

# --- the proc file from a newer, an older or a broken module ---------------
nstat
{ printf '%-24s\t%s\n' a_newer_counter 42; cat "$NSTAT"
  printf '%s\t%s\n' a_newer_counter_with_a_long_name 7; } >"$work/nstat"
mv "$work/nstat" "$NSTAT"
run stats --json
check "stats: unknown counters skipped" "0 $N $(vals nval | tr '\n' ' ')" \
	"$rc $(json 'len(d["counters"])') $(json "$JSV" | tr '\n' ' ')"
run stats
check "stats: unknown counters not listed" "0 $(vals nval | tr '\n' ' ')" "$rc $(textvals | tr '\n' ' ')"
nstat df_set -
run stats --json
check "stats: a counter the file lacks is null, the others read" \
	"0 $(vals nval | sed 's/^df_set=.*/df_set=None/' | tr '\n' ' ')" "$rc $(json "$JSV" | tr '\n' ' ')"
run stats
check "stats: a counter the file lacks is n/a" "0 n/a" "$rc $(awk '$1 == "df_set" { print $2 }' "$work/out")"
nstat clamped -
run status
check "status: clamped missing: n/a, verdict counts 0" "0 n/a clamping: 0 SYNs lowered, $(th "$nmalformed") malformed" \
	"$rc $(awk '$1 == "clamped" { print $2 }' "$work/out") $(verdict)"
run status --json
check "status --json: clamped missing is null" "0 None 0" \
	"$rc $(json 'd["counters"]["clamped"], d["verdict"]["clamped"]' | tr -d '(),')"
# A malformed line, in clamped's place (line $cl): exit 1, one line.
P24=$(printf '%-24s' clamped)
bad_lines=(
	"clamped|no value for clamped"
	"$P24|no value for clamped"
	"$P24\t|no value for clamped"
	"$P24\tabc|clamped: 'abc' is not a number"
	"$P24\t12x|clamped: '12x' is not a number"
	"$P24\t12 |clamped: '12 ' is not a number"
	"$P24\t-1|clamped: '-1' is not a number"
	"$P24\t+1|clamped: '+1' is not a number"
	"$P24\t0x10|clamped: '0x10' is not a number"
	"$P24\t1,234|clamped: '1,234' is not a number"
	"$P24\t18446744073709551616|clamped: 18446744073709551616 is out of range"
	"$P24\t9223372036854775808|clamped: 9223372036854775808 is out of range"
	"\t5|no counter name"
	" clamped\t5|no counter name"
	"|no counter name"
	"seen_syn\t1|seen_syn listed twice"
	"a_newer_counter\tn/a|a_newer_counter: 'n/a' is not a number"
	"clamped\t1\00002|NUL byte in the line"
)
for c in "${bad_lines[@]}"; do
	nstat clamped "${c%%|*}"
	run stats --json
	check "stats: malformed line '${c%%|*}': exit 1, one line, no output" \
		"1 xfrm-mss: stats: $nshown line $cl: ${c#*|} 0" \
		"$rc $(cat "$work/err") $(wc -c <"$work/out")"
done
# The last one left: a line with "listed twice" is the usual real breakage.
nstat clamped 'seen_syn\t1'
run status
check "status: malformed line: exit 1, one line, no output" \
	"1 xfrm-mss: status: $nshown line $cl: seen_syn listed twice 0" \
	"$rc $(cat "$work/err") $(wc -c <"$work/out")"
run stats --watch 1
check "stats --watch 1: malformed line: exit 1 at once, one line" \
	"1 xfrm-mss: stats: $nshown line $cl: seen_syn listed twice 0" \
	"$rc $(cat "$work/err") $(wc -c <"$work/out")"
run stats --all --json
check "stats --all: the proc file not read" "0 $(vals cval | tr '\n' ' ')" "$rc $(json "$JSV" | tr '\n' ' ')"
nstat
chmod 000 "$NSTAT"
setpriv --reuid=65534 --regid=65534 --clear-groups env XFRM_MSS_SYSFS="$fsys" \
	XFRM_MSS_PROCFS="$fproc" "$X" stats >"$work/out" 2>"$work/err"
rc=$?
check "stats as nobody, proc file unreadable: exit 1, one line" \
	"1 xfrm-mss: stats: $nshown: Permission denied 0" "$rc $(cat "$work/err") $(wc -c <"$work/out")"
rm "$NSTAT"
missing="$nshown missing although xfrm_mss is loaded (an older module?); --all reads the totals"
for c in stats status "stats --json" "stats --watch 1"; do
	read -ra argv <<<"$c"
	run "${argv[@]}"
	check "$c: proc file missing, module loaded: exit 1, one line" \
		"1 xfrm-mss: ${argv[0]}: $missing 0" "$rc $(cat "$work/err") $(wc -c <"$work/out")"
done
run stats --all --json
check "stats --all: proc file missing, totals read" "0 all 12345678" \
	"$rc $(json 'd["scope"], d["counters"]["clamped"]["value"]' | tr -d "(),'")"
run status --all
check "status --all: proc file missing, totals read" "0 clamping: 12,345,678 SYNs lowered, $(th "$malformed") malformed" \
	"$rc $(verdict)"
nstat

# --- set ------------------------------------------------------------------
for c in "min_mss 1000 1000" "min_mss 88 88" "path_mtu 0 0" "path_mtu 1400 1400" \
	 "df_policy clear clear" "enable off N" "enable YES Y" "enable 0 N"; do
	read -r name val want <<<"$c"
	run set "$name" "$val"
	check "set $name $val writes $want" "0 $want" "$rc $(cat "$P/$name")"
done
run set min_mss 1200 --json
check "set --json" "min_mss 88 1200" "$(json 'd["parameter"], d["previous"], d["value"]' | tr -d "(),'")"
echo 536 >"$P/min_mss"
run set min_mss 87
check "set out of range: refused, file unchanged" "2 536" "$rc $(cat "$P/min_mss")"
run set path_mtu 100
check "set path_mtu 100: refused, file unchanged" "2 1400" "$rc $(cat "$P/path_mtu")"
setpriv --reuid=65534 --regid=65534 --clear-groups env XFRM_MSS_SYSFS="$fsys" \
	"$X" set min_mss 1000 >"$work/out" 2>"$work/err"
rc=$?
check "set as nobody: exit 1, one line, file unchanged" \
	"1 xfrm-mss: set: must be root 536" "$rc $(cat "$work/err") $(cat "$P/min_mss")"
# A write error stands for the kernel refusing: /dev/full fails with ENOSPC.
mv "$P/min_mss" "$work/min_mss.saved"
ln -s /dev/full "$P/min_mss"
run set min_mss 1000
check "set: write error reported in one line, exit 1" "1 1" "$rc $(wc -l <"$work/err")"
rm "$P/min_mss"; mv "$work/min_mss.saved" "$P/min_mss"
run set min_mss 1000 --json
check "set --json valid" "min_mss" "$(json 'd["parameter"]')"

# --- no module ------------------------------------------------------------
# Not loaded comes first: exit 3, whether or not the proc file is there.
export XFRM_MSS_SYSFS=$work/fake/empty
mkdir -p "$XFRM_MSS_SYSFS"
for f in "" "proc file missing, "; do
	[ -n "$f" ] && rm "$NSTAT"
	for c in "status" "status --json" "status --all" "stats" "stats --all" \
		 "stats --watch 1" "stats --all --watch 1" "set min_mss 1000"; do
		read -ra argv <<<"$c"
		run "${argv[@]}"
		check "no module, $f$c: exit 3, one line" \
			"3 xfrm-mss: ${argv[0]}: module xfrm_mss is not loaded 0" \
			"$rc $(sed 's/ (.*//' "$work/err") $(wc -c <"$work/out")"
	done
done
unset XFRM_MSS_SYSFS XFRM_MSS_PROCFS XFRM_MSS_ROOT
PATH=$fake_path_saved
