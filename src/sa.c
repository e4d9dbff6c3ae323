// SPDX-License-Identifier: GPL-2.0
/*
 * From the kernel's view of a flow to an MTU: the states of an outbound
 * bundle, or of the SAs a packet arrived through, described as struct
 * xfrm_mss_sa and fed to the shared arithmetic. Every state is checked
 * against the kernel's own header_len, so a state the arithmetic would
 * get wrong is refused instead of guessed.
 *
 * Callers hold rcu_read_lock() (netfilter hooks do).
 */
#include <crypto/aead.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/dst.h>
#include <net/ip6_route.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "xfrm_mss.h"

static int encap_of(const struct xfrm_state *x, u8 *encap)
{
	const struct xfrm_encap_tmpl *e = READ_ONCE(x->encap);

	if (!e) {
		*encap = XFRM_MSS_ENCAP_NONE;
		return 0;
	}
	switch (e->encap_type) {
	case UDP_ENCAP_ESPINUDP:
		*encap = XFRM_MSS_ENCAP_UDP;
		return 0;
#ifdef XFRM_MSS_HAVE_ESPINUDP_NON_IKE
	case UDP_ENCAP_ESPINUDP_NON_IKE:
		*encap = XFRM_MSS_ENCAP_UDP_NON_IKE;
		return 0;
#endif /* XFRM_MSS_HAVE_ESPINUDP_NON_IKE */
	case TCP_ENCAP_ESPINTCP:
		*encap = XFRM_MSS_ENCAP_TCP;
		return 0;
	}
	return -EOPNOTSUPP;
}

int xfrm_mss_sa_from_state(const struct xfrm_state *x, struct xfrm_mss_sa *sa)
{
	*sa = (struct xfrm_mss_sa){ 0 };

	if (READ_ONCE(x->km.state) != XFRM_STATE_VALID)
		return -EOPNOTSUPP;
	switch (x->props.mode) {
	case XFRM_MODE_TRANSPORT:
		sa->mode = XFRM_MSS_MODE_TRANSPORT;
		break;
	case XFRM_MODE_TUNNEL:
		sa->mode = XFRM_MSS_MODE_TUNNEL;
		break;
	case XFRM_MODE_BEET:
		sa->mode = XFRM_MSS_MODE_BEET;
		break;
	default:
		return -EOPNOTSUPP;
	}
	sa->family = x->props.family == AF_INET6 ? 6 : 4;
	if (x->sel.family == AF_INET)
		sa->sel_family = 4;
	else if (x->sel.family == AF_INET6)
		sa->sel_family = 6;
	if (encap_of(x, &sa->encap))
		return -EOPNOTSUPP;

	switch (x->id.proto) {
	case IPPROTO_ESP: {
		struct crypto_aead *aead = x->data;

		if (!aead)
			return -EOPNOTSUPP;
		sa->proto = XFRM_MSS_PROTO_ESP;
		sa->iv = crypto_aead_ivsize(aead);
		sa->block = crypto_aead_blocksize(aead);
		sa->icv = crypto_aead_authsize(aead);
		break;
	}
	case IPPROTO_AH:
		if (!x->aalg)
			return -EOPNOTSUPP;
		sa->proto = XFRM_MSS_PROTO_AH;
		sa->icv = x->aalg->alg_trunc_len / 8;
		sa->ah_align4 = !!(x->props.flags & XFRM_STATE_ALIGN4);
		break;
	case IPPROTO_COMP:
		sa->proto = XFRM_MSS_PROTO_COMP;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (!xfrm_mss_sa_valid(sa) ||
	    xfrm_mss_sa_header_len(sa) != x->props.header_len)
		return -EOPNOTSUPP;
	return 0;
}

int xfrm_mss_bundle_dst_mtu(const struct dst_entry *dst, u32 ceiling,
			    u32 *mtu)
{
	struct xfrm_mss_sa sa[XFRM_MAX_DEPTH];
	u32 route_mtu[XFRM_MAX_DEPTH];
	unsigned int n = 0;
	u32 m;

	for (; dst && dst->xfrm; dst = xfrm_dst_child(dst)) {
		const struct xfrm_dst *xdst = (const struct xfrm_dst *)dst;

		if (n == XFRM_MAX_DEPTH ||
		    xfrm_mss_sa_from_state(dst->xfrm, &sa[n]))
			return -EOPNOTSUPP;
		route_mtu[n++] = min(dst_mtu(xdst->route), ceiling);
	}
	if (!n)
		return -ENOENT;
	if (!dst)
		return -EOPNOTSUPP;

	/* As xfrm_init_pmtu(): outermost first, each level capped by its route. */
	m = min(dst_mtu(dst), ceiling);
	while (n--) {
		m = min(xfrm_mss_sa_mtu(&sa[n], m), route_mtu[n]);
		if (!m)
			return -ERANGE;
	}
	*mtu = m;
	return 0;
}

/* The MTU of the route toward an SA's peer, the outer source address. */
static int peer_route_mtu(struct net *net, const struct xfrm_state *x,
			  u32 *mtu)
{
	struct dst_entry *dst;

	if (x->props.family == AF_INET) {
		struct rtable *rt = ip_route_output(net, x->props.saddr.a4, 0,
						    0, 0);

		if (IS_ERR(rt))
			return PTR_ERR(rt);
		dst = &rt->dst;
#if IS_ENABLED(CONFIG_IPV6)
	} else if (x->props.family == AF_INET6) {
		struct flowi6 fl6 = { .daddr = x->props.saddr.in6 };

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error) {
			int err = dst->error;

			dst_release(dst);
			return err;
		}
#endif /* CONFIG_IPV6 */
	} else {
		return -EAFNOSUPPORT;
	}
	*mtu = dst_mtu(dst);
	dst_release(dst);
	return 0;
}

/*
 * No outbound bundle for the reply: fall back to the SAs the packet came
 * through. Input fills xvec outermost first; the reply would apply them
 * in the opposite order, so the innermost is transform 0.
 */
static int inbound_sa_mtu(struct net *net, const struct sec_path *sp,
			  u32 ceiling, u32 *mtu)
{
	struct xfrm_mss_sa sa[XFRM_MAX_DEPTH];
	int i, n = sp->len, err;
	u32 path;

	if (n <= 0 || n > XFRM_MAX_DEPTH)
		return -EOPNOTSUPP;
	for (i = 0; i < n; i++)
		if (xfrm_mss_sa_from_state(sp->xvec[n - 1 - i], &sa[i]))
			return -EOPNOTSUPP;
	err = peer_route_mtu(net, sp->xvec[0], &path);
	if (err)
		return -EHOSTUNREACH;
	*mtu = xfrm_mss_bundle_mtu(sa, n, min(path, ceiling));
	return *mtu ? 0 : -ERANGE;
}

/* The dst the reply to this packet will leave through; caller releases. */
static struct dst_entry *reply_dst(struct net *net, struct sk_buff *skb,
				   unsigned int family, const __be16 *ports)
{
	if (family == 4) {
		const struct iphdr *iph = ip_hdr(skb);
		struct flowi4 fl4 = {
			.flowi4_mark = skb->mark,
			.flowi4_proto = IPPROTO_TCP,
			/* The reply's source is the packet's destination. */
			.flowi4_flags = FLOWI_FLAG_ANYSRC,
			.saddr = iph->daddr,
			.daddr = iph->saddr,
			.fl4_sport = ports[1],
			.fl4_dport = ports[0],
		};
		struct rtable *rt = ip_route_output_flow(net, &fl4, NULL);

		return IS_ERR(rt) ? ERR_CAST(rt) : &rt->dst;
	}
#if IS_ENABLED(CONFIG_IPV6)
	if (family == 6) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {
			.flowi6_mark = skb->mark,
			.flowi6_proto = IPPROTO_TCP,
			.saddr = ip6h->daddr,
			.daddr = ip6h->saddr,
			.fl6_sport = ports[1],
			.fl6_dport = ports[0],
		};
		struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);

		if (dst->error) {
			int err = dst->error;

			dst_release(dst);
			return ERR_PTR(err);
		}
		return xfrm_lookup(net, dst, flowi6_to_flowi(&fl6), NULL, 0);
	}
#endif /* CONFIG_IPV6 */
	return ERR_PTR(-EAFNOSUPPORT);
}

/* Decapsulated: the peer's segments leave through the reply's bundle. */
static int secpath_mtu(struct net *net, struct sk_buff *skb,
		       unsigned int family, unsigned int thoff, u32 ceiling,
		       u32 *mtu)
{
	const struct sec_path *sp = skb_sec_path(skb);
	struct dst_entry *dst;
	__be16 buf[2];
	const __be16 *ports;
	int err = -ENOENT;

	ports = skb_header_pointer(skb, thoff, sizeof(buf), buf);
	if (!ports)
		return -EINVAL;
	dst = reply_dst(net, skb, family, ports);
	if (!IS_ERR(dst)) {
		err = xfrm_mss_bundle_dst_mtu(dst, ceiling, mtu);
		dst_release(dst);
	}
	if (err == -ENOENT || IS_ERR(dst))
		err = inbound_sa_mtu(net, sp, ceiling, mtu);
	return err;
}

int xfrm_mss_flow_mtu(struct sk_buff *skb, struct net *net,
		      unsigned int family, unsigned int thoff, u32 ceiling,
		      u32 *mtu)
{
	const struct dst_entry *dst = skb_dst(skb);
	const struct sec_path *sp = skb_sec_path(skb);
	u32 out = U32_MAX, in = U32_MAX;
	int err;

	if (!(dst && dst->xfrm) && !(sp && sp->len))
		return -ENOENT;
	/* Both when a decapsulated SYN goes on into another SA: the lower. */
	if (dst && dst->xfrm) {
		xfrm_mss_stat_inc(XFRM_MSS_STAT_sa_out);
		err = xfrm_mss_bundle_dst_mtu(dst, ceiling, &out);
		if (err)
			return err;
	}
	if (sp && sp->len) {
		xfrm_mss_stat_inc(XFRM_MSS_STAT_sa_in);
		err = secpath_mtu(net, skb, family, thoff, ceiling, &in);
		if (err)
			return err;
	}
	*mtu = min(out, in);
	return 0;
}
