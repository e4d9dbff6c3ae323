/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCP option walk and the MSS rewrite on a plain byte buffer, free of
 * kernel types, so that the module and the userspace fuzz harnesses in
 * tests/fuzz/ compile the same source (src/tcpopt.c). The module reads
 * through skb_header_pointer() and writes through its own skb path; see
 * the comment above rewrite_mss() in src/mss.c for what it shares.
 */
#ifndef _XFRM_MSS_TCPOPT_H
#define _XFRM_MSS_TCPOPT_H

#include <linux/types.h>

/**
 * enum xfrm_mss_opt_walk - what the option walk found
 * @XFRM_MSS_OPT_FOUND: exactly one MSS option, well formed, and every
 *	option before the end of the list or an EOL is well formed
 * @XFRM_MSS_OPT_NO_MSS: a well-formed option list without an MSS option
 * @XFRM_MSS_OPT_BAD_OPTION: an option without its length byte, with a
 *	length below 2 or running past the header
 * @XFRM_MSS_OPT_BAD_MSS_LEN: an MSS option whose length is not 4
 * @XFRM_MSS_OPT_BAD_MSS_DUP: more than one MSS option
 * @XFRM_MSS_OPT_TCP_AO: as %XFRM_MSS_OPT_FOUND, in a header that also
 *	carries a TCP-AO option (RFC 5925), whose MAC covers the options
 *	unless the sender excluded them: the MSS must not be rewritten
 */
enum xfrm_mss_opt_walk {
	XFRM_MSS_OPT_FOUND,
	XFRM_MSS_OPT_NO_MSS,
	XFRM_MSS_OPT_BAD_OPTION,
	XFRM_MSS_OPT_BAD_MSS_LEN,
	XFRM_MSS_OPT_BAD_MSS_DUP,
	XFRM_MSS_OPT_TCP_AO,
};

/**
 * enum xfrm_mss_opt_res - the outcome of the whole MSS decision
 * @XFRM_MSS_RES_CLAMPED: the MSS is (or, from xfrm_mss_opt_decide(), is
 *	to be) lowered to the target
 * @XFRM_MSS_RES_UNCHANGED: the MSS is already at or below the target
 * @XFRM_MSS_RES_TRUNCATED: fewer bytes than a TCP header without options
 * @XFRM_MSS_RES_BAD_DOFF: the data offset is below 5 words or past the
 *	buffer
 * @XFRM_MSS_RES_NO_MSS: as %XFRM_MSS_OPT_NO_MSS
 * @XFRM_MSS_RES_BAD_OPTION: as %XFRM_MSS_OPT_BAD_OPTION
 * @XFRM_MSS_RES_BAD_MSS_LEN: as %XFRM_MSS_OPT_BAD_MSS_LEN
 * @XFRM_MSS_RES_BAD_MSS_DUP: as %XFRM_MSS_OPT_BAD_MSS_DUP
 * @XFRM_MSS_RES_TCP_AO: as %XFRM_MSS_OPT_TCP_AO
 *
 * Every outcome but %XFRM_MSS_RES_CLAMPED leaves the buffer as it was.
 */
enum xfrm_mss_opt_res {
	XFRM_MSS_RES_CLAMPED,
	XFRM_MSS_RES_UNCHANGED,
	XFRM_MSS_RES_TRUNCATED,
	XFRM_MSS_RES_BAD_DOFF,
	XFRM_MSS_RES_NO_MSS,
	XFRM_MSS_RES_BAD_OPTION,
	XFRM_MSS_RES_BAD_MSS_LEN,
	XFRM_MSS_RES_BAD_MSS_DUP,
	XFRM_MSS_RES_TCP_AO,
};

/**
 * xfrm_mss_opt_find_mss() - walk the options of a TCP header
 * @th: the TCP header, from its first byte
 * @len: header length in bytes, the data offset times 4; the walk reads
 *	bytes 20 to @len - 1 of @th and nothing else
 * @off: set to the offset of the MSS option from @th, or 0
 *
 * Return: the outcome; *@off is non-zero only for %XFRM_MSS_OPT_FOUND.
 */
enum xfrm_mss_opt_walk xfrm_mss_opt_find_mss(const __u8 *th, unsigned int len,
					     unsigned int *off);

/**
 * xfrm_mss_opt_csum_word() - a 16-bit field's share of the Internet checksum
 * @val: the field's value, host order
 * @off: the field's offset from an even boundary of the checksummed data,
 *	or any offset of the same parity (that of the MSS option itself)
 *
 * The ones' complement sum is independent of byte order as long as all
 * words are read alike (RFC 1071, 2(B)). This gives the field as a 16-bit
 * word loaded from memory in host order: its big-endian bytes at an even
 * offset, swapped at an odd one, where its bytes fall into two words.
 *
 * Return: the value to hand, cast to __be16, to the checksum helpers.
 */
__u16 xfrm_mss_opt_csum_word(__u16 val, unsigned int off);

/**
 * xfrm_mss_opt_decide() - whether and where the MSS is to be lowered
 * @th: the TCP header, from its first byte
 * @len: bytes readable at @th, at least the data offset times 4
 * @mss: the target MSS
 * @off: set to the offset of the MSS option from @th for
 *	%XFRM_MSS_RES_CLAMPED and %XFRM_MSS_RES_UNCHANGED
 * @old: set to the MSS value found, likewise
 *
 * Validates the data offset, walks the options and never asks to raise:
 * an MSS at or below @mss is %XFRM_MSS_RES_UNCHANGED. Reads only.
 *
 * Return: the outcome.
 */
enum xfrm_mss_opt_res xfrm_mss_opt_decide(const __u8 *th, unsigned int len,
					  __u16 mss, unsigned int *off,
					  __u16 *old);

/**
 * xfrm_mss_opt_clamp() - lower the MSS of a TCP header in place
 * @th: the TCP header, from its first byte
 * @len: bytes readable and writable at @th
 * @mss: the target MSS
 * @check: the two bytes of the TCP checksum field, any alignment, not
 *	overlapping the options; normally @th + 16
 *
 * xfrm_mss_opt_decide(), then for %XFRM_MSS_RES_CLAMPED the new MSS goes
 * in big-endian and the checksum is updated incrementally, RFC 1624
 * eqn. 3. The checksum must be a full one (CHECKSUM_NONE in kernel
 * terms): a pseudo-header-only sum must not be touched, which is why the
 * module writes through inet_proto_csum_replace2() instead.
 *
 * Return: the outcome; only %XFRM_MSS_RES_CLAMPED changed anything, and
 * then only the two MSS value bytes and the two checksum bytes.
 */
enum xfrm_mss_opt_res xfrm_mss_opt_clamp(__u8 *th, unsigned int len,
					 __u16 mss, __u8 *check);

#endif /* _XFRM_MSS_TCPOPT_H */
