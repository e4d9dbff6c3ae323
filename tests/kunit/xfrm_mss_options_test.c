// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the packet side (src/mss.c) on real skbs built here. Malformed
 * input must come out byte-identical with exactly its counter raised;
 * a rewrite must change only the MSS value and the checksum, and the
 * checksum must verify afterwards in every ip_summed mode. The MTU lookup
 * is replaced by a fixed answer, so that this covers parsing alone; the
 * real lookup is covered by the sa suite and the end-to-end tests.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "../../src/mss.c"
#include "../../src/overhead.c"
#include "../../src/stats.c"
#include "stats_suite.h"
#include "../../src/tcpopt.c"
#include "../fuzz/tcpopt_clamp.h"

#define SADDR	htonl(0x0a010002)	/* 10.1.0.2 */
#define DADDR	htonl(0x0a020002)	/* 10.2.0.2 */

/* The fixed MTU answer and the error to return instead, if any. */
static u32 fake_mtu = 1446;
static int fake_err;

static int fake_mtu_fn(struct sk_buff *skb, struct net *net,
		       unsigned int family, unsigned int thoff, u32 ceiling,
		       u32 *mtu)
{
	if (fake_err)
		return fake_err;
	*mtu = min(fake_mtu, ceiling);
	return 0;
}

/* The settings the packet path is given; a case may set path_mtu. */
static struct xfrm_mss_cfg fake_cfg = {
	.enable = true,
	.min_mss = 536,
	.path_mtu = 0,
};

static void fake_cfg_get(const struct net *net, struct xfrm_mss_cfg *cfg)
{
	*cfg = fake_cfg;
}

static const struct xfrm_mss_ops fake_ops = {
	.cfg_get = fake_cfg_get,
	.flow_mtu = fake_mtu_fn,
};

struct pkt {
	u8 family;
	u8 flags;		/* TCP flags, SYN if 0 */
	const u8 *opt;		/* TCP options */
	u8 optlen;
	s8 doff;		/* TCP data offset in words; 0 = from optlen */
	u8 payload;		/* bytes of payload after the header */
	s16 cut;		/* bytes to cut off the end, after the checksum */
	u16 frag;		/* IPv4 fragment offset (8-byte units) */
};

static void tcp_csum(struct sk_buff *skb, u8 family, struct tcphdr *th,
		     unsigned int len)
{
	th->check = 0;
	if (family == 4)
		th->check = tcp_v4_check(len, SADDR, DADDR,
					 csum_partial(th, len, 0));
	else
		th->check = tcp_v6_check(len, &ipv6_hdr(skb)->saddr,
					 &ipv6_hdr(skb)->daddr,
					 csum_partial(th, len, 0));
}

/* A linear IPv4 or IPv6 + TCP packet with a correct checksum. */
static struct sk_buff *build(struct kunit *test, const struct pkt *p,
			     unsigned int *thoff)
{
	unsigned int nhlen = p->family == 4 ? sizeof(struct iphdr) :
					      sizeof(struct ipv6hdr);
	unsigned int tcplen = sizeof(struct tcphdr) + p->optlen + p->payload;
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	struct tcphdr *th;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	skb_reset_network_header(skb);
	if (p->family == 4) {
		struct iphdr *iph = skb_put_zero(skb, nhlen);

		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = 64;
		iph->protocol = IPPROTO_TCP;
		iph->tot_len = htons(nhlen + tcplen);
		iph->frag_off = htons(p->frag);
		iph->saddr = SADDR;
		iph->daddr = DADDR;
		skb->protocol = htons(ETH_P_IP);
	} else {
		struct ipv6hdr *ip6h = skb_put_zero(skb, nhlen);

		ip6h->version = 6;
		ip6h->nexthdr = IPPROTO_TCP;
		ip6h->hop_limit = 64;
		ip6h->payload_len = htons(tcplen);
		ip6h->saddr.s6_addr[0] = 0xfd;
		ip6h->saddr.s6_addr[15] = 2;
		ip6h->daddr.s6_addr[0] = 0xfd;
		ip6h->daddr.s6_addr[1] = 2;
		ip6h->daddr.s6_addr[15] = 2;
		skb->protocol = htons(ETH_P_IPV6);
	}
	*thoff = skb->len;
	skb_set_transport_header(skb, skb->len);
	th = skb_put_zero(skb, tcplen);
	th->source = htons(40000);
	th->dest = htons(80);
	th->seq = htonl(1);
	th->doff = p->doff ? p->doff : (sizeof(*th) + p->optlen) / 4;
	((u8 *)th)[13] = p->flags ? p->flags : TCPHDR_SYN;
	th->window = htons(64240);
	memcpy(th + 1, p->opt, p->optlen);
	tcp_csum(skb, p->family, th, tcplen);
	if (p->cut)
		skb_trim(skb, skb->len - p->cut);
	return skb;
}

static int csum_ok(struct sk_buff *skb, unsigned int thoff)
{
	unsigned int len = skb->len - thoff;
	__wsum sum = skb_checksum(skb, thoff, len, 0);

	if (ip_hdr(skb)->version == 4)
		return csum_tcpudp_magic(SADDR, DADDR, len, IPPROTO_TCP, sum) == 0;
	return csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr,
			       len, IPPROTO_TCP, sum) == 0;
}

/* The counters of the namespace the packets pass in, and the totals. */
struct snap {
	unsigned long v[XFRM_MSS_STAT_MAX];
	unsigned long all[XFRM_MSS_STAT_MAX];
};

static void snap(struct snap *s)
{
	int i;

	for (i = 0; i < XFRM_MSS_STAT_MAX; i++) {
		s->v[i] = xfrm_mss_stat_read(&init_net, i);
		s->all[i] = xfrm_mss_stat_read(NULL, i);
	}
}

/*
 * Every counter moved by exactly what @want says, and nothing else, in
 * the namespace and in the totals alike.
 */
static void expect_delta(struct kunit *test, const struct snap *before,
			 const int *want)
{
	struct snap after;
	int i;

	snap(&after);
	for (i = 0; i < XFRM_MSS_STAT_MAX; i++) {
		KUNIT_EXPECT_EQ_MSG(test, after.v[i] - before->v[i],
				    (unsigned long)want[i], "counter %s",
				    xfrm_mss_stat_names[i]);
		KUNIT_EXPECT_EQ_MSG(test, after.all[i] - before->all[i],
				    (unsigned long)want[i], "total %s",
				    xfrm_mss_stat_names[i]);
	}
}

/* MSS options are written out: 2, 4, value high byte, value low byte. */
struct bad_case {
	const char *name;
	struct pkt p;
	enum xfrm_mss_stat stat;
	bool syn_seen;		/* got far enough to count seen_syn */
};

static const u8 opt_mss1460[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4 };
static const u8 opt_zero_len[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4, TCPOPT_TIMESTAMP, 0, 0, 0 };
static const u8 opt_one_len[] = { TCPOPT_NOP, TCPOPT_WINDOW, 1, 7 };
static const u8 opt_overrun[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4, TCPOPT_TIMESTAMP, 10, 0, 0 };
static const u8 opt_no_len[] = { TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP,
				 TCPOPT_SACK_PERM };
static const u8 opt_mss_len3[] = { TCPOPT_MSS, 3, 0x05, TCPOPT_NOP };
static const u8 opt_mss_len5[] = { TCPOPT_MSS, 5, 0x05, 0xb4, 0,
				   TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP };
static const u8 opt_mss_dup[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4, TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0x78 };
static const u8 opt_none[] = { TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK_PERM, 2 };
/* MSS, then TCP-AO (kind 29, RFC 5925): key ids and a 12-byte MAC. */
static const u8 opt_mss_ao[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4,
				 29, 16, 1, 1, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
				 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac };

static const struct bad_case bad_cases[] = {
	{ "truncated_before_flags",
	  { .family = 4, .opt = opt_mss1460, .optlen = 4, .cut = 14 },
	  XFRM_MSS_STAT_bad_truncated, false },
	{ "truncated_header",
	  { .family = 4, .opt = opt_mss1460, .optlen = 4, .cut = 8 },
	  XFRM_MSS_STAT_bad_truncated, true },
	{ "doff_below_5",
	  { .family = 4, .opt = opt_mss1460, .optlen = 4, .doff = 4 },
	  XFRM_MSS_STAT_bad_doff, true },
	{ "doff_past_packet",
	  { .family = 4, .opt = opt_mss1460, .optlen = 4, .doff = 15 },
	  XFRM_MSS_STAT_bad_doff, true },
	{ "doff_past_packet_v6",
	  { .family = 6, .opt = opt_mss1460, .optlen = 4, .doff = 7 },
	  XFRM_MSS_STAT_bad_doff, true },
	{ "option_zero_length",
	  { .family = 4, .opt = opt_zero_len, .optlen = 8 },
	  XFRM_MSS_STAT_bad_option, true },
	{ "option_length_one",
	  { .family = 4, .opt = opt_one_len, .optlen = 4 },
	  XFRM_MSS_STAT_bad_option, true },
	{ "option_overruns_header",
	  { .family = 4, .opt = opt_overrun, .optlen = 8 },
	  XFRM_MSS_STAT_bad_option, true },
	{ "option_kind_without_length",
	  { .family = 6, .opt = opt_no_len, .optlen = 4 },
	  XFRM_MSS_STAT_bad_option, true },
	{ "mss_length_3",
	  { .family = 4, .opt = opt_mss_len3, .optlen = 4 },
	  XFRM_MSS_STAT_bad_mss_len, true },
	{ "mss_length_5",
	  { .family = 4, .opt = opt_mss_len5, .optlen = 8 },
	  XFRM_MSS_STAT_bad_mss_len, true },
	{ "mss_twice",
	  { .family = 4, .opt = opt_mss_dup, .optlen = 8 },
	  XFRM_MSS_STAT_bad_mss_dup, true },
	{ "mss_twice_v6",
	  { .family = 6, .opt = opt_mss_dup, .optlen = 8 },
	  XFRM_MSS_STAT_bad_mss_dup, true },
	{ "non_first_fragment_v4",
	  { .family = 4, .opt = opt_mss1460, .optlen = 4, .frag = 1 },
	  XFRM_MSS_STAT_skip_fragment, false },
	{ "no_mss_option",
	  { .family = 4, .opt = opt_none, .optlen = 4 },
	  XFRM_MSS_STAT_skip_no_mss, true },
	{ "no_mss_option_v6",
	  { .family = 6, .opt = opt_none, .optlen = 4 },
	  XFRM_MSS_STAT_skip_no_mss, true },
	{ "tcp_ao_signed",
	  { .family = 4, .opt = opt_mss_ao, .optlen = 20 },
	  XFRM_MSS_STAT_skip_tcp_ao, true },
	{ "tcp_ao_signed_v6",
	  { .family = 6, .opt = opt_mss_ao, .optlen = 20 },
	  XFRM_MSS_STAT_skip_tcp_ao, true },
};

static void bad_desc(const struct bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad, bad_cases, bad_desc);

/*
 * @skb passes byte for byte, with counter @stat + 1 and no other but
 * seen_syn if @seen. Frees @skb.
 */
static void expect_passed(struct kunit *test, struct sk_buff *skb,
			  unsigned int family, enum xfrm_mss_stat stat,
			  bool seen)
{
	int want[XFRM_MSS_STAT_MAX] = { 0 };
	struct snap before;
	u8 copy[256];

	KUNIT_ASSERT_LE(test, skb->len, (unsigned int)sizeof(copy));
	memcpy(copy, skb->data, skb->len);
	snap(&before);
	xfrm_mss_process(skb, &init_net, family, &fake_ops);
	want[stat] = 1;
	want[XFRM_MSS_STAT_seen_syn] = seen;
	expect_delta(test, &before, want);
	KUNIT_EXPECT_EQ(test, memcmp(copy, skb->data, skb->len), 0);
	kfree_skb(skb);
}

/* Malformed or unusable: bytes unchanged, its counter +1, nothing else. */
static void options_malformed(struct kunit *test)
{
	const struct bad_case *c = test->param_value;
	struct sk_buff *skb;
	unsigned int thoff;

	skb = build(test, &c->p, &thoff);
	expect_passed(test, skb, c->p.family, c->stat, c->syn_seen);
}

/*
 * Inserts @len bytes of extension header @hdr between the IPv6 header and
 * the TCP header at @thoff; @hdr's first byte is its next header.
 */
static void insert_v6_ext(struct sk_buff *skb, unsigned int thoff, u8 type,
			  const void *hdr, unsigned int len)
{
	struct ipv6hdr *ip6h;

	skb_put(skb, len);
	memmove(skb->data + thoff + len, skb->data + thoff,
		skb->len - thoff - len);
	memcpy(skb->data + thoff, hdr, len);
	ip6h = ipv6_hdr(skb);
	ip6h->nexthdr = type;
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
}

/* A non-first IPv6 fragment: fragment header with a non-zero offset. */
static void options_fragment_v6(struct kunit *test)
{
	struct pkt p = { .family = 6, .opt = opt_mss1460, .optlen = 4 };
	struct frag_hdr fh = {
		.nexthdr = IPPROTO_TCP,
		.frag_off = htons(8 << 3),	/* offset 64 bytes, MF clear */
		.identification = htonl(1),
	};
	struct sk_buff *skb;
	unsigned int thoff;

	skb = build(test, &p, &thoff);
	insert_v6_ext(skb, thoff, NEXTHDR_FRAGMENT, &fh, sizeof(fh));
	expect_passed(test, skb, 6, XFRM_MSS_STAT_skip_fragment, false);
}

/*
 * An IPv6 SYN behind an AH header (AH transport forwarded into a tunnel):
 * its ICV covers the segment, so it passes unmodified and is counted.
 */
static void options_ah_v6(struct kunit *test)
{
	struct pkt p = { .family = 6, .opt = opt_mss1460, .optlen = 4 };
	u8 ah[24];	/* 12 bytes + a 12-byte ICV */
	struct sk_buff *skb;
	unsigned int thoff;

	memset(ah, 0x5a, sizeof(ah));
	ah[0] = IPPROTO_TCP;		/* next header */
	ah[1] = sizeof(ah) / 4 - 2;	/* RFC 4302 2.2 */
	ah[2] = 0;
	ah[3] = 0;
	skb = build(test, &p, &thoff);
	insert_v6_ext(skb, thoff, NEXTHDR_AUTH, ah, sizeof(ah));
	expect_passed(test, skb, 6, XFRM_MSS_STAT_skip_ah, false);
}

/*
 * An IPv4 header with ihl below 5, as a raw socket with IP_HDRINCL can
 * send: never parsed as TCP, counted, bytes unchanged.
 */
static void options_ip_header_short(struct kunit *test)
{
	struct pkt p = { .family = 4, .opt = opt_mss1460, .optlen = 4 };
	unsigned int ihl, thoff;
	struct sk_buff *skb;

	for (ihl = 0; ihl < 5; ihl++) {
		skb = build(test, &p, &thoff);
		ip_hdr(skb)->ihl = ihl;
		expect_passed(test, skb, 4, XFRM_MSS_STAT_bad_ip_header, false);
	}
}

/* Not a SYN, or a SYN with RST: not even counted as seen. */
static void options_not_syn(struct kunit *test)
{
	static const u8 flags[] = { TCPHDR_ACK, TCPHDR_SYN | TCPHDR_RST,
				    TCPHDR_FIN | TCPHDR_ACK, TCPHDR_PSH };
	int want[XFRM_MSS_STAT_MAX] = { 0 };
	struct snap before;
	unsigned int i, thoff;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		struct pkt p = { .family = 4, .opt = opt_mss1460, .optlen = 4,
				 .flags = flags[i] };
		struct sk_buff *skb = build(test, &p, &thoff);
		u8 copy[256];

		memcpy(copy, skb->data, skb->len);
		snap(&before);
		xfrm_mss_process(skb, &init_net, 4, &fake_ops);
		expect_delta(test, &before, want);
		KUNIT_EXPECT_EQ(test, memcmp(copy, skb->data, skb->len), 0);
		kfree_skb(skb);
	}
}

/* What the MTU lookup says when it cannot answer, and how it is counted. */
static void options_lookup_errors(struct kunit *test)
{
	static const struct {
		int err;
		enum xfrm_mss_stat stat;
	} errs[] = {
		{ -ENOENT, XFRM_MSS_STAT_skip_no_sa },
		{ -EACCES, XFRM_MSS_STAT_skip_sel_mismatch },
		{ -EOPNOTSUPP, XFRM_MSS_STAT_skip_sa_unsupported },
		{ -EHOSTUNREACH, XFRM_MSS_STAT_skip_no_mtu },
		{ -ERANGE, XFRM_MSS_STAT_skip_no_mtu },
		{ -EINVAL, XFRM_MSS_STAT_bad_truncated },
	};
	struct pkt p = { .family = 4, .opt = opt_mss1460, .optlen = 4 };
	unsigned int i, thoff;

	for (i = 0; i < ARRAY_SIZE(errs); i++) {
		int want[XFRM_MSS_STAT_MAX] = { 0 };
		struct sk_buff *skb = build(test, &p, &thoff);
		struct snap before;
		u8 copy[256];

		memcpy(copy, skb->data, skb->len);
		fake_err = errs[i].err;
		snap(&before);
		xfrm_mss_process(skb, &init_net, 4, &fake_ops);
		fake_err = 0;
		want[XFRM_MSS_STAT_seen_syn] = 1;
		want[errs[i].stat] = 1;
		expect_delta(test, &before, want);
		KUNIT_EXPECT_EQ(test, memcmp(copy, skb->data, skb->len), 0);
		kfree_skb(skb);
	}
}

struct rw_case {
	const char *name;
	struct pkt p;
	u32 mtu;		/* what the lookup answers */
	u32 path_mtu;		/* cfg ceiling */
	u16 mss_off;		/* offset of the MSS option in the TCP header */
	u16 old_mss, new_mss;
	enum xfrm_mss_stat stat;
	bool floor;
};

static const u8 opt_linux_syn[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4, TCPOPT_SACK_PERM, 2,
				    TCPOPT_TIMESTAMP, 10, 0, 0, 0, 1, 0, 0,
				    0, 0, TCPOPT_NOP, TCPOPT_WINDOW, 3, 7 };
/* One NOP first: the MSS value sits at an odd offset (23). */
static const u8 opt_odd[] = { TCPOPT_NOP, TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4, TCPOPT_NOP,
			      TCPOPT_NOP, TCPOPT_NOP };
static const u8 opt_last[] = { TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK_PERM, 2,
			       TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4 };
static const u8 opt_after_eol_pad[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4, TCPOPT_EOL, 0, 0, 0 };
static const u8 opt_mss1200[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x04, 0xb0 };
static const u8 opt_mss1406[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0x7e };
static const u8 opt_mss1440[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xa0 };
static const u8 opt_mss500[] = { TCPOPT_MSS, TCPOLEN_MSS, 0x01, 0xf4 };

static const struct rw_case rw_cases[] = {
	/* 1446 - 40 = 1406, the GCM tunnel row of the overhead suite. */
	{ "linux_syn_v4", { .family = 4, .opt = opt_linux_syn, .optlen = 20 },
	  1446, 0, 20, 1460, 1406, XFRM_MSS_STAT_clamped },
	{ "odd_offset_v4", { .family = 4, .opt = opt_odd, .optlen = 8 },
	  1446, 0, 21, 1460, 1406, XFRM_MSS_STAT_clamped },
	{ "odd_offset_with_payload_v4",
	  { .family = 4, .opt = opt_odd, .optlen = 8, .payload = 33 },
	  1446, 0, 21, 1460, 1406, XFRM_MSS_STAT_clamped },
	{ "mss_last_v4", { .family = 4, .opt = opt_last, .optlen = 8 },
	  1446, 0, 24, 1460, 1406, XFRM_MSS_STAT_clamped },
	{ "eol_then_padding_v4",
	  { .family = 4, .opt = opt_after_eol_pad, .optlen = 8 },
	  1446, 0, 20, 1460, 1406, XFRM_MSS_STAT_clamped },
	{ "synack_v4", { .family = 4, .opt = opt_mss1460, .optlen = 4,
			 .flags = TCPHDR_SYN | TCPHDR_ACK },
	  1438, 0, 20, 1460, 1398, XFRM_MSS_STAT_clamped },
	/* 1446 - 60 = 1386 for TCP over IPv6. */
	{ "linux_syn_v6", { .family = 6, .opt = opt_linux_syn, .optlen = 20 },
	  1446, 0, 20, 1460, 1386, XFRM_MSS_STAT_clamped },
	{ "odd_offset_v6", { .family = 6, .opt = opt_odd, .optlen = 8 },
	  1426, 0, 21, 1460, 1366, XFRM_MSS_STAT_clamped },
	/* The ceiling: path_mtu 1400 caps the lookup's answer, 1400 - 40. */
	{ "path_mtu_ceiling_v4", { .family = 4, .opt = opt_mss1460, .optlen = 4 },
	  1446, 1400, 20, 1460, 1360, XFRM_MSS_STAT_clamped },
	/* Never raise: 1200 is below 1406. */
	{ "never_raise_v4", { .family = 4, .opt = opt_mss1200, .optlen = 4 },
	  1446, 0, 20, 1200, 1200, XFRM_MSS_STAT_unchanged },
	{ "equal_is_unchanged_v4", { .family = 4, .opt = opt_mss1406, .optlen = 4 },
	  1446, 0, 20, 1406, 1406, XFRM_MSS_STAT_unchanged },
	{ "never_raise_v6", { .family = 6, .opt = opt_mss1200, .optlen = 4 },
	  1446, 0, 20, 1200, 1200, XFRM_MSS_STAT_unchanged },
	/* 600 - 40 = 560 fits above min_mss 536. */
	{ "small_mtu_v4", { .family = 4, .opt = opt_mss1440, .optlen = 4 },
	  600, 0, 20, 1440, 560, XFRM_MSS_STAT_clamped },
	/* 500 - 40 = 460 is below the floor: lowered only to 536. */
	{ "floor_v4", { .family = 4, .opt = opt_mss1440, .optlen = 4 },
	  500, 0, 20, 1440, 536, XFRM_MSS_STAT_clamped, true },
	/* Below the floor already: still never raised. */
	{ "floor_never_raises_v4", { .family = 4, .opt = opt_mss500, .optlen = 4 },
	  300, 0, 20, 500, 500, XFRM_MSS_STAT_unchanged },
};

static void rw_desc(const struct rw_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rw, rw_cases, rw_desc);

/* Only the two MSS bytes and the two checksum bytes may differ. */
static void expect_only_mss_and_csum(struct kunit *test, const u8 *before,
				     const u8 *after, unsigned int len,
				     unsigned int thoff, unsigned int mss_off)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		unsigned int t = i - thoff;

		if (i >= thoff && (t == 16 || t == 17 || t == mss_off + 2 ||
				   t == mss_off + 3))
			continue;
		KUNIT_EXPECT_EQ_MSG(test, after[i], before[i], "byte %u", i);
	}
}

static void rw_run(struct kunit *test, const struct rw_case *c,
		   struct sk_buff *skb, unsigned int thoff)
{
	int want[XFRM_MSS_STAT_MAX] = { 0 };
	struct snap before;
	u8 copy[256], now[256];

	fake_cfg.path_mtu = c->path_mtu;
	fake_mtu = c->mtu;
	skb_copy_bits(skb, 0, copy, skb->len);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(copy + thoff + c->mss_off + 2),
			c->old_mss);
	snap(&before);
	xfrm_mss_process(skb, &init_net, c->p.family, &fake_ops);
	fake_cfg.path_mtu = 0;
	fake_mtu = 1446;
	want[XFRM_MSS_STAT_seen_syn] = 1;
	want[c->stat] = 1;
	want[XFRM_MSS_STAT_clamped_floor] = c->floor;
	expect_delta(test, &before, want);

	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, now, skb->len), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(now + thoff + c->mss_off + 2),
			c->new_mss);
	expect_only_mss_and_csum(test, copy, now, skb->len, thoff, c->mss_off);
	if (c->stat == XFRM_MSS_STAT_unchanged)
		KUNIT_EXPECT_EQ(test, memcmp(copy, now, skb->len), 0);
}

/* CHECKSUM_NONE: the full checksum in the header must verify afterwards. */
static void options_rewrite(struct kunit *test)
{
	const struct rw_case *c = test->param_value;
	unsigned int thoff;
	struct sk_buff *skb = build(test, &c->p, &thoff);

	KUNIT_ASSERT_TRUE(test, csum_ok(skb, thoff));
	rw_run(test, c, skb, thoff);
	KUNIT_EXPECT_TRUE(test, csum_ok(skb, thoff));
	kfree_skb(skb);
}

/*
 * CHECKSUM_PARTIAL (a local SYN before the device fills in the sum): the
 * header holds the pseudo-header sum only and must be left as it is; the
 * sum completed afterwards must verify.
 */
static void options_rewrite_partial(struct kunit *test)
{
	const struct rw_case *c = test->param_value;
	unsigned int thoff, len;
	struct sk_buff *skb = build(test, &c->p, &thoff);
	struct tcphdr *th = (struct tcphdr *)(skb->data + thoff);
	__sum16 pseudo;

	len = skb->len - thoff;
	if (c->p.family == 4)
		pseudo = ~tcp_v4_check(len, SADDR, DADDR, 0);
	else
		pseudo = ~tcp_v6_check(len, &ipv6_hdr(skb)->saddr,
				       &ipv6_hdr(skb)->daddr, 0);
	th->check = pseudo;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_headroom(skb) + thoff;
	skb->csum_offset = offsetof(struct tcphdr, check);

	rw_run(test, c, skb, thoff);
	th = (struct tcphdr *)(skb->data + thoff);
	KUNIT_EXPECT_EQ(test, th->check, pseudo);
	KUNIT_ASSERT_EQ(test, skb_checksum_help(skb), 0);
	KUNIT_EXPECT_TRUE(test, csum_ok(skb, thoff));
	kfree_skb(skb);
}

/*
 * CHECKSUM_COMPLETE (a received SYN being forwarded): skb->csum covers the
 * data and must still match it afterwards.
 */
static void options_rewrite_complete(struct kunit *test)
{
	const struct rw_case *c = test->param_value;
	unsigned int thoff;
	struct sk_buff *skb = build(test, &c->p, &thoff);

	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = skb_checksum(skb, 0, skb->len, 0);
	rw_run(test, c, skb, thoff);
	KUNIT_EXPECT_EQ(test, csum_fold(skb->csum),
			csum_fold(skb_checksum(skb, 0, skb->len, 0)));
	KUNIT_EXPECT_TRUE(test, csum_ok(skb, thoff));
	kfree_skb(skb);
}

/*
 * The TCP header in a page fragment, and the skb cloned: the rewrite has
 * to pull and unshare before it writes, and must not touch the clone.
 */
static void options_rewrite_nonlinear_clone(struct kunit *test)
{
	const struct rw_case *c = &rw_cases[1];	/* odd offset, IPv4 */
	unsigned int thoff, tcplen;
	struct sk_buff *lin = build(test, &c->p, &thoff);
	struct sk_buff *skb, *clone;
	struct page *page;
	u8 orig[256];

	tcplen = lin->len - thoff;
	skb = alloc_skb(128, GFP_KERNEL);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_NULL(test, page);
	skb_reset_network_header(skb);
	skb_put_data(skb, lin->data, thoff);
	memcpy(page_address(page), lin->data + thoff, tcplen);
	skb_fill_page_desc(skb, 0, page, 0, tcplen);
	skb->len += tcplen;
	skb->data_len += tcplen;
	skb->truesize += PAGE_SIZE;
	KUNIT_ASSERT_EQ(test, skb_headlen(skb), thoff);
	clone = skb_clone(skb, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clone);
	skb_copy_bits(clone, 0, orig, clone->len);

	rw_run(test, c, skb, thoff);
	KUNIT_EXPECT_TRUE(test, csum_ok(skb, thoff));
	/* The clone still sees the original bytes. */
	KUNIT_EXPECT_EQ(test, skb_copy_bits(clone, 0, orig + 128, clone->len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(orig, orig + 128, clone->len), 0);
	kfree_skb(clone);
	kfree_skb(skb);
	kfree_skb(lin);
}

/*
 * The shared byte-buffer decision (src/tcpopt.c) and the test rewrite on
 * top of it (tests/fuzz/tcpopt_clamp.h), which the fuzz harness in
 * tests/fuzz/ runs, on the TCP bytes of the malformed cases: the outcome
 * is the counter the skb path raises, and no byte changes. Fragments are
 * the IP layer's business and are left out.
 */
static void options_bytes_malformed(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		enum xfrm_mss_stat res;
		unsigned int thoff, len;
		struct sk_buff *skb;
		u8 copy[256];

		if (c->stat == XFRM_MSS_STAT_skip_fragment)
			continue;
		skb = build(test, &c->p, &thoff);
		len = skb->len - thoff;
		memcpy(copy, skb->data + thoff, len);
		res = tcpopt_clamp(copy, len, 1406, copy + 16);
		KUNIT_EXPECT_EQ_MSG(test, res, c->stat, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(copy, skb->data + thoff, len), 0,
				    "%s", c->name);
		kfree_skb(skb);
	}
}

/*
 * The same rewrite cases at targets around the old MSS: the byte-buffer
 * rewrite and the skb path's rewrite_mss() (CHECKSUM_NONE) give the same
 * outcome and the same bytes, checksum included.
 */
static void options_bytes_match_skb(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(rw_cases); i++) {
		const struct rw_case *c = &rw_cases[i];
		const u16 targets[] = { c->new_mss, c->old_mss - 1, c->old_mss,
					c->old_mss + 1, 0, U16_MAX };

		for (j = 0; j < ARRAY_SIZE(targets); j++) {
			enum xfrm_mss_stat res, stat;
			unsigned int thoff, len;
			struct sk_buff *skb;
			u8 copy[256];

			skb = build(test, &c->p, &thoff);
			len = skb->len - thoff;
			memcpy(copy, skb->data + thoff, len);
			res = tcpopt_clamp(copy, len, targets[j], copy + 16);
			stat = rewrite_mss(skb, thoff, targets[j]);
			KUNIT_EXPECT_EQ_MSG(test, res, stat, "%s to %u",
					    c->name, targets[j]);
			KUNIT_EXPECT_EQ_MSG(test,
					    memcmp(copy, skb->data + thoff, len), 0,
					    "%s to %u", c->name, targets[j]);
			KUNIT_EXPECT_TRUE(test, csum_ok(skb, thoff));
			kfree_skb(skb);
		}
	}
}

static struct kunit_case options_cases[] = {
	KUNIT_CASE_PARAM(options_malformed, bad_gen_params),
	KUNIT_CASE(options_fragment_v6),
	KUNIT_CASE(options_ah_v6),
	KUNIT_CASE(options_ip_header_short),
	KUNIT_CASE(options_not_syn),
	KUNIT_CASE(options_lookup_errors),
	KUNIT_CASE_PARAM(options_rewrite, rw_gen_params),
	KUNIT_CASE_PARAM(options_rewrite_partial, rw_gen_params),
	KUNIT_CASE_PARAM(options_rewrite_complete, rw_gen_params),
	KUNIT_CASE(options_rewrite_nonlinear_clone),
	KUNIT_CASE(options_bytes_malformed),
	KUNIT_CASE(options_bytes_match_skb),
	{}
};

static struct kunit_suite options_suite = {
	.name = "xfrm_mss_options",
	.test_cases = options_cases,
	.suite_init = stats_suite_init,
	.suite_exit = stats_suite_exit,
};

kunit_test_suite(options_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the xfrm_mss TCP option walk and rewrite");
