// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP option walk and MSS rewrite. Reads go through a stack copy, so a
 * malformed header is never touched; only a well-formed header with one
 * MSS option larger than the target is written, and the checksum is
 * updated incrementally. Nothing here drops a packet: the result names the
 * counter that says why it was or was not changed.
 */
#include <linux/swab.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/tcp.h>
#include <asm/unaligned.h>

#include "xfrm_mss.h"

/* Find the single MSS option; its offset from the TCP header goes in *off. */
static enum xfrm_mss_stat find_mss(const u8 *opt, unsigned int len,
				   unsigned int *off)
{
	unsigned int i = sizeof(struct tcphdr);

	*off = 0;
	while (i < len) {
		u8 kind = opt[i], optl;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		/* A kind byte with no length byte behind it. */
		if (i + 1 >= len)
			return XFRM_MSS_STAT_bad_option;
		optl = opt[i + 1];
		/* Zero or one would loop forever or overlap: xt_TCPMSS optlen(). */
		if (optl < 2 || i + optl > len)
			return XFRM_MSS_STAT_bad_option;
		if (kind == TCPOPT_MSS) {
			if (optl != TCPOLEN_MSS)
				return XFRM_MSS_STAT_bad_mss_len;
			if (*off)
				return XFRM_MSS_STAT_bad_mss_dup;
			*off = i;
		}
		i += optl;
	}
	return *off ? XFRM_MSS_STAT_MAX : XFRM_MSS_STAT_skip_no_mss;
}

/*
 * The contribution of a 16-bit field at an odd offset to the ones'
 * complement sum is its byte-swapped value (RFC 1071, 2(B)). Options
 * after a single NOP put the MSS value there.
 */
static __be16 csum_word(u16 val, unsigned int off)
{
	__be16 w = htons(val);

	return off & 1 ? (__force __be16)swab16((__force u16)w) : w;
}

enum xfrm_mss_stat xfrm_mss_clamp(struct sk_buff *skb, unsigned int thoff,
				  u16 mss)
{
	u8 buf[sizeof(struct tcphdr) + MAX_TCP_OPTION_SPACE];
	const struct tcphdr *th;
	enum xfrm_mss_stat ret;
	unsigned int len, off;
	const u8 *opt;
	struct tcphdr *wth;
	u16 old;

	th = skb_header_pointer(skb, thoff, sizeof(*th), buf);
	if (!th)
		return XFRM_MSS_STAT_bad_truncated;
	len = th->doff * 4;
	if (len < sizeof(*th))
		return XFRM_MSS_STAT_bad_doff;
	if (len > skb->len - thoff)
		return XFRM_MSS_STAT_bad_doff;
	opt = skb_header_pointer(skb, thoff, len, buf);
	if (!opt)
		return XFRM_MSS_STAT_bad_truncated;

	ret = find_mss(opt, len, &off);
	if (ret != XFRM_MSS_STAT_MAX)
		return ret;

	old = get_unaligned_be16(opt + off + 2);
	/* An increase can stall the connection: never raise the MSS. */
	if (old <= mss)
		return XFRM_MSS_STAT_unchanged;

	if (skb_ensure_writable(skb, thoff + off + TCPOLEN_MSS))
		return XFRM_MSS_STAT_err_nomem;
	/* skb_ensure_writable() may have moved the data: derive again. */
	wth = (struct tcphdr *)(skb->data + thoff);
	put_unaligned_be16(mss, (u8 *)wth + off + 2);
	inet_proto_csum_replace2(&wth->check, skb, csum_word(old, off),
				 csum_word(mss, off), false);
	return XFRM_MSS_STAT_clamped;
}
