# SPDX-License-Identifier: GPL-2.0
# Sourced by run.sh: status, stats and set against a fake tree. The
# counter names and descriptions come from include/xfrm_mss/counters.h,
# the list the tool is built from; each counter gets its own value.
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
declare -A cval
i=0 malformed=0
for c in "${cnames[@]}"; do
	i=$((i + 1))
	v=$((i * 7))
	case $c in seen_syn) v=0 ;; clamped) v=1234 ;; esac
	[[ $c == *bad_* ]] && malformed=$((malformed + v))
	cval[$c]=$v
	echo "$v" >"$fsys/kernel/xfrm_mss/stats/$c"
done
export XFRM_MSS_SYSFS=$fsys XFRM_MSS_PROCFS=$fproc

# --- stats ----------------------------------------------------------------
run stats --json
want=$(for c in "${cnames[@]}"; do echo "$c=${cval[$c]}"; done)
check "stats --json values match the files" "$want" \
	"$(json '"\n".join("%s=%s" % (k, v["value"]) for k, v in d["counters"].items())')"
want=$(sed -n 's/^XFRM_MSS_COUNTER([a-z0-9_]*, "\(.*\)")$/\1/p' "$top/include/xfrm_mss/counters.h")
check "stats --json descriptions are counters.h" "$want" \
	"$(json '"\n".join(v["description"] for v in d["counters"].values())')"
run stats
check "stats: one line per counter" "${#cnames[@]} 0" "$(wc -l <"$work/out") $rc"
check "stats: clamped with separators" "1,234" "$(awk '$1 == "clamped" { print $2 }' "$work/out")"
run stats --zero-hidden --json
check "stats --zero-hidden hides zeros" "False $(( ${#cnames[@]} - 1 ))" \
	"$(json '"seen_syn" in d["counters"], len(d["counters"])' | tr -d '(),')"
echo 5 >"$fsys/kernel/xfrm_mss/stats/seen_syn"
# Ended by SIGINT, the sanitized tool once hung at exit in LeakSanitizer's
# ptrace stop-the-world (tracee spinning in sched_yield, tracer in wait4,
# 2026-12-04, host under load): no leak check for these two runs, and a
# SIGKILL 10 s after the SIGINT, so that a hang fails the case instead of
# stalling make test. The other runs of stats keep the leak check.
watch() { ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 timeout -k 10 --preserve-status -s INT "$@"; }
watch 3 "$X" stats --watch 1 >"$work/out" 2>"$work/err"
rc=$?
check "stats --watch 1 ends on Ctrl-C with exit 0, repeats" "0 yes" \
	"$rc $([ "$(grep -c '^seen_syn' "$work/out")" -ge 2 ] && echo yes)"
watch 2 "$X" stats --watch 1 --json >"$work/out" 2>"$work/err"
check "stats --watch --json: one valid document per line" "0" \
	"$(python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]; print(0)' "$work/out" 2>&1)"

# --- status ---------------------------------------------------------------
run status
check "status: exit 0" 0 "$rc"
check "status: verdict" "clamping: 1,234 SYNs lowered, $(python3 -c "print(f'{$malformed:,}')") malformed" \
	"$(tail -n 1 "$work/out")"
check "status: version line" yes \
	"$(head -n 1 "$work/out" | grep -q '0.1.0-test, srcversion 0123456789ABCDEF0123456' && echo yes)"
check "status: path_mtu from the sysctl" "1400 sysctl" \
	"$(awk '/namespace/ { ns = 1 } ns && $1 == "path_mtu" { print $2, $4 }' "$work/out")"
run status --json
check "status --json" "True 0.1.0-test 536 0 copy sysctl 1400 module parameter 536 True 1234 $malformed" \
	"$(json '" ".join(str(x) for x in [d["module"]["loaded"], d["module"]["version"], d["parameters"]["min_mss"], d["parameters"]["path_mtu"], d["parameters"]["df_policy"], d["netns"]["path_mtu"]["source"], d["netns"]["path_mtu"]["value"], d["netns"]["min_mss"]["source"], d["netns"]["min_mss"]["value"], d["verdict"]["enabled"], d["verdict"]["clamped"], d["verdict"]["malformed"]])')"
echo 0 >"$S/enable"
run status --json
check "status: enable=0 in the netns wins" "False sysctl" \
	"$(json 'd["netns"]["enable"]["value"], d["netns"]["enable"]["source"]' | tr -d "(),'")"
echo -1 >"$S/enable"

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
export XFRM_MSS_SYSFS=$work/fake/empty
mkdir -p "$XFRM_MSS_SYSFS"
for c in "status" "status --json" "stats" "stats --watch 1" "set min_mss 1000"; do
	read -ra argv <<<"$c"
	run "${argv[@]}"
	check "no module: $c exits 3 with one line" "3 1 0" \
		"$rc $(wc -l <"$work/err") $(wc -c <"$work/out")"
done
unset XFRM_MSS_SYSFS XFRM_MSS_PROCFS
