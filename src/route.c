// SPDX-License-Identifier: GPL-2.0
/*
 * The route lookups of the MTU side (sa.c): toward the peer of an SA, as
 * the kernel routes the outer packets it builds, and back toward the
 * sender of a decapsulated SYN, as the gateway will route the replies.
 * Both go to the FIB directly (__ip_route_output_key(),
 * ip6_route_output()), so no policy is looked up, no bundle built and no
 * acquire sent to the IKE daemon.
 *
 * Callers hold rcu_read_lock() (netfilter hooks do).
 */
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/dst.h>
#include <net/ip6_route.h>
#include <net/l3mdev.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "xfrm_mss.h"

/*
 * The MTU of the route the outer packets of @x take toward its peer, as
 * xfrm_dst_lookup() finds it when it builds a bundle: from the SA's own
 * source address, with the flow's mark under the SA's output mark
 * (XFRMA_SET_MARK, xfrm_smark_get()), and for the protocol and ports the
 * outer packets carry. The outer packets live in the VRF (l3mdev) of the
 * device that holds the SA's source address: the lookup runs there, as a
 * gateway whose WAN is enslaved to a VRF routes them. With @rev, @x is
 * an inbound SA standing in for its reply: its addresses and ports are
 * the other way round, and its output mark is not the reply's.
 * __ip_route_output_key() and ip6_route_output() look up no policy.
 */
int xfrm_mss_peer_route_mtu(struct xfrm_state *x, bool rev, u32 mark,
			    u32 *mtu)
{
	const struct xfrm_encap_tmpl *e = READ_ONCE(x->encap);
	const xfrm_address_t *daddr = rev ? &x->props.saddr : &x->id.daddr;
	const xfrm_address_t *saddr = rev ? &x->id.daddr : &x->props.saddr;
	struct net *net = xs_net(x);
	__be16 sport = 0, dport = 0;
	u8 proto = x->id.proto;
	struct net_device *dev;
	struct dst_entry *dst;

	if (!rev)
		mark = xfrm_smark_get(mark, x);
	if (e && e->encap_type != TCP_ENCAP_ESPINTCP) {
		proto = IPPROTO_UDP;
		sport = rev ? e->encap_dport : e->encap_sport;
		dport = rev ? e->encap_sport : e->encap_dport;
	}
	if (x->props.family == AF_INET) {
		struct flowi4 fl4 = {
			.flowi4_mark = mark,
			.flowi4_proto = proto,
			.daddr = daddr->a4,
			.saddr = saddr->a4,
			.fl4_sport = sport,
			.fl4_dport = dport,
		};
		struct rtable *rt;

		dev = __ip_dev_find(net, fl4.saddr, false);
		fl4.flowi4_oif = dev ? l3mdev_master_ifindex_rcu(dev) : 0;
		rt = __ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
		dst = &rt->dst;
#if IS_ENABLED(CONFIG_IPV6)
	} else if (x->props.family == AF_INET6) {
		struct flowi6 fl6 = {
			.flowi6_mark = mark,
			.flowi6_proto = proto,
			.daddr = daddr->in6,
			.saddr = saddr->in6,
			.fl6_sport = sport,
			.fl6_dport = dport,
		};

		dev = ipv6_dev_find(net, &fl6.saddr, NULL);
		fl6.flowi6_oif = dev ? l3mdev_master_ifindex_rcu(dev) : 0;
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
 * The MTU of the route the replies take toward the tunnel, looked up as
 * the gateway will route them (their addresses and ports, the flow's
 * mark, the VRF the packet is in), with no policy consulted: the device
 * of a route-based tunnel, or an mtu metric, caps them there, as that
 * route caps the bundle the kernel builds for them. U32_MAX if there is
 * no such route. (ip_route_output_key() would look up a policy too.)
 */
u32 xfrm_mss_reply_route_mtu(struct net *net, struct sk_buff *skb,
			     unsigned int family, unsigned int thoff)
{
	const struct dst_entry *in = skb_dst(skb);
	struct dst_entry *dst = NULL;
	const __be16 *ports;
	__be16 buf[2];
	int oif;
	u32 mtu;

	ports = skb_header_pointer(skb, thoff, sizeof(buf), buf);
	if (!ports)
		return U32_MAX;
	oif = in && in->dev ? l3mdev_master_ifindex_rcu(in->dev) : 0;
	if (family == 4) {
		const struct iphdr *iph = ip_hdr(skb);
		struct flowi4 fl4 = {
			.flowi4_oif = oif,
			.flowi4_mark = skb->mark,
			.flowi4_proto = IPPROTO_TCP,
			/* The reply's source is the packet's destination. */
			.flowi4_flags = FLOWI_FLAG_ANYSRC,
			.saddr = iph->daddr,
			.daddr = iph->saddr,
			.fl4_sport = ports[1],
			.fl4_dport = ports[0],
		};
		struct rtable *rt = __ip_route_output_key(net, &fl4);

		if (!IS_ERR(rt))
			dst = &rt->dst;
#if IS_ENABLED(CONFIG_IPV6)
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {
			.flowi6_oif = oif,
			.flowi6_mark = skb->mark,
			.flowi6_proto = IPPROTO_TCP,
			.saddr = ip6h->daddr,
			.daddr = ip6h->saddr,
			.fl6_sport = ports[1],
			.fl6_dport = ports[0],
		};

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error) {
			dst_release(dst);
			dst = NULL;
		}
#endif /* CONFIG_IPV6 */
	}
	if (!dst)
		return U32_MAX;
	mtu = dst_mtu(dst);
	dst_release(dst);
	return mtu;
}
