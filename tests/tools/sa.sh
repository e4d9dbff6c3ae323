# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run.sh: sa against real SAs in a throwaway namespace. XFRM
# and ESP are part of the running kernel (Debian loads esp4/esp6 on
# demand, as the kernel does for any `ip xfrm state add`); where the host
# kernel lacks them, the add fails and the case is a SKIP. Fixed test
# keys; no policies, so no traffic is ever protected by them.
#
# Expected values, path MTU 1500 unless noted (see calc.sh for the terms):
#   gcm v4 tunnel             inner 1446, MSS v4 1406, v6 1386
#   cbc(aes)+sha256/128       inner 1438, MSS v4 1398, v6 1378
#   gcm espinudp 4500 4500    inner 1438, MSS v4 1398, v6 1378
#   gcm v6 tunnel             inner 1426, MSS v4 1386, v6 1366
#   gcm v4 transport          1466, MSS v4 1426, no v6
#   gcm v4 tunnel, --mtu 1400 inner 1346, MSS v4 1306, v6 1286
K16=0x0123456789abcdef0123456789abcdef
K20=0x0123456789abcdef0123456789abcdef01234567
K32=0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
GCMK="aead rfc4106(gcm(aes)) $K20 128"

# shellcheck disable=SC2154 # work: set by run.sh
if ! ip netns add "$NS" 2>"$work/err"; then
	skip "sa: netns" "ip netns add failed: $(head -n 1 "$work/err")"
	return 0
fi
nsx() { ip netns exec "$NS" "$@"; }

nsx "$X" sa --json >"$work/out" 2>"$work/err"
rc=$?
check "sa --json, empty namespace" "0 []" "$rc $(json 'd["sas"]')"
setpriv --reuid=65534 --regid=65534 --clear-groups "$X" sa >"$work/out" 2>"$work/err"
rc=$?
check "sa as nobody: exit 1, one line" "1 1" "$rc $(wc -l <"$work/err")"

# sa_case NAME SPI ADD-ARGS WANT EXPR [MTU]: add a state, SPI after the
# six words "src A dst B proto P" of ADD-ARGS (none if ADD-ARGS is empty: check one added before), then compare EXPR, python over the
# dumped SA "s", with WANT.
declare -A added
sa_case() {
	local name=$1 spi=$2 args=$3 want=$4 expr=$5 mtu=${6:-}
	local -a argv
	read -ra argv <<<"$args"
	if [ -z "$args" ] && [ -z "${added[$spi]:-}" ]; then
		skip "sa $name" "its SA could not be added"
		return
	fi
	if [ -n "$args" ] &&
	   ! nsx ip xfrm state add "${argv[@]:0:6}" spi "$spi" "${argv[@]:6}" >/dev/null 2>"$work/err"; then
		skip "sa $name" "ip xfrm state add: $(head -n 1 "$work/err")"
		return
	fi
	added[$spi]=1
	nsx "$X" sa --json ${mtu:+--mtu $mtu} >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" != 0 ]; then
		diag "sa $name: exit $rc: $(head -c 300 "$work/err")"
		fail "sa $name"
		return
	fi
	check "sa $name" "$want" \
		"$(json "[str(x) for s in d['sas'] if s['spi'] == $spi for x in ($expr)]" | tr -d "[],'")"
	nsx "$X" sa ${mtu:+--mtu $mtu} >"$work/out" 2>"$work/err"
	check "sa $name (text)" "0" "$?"
}
MSS='s["supported"], s["inner_mtu"], s["mss_ipv4"], s["mss_ipv6"]'
sa_case "gcm v4 tunnel" 0x101 \
	"src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel $GCMK" \
	"True 1446 1406 1386" "$MSS"
sa_case "gcm v4 terms" 0x101 "" "20 0 8 8 3 2 16 rfc4106(gcm(aes)) 128" \
	's["overhead"]["outer_ip"], s["overhead"]["encap"], s["overhead"]["esp_header"], s["overhead"]["iv"], s["overhead"]["max_padding"], s["overhead"]["trailer"], s["overhead"]["icv"], s["algorithms"][0]["name"], s["algorithms"][0]["icv_bits"]'
sa_case "cbc(aes)+hmac(sha256)" 0x102 \
	"src 192.0.2.1 dst 192.0.2.3 proto esp mode tunnel enc cbc(aes) $K16 auth-trunc hmac(sha256) $K32 128" \
	"True 1438 1398 1378" "$MSS"
sa_case "natt espinudp" 0x103 \
	"src 192.0.2.1 dst 192.0.2.4 proto esp mode tunnel $GCMK encap espinudp 4500 4500 0.0.0.0" \
	"True 1438 1398 1378 espinudp 4500" "$MSS, s['encap']['type'], s['encap']['dport']"
sa_case "gcm v6 tunnel" 0x104 \
	"src 2001:db8::1 dst 2001:db8::2 proto esp mode tunnel $GCMK" \
	"True 1426 1386 1366" "$MSS"
sa_case "gcm v4 transport" 0x105 \
	"src 192.0.2.1 dst 192.0.2.5 proto esp mode transport $GCMK" \
	"True 1466 1426 None" "$MSS"
sa_case "gcm v4 tunnel --mtu 1400" 0x106 \
	"src 192.0.2.1 dst 192.0.2.6 proto esp mode tunnel $GCMK" \
	"True 1346 1306 1286" "$MSS" 1400
ip netns del "$NS"
