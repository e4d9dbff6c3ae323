// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP option walk and the MSS decision and rewrite on a byte buffer.
 * Built into the module and, unchanged, into the fuzz harnesses in
 * tests/fuzz/: it uses nothing but <linux/types.h>, touches no byte it
 * was not given, and writes only in xfrm_mss_opt_clamp(), which the
 * module does not call (see rewrite_mss() in src/mss.c).
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

enum xfrm_mss_opt_walk xfrm_mss_opt_find_mss(const __u8 *th, unsigned int len,
					     unsigned int *off)
{
	/* An MSS option never starts before byte 20, so 0 means none yet. */
	unsigned int i = TH_LEN, mss = 0;
	int ao = 0;

	*off = 0;
	while (i < len) {
		__u8 kind = th[i], optl;

		/* Whatever follows an EOL is padding (RFC 9293 3.2). */
		if (kind == OPT_EOL)
			break;
		if (kind == OPT_NOP) {
			i++;
			continue;
		}
		/* A kind byte with no length byte behind it. */
		if (i + 1 >= len)
			return XFRM_MSS_OPT_BAD_OPTION;
		optl = th[i + 1];
		/* Zero or one would loop forever or overlap: xt_TCPMSS optlen(). */
		if (optl < 2 || i + optl > len)
			return XFRM_MSS_OPT_BAD_OPTION;
		if (kind == OPT_MSS) {
			if (optl != OPT_MSS_LEN)
				return XFRM_MSS_OPT_BAD_MSS_LEN;
			/* Which one would the peer use? Leave both alone. */
			if (mss)
				return XFRM_MSS_OPT_BAD_MSS_DUP;
			mss = i;
		}
		if (kind == OPT_AO)
			ao = 1;
		i += optl;
	}
	if (mss && ao)
		return XFRM_MSS_OPT_TCP_AO;
	*off = mss;
	return mss ? XFRM_MSS_OPT_FOUND : XFRM_MSS_OPT_NO_MSS;
}

/* Byte access keeps this free of alignment and of byte-order helpers. */
union word {
	__u16 w;
	__u8 b[2];
};

static __u16 load16(const __u8 *p)
{
	union word u;

	u.b[0] = p[0];
	u.b[1] = p[1];
	return u.w;
}

static void store16(__u8 *p, __u16 w)
{
	union word u = { .w = w };

	p[0] = u.b[0];
	p[1] = u.b[1];
}

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

static enum xfrm_mss_opt_res walk_res(enum xfrm_mss_opt_walk walk)
{
	switch (walk) {
	case XFRM_MSS_OPT_FOUND:
		break;
	case XFRM_MSS_OPT_NO_MSS:
		return XFRM_MSS_RES_NO_MSS;
	case XFRM_MSS_OPT_BAD_OPTION:
		return XFRM_MSS_RES_BAD_OPTION;
	case XFRM_MSS_OPT_BAD_MSS_LEN:
		return XFRM_MSS_RES_BAD_MSS_LEN;
	case XFRM_MSS_OPT_BAD_MSS_DUP:
		return XFRM_MSS_RES_BAD_MSS_DUP;
	case XFRM_MSS_OPT_TCP_AO:
		return XFRM_MSS_RES_TCP_AO;
	}
	return XFRM_MSS_RES_CLAMPED;
}

enum xfrm_mss_opt_res xfrm_mss_opt_decide(const __u8 *th, unsigned int len,
					  __u16 mss, unsigned int *off,
					  __u16 *old)
{
	enum xfrm_mss_opt_res res;
	unsigned int hlen;

	*off = 0;
	*old = 0;
	if (len < TH_LEN)
		return XFRM_MSS_RES_TRUNCATED;
	hlen = (th[TH_DOFF] >> 4) * 4;
	if (hlen < TH_LEN || hlen > len)
		return XFRM_MSS_RES_BAD_DOFF;
	res = walk_res(xfrm_mss_opt_find_mss(th, hlen, off));
	if (res != XFRM_MSS_RES_CLAMPED)
		return res;
	*old = (__u16)(th[*off + 2] << 8 | th[*off + 3]);
	/* An increase can stall the connection: never raise the MSS. */
	return *old <= mss ? XFRM_MSS_RES_UNCHANGED : XFRM_MSS_RES_CLAMPED;
}

enum xfrm_mss_opt_res xfrm_mss_opt_clamp(__u8 *th, unsigned int len,
					 __u16 mss, __u8 *check)
{
	enum xfrm_mss_opt_res res;
	unsigned int off;
	__u32 sum;
	__u16 old;

	res = xfrm_mss_opt_decide(th, len, mss, &off, &old);
	if (res != XFRM_MSS_RES_CLAMPED)
		return res;
	th[off + 2] = mss >> 8;
	th[off + 3] = mss & 0xff;
	/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), in ones' complement. */
	sum = (__u16)~load16(check);
	sum += (__u16)~xfrm_mss_opt_csum_word(old, off);
	sum += xfrm_mss_opt_csum_word(mss, off);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	store16(check, (__u16)~sum);
	return XFRM_MSS_RES_CLAMPED;
}
