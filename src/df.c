// SPDX-License-Identifier: GPL-2.0
/*
 * The DF policy for the outer IPv4 header of ESP tunnel and BEET packets:
 * the header rewrite. Which packets get here is decided in hook.c, and
 * only in a namespace whose policy is clear or set (netns.c).
 *
 * clear: the outer packet may then be fragmented, so its ID must not
 * repeat (RFC 6864 4.1, RFC 791): fragments of two packets with the same
 * ID reassemble into garbage, and after one lost fragment every later
 * packet of the tunnel does, so the tunnel stalls. A tunnel-mode header
 * built with DF has ID 0 (xfrm4_tunnel_encap_add() calls
 * ip_select_ident() without a socket, which gives atomic datagrams ID 0,
 * RFC 6864 4.2); a BEET header has the inner packet's ID, chosen for
 * another address pair. So a cleared header always gets an ID from the
 * kernel's generator, as one built without DF would have had.
 *
 * set: DF only where it cannot make the kernel drop what it would have
 * delivered. The kernel builds an outer header without DF in three
 * cases, and set overrides only the first:
 *  - the inner IPv4 packet had none: set adds DF if the outer packet fits
 *    the MTU that ip_finish_output() will apply; a larger one would be
 *    dropped there (ip_fragment() refuses DF), with the error sent to the
 *    gateway itself, so it keeps DF clear and is fragmented. A header
 *    that goes on into an outer SA (nested tunnels) has that SA's
 *    xfrm_dst as its dst, whose MTU is the one xfrm4_tunnel_check_size()
 *    will apply: the same test holds;
 *  - the SA has XFRM_STATE_NOPMTUDISC (also set by ip_no_pmtu_disc):
 *    kept;
 *  - an IPv6 packet of up to 1280 bytes in an IPv4 tunnel (RFC 4213 3.2:
 *    it must arrive even where the outer path is smaller): kept. The
 *    encrypted packet does not tell its inner family; the SA's selector
 *    does, unless it carries both (AF_UNSPEC, as strongSwan installs
 *    tunnel SAs): then every outer packet that may carry such an IPv6
 *    packet keeps the kernel's DF.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/checksum.h>
#ifdef XFRM_MSS_HAVE_NET_GSO_H
#include <net/gso.h>
#endif
#include <net/ip.h>
#include <net/xfrm.h>
#include <uapi/linux/xfrm_mss.h>

#include "xfrm_mss.h"

void xfrm_mss_df_sa_info(const struct xfrm_state *x, struct xfrm_mss_df_sa *sa)
{
	u32 small;

	sa->nopmtudisc = x->props.flags & XFRM_STATE_NOPMTUDISC;
	switch (x->sel.family) {
	case AF_INET:
		sa->small_v6_max = 0;
		break;
	case AF_INET6:
		/* Built without DF: only by one of the kernel's rules. */
		sa->small_v6_max = U32_MAX;
		break;
	default:
		/*
		 * The most an IPv6 packet of 1280 bytes can grow to: ESP's
		 * header_len has the outer header, ESP header, IV and UDP;
		 * trailer_len the most padding, the two trailer bytes and
		 * the ICV; TFC padding first pads the inner packet to tfcpad.
		 */
		small = max_t(u32, IPV6_MIN_MTU, x->tfcpad);
		sa->small_v6_max = small + x->props.header_len +
				   x->props.trailer_len;
		break;
	}
}

/*
 * The SA whose header this is: by its SPI, with the packet's mark (after
 * the SA's output mark, which xfrm_output_one() applied). Returns false
 * when it is gone or the output mark hides it.
 */
bool xfrm_mss_df_sa_lookup(struct net *net, const struct sk_buff *skb,
			   const struct iphdr *iph, struct xfrm_mss_df_sa *sa)
{
	unsigned int off = skb_network_offset(skb) + iph->ihl * 4;
	struct xfrm_state *x;
	__be32 buf;
	const __be32 *spi;

	/* ESP in UDP: the SPI follows the UDP header. */
	if (iph->protocol == IPPROTO_UDP)
		off += sizeof(struct udphdr);
	spi = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!spi || !*spi)
		return false;
	x = xfrm_state_lookup(net, skb->mark,
			      (const xfrm_address_t *)&iph->daddr,
			      *spi, IPPROTO_ESP, AF_INET);
	if (!x)
		return false;
	xfrm_mss_df_sa_info(x, sa);
	xfrm_state_put(x);
	return true;
}

/* Whether set may add DF; counts the reason when it may not. */
static bool set_allowed(struct net *net, const struct sk_buff *skb,
			const struct iphdr *iph, u32 mtu,
			xfrm_mss_df_sa_fn sa_fn)
{
	struct xfrm_mss_df_sa sa;
	bool fits;

	fits = skb_is_gso(skb) ? skb_gso_validate_network_len(skb, mtu) :
				 skb->len <= mtu;
	if (!fits) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_df_skip_too_big);
		return false;
	}
	if (!sa_fn(net, skb, iph, &sa)) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_df_skip_no_sa);
		return false;
	}
	if (sa.nopmtudisc || skb->len <= sa.small_v6_max) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_df_skip_kernel_rule);
		return false;
	}
	return true;
}

void xfrm_mss_df_apply(struct net *net, struct sk_buff *skb,
		       unsigned int policy, u32 mtu, xfrm_mss_df_sa_fn sa_fn)
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
	if (policy == XFRM_MSS_DF_SET && !set_allowed(net, skb, iph, mtu, sa_fn))
		return;
	if (skb_ensure_writable(skb, nhoff + sizeof(*iph))) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_err_nomem);
		return;
	}
	wiph = (struct iphdr *)(skb->data + nhoff);
	csum_replace2(&wiph->check, old, new);
	wiph->frag_off = new;
	if (policy == XFRM_MSS_DF_CLEAR) {
		/* Reads the addresses and protocol; writes only the ID. */
		old_id = wiph->id;
		__ip_select_ident(net, wiph, skb_shinfo(skb)->gso_segs ?: 1);
		csum_replace2(&wiph->check, old_id, wiph->id);
	}
	xfrm_mss_stat_inc(net, policy == XFRM_MSS_DF_CLEAR ?
			  XFRM_MSS_STAT_df_cleared : XFRM_MSS_STAT_df_set);
}
