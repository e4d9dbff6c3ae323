// SPDX-License-Identifier: GPL-2.0
/*
 * The packet side: find the TCP header of a SYN, ask for the MTU of its
 * flow, walk the options (src/tcpopt.c) and rewrite the MSS. The hooks
 * (hook.c) and the KUnit suites enter through xfrm_mss_process(). Reads
 * go through skb_header_pointer(), so a malformed header is never
 * touched; only a well-formed header with one MSS option larger than the
 * target is written, and the checksum is updated incrementally. Nothing
 * here drops a packet: every outcome is counted under its own name and
 * the packet is passed.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#ifdef XFRM_MSS_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include <xfrm_mss/tcpopt.h>

#include "xfrm_mss.h"

/*
 * What is shared with userspace (src/tcpopt.c, fuzzed in tests/fuzz/) is
 * everything that looks at the bytes: the data offset check, the option
 * walk and the never-raise decision (xfrm_mss_opt_decide()), and the
 * checksum share of the MSS field (xfrm_mss_opt_csum_word()). What stays
 * here needs the skb: the bytes are read through skb_header_pointer(), so
 * that a nonlinear or shared skb is never written for a packet left as it
 * was. The write needs skb_ensure_writable() first, and the checksum goes
 * through inet_proto_csum_replace2(), which leaves a CHECKSUM_PARTIAL
 * pseudo-header sum alone and keeps skb->csum right for CHECKSUM_COMPLETE.
 * The caller has read the TCP flags, so the packet reaches past @thoff.
 */
static enum xfrm_mss_stat rewrite_mss(struct sk_buff *skb, unsigned int thoff,
				      u16 mss)
{
	u8 buf[sizeof(struct tcphdr) + MAX_TCP_OPTION_SPACE];
	enum xfrm_mss_stat ret;
	unsigned int len, off;
	struct tcphdr *th;
	const u8 *p;
	u16 old;

	/*
	 * The largest header there can be, or what the packet holds: the
	 * data offset is checked against that, once, in xfrm_mss_opt_decide().
	 */
	len = min_t(unsigned int, skb->len - thoff, sizeof(buf));
	p = skb_header_pointer(skb, thoff, len, buf);
	if (!p)
		return XFRM_MSS_STAT_bad_truncated;
	ret = xfrm_mss_opt_decide(p, len, mss, &off, &old);
	if (ret != XFRM_MSS_STAT_clamped)
		return ret;

	if (skb_ensure_writable(skb, thoff + off + TCPOLEN_MSS))
		return XFRM_MSS_STAT_err_nomem;
	/* skb_ensure_writable() may have moved the data: derive again. */
	th = (struct tcphdr *)(skb->data + thoff);
	put_unaligned_be16(mss, (u8 *)th + off + 2);
	inet_proto_csum_replace2(&th->check, skb,
				 (__force __be16)xfrm_mss_opt_csum_word(old, off),
				 (__force __be16)xfrm_mss_opt_csum_word(mss, off),
				 false);
	return XFRM_MSS_STAT_clamped;
}

/* What the first look at a packet finds: see syn_find(). */
enum xfrm_mss_verdict {
	XFRM_MSS_PASS,		/* no SYN: passed, nothing counted */
	XFRM_MSS_SKIP,		/* passed unmodified, under the counter given */
	XFRM_MSS_SYN,		/* a SYN or SYN/ACK, its TCP header found */
};

/* Every early exit names its counter. */
static enum xfrm_mss_verdict skip(enum xfrm_mss_stat *stat,
				  enum xfrm_mss_stat why)
{
	*stat = why;
	return XFRM_MSS_SKIP;
}

/*
 * The TCP header of an IPv4 or IPv6 packet whose network header is at
 * skb_network_offset(): XFRM_MSS_SYN with *@thoff set, XFRM_MSS_PASS for
 * anything that is not TCP, XFRM_MSS_SKIP with *@stat for a later
 * fragment or an IPv4 header too short to find it behind.
 */
static enum xfrm_mss_verdict tcp_offset(const struct sk_buff *skb,
					unsigned int family,
					unsigned int *thoff,
					enum xfrm_mss_stat *stat)
{
	unsigned int nhoff = skb_network_offset(skb);

	if (family == 4) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_TCP)
			return XFRM_MSS_PASS;
		/*
		 * ip_rcv() drops these; a raw socket with IP_HDRINCL can
		 * still send one: there is no TCP header to find.
		 */
		if (iph->ihl < 5)
			return skip(stat, XFRM_MSS_STAT_bad_ip_header);
		if (ntohs(iph->frag_off) & IP_OFFSET)
			return skip(stat, XFRM_MSS_STAT_skip_fragment);
		*thoff = nhoff + ip_hdrlen(skb);
		return XFRM_MSS_SYN;
	}
#if IS_ENABLED(CONFIG_IPV6)
	if (family == 6) {
		u8 nexthdr = ipv6_hdr(skb)->nexthdr;
		__be16 frag_off;
		int off;

		off = ipv6_skip_exthdr(skb, nhoff + sizeof(struct ipv6hdr),
				       &nexthdr, &frag_off);
		if (off < 0)
			return XFRM_MSS_PASS;
		/*
		 * A later fragment stops the walk at its fragment header
		 * (at off); the protocol is that header's next header.
		 */
		if (frag_off & htons(IP6_OFFSET)) {
			const struct frag_hdr *fh;
			struct frag_hdr fbuf;

			fh = skb_header_pointer(skb, off, sizeof(fbuf), &fbuf);
			if (!fh || fh->nexthdr != IPPROTO_TCP)
				return XFRM_MSS_PASS;
			return skip(stat, XFRM_MSS_STAT_skip_fragment);
		}
		if (nexthdr != IPPROTO_TCP)
			return XFRM_MSS_PASS;
		*thoff = off;
		return XFRM_MSS_SYN;
	}
#endif /* CONFIG_IPV6 */
	return XFRM_MSS_PASS;
}

/*
 * As tcp_offset(), and XFRM_MSS_SYN only for a SYN or SYN/ACK that may
 * be rewritten: a header cut before its flags, or an IPv6 one behind AH,
 * is XFRM_MSS_SKIP; any other TCP packet is XFRM_MSS_PASS.
 */
static enum xfrm_mss_verdict syn_find(const struct sk_buff *skb,
				      unsigned int family, unsigned int *thoff,
				      enum xfrm_mss_stat *stat)
{
	enum xfrm_mss_verdict v;
	u8 flags, *fp;

	v = tcp_offset(skb, family, thoff, stat);
	if (v != XFRM_MSS_SYN)
		return v;
	/* Byte 13 holds the flags (RFC 9293 3.1). */
	fp = skb_header_pointer(skb, *thoff + 13, 1, &flags);
	if (!fp)
		return skip(stat, XFRM_MSS_STAT_bad_truncated);
	/* SYN and SYN/ACK only; a SYN with RST opens nothing. */
	if ((*fp & (TCPHDR_SYN | TCPHDR_RST)) != TCPHDR_SYN)
		return XFRM_MSS_PASS;
#if IS_ENABLED(CONFIG_IPV6)
	/*
	 * An AH header on the way to TCP (AH transport between two hosts,
	 * forwarded into a tunnel) covers the segment with its ICV, which
	 * a rewrite would break; ipv6_skip_exthdr() skipped it above.
	 */
	if (family == 6) {
		unsigned int off = 0;

		if (ipv6_find_hdr(skb, &off, NEXTHDR_AUTH, NULL, NULL) >= 0)
			return skip(stat, XFRM_MSS_STAT_skip_ah);
	}
#endif /* CONFIG_IPV6 */
	return XFRM_MSS_SYN;
}

static enum xfrm_mss_stat mtu_err_stat(int err)
{
	switch (err) {
	case -ENOENT:
		return XFRM_MSS_STAT_skip_no_sa;
	case -EACCES:
		return XFRM_MSS_STAT_skip_sel_mismatch;
	case -EOPNOTSUPP:
		return XFRM_MSS_STAT_skip_sa_unsupported;
	case -EINVAL:
		return XFRM_MSS_STAT_bad_truncated;
	default:
		return XFRM_MSS_STAT_skip_no_mtu;
	}
}

/* Count the SYN, find the MTU of its flow, lower its MSS to fit. */
static void syn_clamp(struct sk_buff *skb, struct net *net,
		      unsigned int family, unsigned int thoff,
		      const struct xfrm_mss_cfg *cfg, xfrm_mss_mtu_fn flow_mtu)
{
	u32 ceiling = cfg->path_mtu ? cfg->path_mtu : U32_MAX;
	enum xfrm_mss_stat ret;
	u32 mtu, mss;
	bool floor;
	int err;

	err = flow_mtu(skb, net, family, thoff, ceiling, &mtu);
	/* It passes again, into its SA: counted and clamped there. */
	if (err == -EINPROGRESS)
		return;
	xfrm_mss_stat_inc(net, XFRM_MSS_STAT_seen_syn);
	if (err) {
		xfrm_mss_stat_inc(net, mtu_err_stat(err));
		return;
	}
	mss = xfrm_mss_mtu_to_mss(mtu, family);
	/* Below the floor: lowered only to min_mss, and counted so. */
	floor = mss < cfg->min_mss;
	ret = rewrite_mss(skb, thoff,
			  floor ? cfg->min_mss : min_t(u32, mss, U16_MAX));
	xfrm_mss_stat_inc(net, ret);
	if (floor && ret == XFRM_MSS_STAT_clamped)
		xfrm_mss_stat_inc(net, XFRM_MSS_STAT_clamped_floor);
}

void xfrm_mss_process(struct sk_buff *skb, struct net *net,
		      unsigned int family, const struct xfrm_mss_ops *ops)
{
	enum xfrm_mss_verdict v;
	struct xfrm_mss_cfg cfg;
	enum xfrm_mss_stat stat;
	unsigned int thoff;

	/* Nearly every packet is no SYN: leave before reading any setting. */
	v = syn_find(skb, family, &thoff, &stat);
	if (v == XFRM_MSS_PASS)
		return;
	ops->cfg_get(net, &cfg);
	if (!cfg.enable)
		return;
	if (v == XFRM_MSS_SKIP)
		xfrm_mss_stat_inc(net, stat);
	else
		syn_clamp(skb, net, family, thoff, &cfg, ops->flow_mtu);
}
