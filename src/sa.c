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
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
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

/* AF_INET, AF_INET6 or anything else (unspecified) as 4, 6 or 0. */
static unsigned int family_nr(unsigned short family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 6 : 0;
}

/*
 * IPComp sends what it does not shrink without its header, as IPIP (or
 * IPv6 in IPv6), and the peer takes that through a state the kernel adds
 * for the IPComp SA (ipcomp_tunnel_attach(); xfrm_state_kern(), as
 * xfrm_state_ok() tells it from a user's state). In a secpath it stands
 * for the IPComp tunnel, whose worst case it is: the same outer header.
 */
static unsigned int proto_of(const struct xfrm_state *x)
{
	if ((x->id.proto == IPPROTO_IPIP || x->id.proto == IPPROTO_IPV6) &&
	    x->props.mode == XFRM_MODE_TUNNEL && xfrm_state_kern(x))
		return IPPROTO_COMP;
	return x->id.proto;
}

int xfrm_mss_sa_from_state(const struct xfrm_state *x, struct xfrm_mss_sa *sa)
{
	if (READ_ONCE(x->km.state) != XFRM_STATE_VALID ||
	    xfrm_mss_sa_init(sa, x->props.mode, proto_of(x),
			     x->props.family == AF_INET6 ? 6 : 4,
			     family_nr(x->sel.family)))
		return -EOPNOTSUPP;
	if (encap_of(x, &sa->encap))
		return -EOPNOTSUPP;

	switch (sa->proto) {
	case XFRM_MSS_PROTO_ESP: {
		struct crypto_aead *aead = x->data;

		if (!aead)
			return -EOPNOTSUPP;
		sa->iv = crypto_aead_ivsize(aead);
		sa->block = crypto_aead_blocksize(aead);
		sa->icv = crypto_aead_authsize(aead);
		break;
	}
	case XFRM_MSS_PROTO_AH:
		if (!x->aalg)
			return -EOPNOTSUPP;
		sa->icv = x->aalg->alg_trunc_len / 8;
		sa->ah_align4 = !!(x->props.flags & XFRM_STATE_ALIGN4);
		break;
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
		struct rtable *rt = xfrm_mss_ip_route_output(net,
							     x->props.saddr.a4);

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

/*
 * Route-based tunnels put no bundle on the route into them: an xfrm
 * interface picks its SA by if_id when it transmits, "xfrm: Add virtual
 * xfrm interfaces" (f203b76d7809), and a VTI device by its output key as
 * the flow's mark (ip_vti, ip6_vti). Repeat that choice for the flow @fl
 * of a packet routed into @dev by @dst, as xfrmi_xmit2() and vti_xmit()
 * do. Returns the bundle (the caller releases it), NULL when @dev is no
 * such device, ERR_PTR(-ENOTCONN) when it has no SA (yet), or
 * ERR_PTR(-EOPNOTSUPP) for a collect_md (external) xfrm interface, whose
 * if_id comes with each packet.
 */
/* Whether @dev is a route-based tunnel device that tunnel_bundle() knows. */
static bool route_tunnel(const struct net_device *dev)
{
	const char *kind;

	if (!dev || !dev->rtnl_link_ops)
		return false;
	kind = dev->rtnl_link_ops->kind;
	return !strcmp(kind, "xfrm") || !strcmp(kind, "vti") ||
	       !strcmp(kind, "vti6");
}

static struct dst_entry *tunnel_bundle(const struct net_device *dev,
				       struct dst_entry *dst, struct flowi *fl)
{
	const char *kind = dev->rtnl_link_ops ? dev->rtnl_link_ops->kind : NULL;
	struct dst_entry *b;
	u32 if_id = 0;

	if (!kind)
		return NULL;
	if (!strcmp(kind, "xfrm")) {
		const struct xfrm_if *xi = netdev_priv(dev);

#ifdef XFRM_MSS_HAVE_XFRMI_COLLECT_MD
		if (xi->p.collect_md)
			return ERR_PTR(-EOPNOTSUPP);
#endif
		if_id = xi->p.if_id;
		fl->flowi_oif = xi->p.link;
		dst_hold(dst);
		b = xfrm_lookup_with_ifid(xi->net, dst, fl, NULL, 0, if_id);
	} else if (!strcmp(kind, "vti")) {
		const struct ip_tunnel *t = netdev_priv(dev);

		fl->flowi_mark = be32_to_cpu(t->parms.o_key);
		dst_hold(dst);
		b = xfrm_lookup(t->net, dst, fl, NULL, 0);
#if IS_ENABLED(CONFIG_IPV6)
	} else if (!strcmp(kind, "vti6")) {
		const struct ip6_tnl *t = netdev_priv(dev);

		fl->flowi_mark = be32_to_cpu(t->parms.o_key);
		dst_hold(dst);
		b = xfrm_lookup(t->net, dst, fl, NULL, 0);
#endif /* CONFIG_IPV6 */
	} else {
		return NULL;
	}
	if (IS_ERR(b))
		return ERR_PTR(-ENOTCONN);
	/* No policy, a blackhole while the SA is negotiated, or another if_id. */
	if (!b->xfrm || b->xfrm->if_id != if_id) {
		dst_release(b);
		return ERR_PTR(-ENOTCONN);
	}
	return b;
}

/* The bundle MTU of a flow routed into a route-based tunnel device. */
static int tunnel_mtu(const struct net_device *dev, struct dst_entry *dst,
		      struct flowi *fl, u32 ceiling, u32 *mtu)
{
	struct dst_entry *b = tunnel_bundle(dev, dst, fl);
	int err;

	if (!b)
		return -ENOENT;
	if (IS_ERR(b))
		return PTR_ERR(b);
	xfrm_mss_stat_inc(XFRM_MSS_STAT_sa_dev);
	err = xfrm_mss_bundle_dst_mtu(b, ceiling, mtu);
	dst_release(b);
	return err;
}

/*
 * The dst the reply to this packet will leave through, and its flow in
 * @fl; the caller releases the dst.
 */
static struct dst_entry *reply_dst(struct net *net, struct sk_buff *skb,
				   unsigned int family, const __be16 *ports,
				   struct flowi *fl)
{
	memset(fl, 0, sizeof(*fl));
	if (family == 4) {
		const struct iphdr *iph = ip_hdr(skb);
		struct flowi4 *fl4 = &fl->u.ip4;
		struct rtable *rt;

		fl4->flowi4_mark = skb->mark;
		fl4->flowi4_proto = IPPROTO_TCP;
		/* The reply's source is the packet's destination. */
		fl4->flowi4_flags = FLOWI_FLAG_ANYSRC;
		fl4->saddr = iph->daddr;
		fl4->daddr = iph->saddr;
		fl4->fl4_sport = ports[1];
		fl4->fl4_dport = ports[0];
		rt = ip_route_output_flow(net, fl4, NULL);
		return IS_ERR(rt) ? ERR_CAST(rt) : &rt->dst;
	}
#if IS_ENABLED(CONFIG_IPV6)
	if (family == 6) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 *fl6 = &fl->u.ip6;
		struct dst_entry *dst;

		fl6->flowi6_mark = skb->mark;
		fl6->flowi6_proto = IPPROTO_TCP;
		fl6->saddr = ip6h->daddr;
		fl6->daddr = ip6h->saddr;
		fl6->fl6_sport = ports[1];
		fl6->fl6_dport = ports[0];
		dst = ip6_route_output(net, NULL, fl6);
		if (dst->error) {
			int err = dst->error;

			dst_release(dst);
			return ERR_PTR(err);
		}
		return xfrm_lookup(net, dst, fl, NULL, 0);
	}
#endif /* CONFIG_IPV6 */
	return ERR_PTR(-EAFNOSUPPORT);
}

/*
 * Decapsulated: the peer's segments leave through the reply's bundle.
 * With a secpath, and no bundle for the reply, the SAs it lists stand in.
 */
static int reply_mtu(struct net *net, struct sk_buff *skb,
		     const struct sec_path *sp, unsigned int family,
		     unsigned int thoff, u32 ceiling, u32 *mtu)
{
	struct dst_entry *dst;
	const __be16 *ports;
	__be16 buf[2];
	struct flowi fl;
	int err = -ENOENT;

	ports = skb_header_pointer(skb, thoff, sizeof(buf), buf);
	if (!ports)
		return -EINVAL;
	dst = reply_dst(net, skb, family, ports, &fl);
	if (!IS_ERR(dst)) {
		err = xfrm_mss_bundle_dst_mtu(dst, ceiling, mtu);
		/* The reply is routed into an xfrm interface or VTI device. */
		if (err == -ENOENT)
			err = tunnel_mtu(dst->dev, dst, &fl, ceiling, mtu);
		dst_release(dst);
	}
	if (sp && (err == -ENOENT || IS_ERR(dst)))
		err = inbound_sa_mtu(net, sp, ceiling, mtu);
	return err;
}

/*
 * A VTI device scrubs the packets it decapsulates, secpath included
 * (vti_rcv_cb() calls skb_scrub_packet()): they are known only by the
 * device they came in on.
 */
static bool from_route_tunnel(struct net *net, const struct sk_buff *skb)
{
	return skb->skb_iif &&
	       route_tunnel(dev_get_by_index_rcu(net, skb->skb_iif));
}

int xfrm_mss_flow_mtu(struct sk_buff *skb, struct net *net,
		      unsigned int family, unsigned int thoff, u32 ceiling,
		      u32 *mtu)
{
	struct dst_entry *dst = skb_dst(skb);
	const struct sec_path *sp = skb_sec_path(skb);
	u32 out = U32_MAX, in = U32_MAX;
	struct flowi fl;
	int err;

	/* Both when a decapsulated SYN goes on into another SA: the lower. */
	if (dst && dst->xfrm) {
		xfrm_mss_stat_inc(XFRM_MSS_STAT_sa_out);
		err = xfrm_mss_bundle_dst_mtu(dst, ceiling, &out);
		if (err)
			return err;
	} else if (dst && route_tunnel(dst->dev) &&
		   !xfrm_mss_decode_session(net, skb, &fl, family)) {
		/* -ENOENT: not a route-based tunnel device after all. */
		err = tunnel_mtu(dst->dev, dst, &fl, ceiling, &out);
		if (err && err != -ENOENT)
			return err;
		if (!err)
			xfrm_mss_stat_inc(XFRM_MSS_STAT_sa_out);
	}
	if (sp && !sp->len)
		sp = NULL;
	/* Decapsulated: with a secpath, or out of a VTI device without one. */
	if (sp || from_route_tunnel(net, skb)) {
		xfrm_mss_stat_inc(XFRM_MSS_STAT_sa_in);
		err = reply_mtu(net, skb, sp, family, thoff, ceiling, &in);
		if (err)
			return err;
	} else if (out == U32_MAX) {
		return -ENOENT;
	}
	*mtu = min(out, in);
	return 0;
}
