// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the outer DF rewrite (src/df.c) on real skbs. A change must
 * touch only the DF bit, the header checksum and, when DF goes, the ID,
 * and the checksum must verify; a header that is already right, not ESP,
 * malformed, or one that set must leave as the kernel built it, comes
 * out byte-identical, each case with exactly its counter raised. A
 * cleared header gets an ID of its own, also when it had the inner
 * packet's (BEET).
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <net/ip.h>
#include <net/xfrm.h>

#include "../../src/df.c"
#include "../../src/stats.c"
#include "stats_suite.h"

/* The route MTU that every test packet fits unless a case says otherwise. */
#define MTU	1500

/* The SA a case's fake lookup finds; none while fake_sa_found is false. */
static struct xfrm_mss_df_sa fake_sa;
static bool fake_sa_found = true;

static bool fake_sa_fn(struct net *net, const struct sk_buff *skb,
		       const struct iphdr *iph, struct xfrm_mss_df_sa *sa)
{
	*sa = fake_sa;
	return fake_sa_found;
}

static void apply(struct sk_buff *skb, unsigned int policy)
{
	xfrm_mss_df_apply(&init_net, skb, policy, MTU, fake_sa_fn);
}

struct df_case {
	const char *name;
	u8 proto;
	bool df;		/* DF in the packet before */
	unsigned int policy;
	bool df_after;
	enum xfrm_mss_stat stat;
};

static const struct df_case df_cases[] = {
	{ "clear_esp_df", IPPROTO_ESP, true, XFRM_MSS_DF_CLEAR, false,
	  XFRM_MSS_STAT_df_cleared },
	{ "clear_natt_df", IPPROTO_UDP, true, XFRM_MSS_DF_CLEAR, false,
	  XFRM_MSS_STAT_df_cleared },
	{ "clear_esp_nodf", IPPROTO_ESP, false, XFRM_MSS_DF_CLEAR, false,
	  XFRM_MSS_STAT_df_unchanged },
	{ "set_esp_nodf", IPPROTO_ESP, false, XFRM_MSS_DF_SET, true,
	  XFRM_MSS_STAT_df_set },
	{ "set_natt_nodf", IPPROTO_UDP, false, XFRM_MSS_DF_SET, true,
	  XFRM_MSS_STAT_df_set },
	{ "set_esp_df", IPPROTO_ESP, true, XFRM_MSS_DF_SET, true,
	  XFRM_MSS_STAT_df_unchanged },
	/* No counter: copy is the kernel's own DF (XFRM_MSS_STAT_MAX: none). */
	{ "copy_esp_df", IPPROTO_ESP, true, XFRM_MSS_DF_COPY, true,
	  XFRM_MSS_STAT_MAX },
	{ "copy_esp_nodf", IPPROTO_ESP, false, XFRM_MSS_DF_COPY, false,
	  XFRM_MSS_STAT_MAX },
	{ "copy_ah_untouched", IPPROTO_AH, true, XFRM_MSS_DF_COPY, true,
	  XFRM_MSS_STAT_MAX },
	{ "clear_ah_left_alone", IPPROTO_AH, true, XFRM_MSS_DF_CLEAR, true,
	  XFRM_MSS_STAT_df_skip_not_esp },
	{ "set_ipcomp_left_alone", IPPROTO_COMP, false, XFRM_MSS_DF_SET, false,
	  XFRM_MSS_STAT_df_skip_not_esp },
};

static void df_desc(const struct df_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(df, df_cases, df_desc);

/* An outer IPv4 header with a valid checksum and 40 bytes behind it. */
static struct sk_buff *outer(struct kunit *test, u8 proto, bool df)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 16);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->id = htons(0x1234);
	iph->protocol = proto;
	iph->frag_off = df ? htons(IP_DF) : 0;
	iph->saddr = htonl(0xc0000201);
	iph->daddr = htonl(0xc0000202);
	memset(skb_put(skb, 40), 0xa5, 40);
	iph->tot_len = htons(skb->len);
	ip_send_check(iph);
	return skb;
}

static void expect_only(struct kunit *test, enum xfrm_mss_stat id,
			const unsigned long *before)
{
	int i;

	for (i = 0; i < XFRM_MSS_STAT_MAX; i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    xfrm_mss_stat_read(&init_net, i) - before[i],
				    i == id ? 1UL : 0UL, "counter %s",
				    xfrm_mss_stat_names[i]);
}

static void snap(unsigned long *v)
{
	int i;

	for (i = 0; i < XFRM_MSS_STAT_MAX; i++)
		v[i] = xfrm_mss_stat_read(&init_net, i);
}

static void df_policy_applied(struct kunit *test)
{
	const struct df_case *c = test->param_value;
	struct sk_buff *skb = outer(test, c->proto, c->df);
	unsigned long before[XFRM_MSS_STAT_MAX];
	const struct iphdr *iph;
	u8 copy[128];
	unsigned int i;

	memcpy(copy, skb->data, skb->len);
	snap(before);
	apply(skb, c->policy);
	expect_only(test, c->stat, before);

	iph = ip_hdr(skb);
	KUNIT_EXPECT_EQ(test, !!(iph->frag_off & htons(IP_DF)), c->df_after);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
	/*
	 * Bytes 6 (flags) and 10-11 (checksum) are the only ones that may
	 * move, and 4-5 (ID) where DF was cleared.
	 */
	for (i = 0; i < skb->len; i++)
		if (i != 6 && i != 10 && i != 11 &&
		    !(i >= 4 && i <= 5 && c->df && !c->df_after))
			KUNIT_EXPECT_EQ_MSG(test, skb->data[i], copy[i], "byte %u", i);
	if (c->df == c->df_after)
		KUNIT_EXPECT_EQ(test, memcmp(copy, skb->data, skb->len), 0);
	kfree_skb(skb);
}

/* Other frag_off bits (MF, an offset) are kept; only DF moves. */
static void df_keeps_other_bits(struct kunit *test)
{
	struct sk_buff *skb = outer(test, IPPROTO_ESP, true);
	struct iphdr *iph = ip_hdr(skb);

	iph->frag_off = htons(IP_DF | IP_MF | 0x0007);
	ip_send_check(iph);
	apply(skb, XFRM_MSS_DF_CLEAR);
	iph = ip_hdr(skb);
	KUNIT_EXPECT_EQ(test, ntohs(iph->frag_off), IP_MF | 0x0007);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
	kfree_skb(skb);
}

/* A shared (cloned) header is copied before the write; the clone keeps DF. */
static void df_clone_untouched(struct kunit *test)
{
	struct sk_buff *skb = outer(test, IPPROTO_ESP, true);
	struct sk_buff *clone = skb_clone(skb, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, clone);
	apply(skb, XFRM_MSS_DF_CLEAR);
	KUNIT_EXPECT_FALSE(test, ip_hdr(skb)->frag_off & htons(IP_DF));
	KUNIT_EXPECT_TRUE(test, ip_hdr(clone)->frag_off & htons(IP_DF));
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(clone), 5), 0);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(skb), 5), 0);
	kfree_skb(clone);
	kfree_skb(skb);
}

/* Malformed outer headers: byte-identical, df_bad_header +1. */
static void df_malformed(struct kunit *test)
{
	static const struct {
		const char *what;
		u8 version, ihl;
		unsigned int len;	/* bytes kept */
	} bad[] = {
		{ "truncated to 12 bytes", 4, 5, 12 },
		{ "ihl 4", 4, 4, 60 },
		{ "ihl 15 past the packet", 4, 15, 56 },
		{ "version 6", 6, 5, 60 },
	};
	unsigned long before[XFRM_MSS_STAT_MAX];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct sk_buff *skb = outer(test, IPPROTO_ESP, true);
		struct iphdr *iph = ip_hdr(skb);
		u8 copy[128];

		iph->version = bad[i].version;
		iph->ihl = bad[i].ihl;
		skb_trim(skb, bad[i].len);
		memcpy(copy, skb->data, skb->len);
		snap(before);
		apply(skb, XFRM_MSS_DF_CLEAR);
		expect_only(test, XFRM_MSS_STAT_df_bad_header, before);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(copy, skb->data, skb->len), 0,
				    "%s", bad[i].what);
		kfree_skb(skb);
	}
}

/*
 * Once DF is cleared, the packet may be fragmented and its ID must not
 * repeat: each header gets its own from the generator, and only the ID,
 * the flags and the checksum move. Two headers as tunnel mode builds
 * them with DF (ID 0, ip_select_ident() without a socket), and two as
 * BEET builds them (the inner packet's ID, here the same in both).
 */
static void df_clear_gives_id(struct kunit *test)
{
	static const __be16 built[] = { 0, htons(0x1234) };
	unsigned long before[XFRM_MSS_STAT_MAX];
	unsigned int i, k, b;
	__be16 id[2];

	for (b = 0; b < ARRAY_SIZE(built); b++) {
		for (k = 0; k < ARRAY_SIZE(id); k++) {
			struct sk_buff *skb = outer(test, IPPROTO_ESP, true);
			struct iphdr *iph = ip_hdr(skb);
			u8 copy[128];

			iph->id = built[b];
			ip_send_check(iph);
			memcpy(copy, skb->data, skb->len);
			snap(before);
			apply(skb, XFRM_MSS_DF_CLEAR);
			expect_only(test, XFRM_MSS_STAT_df_cleared, before);
			iph = ip_hdr(skb);
			id[k] = iph->id;
			KUNIT_EXPECT_FALSE(test, iph->frag_off & htons(IP_DF));
			KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
			for (i = 0; i < skb->len; i++)
				if (i < 4 || i == 7 || (i > 7 && i < 10) || i > 11)
					KUNIT_EXPECT_EQ_MSG(test, skb->data[i],
							    copy[i], "byte %u", i);
			kfree_skb(skb);
		}
		/* The same ID twice is the bug; the generator never repeats at once. */
		KUNIT_EXPECT_NE_MSG(test, id[0], id[1], "built with ID %#x",
				    ntohs(built[b]));
	}
}

/* set leaves a zero ID alone: with DF the packet is atomic. */
static void df_set_keeps_zero_id(struct kunit *test)
{
	struct sk_buff *skb = outer(test, IPPROTO_ESP, false);

	ip_hdr(skb)->id = 0;
	ip_send_check(ip_hdr(skb));
	apply(skb, XFRM_MSS_DF_SET);
	KUNIT_EXPECT_TRUE(test, ip_hdr(skb)->frag_off & htons(IP_DF));
	KUNIT_EXPECT_EQ(test, ip_hdr(skb)->id, 0);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(skb), 5), 0);
	kfree_skb(skb);
}

/* An SA as the kernel holds it, for xfrm_mss_df_sa_info(). */
static void sa_of(struct xfrm_state *x, u16 sel_family, u32 flags,
		  u32 tfcpad)
{
	memset(x, 0, sizeof(*x));
	x->sel.family = sel_family;
	x->props.flags = flags;
	x->tfcpad = tfcpad;
	/* AES-GCM-128 tunnel: 20 + 8 + 8 header, 4 + 1 + 16 trailer. */
	x->props.header_len = 36;
	x->props.trailer_len = 21;
}

struct set_case {
	const char *name;
	u16 sel_family;		/* of the SA found */
	u32 flags;
	u32 tfcpad;
	bool found;
	unsigned int len;	/* of the outer packet */
	bool df_after;
	enum xfrm_mss_stat stat;
};

/*
 * df_policy=set on an outer header that the kernel built without DF: DF
 * where the kernel would deliver the packet with it, else the header as
 * it was. 1337 = 1280 + 36 + 21: the largest outer packet an IPv6 packet
 * of 1280 bytes becomes in that SA.
 */
static const struct set_case set_cases[] = {
	{ "fits_route", AF_INET, 0, 0, true, 1400, true, XFRM_MSS_STAT_df_set },
	{ "exactly_route_mtu", AF_INET, 0, 0, true, MTU, true,
	  XFRM_MSS_STAT_df_set },
	{ "over_route_mtu", AF_INET, 0, 0, true, MTU + 1, false,
	  XFRM_MSS_STAT_df_skip_too_big },
	{ "nopmtudisc", AF_INET, XFRM_STATE_NOPMTUDISC, 0, true, 200, false,
	  XFRM_MSS_STAT_df_skip_kernel_rule },
	{ "ipv4_selector_small", AF_INET, 0, 0, true, 100, true,
	  XFRM_MSS_STAT_df_set },
	{ "ipv6_selector_small", AF_INET6, 0, 0, true, 100, false,
	  XFRM_MSS_STAT_df_skip_kernel_rule },
	{ "ipv6_selector_large", AF_INET6, 0, 0, true, 1450, false,
	  XFRM_MSS_STAT_df_skip_kernel_rule },
	{ "both_families_may_be_ipv6_1280", AF_UNSPEC, 0, 0, true, 1337, false,
	  XFRM_MSS_STAT_df_skip_kernel_rule },
	{ "both_families_over_ipv6_1280", AF_UNSPEC, 0, 0, true, 1338, true,
	  XFRM_MSS_STAT_df_set },
	{ "both_families_tfc_padded", AF_UNSPEC, 0, 1400, true, 1457, false,
	  XFRM_MSS_STAT_df_skip_kernel_rule },
	{ "both_families_over_tfc_pad", AF_UNSPEC, 0, 1400, true, 1458, true,
	  XFRM_MSS_STAT_df_set },
	{ "no_sa", AF_INET, 0, 0, false, 200, false,
	  XFRM_MSS_STAT_df_skip_no_sa },
	{ "too_big_before_lookup", AF_INET, 0, 0, false, 1600, false,
	  XFRM_MSS_STAT_df_skip_too_big },
};

static void set_desc(const struct set_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(set, set_cases, set_desc);

static void df_set_only_where_delivered(struct kunit *test)
{
	const struct set_case *c = test->param_value;
	unsigned long before[XFRM_MSS_STAT_MAX];
	struct xfrm_state *x;
	struct sk_buff *skb;
	struct iphdr *iph;
	u8 *copy;

	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	copy = kunit_kzalloc(test, c->len, GFP_KERNEL);
	skb = alloc_skb(c->len + 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	sa_of(x, c->sel_family, c->flags, c->tfcpad);
	xfrm_mss_df_sa_info(x, &fake_sa);
	fake_sa_found = c->found;

	skb_reserve(skb, 16);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, c->len);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->id = htons(0x4321);
	iph->protocol = IPPROTO_ESP;
	iph->saddr = htonl(0xc0000201);
	iph->daddr = htonl(0xc0000202);
	iph->tot_len = htons(c->len);
	ip_send_check(iph);
	memcpy(copy, skb->data, c->len);

	snap(before);
	apply(skb, XFRM_MSS_DF_SET);
	memset(&fake_sa, 0, sizeof(fake_sa));
	fake_sa_found = true;
	expect_only(test, c->stat, before);
	iph = ip_hdr(skb);
	KUNIT_EXPECT_EQ(test, !!(iph->frag_off & htons(IP_DF)), c->df_after);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
	/* The ID stays: with DF or without, the kernel's choice holds. */
	KUNIT_EXPECT_EQ(test, iph->id, htons(0x4321));
	if (!c->df_after)
		KUNIT_EXPECT_EQ(test, memcmp(copy, skb->data, c->len), 0);
	kfree_skb(skb);
}

static struct kunit_case df_test_cases[] = {
	KUNIT_CASE_PARAM(df_policy_applied, df_gen_params),
	KUNIT_CASE(df_keeps_other_bits),
	KUNIT_CASE(df_clone_untouched),
	KUNIT_CASE(df_malformed),
	KUNIT_CASE(df_clear_gives_id),
	KUNIT_CASE(df_set_keeps_zero_id),
	KUNIT_CASE_PARAM(df_set_only_where_delivered, set_gen_params),
	{}
};

static struct kunit_suite df_suite = {
	.name = "xfrm_mss_df",
	.test_cases = df_test_cases,
	.suite_init = stats_suite_init,
	.suite_exit = stats_suite_exit,
};

kunit_test_suite(df_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the xfrm_mss outer DF policy");
