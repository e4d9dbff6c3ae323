# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run.sh: every bad argument exits 2 with exactly one line on
# stderr, "xfrm-mss: ...", and nothing on stdout. Each entry is one argv,
# words split on '|' so that values with spaces and newlines survive.
NL=$'\n'
bad_cases=(
	""
	"bogus"
	"--bogus|status"
	"-x"
	"status|extra"
	"status|--bogus"
	"status|--all|extra"
	"status|--all=yes"
	"status|--all|--watch|1"
	"calc"
	"calc|--mtu|1500"
	"calc|--alg|aes"
	"calc|--alg|foo(bar)|--mtu|1500"
	"calc|--alg|aes|--mtu|abc"
	"calc|--alg|aes|--mtu|1500x"
	"calc|--alg|aes|--mtu|67"
	"calc|--alg|aes|--mtu|65536"
	"calc|--alg|aes|--mtu|-1"
	"calc|--alg|aes|--mtu|+1500"
	"calc|--alg|aes|--mtu| 1500"
	"calc|--alg|aes|--mtu|0x5dc"
	"calc|--alg|aes|--mtu||--json"
	"calc|--alg|aes|--mtu|99999999999999999999999999"
	"calc|--alg|aes|--mtu"
	"calc|--alg"
	"calc|--alg|aes|--mtu=|--json"
	"calc|--alg|rfc4106(gcm(aes))|--icv|100|--mtu|1500"
	"calc|--alg|rfc4106(gcm(aes))|--icv|1000|--mtu|1500"
	"calc|--alg|rfc4543(gcm(aes))|--icv|64|--mtu|1500"
	"calc|--alg|aes|--icv|96|--mtu|1500"
	"calc|--alg|aes|--alg|sha1|--icv|164|--mtu|1500"
	"calc|--alg|aes|--alg|sha1|--icv|95|--mtu|1500"
	"calc|--alg|aes|--mode|foo|--mtu|1500"
	"calc|--alg|aes|--encap|gre|--mtu|1500"
	"calc|--alg|aes|--outer|5|--mtu|1500"
	"calc|--alg|aes|--inner|0|--mtu|1500"
	"calc|--alg|aes|--mode|transport|--outer|6|--inner|4|--mtu|1500"
	"calc|--alg|aes|--dont-frag|--mtu|1500"
	"calc|--alg|aes|--mode|tunnel|--pkt-size|1400|--mtu|1500"
	"calc|--alg|aes|--mode|iptfs|--pkt-size|67|--mtu|1500"
	"calc|--alg|aes|--mode|iptfs|--pkt-size|--mtu|1500"
	"calc|--alg|rfc4106(gcm(aes))|--alg|rfc4309(ccm(aes))|--mtu|1500"
	"calc|--alg|rfc4106(gcm(aes))|--alg|aes|--mtu|1500"
	"calc|--alg|sha1|--mtu|1500"
	"calc|--alg|aes|--alg|des3_ede|--mtu|1500"
	"calc|--alg|aes|--alg|sha1|--alg|sha256|--mtu|1500"
	"calc|--alg|aes|--mtu|1500|stray"
	"calc|--alg|aes|--mtu|1500|--bogus"
	"calc|--alg|aes${NL}second line|--mtu|1500"
	"calc|--alg|aes|--mtu|15${NL}00"
	"calc|--alg|aes|--mtu|1500|--mode"
	"stats|--watch|0"
	"stats|--watch|x"
	"stats|--watch|86401"
	"stats|--watch"
	"stats|--zero-hidden|--bogus"
	"stats|now"
	"stats|--all|--bogus"
	"stats|--all=1"
	"stats|--all|netns"
	"stats|--all|--watch|0"
	"stats|--format|xml"
	"stats|--format|Prometheus"
	"stats|--format"
	"stats|--format="
	"stats|--format|prometheus|--json"
	"--json|stats|--format|prometheus"
	"stats|--json|--format|text"
	"stats|--format|prometheus|--watch|1"
	"stats|--format|prometheus|--zero-hidden"
	"stats|--format|prometheus|extra"
	"set"
	"set|min_mss"
	"set|bogus|1"
	"set|min_mss|87"
	"set|min_mss|65496"
	"set|min_mss|abc"
	"set|min_mss|-1"
	"set|path_mtu|575"
	"set|path_mtu|65536"
	"set|path_mtu|1"
	"set|df_policy|foo"
	"set|df_policy|default"
	"set|enable|maybe"
	"set|enable|2"
	"set|min_mss|1000|extra"
	"set|min_mss|1000|--bogus"
	"sa|--mtu|0"
	"sa|--mtu|x"
	"sa|--bogus"
	"sa|extra"
)
for c in "${bad_cases[@]}"; do
	argv=()
	[ -n "$c" ] && IFS='|' read -d '' -ra argv < <(printf '%s' "$c")
	run "${argv[@]}"
	# shellcheck disable=SC2154 # work: set by run.sh
	lines=$(wc -l <"$work/err")
	name="usage: xfrm-mss ${c//|/ }"
	name=${name//$NL/\\n}
	# shellcheck disable=SC2154 # rc: set by run.sh's run()
	if [ "$rc" = 2 ] && [ "$lines" = 1 ] && [ ! -s "$work/out" ] &&
	   grep -q '^xfrm-mss: ' "$work/err"; then
		ok "$name"
	else
		diag "$name: exit $rc, $lines stderr lines: $(head -c 300 "$work/err")"
		fail "$name"
	fi
done

# Help and version: exit 0 on stdout.
for c in "--help" "-h" "help" "calc|--help" "--version"; do
	IFS='|' read -ra argv <<<"$c"
	run "${argv[@]}"
	if [ "$rc" = 0 ] && [ -s "$work/out" ] && [ ! -s "$work/err" ]; then
		ok "usage: xfrm-mss ${c//|/ } exits 0"
	else
		fail "usage: xfrm-mss ${c//|/ } exits 0"
	fi
done
