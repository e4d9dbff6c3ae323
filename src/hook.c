// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hooks. POST_ROUTING sees forwarded and local packets with
 * their final dst, which is the XFRM bundle when they will leave through
 * an SA (ip_forward() and ip_route_output_flow() have done the policy
 * lookup). LOCAL_IN and POST_ROUTING see decapsulated packets with their
 * secpath. Every path returns NF_ACCEPT; what happened is counted.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

#include "xfrm_mss.h"

static unsigned int pass(enum xfrm_mss_stat id)
{
	xfrm_mss_stat_inc(id);
	return NF_ACCEPT;
}

static enum xfrm_mss_stat mtu_err_stat(int err)
{
	return err == -EOPNOTSUPP ? XFRM_MSS_STAT_skip_sa_unsupported :
				    XFRM_MSS_STAT_skip_no_mtu;
}

/* A TCP segment at @thoff, not a later fragment, in namespace @net. */
static unsigned int handle_tcp(struct sk_buff *skb, struct net *net,
			       const struct xfrm_mss_cfg *cfg,
			       unsigned int family, unsigned int thoff)
{
	const struct dst_entry *dst = skb_dst(skb);
	u32 ceiling = cfg->path_mtu ? cfg->path_mtu : U32_MAX;
	u32 mtu = U32_MAX, m;
	bool via_sa = false;
	enum xfrm_mss_stat ret;
	u8 flags, *fp;
	u16 mss;
	int err;

	fp = skb_header_pointer(skb, thoff + 13, 1, &flags);
	if (!fp)
		return pass(XFRM_MSS_STAT_bad_truncated);
	/* SYN and SYN/ACK only; a SYN with RST is not an opening. */
	if ((*fp & (TCPHDR_SYN | TCPHDR_RST)) != TCPHDR_SYN)
		return NF_ACCEPT;
	xfrm_mss_stat_inc(XFRM_MSS_STAT_seen_syn);

	if (dst && dst->xfrm) {
		xfrm_mss_stat_inc(XFRM_MSS_STAT_sa_out);
		err = xfrm_mss_bundle_dst_mtu(dst, ceiling, &m);
		if (err)
			return pass(mtu_err_stat(err));
		mtu = m;
		via_sa = true;
	}
	if (skb_sec_path(skb)) {
		xfrm_mss_stat_inc(XFRM_MSS_STAT_sa_in);
		err = xfrm_mss_secpath_mtu(net, skb, family, thoff, ceiling, &m);
		if (err)
			return pass(mtu_err_stat(err));
		mtu = min(mtu, m);
		via_sa = true;
	}
	if (!via_sa)
		return pass(XFRM_MSS_STAT_skip_no_sa);

	mss = min_t(u32, xfrm_mss_mtu_to_mss(mtu, family), U16_MAX);
	if (mss < cfg->min_mss) {
		ret = xfrm_mss_clamp(skb, thoff, cfg->min_mss);
		if (ret == XFRM_MSS_STAT_clamped)
			ret = XFRM_MSS_STAT_clamped_floor;
		return pass(ret);
	}
	return pass(xfrm_mss_clamp(skb, thoff, mss));
}

static unsigned int xfrm_mss_hook_v4(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct xfrm_mss_cfg cfg;

	if (iph->protocol != IPPROTO_TCP)
		return NF_ACCEPT;
	xfrm_mss_cfg_get(state->net, &cfg);
	if (!cfg.enable)
		return NF_ACCEPT;
	if (ntohs(iph->frag_off) & IP_OFFSET)
		return pass(XFRM_MSS_STAT_skip_fragment);
	return handle_tcp(skb, state->net, &cfg, 4,
			  skb_network_offset(skb) + ip_hdrlen(skb));
}

#if IS_ENABLED(CONFIG_IPV6)
static unsigned int xfrm_mss_hook_v6(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	struct xfrm_mss_cfg cfg;
	__be16 frag_off;
	int thoff;

	xfrm_mss_cfg_get(state->net, &cfg);
	if (!cfg.enable)
		return NF_ACCEPT;
	thoff = ipv6_skip_exthdr(skb, skb_network_offset(skb) +
				 sizeof(struct ipv6hdr), &nexthdr, &frag_off);
	if (thoff < 0 || nexthdr != IPPROTO_TCP)
		return NF_ACCEPT;
	if (frag_off & htons(IP6_OFFSET))
		return pass(XFRM_MSS_STAT_skip_fragment);
	return handle_tcp(skb, state->net, &cfg, 6, thoff);
}
#endif /* CONFIG_IPV6 */

/* After mangle, so an operator's own TCPMSS rule runs first: we only lower. */
#define XFRM_MSS_PRI	(NF_IP_PRI_MANGLE + 1)

const struct nf_hook_ops xfrm_mss_nf_ops[] = {
	{
		.hook = xfrm_mss_hook_v4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = XFRM_MSS_PRI,
	},
	{
		.hook = xfrm_mss_hook_v4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = XFRM_MSS_PRI,
	},
#if IS_ENABLED(CONFIG_IPV6)
	{
		.hook = xfrm_mss_hook_v6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = XFRM_MSS_PRI,
	},
	{
		.hook = xfrm_mss_hook_v6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = XFRM_MSS_PRI,
	},
#endif /* CONFIG_IPV6 */
};

const unsigned int xfrm_mss_nf_ops_count = ARRAY_SIZE(xfrm_mss_nf_ops);
