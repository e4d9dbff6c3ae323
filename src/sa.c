// SPDX-License-Identifier: GPL-2.0
/*
 * From the kernel's view of a flow to an MTU: the states of an outbound
 * bundle, or of the SAs a packet arrived through, described as struct
 * xfrm_mss_sa and fed to the shared arithmetic. Every state is checked
 * against the kernel's own header_len, so a state the arithmetic would
 * get wrong is refused instead of guessed. The routes that cap the
 * result are looked up in route.c.
 *
 * Nothing here looks up a policy or builds a bundle: outbound, the
 * kernel has attached its bundle by the time the hook runs; inbound, the
 * reply SAs are read from the state table. So the module never creates a
 * state, never sends an acquire to the IKE daemon and changes no XFRM
 * counter or lifetime that the kernel's own path would not.
 *
 * Callers hold rcu_read_lock() (netfilter hooks do).
 */
#include <crypto/aead.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/dst.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/netlink.h>
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

/*
 * IP-TFS keeps its configuration private to its module (the mode_data
 * of x->mode_cbs); the one stable view of it is what the module puts in
 * an XFRM netlink dump of the SA, as xfrm_user asks for it
 * (copy_to_user_state_extra()): dont-frag and the packet size, for an
 * outbound SA only. An inbound one is refused: its peer's settings are
 * not in it. Takes a small buffer, GFP_ATOMIC, per look at such an SA.
 */
static int iptfs_config(const struct xfrm_state *x, struct xfrm_mss_sa *sa)
{
#ifdef XFRM_MSS_HAVE_IPTFS
	const struct xfrm_mode_cbs *cbs = x->mode_cbs;
	const struct nlattr *a;
	struct sk_buff *skb;
	int err = -EOPNOTSUPP;

	if (!cbs || !cbs->copy_to_user || !cbs->sa_len ||
	    x->dir != XFRM_SA_DIR_OUT)
		return -EOPNOTSUPP;
	skb = alloc_skb(cbs->sa_len(x), GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	/* copy_to_user() only reads the state; its type predates const. */
	if (!cbs->copy_to_user((struct xfrm_state *)x, skb)) {
		a = nla_find((const struct nlattr *)skb->data, skb->len,
			     XFRMA_IPTFS_PKT_SIZE);
		if (a && nla_len(a) == sizeof(u32)) {
			sa->iptfs_pkt_size = nla_get_u32(a);
			sa->iptfs_dont_frag =
				!!nla_find((const struct nlattr *)skb->data,
					   skb->len, XFRMA_IPTFS_DONT_FRAG);
			err = 0;
		}
	}
	consume_skb(skb);
	return err;
#else
	return -EOPNOTSUPP;
#endif /* XFRM_MSS_HAVE_IPTFS */
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
	if (sa->mode == XFRM_MSS_MODE_IPTFS && iptfs_config(x, sa))
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

/*
 * The SA that carries the replies to what arrived through @x: the state
 * of the opposite direction between the same two addresses, with the
 * same reqid, mode, protocol, mark and if_id, as an IKE daemon installs
 * the pair of a CHILD_SA. xfrm_stateonly_find() only reads the state
 * table: unlike a bundle lookup (xfrm_lookup()), it never creates a
 * larval state, sends no acquire to the IKE daemon, and changes no
 * policy's use time and no counter. Without such a state (SAs installed
 * by hand with other reqids) @x stands in, the same algorithms being the
 * rule, and *@rev says so. The caller puts what is returned with
 * xfrm_state_put().
 */
static struct xfrm_state *reply_state(struct xfrm_state *x, bool *rev)
{
	struct xfrm_state *r;

	r = xfrm_stateonly_find(xs_net(x), x->mark.v, x->if_id,
				&x->props.saddr, &x->id.daddr, x->props.family,
				x->props.mode, x->id.proto, x->props.reqid);
	*rev = !r;
	if (!r) {
		xfrm_state_hold(x);
		r = x;
	}
	return r;
}

/*
 * The MTU through the n states of @r, applied innermost first (@r[0]),
 * over the route toward the outermost one's peer (@rev: see
 * xfrm_mss_peer_route_mtu() in route.c).
 */
static int states_mtu(struct xfrm_state **r, int n, bool rev, u32 mark,
		      u32 ceiling, u32 *mtu)
{
	struct xfrm_mss_sa sa[XFRM_MAX_DEPTH];
	u32 path;
	int i;

	for (i = 0; i < n; i++)
		if (xfrm_mss_sa_from_state(r[i], &sa[i]))
			return -EOPNOTSUPP;
	if (xfrm_mss_peer_route_mtu(r[n - 1], rev, mark, &path))
		return -EHOSTUNREACH;
	*mtu = xfrm_mss_bundle_mtu(sa, n, min(path, ceiling));
	return *mtu ? 0 : -ERANGE;
}

/*
 * Whether selector @sel covers flow @fl, as xfrm_selector_match() tells
 * it (which is not exported): by the flow's family, as the kernel does.
 */
static bool sel_match(const struct xfrm_selector *sel, const struct flowi *fl,
		      unsigned int family)
{
	const union flowi_uli *uli;

	if (family == 4) {
		const struct flowi4 *fl4 = &fl->u.ip4;

		if (!addr4_match(fl4->daddr, sel->daddr.a4, sel->prefixlen_d) ||
		    !addr4_match(fl4->saddr, sel->saddr.a4, sel->prefixlen_s))
			return false;
		uli = &fl4->uli;
	} else {
		const struct flowi6 *fl6 = &fl->u.ip6;

		if (!addr_match(&fl6->daddr, &sel->daddr, sel->prefixlen_d) ||
		    !addr_match(&fl6->saddr, &sel->saddr, sel->prefixlen_s))
			return false;
		uli = &fl6->uli;
	}
	return !((xfrm_flowi_dport(fl, uli) ^ sel->dport) & sel->dport_mask) &&
	       !((xfrm_flowi_sport(fl, uli) ^ sel->sport) & sel->sport_mask) &&
	       (fl->flowi_proto == sel->proto || !sel->proto) &&
	       (fl->flowi_oif == sel->ifindex || !sel->ifindex);
}

/*
 * Decapsulated through the SAs of @sp (outermost first, as xfrm_input()
 * fills it): the peer's segments come back through their reply SAs in
 * the opposite order. A packet is trusted as decapsulated only when the
 * selectors of its SAs cover its inner flow, the first test of
 * __xfrm_policy_check(), with the flow built the same way (its addresses
 * before NAT); -EACCES if not: the kernel drops it.
 */
static int secpath_mtu(struct net *net, struct sk_buff *skb,
		       const struct sec_path *sp, unsigned int family,
		       u32 ceiling, u32 *mtu)
{
	struct xfrm_state *r[XFRM_MAX_DEPTH];
	int i, n = sp->len, err;
	struct flowi fl;
	bool rev;

	if (n > XFRM_MAX_DEPTH)
		return -EOPNOTSUPP;
	if (xfrm_mss_decode_session(net, skb, &fl, family))
		return -EINVAL;
	nf_nat_decode_session(skb, &fl, family == 4 ? AF_INET : AF_INET6);
	for (i = 0; i < n; i++)
		if (!sel_match(&sp->xvec[i]->sel, &fl, family))
			return -EACCES;
	for (i = 0; i < n; i++)
		r[i] = reply_state(sp->xvec[n - 1 - i], &rev);
	/* rev is the outermost's, whose route is taken. */
	err = states_mtu(r, n, rev, skb->mark, ceiling, mtu);
	for (i = 0; i < n; i++)
		xfrm_state_put(r[i]);
	return err;
}

/*
 * Route-based tunnels: an xfrm interface picks its SA by if_id and a VTI
 * device by its output key as the flow's mark, when they transmit; "xfrm:
 * Add virtual xfrm interfaces" (f203b76d7809), ip_vti, ip6_vti. A packet
 * routed into one passes POST_ROUTING again, with the bundle, on its way
 * out of the device (xfrm4_output(), xfrm6_output()), and is handled
 * there. Only the device's kind is read here.
 */
static bool is_kind(const struct net_device *dev, const char *kind)
{
	return dev && dev->rtnl_link_ops &&
	       !strcmp(dev->rtnl_link_ops->kind, kind);
}

static bool route_tunnel(const struct net_device *dev)
{
	return is_kind(dev, "xfrm") || is_kind(dev, "vti") ||
	       is_kind(dev, "vti6");
}

/*
 * A VTI device scrubs the packets it decapsulates, secpath included
 * (vti_rcv_cb() calls skb_scrub_packet()): they are known only by the
 * device they came in on, which this returns. (An xfrm interface keeps
 * the secpath.)
 */
static const struct net_device *from_vti(struct net *net,
					 const struct sk_buff *skb)
{
	const struct net_device *dev;

	if (!skb->skb_iif)
		return NULL;
	dev = dev_get_by_index_rcu(net, skb->skb_iif);
	return is_kind(dev, "vti") || is_kind(dev, "vti6") ? dev : NULL;
}

/*
 * The replies to what came out of VTI device @dev leave through the ESP
 * SA between the device's two addresses under its output key, as
 * vti_xmit() picks it; xfrm_state_lookup_byaddr() only reads the state
 * table.
 */
static int vti_mtu(const struct net_device *dev, u32 mark, u32 ceiling,
		   u32 *mtu)
{
	struct xfrm_state *x;
	int err;

	if (is_kind(dev, "vti")) {
		const struct ip_tunnel *t = netdev_priv(dev);
		const xfrm_address_t l = { .a4 = t->parms.iph.saddr };
		const xfrm_address_t r = { .a4 = t->parms.iph.daddr };

		x = xfrm_state_lookup_byaddr(t->net, be32_to_cpu(t->parms.o_key),
					     &r, &l, IPPROTO_ESP, AF_INET);
	} else {
#if IS_ENABLED(CONFIG_IPV6)
		const struct ip6_tnl *t = netdev_priv(dev);
		const xfrm_address_t l = { .in6 = t->parms.laddr };
		const xfrm_address_t r = { .in6 = t->parms.raddr };

		x = xfrm_state_lookup_byaddr(t->net, be32_to_cpu(t->parms.o_key),
					     &r, &l, IPPROTO_ESP, AF_INET6);
#else
		x = NULL;
#endif /* CONFIG_IPV6 */
	}
	if (!x)
		return -EOPNOTSUPP;
	err = states_mtu(&x, 1, false, mark, ceiling, mtu);
	xfrm_state_put(x);
	return err;
}

int xfrm_mss_flow_mtu(struct sk_buff *skb, struct net *net,
		      unsigned int family, unsigned int thoff, u32 ceiling,
		      u32 *mtu)
{
	struct dst_entry *dst = skb_dst(skb);
	const struct sec_path *sp = skb_sec_path(skb);
	const struct net_device *vti = NULL;
	u32 out = U32_MAX, in = U32_MAX;
	int err;

	if (sp && !sp->len)
		sp = NULL;
	if (!sp)
		vti = from_vti(net, skb);
	/*
	 * Into a route-based tunnel: handled on the second pass, unless it
	 * came out of an SA, which that pass may no longer tell (VTI and a
	 * cross-namespace xfrm interface scrub the packets they send).
	 */
	if (dst && !dst->xfrm && route_tunnel(dst->dev) && !sp && !vti)
		return -EINPROGRESS;
	/* Both when a decapsulated SYN goes on into another SA: the lower. */
	if (dst && dst->xfrm) {
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_sa_out);
		err = xfrm_mss_bundle_dst_mtu(dst, ceiling, &out);
		if (err)
			return err;
	}
	if (sp || vti) {
		if (sp)
			err = secpath_mtu(net, skb, sp, family, ceiling, &in);
		else
			err = vti_mtu(vti, skb->mark, ceiling, &in);
		if (err == -EACCES)
			return err;
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_sa_in);
		if (err)
			return err;
		in = min(in, xfrm_mss_reply_route_mtu(net, skb, family, thoff));
	} else if (out == U32_MAX) {
		return -ENOENT;
	}
	*mtu = min(out, in);
	return 0;
}
