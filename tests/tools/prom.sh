# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run.sh after fake.sh, whose fake tree it reads again (nval:
# this namespace's values, cval: the totals): stats --format prometheus,
# read by promparse.py, a strict parser of the text format (Debian's
# promtool comes only with the whole prometheus package, 96 MB
# installed). First the parser itself: it must refuse each broken
# document below, so that its yes means something.
# shellcheck disable=SC2154 # top, work: set by run.sh; fsys, fproc, cnames, nval, cval: by fake.sh
PP=$top/tests/tools/promparse.py
# prom FILE: the parsed document into $work/prom.json, or the error.
prom() { python3 "$PP" "$1" >"$work/prom.json" 2>"$work/prom.err"; echo $?; }
# pj EXPR: python over the parsed document d.
pj() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$work/prom.json" "$1" 2>&1
}

HT=$'# HELP a_total A.\n# TYPE a_total counter\n'
good="$HT"'a_total{scope="netns"} 1
a_total{scope="all",x="q\"\\\n"} 2e3
# HELP b B with \\ and \n.
# TYPE b gauge
b -Inf
'
printf '%s' "$good" >"$work/prom.txt"
check "promparse: a good document" '0 ["a_total", "b"] 2000.0 "q\"\\\n" "B with \\ and \n."' \
	"$(prom "$work/prom.txt") $(pj '" ".join([json.dumps(d["order"]), str(d["samples"][1][2]), json.dumps(d["samples"][1][1]["x"]), json.dumps(d["families"]["b"]["help"])])')"
bad_docs=(
	"sample before HELP and TYPE|a_total 1"$'\n'"$HT"
	"sample of another family|$HT"'b_total 1'
	"no HELP|# TYPE a_total counter"$'\n''a_total 1'
	"no TYPE|# HELP a_total A."$'\n''a_total 1'
	"TYPE twice|$HT"'# TYPE a_total counter'$'\n''a_total 1'
	"HELP twice|$HT"'# HELP a_total A.'$'\n''a_total 1'
	"HELP only after the samples|# TYPE a_total counter"$'\n''a_total 1'$'\n''# HELP a_total A.'
	"family in two groups|$HT"'a_total 1'$'\n''# HELP b B'$'\n''# TYPE b gauge'$'\n''b 1'$'\n''# HELP a_total A.'
	"counter without _total|"'# HELP a A.'$'\n''# TYPE a counter'$'\n''a 1'
	"negative counter|$HT"'a_total -1'
	"NaN counter|$HT"'a_total NaN'
	"duplicate series|$HT"'a_total{s="x"} 1'$'\n''a_total{s="x"} 2'
	"duplicate series, labels reordered|$HT"'a_total{s="x",t="y"} 1'$'\n''a_total{t="y",s="x"} 2'
	"value not a number|$HT"'a_total one'
	"value with a comma|$HT"'a_total 1,000'
	"timestamp|$HT"'a_total 1 1700000000000'
	"bad metric name|"'# HELP 1a_total A.'$'\n''# TYPE 1a_total counter'$'\n''1a_total 1'
	"hyphen in the name|"'# HELP a-b_total A.'$'\n''# TYPE a-b_total counter'$'\n''a-b_total 1'
	"bad label name|$HT"'a_total{1s="x"} 1'
	"reserved label name|$HT"'a_total{__s="x"} 1'
	"label twice|$HT"'a_total{s="x",s="y"} 1'
	"unquoted label value|$HT"'a_total{s=x} 1'
	"bad escape in a label value|$HT"'a_total{s="\t"} 1'
	"bad escape in HELP|"'# HELP a_total A \" quote.'$'\n''# TYPE a_total counter'$'\n''a_total 1'
	"unknown type|"'# HELP a_total A.'$'\n''# TYPE a_total count'$'\n''a_total 1'
	"other comment|$HT"'# a comment'$'\n''a_total 1'
	"blank line|$HT"$'\n''a_total 1'
	"two blanks before the value|$HT"'a_total  1'
)
bad_docs+=("no line feed at the end|$HT"'a_total 1')
files=()
for i in "${!bad_docs[@]}"; do
	c=${bad_docs[$i]}
	# All but the last with the line feed that ends a document.
	printf '%s' "${c#*|}" >"$work/bad$i.prom"
	[ "$i" -lt $((${#bad_docs[@]} - 1)) ] && echo >>"$work/bad$i.prom"
	files+=("$work/bad$i.prom")
done
mapfile -t verdicts < <(python3 "$PP" --each "${files[@]}" 2>&1)
for i in "${!bad_docs[@]}"; do
	v=${verdicts[$i]:-nothing}
	check "promparse refuses: ${bad_docs[$i]%%|*}" yes \
		"$([[ $v == "promparse: "* ]] && echo yes || echo "$v")"
done

# --- the tool's output ---------------------------------------------------------
export XFRM_MSS_SYSFS=$fsys XFRM_MSS_PROCFS=$fproc
nstat
# expect ARRAY SCOPE: "name{scope="SCOPE"}=value" per counter, in order.
expect() {
	local -n a=$1
	local c
	for c in "${cnames[@]}"; do echo "xfrm_mss_${c}_total{scope=\"$2\"}=${a[$c]}"; done
}
PSAMPLES='"\n".join("%s{%s}=%d" % (n, ",".join("%s=\"%s\"" % kv for kv in l.items()), v) for n, l, v in d["samples"])'
PHELP='"\n".join(d["families"][n]["help"] for n in d["order"])'
want_help=$(sed -n 's/^XFRM_MSS_COUNTER([a-z0-9_]*, "\(.*\)")$/\1/p' "$top/include/xfrm_mss/counters.h")
for scope in netns all; do
	arr=nval opt=()
	[ $scope = all ] && arr=cval opt=(--all)
	run stats "${opt[@]}" --format prometheus
	check "stats ${opt[*]} --format prometheus: exit 0, 3 lines per counter, parsed" "0 $((3 * N)) 0 " \
		"$rc $(wc -l <"$work/out") $(prom "$work/out") $(cat "$work/prom.err" "$work/err")"
	check "stats ${opt[*]} --format prometheus: one family per counter, in counters.h order, all counters" \
		"$(printf 'xfrm_mss_%s_total\n' "${cnames[@]}")" "$(pj '"\n".join(d["order"])')"
	check "stats ${opt[*]} --format prometheus: HELP is the description" "$want_help" "$(pj "$PHELP")"
	check "stats ${opt[*]} --format prometheus: TYPE counter" "{'counter'}" \
		"$(pj '{f["type"] for f in d["families"].values()}')"
	check "stats ${opt[*]} --format prometheus: values, scope label $scope" \
		"$(expect $arr $scope)" "$(pj "$PSAMPLES")"
	cl=${nval[clamped]}
	[ $scope = all ] && cl=${cval[clamped]}
	check "stats ${opt[*]} --format prometheus: HELP, TYPE, sample per counter" \
		"# HELP xfrm_mss_clamped_total MSS lowered to fit the SA and the path MTU
# TYPE xfrm_mss_clamped_total counter
xfrm_mss_clamped_total{scope=\"$scope\"} $cl" \
		"$(grep -A2 '^# HELP xfrm_mss_clamped_total ' "$work/out")"
done
run stats --format=prometheus --all
cp "$work/out" "$work/prom.a"
run stats --all --format prometheus
check "stats --format=prometheus --all: the same as --all --format prometheus" "" \
	"$(diff "$work/prom.a" "$work/out")"

# Unreadable counters: no family at all, the others intact.
nstat df_set - clamped 'clamped\t'
run stats --format prometheus
check "stats --format prometheus: a malformed proc file: exit 1, one line, no output" \
	"1 1 0" "$rc $(wc -l <"$work/err") $(wc -c <"$work/out")"
nstat df_set -
run stats --format prometheus
check "stats --format prometheus: a counter the proc file lacks has no family" \
	"0 0 $(expect nval netns | grep -v '^xfrm_mss_df_set_total' | tr '\n' ' ')" \
	"$rc $(prom "$work/out") $(pj "$PSAMPLES" | tr '\n' ' ')"
check "stats --format prometheus: not a line of it" 0 "$(grep -c df_set "$work/out")"
nstat
S=$fsys/kernel/xfrm_mss/stats
mv "$S/df_set" "$work/df_set.saved"
cp "$S/clamped" "$work/clamped.saved"
echo abc >"$S/clamped"
run stats --all --format prometheus
check "stats --all --format prometheus: a missing and a non-numeric sysfs file have no family" \
	"0 0 $(expect cval all | grep -v '^xfrm_mss_\(df_set\|clamped\)_total' | tr '\n' ' ')" \
	"$rc $(prom "$work/out") $(pj "$PSAMPLES" | tr '\n' ' ')"
mv "$work/df_set.saved" "$S/df_set"
mv "$work/clamped.saved" "$S/clamped"

# The other formats are the old outputs.
run stats
cp "$work/out" "$work/text"
run stats --format text
check "stats --format text: the default listing" "0 " "$rc $(diff "$work/text" "$work/out")"
run stats --format json
check "stats --format json: as --json" "0 netns $(vals nval | tr '\n' ' ')" \
	"$rc $(json 'd["scope"]') $(json "$JSV" | tr '\n' ' ')"
run stats --format xml
check "stats --format xml: exit 2, one line, nothing on stdout" \
	"2 xfrm-mss: stats: --format: 'xml' is not one of text, json, prometheus 0" \
	"$rc $(cat "$work/err") $(wc -c <"$work/out")"
run stats --format prometheus --json
check "stats --format prometheus --json: exit 2, one line" \
	"2 xfrm-mss: stats: --json and --format prometheus conflict 0" \
	"$rc $(cat "$work/err") $(wc -c <"$work/out")"

# A textfile collector job writes to a temp file and renames it only on
# success: a write error must be an error.
"$X" stats --format prometheus >/dev/full 2>"$work/err"
rc=$?
check "stats --format prometheus >/dev/full: exit 1, one line" \
	"1 xfrm-mss: stats: cannot write the metrics" "$rc $(cat "$work/err")"

# HELP escaping, in a build whose counters.h has a backslash and a newline
# in clamped's description (the real list has neither).
mkdir -p "$work/esc-inc/xfrm_mss"
sed 's/^XFRM_MSS_COUNTER(clamped, ".*")$/XFRM_MSS_COUNTER(clamped, "MSS \\\\ lowered\\nto fit")/' \
	"$top/include/xfrm_mss/counters.h" >"$work/esc-inc/xfrm_mss/counters.h"
if make -s -C "$top/tools" O="$work/esc" CPPFLAGS="-I$work/esc-inc" >"$work/esc.log" 2>&1; then
	"$work/esc/xfrm-mss" stats --format prometheus >"$work/out" 2>"$work/err"
	rc=$?
	check "HELP escapes backslash and newline" \
		"0 # HELP xfrm_mss_clamped_total MSS \\\\ lowered\\nto fit" \
		"$rc $(grep '^# HELP xfrm_mss_clamped_total' "$work/out")"
	check "HELP escapes read back by the parser" "0 'MSS \\\\ lowered\\nto fit'" \
		"$(prom "$work/out") $(pj 'repr(d["families"]["xfrm_mss_clamped_total"]["help"])')"
else
	sed 's/^/# /' "$work/esc.log"
	fail "build with a counters.h that needs escaping"
fi

# No module: exit 3 and nothing on stdout, so that no file is written.
XFRM_MSS_SYSFS=$work/fake/empty run stats --format prometheus
check "stats --format prometheus, no module: exit 3, nothing on stdout" "3 0" \
	"$rc $(wc -c <"$work/out")"
unset XFRM_MSS_SYSFS XFRM_MSS_PROCFS
