// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hooks. Every hook returns NF_ACCEPT; what happened is
 * counted.
 *
 * MSS: POST_ROUTING sees forwarded and local packets with their final
 * dst, which is the XFRM bundle when they will leave through an SA
 * (ip_forward(), ip_route_output_flow() or, after NAT, nf_xfrm_me_harder()
 * have done the policy lookup). LOCAL_IN and POST_ROUTING see
 * decapsulated packets with their secpath.
 *
 * DF: xfrm_output() marks every packet it builds with
 * IPSKB_XFRM_TRANSFORMED, and xfrm4_prepare_output() adds
 * IPSKB_XFRM_TUNNEL_SIZE when it wrote a new outer IPv4 header (tunnel or
 * BEET mode). The packet then passes LOCAL_OUT after __ip_local_out() has
 * set its checksum and before ip_finish_output() fragments it, so a DF
 * cleared there lets the gateway fragment, and one set there makes PMTU
 * discovery cover the outer path. Forwarded ESP never passes LOCAL_OUT.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip.h>
#include <uapi/linux/xfrm_mss.h>

#include "xfrm_mss.h"

#ifdef XFRM_MSS_TEST_WIDEN
/*
 * Test builds only (tests/e2e/run.sh builds one for the teardown case):
 * a busy wait between the hook's start and its first read of the
 * namespace's state, so that a teardown that frees that state under a
 * running hook is caught by KASAN.
 */
#include <linux/delay.h>
static unsigned int test_delay_us;
module_param(test_delay_us, uint, 0644);
MODULE_PARM_DESC(test_delay_us, "Test builds: microseconds each SYN waits in the hook");
#define test_delay() udelay(READ_ONCE(test_delay_us))
#else
#define test_delay() do { } while (0)
#endif /* XFRM_MSS_TEST_WIDEN */

/* Asked only for a packet that has a counter to raise: a SYN, mostly. */
static void hook_cfg_get(const struct net *net, struct xfrm_mss_cfg *cfg)
{
	test_delay();
	xfrm_mss_cfg_get(net, cfg);
}

static const struct xfrm_mss_ops xfrm_mss_hook_ops = {
	.cfg_get = hook_cfg_get,
	.flow_mtu = xfrm_mss_flow_mtu,
};

static unsigned int xfrm_mss_hook_v4(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	xfrm_mss_process(skb, state->net, 4, &xfrm_mss_hook_ops);
	return NF_ACCEPT;
}

static unsigned int xfrm_mss_hook_v6(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	xfrm_mss_process(skb, state->net, 6, &xfrm_mss_hook_ops);
	return NF_ACCEPT;
}

/*
 * After source NAT, masquerade and the reverse translation of a DNAT
 * flow's replies: nf_nat_ipv4_out() and nf_nat_ipv6_out() call
 * nf_xfrm_me_harder() there, which attaches the bundle to a packet that
 * matches an IPsec policy only with its translated addresses (a LAN
 * behind one virtual address), and __ip_finish_output() then marks it
 * rerouted, so xfrm4_output() does not run POST_ROUTING again. nftables
 * NAT chains of any priority run inside that one hook. Still after
 * mangle, so an operator's own TCPMSS rule runs first: we only lower.
 */
#define XFRM_MSS_PRI	(NF_IP_PRI_NAT_SRC + 1)

#define XFRM_MSS_OPS(fn, nfproto, num)				\
	{							\
		.hook = fn,					\
		.pf = nfproto,					\
		.hooknum = num,					\
		.priority = XFRM_MSS_PRI,			\
	}

const struct nf_hook_ops xfrm_mss_nf_ops[] = {
	XFRM_MSS_OPS(xfrm_mss_hook_v4, NFPROTO_IPV4, NF_INET_POST_ROUTING),
	XFRM_MSS_OPS(xfrm_mss_hook_v4, NFPROTO_IPV4, NF_INET_LOCAL_IN),
#if IS_ENABLED(CONFIG_IPV6)
	XFRM_MSS_OPS(xfrm_mss_hook_v6, NFPROTO_IPV6, NF_INET_POST_ROUTING),
	XFRM_MSS_OPS(xfrm_mss_hook_v6, NFPROTO_IPV6, NF_INET_LOCAL_IN),
#endif /* CONFIG_IPV6 */
};

const unsigned int xfrm_mss_nf_ops_count = ARRAY_SIZE(xfrm_mss_nf_ops);

#define XFRM_MSS_V4_TUNNEL_OUT (IPSKB_XFRM_TRANSFORMED | IPSKB_XFRM_TUNNEL_SIZE)

static unsigned int xfrm_mss_df_hook_v4(void *priv, struct sk_buff *skb,
					const struct nf_hook_state *state)
{
	struct xfrm_mss_cfg cfg;

	if ((IPCB(skb)->flags & XFRM_MSS_V4_TUNNEL_OUT) !=
	    XFRM_MSS_V4_TUNNEL_OUT)
		return NF_ACCEPT;
	xfrm_mss_cfg_get(state->net, &cfg);
	/* ip_finish_output() passes the same socket to ip_skb_dst_mtu(). */
	if (cfg.enable)
		xfrm_mss_df_apply(state->net, skb, cfg.df_policy,
				  skb_dst(skb) ? ip_skb_dst_mtu(state->sk, skb) : 0,
				  xfrm_mss_df_sa_lookup);
	return NF_ACCEPT;
}

static unsigned int xfrm_mss_df_hook_v6(void *priv, struct sk_buff *skb,
					const struct nf_hook_state *state)
{
	u8 proto = ipv6_hdr(skb)->nexthdr;
	struct xfrm_mss_cfg cfg;

	if (!(IP6CB(skb)->flags & IP6SKB_XFRM_TRANSFORMED) ||
	    (proto != IPPROTO_ESP && proto != IPPROTO_UDP))
		return NF_ACCEPT;
	/* Counted only while a policy asks for a change it cannot make. */
	xfrm_mss_cfg_get(state->net, &cfg);
	if (cfg.enable && cfg.df_policy != XFRM_MSS_DF_COPY)
		xfrm_mss_stat_inc(state->net, XFRM_MSS_STAT_df_skip_ipv6);
	return NF_ACCEPT;
}

const struct nf_hook_ops xfrm_mss_df_ops[] = {
	{
		.hook = xfrm_mss_df_hook_v4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP_PRI_LAST - 1,
	},
#if IS_ENABLED(CONFIG_IPV6)
	{
		.hook = xfrm_mss_df_hook_v6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP6_PRI_LAST - 1,
	},
#endif /* CONFIG_IPV6 */
};

const unsigned int xfrm_mss_df_ops_count = ARRAY_SIZE(xfrm_mss_df_ops);
