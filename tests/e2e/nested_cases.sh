# SPDX-License-Identifier: GPL-2.0
# Nested and other SA kinds, sourced by cases.sh inside the guest:
# policy-based, path MTU 1500, xfrm_mss in gw_a only.

# --- nested and other SA kinds (policy-based, path MTU 1500) -------------
# ESP inside ESP: the policy's first template is applied first (inside),
#   CBC + HMAC-SHA256 inside, AES-GCM outside:
#     GCM tunnel at 1500: 1500 - 36 - 16 = 1448 (x4) - 2 = 1446
#     CBC tunnel at 1446: 1446 - 44 - 16 = 1386 (x16) -> 1376 - 2 = 1374; MSS 1334
#   (the other way round would give 1438, then 1382: MSS 1342)
# AH alone, HMAC-SHA256-128, tunnel: 20 + ALIGN8(12 + 16) = 52; 1448; MSS 1408
CBC=(enc 'cbc(aes)' "$KEY_AES" auth-trunc 'hmac(sha256)' "$KEY_SHA" 128)
GCM=(aead 'rfc4106(gcm(aes))' "$KEY_GCM" 128)
AH=(auth-trunc 'hmac(sha256)' "$KEY_SHA" 128)
# nested_setup: per gateway, SPI 0x5RDn by direction (gw_a to gw_b: 1).
nested_setup() {
	local g d src dst
	for g in "$GA" "$GB"; do
		for d in 1 2; do
			src=192.0.2.$d dst=192.0.2.$((3 - d))
			ip -n "$g" xfrm state add src $src dst $dst proto esp spi 0x51${d}1 \
				reqid 1$d mode tunnel "${CBC[@]}"
			ip -n "$g" xfrm state add src $src dst $dst proto esp spi 0x52${d}2 \
				reqid 2$d mode tunnel "${GCM[@]}"
		done
	done
	nested_policy "$GA" 10.1.0.0/24 10.2.0.0/24 1 2
	nested_policy "$GB" 10.2.0.0/24 10.1.0.0/24 2 1
}
nested_policy() { # NS LOCAL REMOTE MY_INDEX PEER_INDEX
	local me=192.0.2.$4 peer=192.0.2.$5 d
	ip -n "$1" xfrm policy add src "$2" dst "$3" dir out \
		tmpl src $me dst $peer proto esp reqid 1$4 mode tunnel \
		tmpl src $me dst $peer proto esp reqid 2$4 mode tunnel
	for d in in fwd; do
		ip -n "$1" xfrm policy add src "$3" dst "$2" dir $d \
			tmpl src $peer dst $me proto esp reqid 1$5 mode tunnel \
			tmpl src $peer dst $me proto esp reqid 2$5 mode tunnel
	done
}
topology_up
insmod "$MOD"
only_gw_a
nested_setup
check nested_esp_in_esp_a_to_b "1334 1334" "$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)"
[ "$VERBOSE" = 1 ] && { nGA ip -s xfrm state; nGB ip -s xfrm state; nGB cat /proc/net/xfrm_stat; nGA ip xfrm policy; } >&2
check nested_esp_in_esp_b_to_a "1334 1334" "$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2)"
wan_capture_start
transfer "$LA" "$LB" 10.2.0.2 $BULK 120 && ok nested_esp_in_esp_transfer ||
	{ diag "$TRANSFER_INFO"; fail nested_esp_in_esp_transfer; }
# Full segments: 1374 inner -> CBC: 1374 + 2 = 1376 (x16) + 44 + 16 = 1436
# -> GCM: 1436 + 2 = 1438 (x4 -> 1440) + 36 + 16 = 1492. Within one pad of 1500.
check_range nested_esp_in_esp_largest_packet 1485 1500 "$(wan_capture_max)"
sa_flush
for g in "$GA" "$GB"; do
	ip -n "$g" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto ah spi 0x6001 \
		reqid 1 mode tunnel "${AH[@]}"
	ip -n "$g" xfrm state add src 192.0.2.2 dst 192.0.2.1 proto ah spi 0x6002 \
		reqid 2 mode tunnel "${AH[@]}"
done
ip -n "$GA" xfrm policy add src 10.1.0.0/24 dst 10.2.0.0/24 dir out \
	tmpl src 192.0.2.1 dst 192.0.2.2 proto ah reqid 1 mode tunnel
ip -n "$GB" xfrm policy add src 10.2.0.0/24 dst 10.1.0.0/24 dir out \
	tmpl src 192.0.2.2 dst 192.0.2.1 proto ah reqid 2 mode tunnel
for d in in fwd; do
	ip -n "$GA" xfrm policy add src 10.2.0.0/24 dst 10.1.0.0/24 dir $d \
		tmpl src 192.0.2.2 dst 192.0.2.1 proto ah reqid 2 mode tunnel
	ip -n "$GB" xfrm policy add src 10.1.0.0/24 dst 10.2.0.0/24 dir $d \
		tmpl src 192.0.2.1 dst 192.0.2.2 proto ah reqid 1 mode tunnel
done
check ah_tunnel_a_to_b "1408 1408" "$(conn_mss 4 "$LA" a0 "$LB" b1 10.2.0.2)"
check ah_tunnel_b_to_a "1408 1408" "$(conn_mss 4 "$LB" b1 "$LA" a0 10.1.0.2)"
sa_flush
rmmod xfrm_mss
topology_down
