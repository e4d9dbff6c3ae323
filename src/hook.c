// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hooks. POST_ROUTING sees forwarded and local packets with
 * their final dst, which is the XFRM bundle when they will leave through
 * an SA (ip_forward() and ip_route_output_flow() have done the policy
 * lookup). LOCAL_IN and POST_ROUTING see decapsulated packets with their
 * secpath. Every hook returns NF_ACCEPT; what happened is counted.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>

#include "xfrm_mss.h"

static unsigned int xfrm_mss_hook(struct sk_buff *skb,
				  const struct nf_hook_state *state,
				  unsigned int family)
{
	struct xfrm_mss_cfg cfg;

	xfrm_mss_cfg_get(state->net, &cfg);
	if (cfg.enable)
		xfrm_mss_process(skb, state->net, family, &cfg,
				 xfrm_mss_flow_mtu);
	return NF_ACCEPT;
}

static unsigned int xfrm_mss_hook_v4(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	return xfrm_mss_hook(skb, state, 4);
}

static unsigned int xfrm_mss_hook_v6(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	return xfrm_mss_hook(skb, state, 6);
}

/* After mangle, so an operator's own TCPMSS rule runs first: we only lower. */
#define XFRM_MSS_PRI	(NF_IP_PRI_MANGLE + 1)

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
