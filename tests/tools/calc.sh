# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run.sh: calc against hand-derived values.
#
# The kernel's arithmetic (xfrm_state_mtu(), esp_init_state()), per SA:
#   overhead = header_len + ICV (+ IP header in transport/BEET: net_adj)
#   payload  = (MTU - overhead) floored to a multiple of ALIGN(block, 4)
#   inner    = payload + net_adj - 2 (pad length, next header)
#   MSS      = inner - IP header (20 v4, 40 v6) - TCP header (20)
# header_len = outer IP (tunnel) + encap + ESP header 8 + IV (+ BEET ph)
#
# name          | arguments                                    | inner | MSS
#  gcm4:    1500-20-8-8-16            = 1448, /4 1448, -2 = 1446, -40 = 1406
#  cbc256:  1500-20-8-16-16           = 1440, /16 1440, -2 = 1438, -40 = 1398
#  natt:    1500-20-8(udp)-8-8-16     = 1440, /4 1440, -2 = 1438, -40 = 1398
#  gcm6:    1500-40-8-8-16            = 1428, /4 1428, -2 = 1426, -60 = 1366
#  in4out6: 1500-40-8-8-16            = 1428, /4 1428, -2 = 1426, -40 = 1386
#  trans4:  1500-8-8-16-20(net_adj)   = 1448, /4 1448, +20-2 = 1466, -40 = 1426
#  trans6:  1500-8-8-16-40            = 1428, /4 1428, +40-2 = 1466, -60 = 1406
#  chacha:  1500-20-8-8-16            = 1448, /4 1448, -2 = 1446, -40 = 1406
#  3des1:   1500-20-8-8-12            = 1452, /8 1448, -2 = 1446, -40 = 1406
#  aes-sha1:1500-20-8-16-12           = 1444, /16 1440, -2 = 1438, -40 = 1398
#  mtu1400: 1400-20-8-8-16            = 1348, /4 1348, -2 = 1346, -40 = 1306
#  tcp:     1500-20-2(len)-8-8-16     = 1446, /4 1444, -2 = 1442, -40 = 1402
#  nonike:  1500-20-16(udp+8)-8-8-16  = 1432, /4 1432, -2 = 1430, -40 = 1390
#  beet4:   1500-8-8-8(ph)-16-20      = 1440, /4 1440, +20-2 = 1458, -40 = 1418
#  beet64:  1500-8-8-28(ph)-16-40     = 1400, /4 1400, +40-2 = 1438, -40 = 1398
#  ccm64:   1500-20-8-8-8             = 1456, /4 1456, -2 = 1454, -40 = 1414
#  null256: 1500-20-8-0-16            = 1456, /4 1456, -2 = 1454, -40 = 1414
#  sha96:   1500-20-8-16-12           = 1444, /16 1440, -2 = 1438, -40 = 1398
#  ctr1:    1500-20-8-8-12            = 1452, /4 1452, -2 = 1450, -40 = 1410
#  gmac:    1500-20-8-8-16            = 1448, /4 1448, -2 = 1446, -40 = 1406
#  sha512:  1500-20-8-16-32           = 1424, /16 1424, -2 = 1422, -40 = 1382
#  tiny:      68-20-8-8-16            =   16, /4   16, -2 =   14, MSS 0 (< 40)
# IP-TFS (RFC 9347): header_len adds the 4-byte AGGFRAG header; without
# dont-frag inner packets are carried in pieces: IP_MAX_MTU (IPv6 outer:
# IP6_MAX_MTU, 65535 + 40); with it, tunnel arithmetic, capped at the
# packet size less header_len:
#  iptfs-df:  1500-20-8-8-4-16        = 1444, /4 1444, -2 = 1442, -40 = 1402
#  iptfs-ps:  1400-(20+8+8+4)                           = 1360, -40 = 1320
#  iptfs-ps big: 9000-40 = 8960 > 1442: the path wins   = 1442, -40 = 1402
#  iptfs6-cbc:1500-40-8-16-4-16       = 1416, /16 1408, -2 = 1406, -60 = 1346
#  iptfs-frag:                                            65535, -40 = 65495
#  iptfs6-frag, inner 4:                                  65575, -40 = 65535
GCM='rfc4106(gcm(aes))'
calc_cases=(
	"gcm4|--alg $GCM --mtu 1500|1446|1406"
	"cbc-aes+sha256|--alg cbc(aes) --alg hmac(sha256) --mtu 1500|1438|1398"
	"natt|--alg $GCM --encap udp --mtu 1500|1438|1398"
	"gcm6 outer6 inner6|--alg $GCM --outer 6 --inner 6 --mtu 1500|1426|1366"
	"inner4 over outer6|--alg $GCM --outer 6 --inner 4 --mtu 1500|1426|1386"
	"transport v4|--alg $GCM --mode transport --mtu 1500|1466|1426"
	"transport v6|--alg $GCM --mode transport --outer 6 --mtu 1500|1466|1406"
	"chacha20poly1305|--alg rfc7539esp(chacha20,poly1305) --mtu 1500|1446|1406"
	"cbc(des3_ede)+sha1|--alg cbc(des3_ede) --alg hmac(sha1) --mtu 1500|1446|1406"
	"aes+sha1 aliases|--alg aes --alg sha1 --mtu 1500|1438|1398"
	"mtu 1400|--alg $GCM --mtu 1400|1346|1306"
	"encap tcp|--alg $GCM --encap tcp --mtu 1500|1442|1402"
	"encap udp-nonike|--alg $GCM --encap udp-nonike --mtu 1500|1430|1390"
	"beet v4|--alg $GCM --mode beet --mtu 1500|1458|1418"
	"beet inner4 outer6|--alg $GCM --mode beet --outer 6 --inner 4 --mtu 1500|1438|1398"
	"ccm icv 64|--alg rfc4309(ccm(aes)) --icv 64 --mtu 1500|1454|1414"
	"cipher_null+sha256|--alg hmac(sha256) --alg cipher_null --mtu 1500|1454|1414"
	"sha256 icv 96|--alg cbc(aes) --alg hmac(sha256) --icv 96 --mtu 1500|1438|1398"
	"ctr(aes)+sha1|--alg ctr(aes) --alg hmac(sha1) --mtu 1500|1450|1410"
	"rfc4543 gmac|--alg rfc4543(gcm(aes)) --mtu=1500|1446|1406"
	"cbc(aes)+sha512|--alg cbc(aes) --alg hmac(sha512) --mtu 1500|1422|1382"
	"mtu 68|--alg $GCM --mtu 68|14|0"
	"iptfs dont-frag|--alg $GCM --mode iptfs --dont-frag --mtu 1500|1442|1402"
	"iptfs dont-frag pkt-size 1400|--alg $GCM --mode iptfs --dont-frag --pkt-size 1400 --mtu 1500|1360|1320"
	"iptfs dont-frag pkt-size 9000|--alg $GCM --mode iptfs --dont-frag --pkt-size 9000 --mtu 1500|1442|1402"
	"iptfs6 cbc+sha256 dont-frag|--alg cbc(aes) --alg hmac(sha256) --mode iptfs --dont-frag --outer 6 --mtu 1500|1406|1346"
	"iptfs fragmenting|--alg $GCM --mode iptfs --mtu 1500|65535|65495"
	"iptfs6 fragmenting inner4|--alg $GCM --mode iptfs --outer 6 --inner 4 --mtu 1500|65575|65535"
)

for c in "${calc_cases[@]}"; do
	IFS='|' read -r name args want_mtu want_mss <<<"$c"
	read -ra argv <<<"$args"
	run calc "${argv[@]}" --json
	# shellcheck disable=SC2154 # rc: set by run.sh's run()
	if [ "$rc" != 0 ]; then
		# shellcheck disable=SC2154 # work: set by run.sh
		diag "calc $args: exit $rc: $(head -c 300 "$work/err")"
		fail "calc $name"
		continue
	fi
	check "calc $name" "$want_mtu $want_mss" "$(json 'd["inner_mtu"], d["mss"]' | tr -d '(),')"
	run calc "${argv[@]}"
	check "calc $name (text)" "path MTU ${args##*mtu?} -> inner MTU $want_mtu, MSS $want_mss" \
		"$(tail -n 1 "$work/out")"
done

# The JSON document: keys and the terms, for one case.
run --json calc --alg 'cbc(aes)' --alg 'hmac(sha256)' --mtu 1500
check "calc --json before the command, terms" \
	"20 0 8 16 15 2 16 44 tunnel none 4 4 1500 128" \
	"$(json '" ".join(str(x) for x in [d["overhead"][k] for k in ("outer_ip","encap","esp_header","iv","max_padding","trailer","icv","header_len")] + [d["mode"], d["encap"], d["outer"], d["inner"], d["path_mtu"], d["icv_bits"]])')"
run calc --alg "$GCM" --mtu 1500 --json
if python3 -m json.tool "$work/out" >/dev/null 2>&1; then ok "calc --json passes json.tool"
else fail "calc --json passes json.tool"; fi
