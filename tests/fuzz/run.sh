#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer harnesses for the code the module shares with userspace,
# built from the module's own sources (no copies), run as root on the host:
#   bash tests/fuzz/run.sh [-t SECONDS] [-n RUNS]
#
#   tcpopt    src/tcpopt.c: option walk and MSS decision, and the rewrite
#             of tests/fuzz/tcpopt_clamp.h (tests/fuzz/tcpopt_fuzz.c)
#   overhead  src/overhead.c: SA, bundle and MSS arithmetic
#             (tests/fuzz/overhead_fuzz.c)
#
# For each: build with clang -fsanitize=fuzzer,address,undefined, run the
# committed corpus (tests/fuzz/corpus/<harness>/) once as a regression
# set, then fuzz for SECONDS (default 20; `make fuzz` passes FUZZ_SECONDS)
# or for RUNS inputs. New inputs and crash files go to a temporary
# directory, kept and named on failure. No kernel module is loaded.
# Output is KTAP; the last line is "fuzz: N passed, N failed, N skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=20 runs=
while getopts t:n: opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	n) runs=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [-n RUNS]" >&2; exit 2 ;;
	esac
done

pass=0 failn=0 skipn=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
fail() { n=$((n + 1)); failn=$((failn + 1)); echo "not ok $n $1"; }
skip() { n=$((n + 1)); skipn=$((skipn + 1)); echo "ok $n $1 # SKIP $2"; }
diag() { echo "# $*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/xfrm-mss-fuzz.XXXXXX")
cleanup() {
	if [ "$failn" -eq 0 ]; then
		rm -rf "$work"
	else
		diag "inputs, crash files and logs kept in $work"
	fi
}
trap cleanup EXIT

echo "KTAP version 1"
# clang, and libFuzzer's runtime, which Debian ships apart from clang
# (libclang-rt-<N>-dev, only recommended by clang).
bash "$top/tests/lib/deps.sh" clang libc6-dev linux-libc-dev </dev/null >&2 ||
	diag "deps.sh failed; trying with what is installed"
if command -v clang >/dev/null; then
	ver=$(clang -dumpversion | cut -d. -f1)
	bash "$top/tests/lib/deps.sh" "libclang-rt-$ver-dev" </dev/null >&2 ||
		diag "deps.sh libclang-rt-$ver-dev failed"
fi

# -O1 -g as the libFuzzer documentation suggests; -Werror as tools/ does.
# shellcheck disable=SC2054 # the commas are -fsanitize='s own list
CFLAGS=(-g -O1 -std=gnu11 -Wall -Wextra -Werror -I"$top/include"
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-fno-omit-frame-pointer)

# Per harness: the source it tests, and the longest input worth trying.
declare -A src=([tcpopt]=src/tcpopt.c [overhead]=src/overhead.c)
declare -A maxlen=([tcpopt]=130 [overhead]=64)
harnesses=(tcpopt overhead)

# stats LOG: "N runs, N exec/s" from -print_final_stats.
stats() {
	local r e
	r=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1)
	e=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$1" | tail -n 1)
	echo "${r:-?} runs, ${e:-?} exec/s"
}

# failed LOG: show where it went wrong.
failed() {
	grep -aE 'check failed|ERROR: |runtime error|SUMMARY|Test unit written' "$1" |
		head -n 20 | sed 's/^/# /'
}

for h in "${harnesses[@]}"; do
	if clang "${CFLAGS[@]}" -o "$work/${h}_fuzz" "$top/tests/fuzz/${h}_fuzz.c" \
		"$top/${src[$h]}" >"$work/$h-build.log" 2>&1; then
		ok "$h: build with -fsanitize=fuzzer,address,undefined"
	else
		sed 's/^/# /' "$work/$h-build.log" | head -n 40
		fail "$h: build with -fsanitize=fuzzer,address,undefined"
	fi
done

for h in "${harnesses[@]}"; do
	name="$h: corpus regression ($(find "$top/tests/fuzz/corpus/$h" -type f | wc -l) inputs)"
	if [ ! -x "$work/${h}_fuzz" ]; then
		skip "$name" "not built"
		continue
	fi
	mkdir -p "$work/new-$h"
	# -runs=0: each corpus input once; the first directory takes nothing.
	if "$work/${h}_fuzz" -runs=0 -print_final_stats=1 -artifact_prefix="$work/$h-" \
		"$work/new-$h" "$top/tests/fuzz/corpus/$h" </dev/null >"$work/$h-corpus.log" 2>&1; then
		ok "$name"
	else
		failed "$work/$h-corpus.log"
		fail "$name"
	fi
done

for h in "${harnesses[@]}"; do
	if [ -n "$runs" ]; then
		limit=(-runs="$runs") what="$runs inputs"
	else
		limit=(-max_total_time="$seconds") what="$seconds s"
	fi
	name="$h: fuzz for $what"
	if [ ! -x "$work/${h}_fuzz" ]; then
		skip "$name" "not built"
		continue
	fi
	# New inputs go to the temporary directory, never into the repository.
	if "$work/${h}_fuzz" "${limit[@]}" -max_len="${maxlen[$h]}" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$work/$h-" \
		"$work/new-$h" "$top/tests/fuzz/corpus/$h" </dev/null >"$work/$h-fuzz.log" 2>&1; then
		diag "$h: $(stats "$work/$h-fuzz.log")"
		ok "$name"
	else
		failed "$work/$h-fuzz.log"
		fail "$name"
	fi
done

echo "1..$n"
echo "fuzz: $pass passed, $failn failed, $skipn skipped"
[ "$failn" -eq 0 ]
