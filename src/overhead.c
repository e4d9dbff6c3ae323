// SPDX-License-Identifier: GPL-2.0
/*
 * The overhead arithmetic. Built into the module and, unchanged, into the
 * userspace tool: it uses nothing but <linux/types.h> and the uapi values
 * of <linux/in.h> and <linux/xfrm.h>. Each term follows
 * the init_state() of esp4, esp6, ah4, ah6 and ipcomp, and the MTU follows
 * xfrm_state_mtu() (net/xfrm/xfrm_state.c); KUnit checks both against
 * real states.
 */
#include <linux/in.h>
#include <linux/xfrm.h>
#include <xfrm_mss/overhead.h>

static __u32 ip_hlen(unsigned int family)
{
	return family == 6 ? XFRM_MSS_IPV6_HLEN : XFRM_MSS_IPV4_HLEN;
}

/* ALIGN(x, 4) for the pad alignment, as esp_init_state() does. */
static __u32 align4(__u32 x)
{
	return (x + 3) & ~3U;
}

int xfrm_mss_sa_init(struct xfrm_mss_sa *sa, unsigned int xfrm_mode,
		     unsigned int ipproto, unsigned int family,
		     unsigned int sel_family)
{
	*sa = (struct xfrm_mss_sa){ 0 };
	switch (xfrm_mode) {
	case XFRM_MODE_TRANSPORT:
		sa->mode = XFRM_MSS_MODE_TRANSPORT;
		break;
	case XFRM_MODE_TUNNEL:
		sa->mode = XFRM_MSS_MODE_TUNNEL;
		break;
	case XFRM_MODE_BEET:
		sa->mode = XFRM_MSS_MODE_BEET;
		break;
	case XFRM_MSS_XFRM_MODE_IPTFS:
		sa->mode = XFRM_MSS_MODE_IPTFS;
		break;
	default:
		return -1;
	}
	switch (ipproto) {
	case IPPROTO_ESP:
		sa->proto = XFRM_MSS_PROTO_ESP;
		break;
	case IPPROTO_AH:
		sa->proto = XFRM_MSS_PROTO_AH;
		break;
	case IPPROTO_COMP:
		sa->proto = XFRM_MSS_PROTO_COMP;
		break;
	default:
		return -1;
	}
	sa->family = family;
	sa->sel_family = sel_family;
	return 0;
}

int xfrm_mss_sa_valid(const struct xfrm_mss_sa *sa)
{
	if (sa->family != 4 && sa->family != 6)
		return 0;
	if (sa->sel_family != 0 && sa->sel_family != 4 && sa->sel_family != 6)
		return 0;
	if (sa->mode > XFRM_MSS_MODE_IPTFS || sa->encap > XFRM_MSS_ENCAP_TCP)
		return 0;
	/* xfrm_user refuses IP-TFS with anything but ESP. */
	if (sa->mode == XFRM_MSS_MODE_IPTFS && sa->proto != XFRM_MSS_PROTO_ESP)
		return 0;
	switch (sa->proto) {
	case XFRM_MSS_PROTO_ESP:
		/* The pad mask below needs a power-of-two alignment. */
		if (sa->block == 0 || (align4(sa->block) & (align4(sa->block) - 1)))
			return 0;
		return 1;
	case XFRM_MSS_PROTO_AH:
		return sa->encap == XFRM_MSS_ENCAP_NONE &&
		       (!sa->ah_align4 || sa->family == 4);
	case XFRM_MSS_PROTO_COMP:
		/* ipcomp4/6_init_state() refuse BEET. */
		return sa->encap == XFRM_MSS_ENCAP_NONE &&
		       sa->mode != XFRM_MSS_MODE_BEET;
	}
	return 0;
}

static void esp_terms(const struct xfrm_mss_sa *sa, struct xfrm_mss_terms *t)
{
	t->esp = XFRM_MSS_ESP_HLEN;
	t->iv = sa->iv;
	if (sa->mode == XFRM_MSS_MODE_TUNNEL) {
		t->outer_ip = ip_hlen(sa->family);
	} else if (sa->mode == XFRM_MSS_MODE_IPTFS) {
		/* __iptfs_init_state() */
		t->outer_ip = ip_hlen(sa->family);
		t->iptfs = XFRM_MSS_IPTFS_HLEN;
	} else if (sa->mode == XFRM_MSS_MODE_BEET && sa->sel_family != 6) {
		/*
		 * Room for inner IPv4 options; esp6 also reserves the
		 * difference between the IPv6 and IPv4 headers.
		 */
		t->beet = XFRM_MSS_BEET_PH;
		if (sa->family == 6)
			t->beet += XFRM_MSS_IPV6_HLEN - XFRM_MSS_IPV4_HLEN;
	}
	switch (sa->encap) {
	case XFRM_MSS_ENCAP_UDP:
		t->encap = XFRM_MSS_UDP_HLEN;
		break;
	case XFRM_MSS_ENCAP_UDP_NON_IKE:
		t->encap = XFRM_MSS_UDP_HLEN + XFRM_MSS_NON_IKE_MARKER;
		break;
	case XFRM_MSS_ENCAP_TCP:
		t->encap = XFRM_MSS_ESPINTCP_LEN;
		break;
	}
	t->pad_align = align4(sa->block);
	t->trailer = XFRM_MSS_ESP_TRAILER;
	t->icv = sa->icv;
	t->max_pad = t->pad_align - 1;
}

void xfrm_mss_sa_terms(const struct xfrm_mss_sa *sa, struct xfrm_mss_terms *t)
{
	*t = (struct xfrm_mss_terms){ 0 };

	switch (sa->proto) {
	case XFRM_MSS_PROTO_ESP:
		esp_terms(sa, t);
		break;
	case XFRM_MSS_PROTO_AH:
		/* RFC 4302 3.3.3.2.1: IPv6 needs 64-bit alignment. */
		t->ah = XFRM_MSS_AH_HLEN + sa->icv;
		t->ah = sa->ah_align4 ? align4(t->ah) : (t->ah + 7) & ~7U;
		if (sa->mode == XFRM_MSS_MODE_TUNNEL)
			t->outer_ip = ip_hlen(sa->family);
		break;
	case XFRM_MSS_PROTO_COMP:
		/* Incompressible data goes out without the IPComp header. */
		if (sa->mode == XFRM_MSS_MODE_TUNNEL)
			t->outer_ip = ip_hlen(sa->family);
		break;
	}
	t->header_len = t->outer_ip + t->encap + t->esp + t->iv + t->beet +
			t->ah + t->iptfs;
}

__u32 xfrm_mss_sa_header_len(const struct xfrm_mss_sa *sa)
{
	struct xfrm_mss_terms t;

	xfrm_mss_sa_terms(sa, &t);
	return t.header_len;
}

__u32 xfrm_mss_sa_mtu(const struct xfrm_mss_sa *sa, __u32 mtu)
{
	struct xfrm_mss_terms t;
	__u32 net_adj = 0, overhead, payload;

	xfrm_mss_sa_terms(sa, &t);
	if (sa->proto != XFRM_MSS_PROTO_ESP)
		return mtu > t.header_len ? mtu - t.header_len : 0;
	/*
	 * IP-TFS without dont-frag carries an inner packet of any size in
	 * pieces (iptfs_get_inner_mtu()); with it, the tunnel arithmetic
	 * below (__iptfs_get_inner_mtu(), the AGGFRAG header in header_len),
	 * capped at the packet size less the header length as
	 * iptfs_get_cur_pmtu() caps it (xfrm_state_mtu() leaves that out).
	 */
	if (sa->mode == XFRM_MSS_MODE_IPTFS && !sa->iptfs_dont_frag)
		return sa->family == 6 ? XFRM_MSS_IPV6_MAX_MTU :
					 XFRM_MSS_IPV4_MAX_MTU;

	/*
	 * In transport and BEET mode the IP header stays outside the
	 * encrypted part and is not padded: take it out before aligning.
	 */
	if (sa->mode == XFRM_MSS_MODE_TRANSPORT || sa->mode == XFRM_MSS_MODE_BEET)
		net_adj = ip_hlen(sa->family);

	overhead = t.header_len + t.icv + net_adj;
	if (mtu <= overhead)
		return 0;
	payload = (mtu - overhead) & ~(t.pad_align - 1);
	if (payload <= t.trailer)
		return 0;
	payload += net_adj - t.trailer;
	if (sa->mode == XFRM_MSS_MODE_IPTFS && sa->iptfs_pkt_size) {
		if (sa->iptfs_pkt_size <= t.header_len)
			return 0;
		if (payload > sa->iptfs_pkt_size - t.header_len)
			payload = sa->iptfs_pkt_size - t.header_len;
	}
	return payload;
}

__u32 xfrm_mss_bundle_mtu(const struct xfrm_mss_sa *sa, unsigned int n,
			  __u32 mtu)
{
	/* The last transform is applied last: it sees the path MTU. */
	while (n-- && mtu)
		mtu = xfrm_mss_sa_mtu(&sa[n], mtu);
	return mtu;
}

__u32 xfrm_mss_mtu_to_mss(__u32 mtu, unsigned int family)
{
	__u32 hdrs;

	if (family != 4 && family != 6)
		return 0;
	hdrs = ip_hlen(family) + XFRM_MSS_TCP_HLEN;
	return mtu > hdrs ? mtu - hdrs : 0;
}
