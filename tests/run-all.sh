#!/usr/bin/env bash
# Runs every suite that CI runs, as root on a bare Debian 12 machine:
# the userspace tool tests and the libFuzzer harnesses (corpus and a
# short run) on the host, KUnit in a debug kernel in QEMU, the end-to-end
# suite in a guest booting Debian's 6.1 (and its core part on 6.12), its
# stress part, every part again on the debug kernel, the
# packaging checks (W=1 on 5.10, 6.1, 6.12; DKMS; the .deb), checkpatch. Each suite ends
# with "<suite>: N passed, N failed, N skipped"; this adds them up and
# prints the total as its last line. A suite that dies without that line
# counts as one failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

passed=0 failed=0 skipped=0 broken=0
start=$(date +%s)
# What failed, by suite, repeated just above the summary: CI keeps only
# the tail of the output.
faillog=$(mktemp)
trap 'rm -f "$faillog"' EXIT

run_suite() {
	local name=$1 log rc line p f s
	shift
	log=$(mktemp)
	echo "=== $name: $*"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -aE "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
	grep -aE '^not ok [0-9]+ |\[(FAILED|CRASHED)\]|KTAP plan|guest run failed|timed out' "$log" |
		cut -c1-200 | sed "s/^/$name: /" >>"$faillog" || true
	rm -f "$log"
	if [ -z "$line" ]; then
		echo "=== $name: no result line (exit $rc): counted as 1 failed"
		echo "$name: no result line (exit $rc)" >>"$faillog"
		failed=$((failed + 1))
		broken=1
		return
	fi
	p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	s=0
	[[ $line == *skipped* ]] && s=$(sed -E 's/.* ([0-9]+) skipped.*/\1/' <<<"$line")
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "=== $name: exit $rc with no failed case (crash or dmesg hit): counted as 1 failed"
		echo "$name: exit $rc with no failed case" >>"$faillog"
		failed=$((failed + 1))
	fi
	echo "=== $name: done in $(($(date +%s) - start)) s since start (exit $rc)"
}

bash tests/lib/deps.sh build-essential || broken=1
[ -x tests/tools/run.sh ] || [ -f tests/tools/run.sh ] && run_suite tools bash tests/tools/run.sh
run_suite fuzz bash tests/fuzz/run.sh
run_suite kunit bash tests/kunit/run.sh
run_suite e2e bash tests/e2e/run.sh
# Stress on Debian's 6.1: load/unload and SA churn under a SYN flood,
# 1,000 namespaces (single-threaded TCG; see tests/e2e/stress_cases.sh).
run_suite e2e-stress bash tests/e2e/run.sh --only=stress --name=e2e-stress
# Every part again on the debug kernel (KASAN, lockdep, PROVE_RCU,
# kmemleak, DEBUG_LIST), with stress and allocation failures at load.
# Every 4th allocation site of the module's init fails in make test;
# make stress fails every one.
run_suite e2e-debug bash tests/e2e/run.sh --kernel=debug --faults-stride=4 \
	--only=core+config+nested+shapes+route+df+stress+faults
# The core end-to-end part again, on Debian's 6.12 from bookworm-backports.
run_suite e2e-bookworm-backports bash tests/e2e/run.sh --suite=bookworm-backports --only=core
run_suite packaging bash tests/packaging/run.sh
# checkpatch, from the kernel tree the KUnit build unpacked.
run_suite style bash -c 'if make -s style >"${TMPDIR:-/tmp}/style.log" 2>&1; then
	echo "style: 1 passed, 0 failed"
else
	cat "${TMPDIR:-/tmp}/style.log"; echo "style: 0 passed, 1 failed"
fi'

if [ -s "$faillog" ]; then
	echo "=== failed:"
	head -n 30 "$faillog"
fi
echo "total time: $(($(date +%s) - start)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
