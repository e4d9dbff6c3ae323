// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the outer DF rewrite (src/df.c) on real skbs. A change must
 * touch only the DF bit and the header checksum, and the checksum must
 * verify; a header that is already right, not ESP, or malformed must come
 * out byte-identical, each case with exactly its counter raised. A header
 * with ID 0 (as the kernel builds one with DF) gets an ID when DF goes.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <net/ip.h>

#include "../../src/df.c"
#include "../../src/stats.c"

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
	xfrm_mss_df_apply(&init_net, skb, c->policy);
	expect_only(test, c->stat, before);

	iph = ip_hdr(skb);
	KUNIT_EXPECT_EQ(test, !!(iph->frag_off & htons(IP_DF)), c->df_after);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
	/* Bytes 6 (flags) and 10-11 (checksum) are the only ones that may move. */
	for (i = 0; i < skb->len; i++)
		if (i != 6 && i != 10 && i != 11)
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
	xfrm_mss_df_apply(&init_net, skb, XFRM_MSS_DF_CLEAR);
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
	xfrm_mss_df_apply(&init_net, skb, XFRM_MSS_DF_CLEAR);
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
		xfrm_mss_df_apply(&init_net, skb, XFRM_MSS_DF_CLEAR);
		expect_only(test, XFRM_MSS_STAT_df_bad_header, before);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(copy, skb->data, skb->len), 0,
				    "%s", bad[i].what);
		kfree_skb(skb);
	}
}

/*
 * The kernel gives a tunnel header built with DF the ID 0 (ip_select_ident()
 * without a socket). Once DF is cleared, the packet may be fragmented and
 * its ID must not repeat: each header gets its own from the generator,
 * and only the ID, the flags and the checksum move. A nonzero ID is kept.
 */
static void df_clear_gives_id(struct kunit *test)
{
	unsigned long before[XFRM_MSS_STAT_MAX];
	__be16 id[2];
	unsigned int i, k;

	for (k = 0; k < ARRAY_SIZE(id); k++) {
		struct sk_buff *skb = outer(test, IPPROTO_ESP, true);
		struct iphdr *iph = ip_hdr(skb);
		u8 copy[128];

		iph->id = 0;
		ip_send_check(iph);
		memcpy(copy, skb->data, skb->len);
		snap(before);
		xfrm_mss_df_apply(&init_net, skb, XFRM_MSS_DF_CLEAR);
		expect_only(test, XFRM_MSS_STAT_df_cleared, before);
		iph = ip_hdr(skb);
		id[k] = iph->id;
		KUNIT_EXPECT_FALSE(test, iph->frag_off & htons(IP_DF));
		KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
		for (i = 0; i < skb->len; i++)
			if (i != 4 && i != 5 && i != 6 && i != 10 && i != 11)
				KUNIT_EXPECT_EQ_MSG(test, skb->data[i], copy[i],
						    "byte %u", i);
		kfree_skb(skb);
	}
	/* Zero twice would be the bug; the generator never repeats at once. */
	KUNIT_EXPECT_NE(test, id[0], id[1]);
}

/* set leaves a zero ID alone: with DF the packet is atomic. */
static void df_set_keeps_zero_id(struct kunit *test)
{
	struct sk_buff *skb = outer(test, IPPROTO_ESP, false);

	ip_hdr(skb)->id = 0;
	ip_send_check(ip_hdr(skb));
	xfrm_mss_df_apply(&init_net, skb, XFRM_MSS_DF_SET);
	KUNIT_EXPECT_TRUE(test, ip_hdr(skb)->frag_off & htons(IP_DF));
	KUNIT_EXPECT_EQ(test, ip_hdr(skb)->id, 0);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(skb), 5), 0);
	kfree_skb(skb);
}

static struct kunit_case df_test_cases[] = {
	KUNIT_CASE_PARAM(df_policy_applied, df_gen_params),
	KUNIT_CASE(df_keeps_other_bits),
	KUNIT_CASE(df_clone_untouched),
	KUNIT_CASE(df_malformed),
	KUNIT_CASE(df_clear_gives_id),
	KUNIT_CASE(df_set_keeps_zero_id),
	{}
};

/* The counters of each namespace come from stats.c's pernet operations. */
static int stats_suite_init(struct kunit_suite *suite)
{
	return xfrm_mss_stats_init();
}

static void stats_suite_exit(struct kunit_suite *suite)
{
	xfrm_mss_stats_exit();
}

static struct kunit_suite df_suite = {
	.name = "xfrm_mss_df",
	.test_cases = df_test_cases,
	.suite_init = stats_suite_init,
	.suite_exit = stats_suite_exit,
};

kunit_test_suite(df_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the xfrm_mss outer DF policy");
