// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the overhead arithmetic over a table of SA shapes. Every expected
 * value is derived by hand in the comment above its row from the RFCs
 * (4303 ESP, 4106 GCM, 3602 CBC, 7634 ChaCha20-Poly1305, 3948 NAT-T,
 * 8229 ESP-in-TCP, 4302 AH, 7402 BEET), not taken from the code's output.
 *
 * ESP packet: [outer IP][encap][ESP 8][IV][payload][pad][2][ICV], with
 * payload + pad + 2 a multiple of max(block, 4). The largest payload that
 * fits MTU M is  floor((M - hdr - ICV) / align) * align - 2  in tunnel mode.
 */
#include <kunit/test.h>

#include "../../src/overhead.c"

struct ovh_case {
	const char *name;
	struct xfrm_mss_sa sa;
	u32 mtu;
	u32 header_len;
	u32 inner_mtu;	/* largest inner packet */
	u32 mss4;	/* TCP over IPv4 inside */
	u32 mss6;	/* TCP over IPv6 inside */
};

#define ESP(fam, md, iv_, blk, icv_, enc) {				\
	.proto = XFRM_MSS_PROTO_ESP, .mode = XFRM_MSS_MODE_##md,	\
	.family = fam, .encap = XFRM_MSS_ENCAP_##enc,			\
	.iv = iv_, .block = blk, .icv = icv_ }

static const struct ovh_case ovh_cases[] = {
	/*
	 * rfc4106(gcm(aes)), 16-byte ICV, IPv4 tunnel, MTU 1500:
	 * hdr = 20 IPv4 + 8 ESP + 8 IV            =   36
	 * 1500 - 36 - 16 ICV                      = 1448 (align 4: 1448)
	 * 1448 - 2                                = 1446
	 * MSS: 1446 - 40 = 1406; 1446 - 60 = 1386
	 */
	{ "esp_aes_gcm16_tunnel_v4", ESP(4, TUNNEL, 8, 1, 16, NONE),
	  1500, 36, 1446, 1406, 1386 },
	/*
	 * cbc(aes) + hmac(sha256) truncated to 128 bits, IPv4 tunnel:
	 * hdr = 20 + 8 + 16 IV                    =   44
	 * 1500 - 44 - 16                          = 1440 (align 16: 1440)
	 * 1440 - 2 = 1438; MSS 1398 / 1378
	 */
	{ "esp_aes_cbc_sha256_tunnel_v4", ESP(4, TUNNEL, 16, 16, 16, NONE),
	  1500, 44, 1438, 1398, 1378 },
	/*
	 * cbc(aes) + hmac(sha1) 96, IPv4 tunnel:
	 * hdr = 44; 1500 - 44 - 12 = 1444 -> align 16: 1440; - 2 = 1438
	 */
	{ "esp_aes_cbc_sha1_tunnel_v4", ESP(4, TUNNEL, 16, 16, 12, NONE),
	  1500, 44, 1438, 1398, 1378 },
	/*
	 * cbc(des3_ede) + hmac(sha1) 96, IPv4 tunnel:
	 * hdr = 20 + 8 + 8 IV = 36; 1500 - 36 - 12 = 1452 -> align 8: 1448
	 * 1448 - 2 = 1446
	 */
	{ "esp_3des_sha1_tunnel_v4", ESP(4, TUNNEL, 8, 8, 12, NONE),
	  1500, 36, 1446, 1406, 1386 },
	/*
	 * GCM with NAT-T (RFC 3948): + 8 UDP
	 * hdr = 20 + 8 + 8 + 8 = 44; 1500 - 44 - 16 = 1440; - 2 = 1438
	 */
	{ "esp_aes_gcm16_tunnel_natt_v4", ESP(4, TUNNEL, 8, 1, 16, UDP),
	  1500, 44, 1438, 1398, 1378 },
	/*
	 * GCM, non-IKE marker: + 8 UDP + 8 marker
	 * hdr = 52; 1500 - 52 - 16 = 1432; - 2 = 1430
	 */
	{ "esp_aes_gcm16_tunnel_nonike_v4", ESP(4, TUNNEL, 8, 1, 16, UDP_NON_IKE),
	  1500, 52, 1430, 1390, 1370 },
	/*
	 * GCM in TCP (RFC 8229), only the 2-byte length counted:
	 * hdr = 20 + 2 + 8 + 8 = 38; 1500 - 38 - 16 = 1446 -> align 4: 1444
	 * 1444 - 2 = 1442
	 */
	{ "esp_aes_gcm16_tunnel_tcp_v4", ESP(4, TUNNEL, 8, 1, 16, TCP),
	  1500, 38, 1442, 1402, 1382 },
	/*
	 * CBC in TCP: the 2-byte length field can cost a whole block:
	 * hdr = 20 + 2 + 8 + 16 IV = 46; 1500 - 46 - 16 = 1438
	 * -> align 16: 1424; - 2 = 1422 (1438 without the field)
	 */
	{ "esp_aes_cbc_sha256_tunnel_tcp_v4", ESP(4, TUNNEL, 16, 16, 16, TCP),
	  1500, 46, 1422, 1382, 1362 },
	/*
	 * GCM in TCP over IPv6: hdr = 40 + 2 + 8 + 8 = 58
	 * 1500 - 58 - 16 = 1426 -> align 4: 1424; - 2 = 1422
	 */
	{ "esp_aes_gcm16_tunnel_tcp_v6", ESP(6, TUNNEL, 8, 1, 16, TCP),
	  1500, 58, 1422, 1382, 1362 },
	/*
	 * GCM, IPv6 tunnel: hdr = 40 + 8 + 8 = 56
	 * 1500 - 56 - 16 = 1428; - 2 = 1426; MSS 1386 / 1366
	 */
	{ "esp_aes_gcm16_tunnel_v6", ESP(6, TUNNEL, 8, 1, 16, NONE),
	  1500, 56, 1426, 1386, 1366 },
	/*
	 * rfc7539esp(chacha20,poly1305) (RFC 7634): IV 8, block 1, ICV 16:
	 * as GCM, 1446
	 */
	{ "esp_chacha20poly1305_tunnel_v4", ESP(4, TUNNEL, 8, 1, 16, NONE),
	  1500, 36, 1446, 1406, 1386 },
	/*
	 * GCM, IPv4 transport: the IP header (20) stays outside the
	 * encrypted part. hdr = 8 + 8 = 16
	 * 1500 - 20 IP - 16 - 16 ICV = 1448 (align 4); + 20 - 2 = 1466
	 * check: 20 + 8 + 8 + (1446 + 0 pad + 2) + 16 = 1500
	 */
	{ "esp_aes_gcm16_transport_v4", ESP(4, TRANSPORT, 8, 1, 16, NONE),
	  1500, 16, 1466, 1426, 1406 },
	/*
	 * cbc(aes) + sha256, IPv6 transport: hdr = 8 + 16 = 24
	 * 1500 - 40 - 24 - 16 = 1420 -> align 16: 1408; + 40 - 2 = 1446
	 */
	{ "esp_aes_cbc_sha256_transport_v6", ESP(6, TRANSPORT, 16, 16, 16, NONE),
	  1500, 24, 1446, 1406, 1386 },
	/*
	 * GCM at the IPv4 minimum MTU 576, tunnel:
	 * 576 - 36 - 16 = 524 (align 4); - 2 = 522; MSS 482 / 462
	 */
	{ "esp_aes_gcm16_tunnel_v4_mtu576", ESP(4, TUNNEL, 8, 1, 16, NONE),
	  576, 36, 522, 482, 462 },
	/*
	 * CBC at an MTU that is not block aligned, 1400:
	 * 1400 - 44 - 16 = 1340 -> align 16: 1328; - 2 = 1326
	 */
	{ "esp_aes_cbc_sha256_tunnel_v4_mtu1400", ESP(4, TUNNEL, 16, 16, 16, NONE),
	  1400, 44, 1326, 1286, 1266 },
	/*
	 * Nothing fits: 52 = 36 + 16 leaves no payload at all.
	 */
	{ "esp_aes_gcm16_tunnel_v4_mtu52", ESP(4, TUNNEL, 8, 1, 16, NONE),
	  52, 36, 0, 0, 0 },
	/*
	 * 56 - 52 = 4 (align 4), - 2 = 2: a 2-byte inner packet, no TCP.
	 */
	{ "esp_aes_gcm16_tunnel_v4_mtu56", ESP(4, TUNNEL, 8, 1, 16, NONE),
	  56, 36, 2, 0, 0 },
	/*
	 * BEET, IPv4 over IPv4 (RFC 7402): 8 bytes of pseudo header room
	 * hdr = 8 + 8 + 8 = 24; 1500 - 20 - 24 - 16 = 1440; + 20 - 2 = 1458
	 */
	{ "esp_aes_gcm16_beet_v4", {
		.proto = XFRM_MSS_PROTO_ESP, .mode = XFRM_MSS_MODE_BEET,
		.family = 4, .sel_family = 4, .iv = 8, .block = 1, .icv = 16 },
	  1500, 24, 1458, 1418, 1398 },
	/*
	 * BEET, IPv4 inner over IPv6 outer: esp6 reserves 8 + (40 - 20)
	 * hdr = 8 + 8 + 28 = 44; 1500 - 40 - 44 - 16 = 1400; + 40 - 2 = 1438
	 */
	{ "esp_aes_gcm16_beet_v6_sel4", {
		.proto = XFRM_MSS_PROTO_ESP, .mode = XFRM_MSS_MODE_BEET,
		.family = 6, .sel_family = 4, .iv = 8, .block = 1, .icv = 16 },
	  1500, 44, 1438, 1398, 1378 },
	/*
	 * BEET, IPv6 over IPv6: no pseudo header room, as transport
	 * hdr = 8 + 8 = 16; 1500 - 40 - 16 - 16 = 1428; + 40 - 2 = 1466
	 */
	{ "esp_aes_gcm16_beet_v6", {
		.proto = XFRM_MSS_PROTO_ESP, .mode = XFRM_MSS_MODE_BEET,
		.family = 6, .sel_family = 6, .iv = 8, .block = 1, .icv = 16 },
	  1500, 16, 1466, 1426, 1406 },
	/*
	 * BEET, IPv6 over IPv4: esp4 adds no pseudo header room either
	 * hdr = 16; 1500 - 20 - 16 - 16 = 1448; + 20 - 2 = 1466
	 */
	{ "esp_aes_gcm16_beet_v4_sel6", {
		.proto = XFRM_MSS_PROTO_ESP, .mode = XFRM_MSS_MODE_BEET,
		.family = 4, .sel_family = 6, .iv = 8, .block = 1, .icv = 16 },
	  1500, 16, 1466, 1426, 1406 },
	/*
	 * AH hmac(sha256) 128, IPv4 tunnel: 12 + 16 = 28 -> 64-bit aligned
	 * (Linux default) 32; + 20 = 52; 1500 - 52 = 1448
	 */
	{ "ah_sha256_tunnel_v4", {
		.proto = XFRM_MSS_PROTO_AH, .mode = XFRM_MSS_MODE_TUNNEL,
		.family = 4, .icv = 16 },
	  1500, 52, 1448, 1408, 1388 },
	/*
	 * Same with the align4 flag (RFC 4302 allows 32 bits for IPv4):
	 * 28 + 20 = 48; 1452
	 */
	{ "ah_sha256_align4_tunnel_v4", {
		.proto = XFRM_MSS_PROTO_AH, .mode = XFRM_MSS_MODE_TUNNEL,
		.family = 4, .icv = 16, .ah_align4 = 1 },
	  1500, 48, 1452, 1412, 1392 },
	/*
	 * AH hmac(sha1) 96, IPv6 transport: 12 + 12 = 24 (aligned); 1476
	 */
	{ "ah_sha1_transport_v6", {
		.proto = XFRM_MSS_PROTO_AH, .mode = XFRM_MSS_MODE_TRANSPORT,
		.family = 6, .icv = 12 },
	  1500, 24, 1476, 1436, 1416 },
	/*
	 * AH hmac(sha256) 128, IPv4 transport (the outer part of an AH+ESP
	 * bundle): 12 + 16 = 28 -> ALIGN8 32; 1500 - 32 = 1468
	 */
	{ "ah_sha256_transport_v4", {
		.proto = XFRM_MSS_PROTO_AH, .mode = XFRM_MSS_MODE_TRANSPORT,
		.family = 4, .icv = 16 },
	  1500, 32, 1468, 1428, 1408 },
	/*
	 * IPComp tunnel, IPv4 outer (the inner part of an IPComp+ESP
	 * bundle): the worst case is the bare outer header, 20; 1480
	 */
	{ "ipcomp_tunnel_v4", {
		.proto = XFRM_MSS_PROTO_COMP, .mode = XFRM_MSS_MODE_TUNNEL,
		.family = 4 },
	  1500, 20, 1480, 1440, 1420 },
	/*
	 * IPComp tunnel, IPv6 outer: incompressible data goes out
	 * uncompressed without the IPComp header: 40 only; 1460
	 */
	{ "ipcomp_tunnel_v6", {
		.proto = XFRM_MSS_PROTO_COMP, .mode = XFRM_MSS_MODE_TUNNEL,
		.family = 6 },
	  1500, 40, 1460, 1420, 1400 },
};

static void ovh_desc(const struct ovh_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ovh, ovh_cases, ovh_desc);

static void overhead_table(struct kunit *test)
{
	const struct ovh_case *c = test->param_value;
	u32 mtu;

	KUNIT_ASSERT_EQ(test, xfrm_mss_sa_valid(&c->sa), 1);
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_header_len(&c->sa), c->header_len);
	mtu = xfrm_mss_sa_mtu(&c->sa, c->mtu);
	KUNIT_EXPECT_EQ(test, mtu, c->inner_mtu);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(mtu, 4), c->mss4);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(mtu, 6), c->mss6);
	/* One transform is a bundle of one. */
	KUNIT_EXPECT_EQ(test, xfrm_mss_bundle_mtu(&c->sa, 1, c->mtu), mtu);
}

/* The inner MTU must fit, and one byte more must not (for ESP: one block). */
static void overhead_boundary(struct kunit *test)
{
	const struct ovh_case *c = test->param_value;
	struct xfrm_mss_terms t;
	u32 mtu = xfrm_mss_sa_mtu(&c->sa, c->mtu);
	u32 outer, pad, extra = 0;

	if (!mtu)
		return;
	xfrm_mss_sa_terms(&c->sa, &t);
	if (c->sa.proto != XFRM_MSS_PROTO_ESP) {
		KUNIT_EXPECT_EQ(test, mtu + t.header_len, c->mtu);
		return;
	}
	if (c->sa.mode != XFRM_MSS_MODE_TUNNEL)
		extra = c->sa.family == 6 ? 40 : 20;
	/* Size on the wire of an inner packet of mtu bytes. */
	pad = (t.pad_align - (mtu - extra + 2) % t.pad_align) % t.pad_align;
	outer = t.header_len + extra + (mtu - extra) + pad + 2 + t.icv;
	KUNIT_EXPECT_LE(test, outer, c->mtu);
	/* Within one pad unit of the MTU: the padding is the only waste. */
	KUNIT_EXPECT_GT(test, outer + t.pad_align, c->mtu);
	/* One more byte pushes it past, or into the next pad unit beyond. */
	pad = (t.pad_align - (mtu + 1 - extra + 2) % t.pad_align) % t.pad_align;
	KUNIT_EXPECT_GT(test, t.header_len + extra + (mtu + 1 - extra) + pad +
			2 + t.icv, c->mtu);
}

/*
 * Nested: GCM transport inside a GCM IPv4 tunnel. The tunnel sees the
 * path MTU: 1500 -> 1446 (row 1). The transport SA then sees 1446:
 * 1446 - 20 - 16 - 16 = 1394 -> align 4: 1392; + 20 - 2 = 1410.
 */
/*
 * Nested SAs, innermost first. Transport mode adjusts by the IP header it
 * keeps (net_adj = 20 in xfrm_state_mtu()):
 *   CBC transport inside a GCM tunnel, path 1500:
 *     tunnel:    1500 - 36 - 16 = 1448, x4 -> 1448, - 2 = 1446
 *     transport: 1446 - 24 - 16 - 20 = 1386, x16 -> 1376, + 20 - 2 = 1394
 *   the same SAs the other way round:
 *     transport: 1500 - 24 - 16 - 20 = 1440, x16 -> 1440, + 18 = 1458
 *     tunnel:    1458 - 36 - 16 = 1406, x4 -> 1404, - 2 = 1402
 */
static void overhead_nested(struct kunit *test)
{
	const struct xfrm_mss_sa b[] = {
		ESP(4, TRANSPORT, 16, 16, 16, NONE),	/* cbc(aes) + sha256 */
		ESP(4, TUNNEL, 8, 1, 16, NONE),		/* rfc4106(gcm(aes)) */
	};
	const struct xfrm_mss_sa r[] = { b[1], b[0] };

	KUNIT_EXPECT_EQ(test, xfrm_mss_bundle_mtu(&b[1], 1, 1500), 1446U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_bundle_mtu(b, 2, 1500), 1394U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(1394, 4), 1354U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_bundle_mtu(r, 2, 1500), 1402U);
	/*
	 * A bundle whose outer part leaves almost nothing: the tunnel gives
	 * 60 - 52 = 8 -> 6, and the transport SA cannot fit its own headers.
	 */
	KUNIT_EXPECT_EQ(test, xfrm_mss_bundle_mtu(b, 2, 60), 0U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_bundle_mtu(b, 0, 1500), 1500U);
}

/*
 * The bundles IKE daemons install for more than one protocol, innermost
 * first. strongSwan's kernel_netlink puts the first template in the
 * CHILD_SA's mode and the others in transport mode (libreswan does the
 * same): AH+ESP is an ESP tunnel under AH transport, IPComp+ESP an IPComp
 * tunnel under ESP transport. Path MTU 1500:
 *   AH+ESP, GCM:  AH transport: 12 + 16 = 28 -> ALIGN8 32; 1500 - 32 = 1468
 *                 ESP tunnel at 1468: 1468 - 36 - 16 = 1416, x4; - 2 = 1414
 *                 MSS 1374; full packet 20+8+8+1416+16 = 1468, + 32 = 1500
 *   AH+ESP, CBC:  ESP tunnel at 1468: 1468 - 44 - 16 = 1408, x16 -> 1408;
 *                 - 2 = 1406; MSS 1366
 *   IPComp+ESP:   ESP transport: 1500 - 20 - 16 - 16 = 1448, x4; + 20 - 2
 *                 = 1466; IPComp tunnel: 1466 - 20 = 1446; MSS 1406
 *   the same over IPv6: ESP transport: 1500 - 40 - 16 - 16 = 1428, x4;
 *                 + 40 - 2 = 1466; IPComp tunnel: 1466 - 40 = 1426;
 *                 MSS 1366 (IPv6 inside)
 */
static void overhead_bundles(struct kunit *test)
{
	const struct xfrm_mss_sa ah_tr4 = {
		.proto = XFRM_MSS_PROTO_AH, .mode = XFRM_MSS_MODE_TRANSPORT,
		.family = 4, .icv = 16 };
	const struct xfrm_mss_sa comp_tun4 = {
		.proto = XFRM_MSS_PROTO_COMP, .mode = XFRM_MSS_MODE_TUNNEL,
		.family = 4 };
	const struct xfrm_mss_sa comp_tun6 = {
		.proto = XFRM_MSS_PROTO_COMP, .mode = XFRM_MSS_MODE_TUNNEL,
		.family = 6 };
	const struct xfrm_mss_sa ah_esp[] = {
		ESP(4, TUNNEL, 8, 1, 16, NONE), ah_tr4 };
	const struct xfrm_mss_sa ah_esp_cbc[] = {
		ESP(4, TUNNEL, 16, 16, 16, NONE), ah_tr4 };
	const struct xfrm_mss_sa comp_esp[] = {
		comp_tun4, ESP(4, TRANSPORT, 8, 1, 16, NONE) };
	const struct xfrm_mss_sa comp_esp6[] = {
		comp_tun6, ESP(6, TRANSPORT, 8, 1, 16, NONE) };
	u32 m;

	m = xfrm_mss_bundle_mtu(ah_esp, 2, 1500);
	KUNIT_EXPECT_EQ(test, m, 1414U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(m, 4), 1374U);
	m = xfrm_mss_bundle_mtu(ah_esp_cbc, 2, 1500);
	KUNIT_EXPECT_EQ(test, m, 1406U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(m, 4), 1366U);
	m = xfrm_mss_bundle_mtu(comp_esp, 2, 1500);
	KUNIT_EXPECT_EQ(test, m, 1446U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(m, 4), 1406U);
	m = xfrm_mss_bundle_mtu(comp_esp6, 2, 1500);
	KUNIT_EXPECT_EQ(test, m, 1426U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(m, 6), 1366U);
}

static void overhead_invalid(struct kunit *test)
{
	struct xfrm_mss_sa sa = ESP(4, TUNNEL, 8, 1, 16, NONE);

	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 1);
	sa.family = 5;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
	sa.family = 4;
	sa.block = 0;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
	/* ALIGN(12, 4) = 12 is no power of two: the pad mask would lie. */
	sa.block = 12;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
	sa.block = 16;
	sa.mode = 7;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
	sa.mode = XFRM_MSS_MODE_TUNNEL;
	sa.encap = 9;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
	sa.encap = XFRM_MSS_ENCAP_UDP;
	sa.proto = XFRM_MSS_PROTO_AH;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
	sa.encap = XFRM_MSS_ENCAP_NONE;
	sa.family = 6;
	sa.ah_align4 = 1;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
	sa.proto = XFRM_MSS_PROTO_COMP;
	sa.ah_align4 = 0;
	sa.mode = XFRM_MSS_MODE_BEET;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
	sa.proto = 3;
	KUNIT_EXPECT_EQ(test, xfrm_mss_sa_valid(&sa), 0);
}

static void overhead_mtu_to_mss(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(1500, 4), 1460U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(1500, 6), 1440U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(40, 4), 0U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(41, 4), 1U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(60, 6), 0U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(1500, 5), 0U);
	KUNIT_EXPECT_EQ(test, xfrm_mss_mtu_to_mss(0, 4), 0U);
}

static struct kunit_case overhead_cases[] = {
	KUNIT_CASE_PARAM(overhead_table, ovh_gen_params),
	KUNIT_CASE_PARAM(overhead_boundary, ovh_gen_params),
	KUNIT_CASE(overhead_nested),
	KUNIT_CASE(overhead_bundles),
	KUNIT_CASE(overhead_invalid),
	KUNIT_CASE(overhead_mtu_to_mss),
	{}
};

static struct kunit_suite overhead_suite = {
	.name = "xfrm_mss_overhead",
	.test_cases = overhead_cases,
};

kunit_test_suite(overhead_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the xfrm_mss overhead arithmetic");
