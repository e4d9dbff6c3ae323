/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MSS rewrite on a byte buffer with a full checksum, for the tests
 * alone: the fuzz harness (tcpopt_fuzz.c) checks its properties, and the
 * KUnit options suite checks that it matches, byte for byte, what the
 * module's skb path writes. The module itself writes through
 * inet_proto_csum_replace2() (rewrite_mss() in src/mss.c), which also
 * knows the CHECKSUM_PARTIAL and CHECKSUM_COMPLETE cases. Include after
 * <xfrm_mss/tcpopt.h>; nothing but its types is needed.
 */
#ifndef _XFRM_MSS_TCPOPT_CLAMP_H
#define _XFRM_MSS_TCPOPT_CLAMP_H

#include <xfrm_mss/tcpopt.h>

/* Byte access keeps this free of alignment and of byte-order helpers. */
union clamp_word {
	__u16 w;
	__u8 b[2];
};

static __u16 clamp_load16(const __u8 *p)
{
	union clamp_word u;

	u.b[0] = p[0];
	u.b[1] = p[1];
	return u.w;
}

static void clamp_store16(__u8 *p, __u16 w)
{
	union clamp_word u = { .w = w };

	p[0] = u.b[0];
	p[1] = u.b[1];
}

/*
 * Lowers the MSS of the TCP header at @th, @len bytes readable and
 * writable, to @mss, as xfrm_mss_opt_decide() decides. @check: the two
 * bytes of the TCP checksum field, any alignment, not overlapping the
 * options; normally @th + 16. For XFRM_MSS_STAT_clamped the new MSS goes
 * in big-endian and the checksum is updated incrementally, RFC 1624 eqn.
 * 3; every other outcome leaves the buffer and @check as they were.
 */
static enum xfrm_mss_stat tcpopt_clamp(__u8 *th, unsigned int len, __u16 mss,
				       __u8 *check)
{
	enum xfrm_mss_stat res;
	unsigned int off;
	__u32 sum;
	__u16 old;

	res = xfrm_mss_opt_decide(th, len, mss, &off, &old);
	if (res != XFRM_MSS_STAT_clamped)
		return res;
	th[off + 2] = mss >> 8;
	th[off + 3] = mss & 0xff;
	/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), in ones' complement. */
	sum = (__u16)~clamp_load16(check);
	sum += (__u16)~xfrm_mss_opt_csum_word(old, off);
	sum += xfrm_mss_opt_csum_word(mss, off);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	clamp_store16(check, (__u16)~sum);
	return XFRM_MSS_STAT_clamped;
}

#endif /* _XFRM_MSS_TCPOPT_CLAMP_H */
