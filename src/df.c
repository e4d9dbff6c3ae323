// SPDX-License-Identifier: GPL-2.0
/*
 * The DF policy for the outer IPv4 header of ESP tunnel-mode packets: the
 * header rewrite. Which packets get here is decided in hook.c, and only
 * in a namespace whose policy is clear or set (netns.c).
 *
 * A header built with DF carries IP ID 0: xfrm4_tunnel_encap_add() calls
 * ip_select_ident() without a socket, which gives atomic datagrams ID 0
 * (RFC 6864 4.2). Without DF the packet may be fragmented, and then its
 * ID must not repeat (RFC 6864 4.1, RFC 791): fragments of two packets
 * with the same ID reassemble into garbage, and after one lost fragment
 * every later packet of the tunnel does, so the tunnel stalls. So
 * clearing DF also gives such a header an ID from the kernel's generator,
 * as a header built without DF would have had.
 */
#include <linux/ip.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <uapi/linux/xfrm_mss.h>

#include "xfrm_mss.h"

void xfrm_mss_df_apply(struct net *net, struct sk_buff *skb,
		       unsigned int policy)
{
	unsigned int nhoff = skb_network_offset(skb);
	const struct iphdr *iph;
	struct iphdr *wiph, buf;
	__be16 old, new, old_id;

	/*
	 * Only while a change of policy registers or drops the hooks:
	 * copy is the kernel's own DF, and nothing is counted for it.
	 */
	if (policy == XFRM_MSS_DF_COPY)
		return;
	iph = skb_header_pointer(skb, nhoff, sizeof(buf), &buf);
	if (!iph || iph->version != 4 || iph->ihl < 5 ||
	    iph->ihl * 4 > skb->len - nhoff) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_df_bad_header);
		return;
	}
	/* ESP, or ESP in UDP (NAT-T); xfrm builds no other UDP. */
	if (iph->protocol != IPPROTO_ESP && iph->protocol != IPPROTO_UDP) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_df_skip_not_esp);
		return;
	}
	old = iph->frag_off;
	if (policy == XFRM_MSS_DF_CLEAR)
		new = old & ~htons(IP_DF);
	else
		new = old | htons(IP_DF);
	if (new == old) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_df_unchanged);
		return;
	}
	if (skb_ensure_writable(skb, nhoff + sizeof(*iph))) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_err_nomem);
		return;
	}
	wiph = (struct iphdr *)(skb->data + nhoff);
	csum_replace2(&wiph->check, old, new);
	wiph->frag_off = new;
	old_id = wiph->id;
	if (policy == XFRM_MSS_DF_CLEAR && !old_id) {
		/* Reads the addresses and protocol; writes only the ID. */
		__ip_select_ident(net, wiph, skb_shinfo(skb)->gso_segs ?: 1);
		csum_replace2(&wiph->check, old_id, wiph->id);
	}
	xfrm_mss_stat_inc(net, policy == XFRM_MSS_DF_CLEAR ?
			  XFRM_MSS_STAT_df_cleared : XFRM_MSS_STAT_df_set);
}
