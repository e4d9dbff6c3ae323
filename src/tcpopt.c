// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP option walk and the MSS decision on a byte buffer. Built into
 * the module and, unchanged, into the fuzz harness in tests/fuzz/: it
 * uses nothing but <linux/types.h>, reads no byte it was not given and
 * writes none. The rewrite needs the skb (rewrite_mss() in src/mss.c).
 */
#include <xfrm_mss/tcpopt.h>

/* RFC 9293 3.1 and 3.2. */
#define TH_LEN		20	/* header without options */
#define TH_DOFF		12	/* data offset, high nibble */
#define OPT_EOL		0
#define OPT_NOP		1
#define OPT_MSS		2
#define OPT_MSS_LEN	4
#define OPT_AO		29	/* TCP-AO, RFC 5925 */

enum xfrm_mss_stat xfrm_mss_opt_walk(const __u8 *th, unsigned int hlen,
				     __u16 mss, unsigned int *off,
				     __u16 *old)
{
	/* An MSS option never starts before byte 20, so 0 means none yet. */
	unsigned int i = TH_LEN, at = 0;
	int ao = 0;

	*off = 0;
	*old = 0;
	while (i < hlen) {
		__u8 kind = th[i], optl;

		/* Whatever follows an EOL is padding (RFC 9293 3.2). */
		if (kind == OPT_EOL)
			break;
		if (kind == OPT_NOP) {
			i++;
			continue;
		}
		/* A kind byte with no length byte behind it. */
		if (i + 1 >= hlen)
			return XFRM_MSS_STAT_bad_option;
		optl = th[i + 1];
		/* Zero or one would loop forever or overlap: xt_TCPMSS optlen(). */
		if (optl < 2 || i + optl > hlen)
			return XFRM_MSS_STAT_bad_option;
		if (kind == OPT_MSS) {
			if (optl != OPT_MSS_LEN)
				return XFRM_MSS_STAT_bad_mss_len;
			/* Which one would the peer use? Leave both alone. */
			if (at)
				return XFRM_MSS_STAT_bad_mss_dup;
			at = i;
		}
		if (kind == OPT_AO)
			ao = 1;
		i += optl;
	}
	if (!at)
		return XFRM_MSS_STAT_skip_no_mss;
	if (ao)
		return XFRM_MSS_STAT_skip_tcp_ao;
	*off = at;
	*old = (__u16)(th[at + 2] << 8 | th[at + 3]);
	/* An increase can stall the connection: never raise the MSS. */
	return *old <= mss ? XFRM_MSS_STAT_unchanged : XFRM_MSS_STAT_clamped;
}

enum xfrm_mss_stat xfrm_mss_opt_decide(const __u8 *th, unsigned int len,
				       __u16 mss, unsigned int *off,
				       __u16 *old)
{
	unsigned int hlen;

	*off = 0;
	*old = 0;
	if (len < TH_LEN)
		return XFRM_MSS_STAT_bad_truncated;
	hlen = (th[TH_DOFF] >> 4) * 4;
	if (hlen < TH_LEN || hlen > len)
		return XFRM_MSS_STAT_bad_doff;
	return xfrm_mss_opt_walk(th, hlen, mss, off, old);
}

/* Byte access keeps this free of alignment and of byte-order helpers. */
union word {
	__u16 w;
	__u8 b[2];
};

__u16 xfrm_mss_opt_csum_word(__u16 val, unsigned int off)
{
	__u8 hi = val >> 8, lo = val & 0xff;
	union word u;

	/*
	 * At an odd offset the high byte ends one 16-bit word and the low
	 * byte starts the next: the share is the swapped value, RFC 1071 2(B).
	 */
	u.b[0] = off & 1 ? lo : hi;
	u.b[1] = off & 1 ? hi : lo;
	return u.w;
}
