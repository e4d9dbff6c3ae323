/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCP option walk and the MSS decision on a plain byte buffer, free
 * of kernel types, so that the module and the fuzz harness in tests/fuzz/
 * compile the same source (src/tcpopt.c). Every outcome is the counter
 * the module raises for it. The module reads through skb_header_pointer()
 * and writes through its own skb path (rewrite_mss() in src/mss.c).
 */
#ifndef _XFRM_MSS_TCPOPT_H
#define _XFRM_MSS_TCPOPT_H

#include <linux/types.h>
#include <xfrm_mss/stat.h>

/**
 * xfrm_mss_opt_walk() - find the MSS option of a TCP header and decide
 * @th: the TCP header, from its first byte
 * @hlen: header length in bytes, the data offset times 4; the walk reads
 *	bytes 20 to @hlen - 1 of @th and nothing else
 * @mss: the target MSS
 * @off: set to the offset of the MSS option from @th, or 0
 * @old: set to the MSS value found, or 0
 *
 * Stops at the end of the list or at an EOL, whatever follows being
 * padding (RFC 9293 3.2). Reads only. *@off and *@old are set for
 * %XFRM_MSS_STAT_clamped and %XFRM_MSS_STAT_unchanged alone.
 *
 * Return: %XFRM_MSS_STAT_clamped for exactly one well-formed MSS option
 * above @mss in a well-formed list; %XFRM_MSS_STAT_unchanged for one at or
 * below it (never raise); %XFRM_MSS_STAT_skip_no_mss without one;
 * %XFRM_MSS_STAT_bad_option for an option without its length byte, with
 * a length below 2 or running past the header; %XFRM_MSS_STAT_bad_mss_len
 * for an MSS option whose length is not 4; %XFRM_MSS_STAT_bad_mss_dup for
 * more than one; %XFRM_MSS_STAT_skip_tcp_ao for one MSS option in a list
 * that also carries TCP-AO (RFC 5925), whose MAC covers the options
 * unless the sender excluded them.
 */
enum xfrm_mss_stat xfrm_mss_opt_walk(const __u8 *th, unsigned int hlen,
				     __u16 mss, unsigned int *off,
				     __u16 *old);

/**
 * xfrm_mss_opt_decide() - whether and where the MSS is to be lowered
 * @th: the TCP header, from its first byte
 * @len: bytes readable at @th: the header and perhaps more
 * @mss: the target MSS
 * @off: as for xfrm_mss_opt_walk()
 * @old: as for xfrm_mss_opt_walk()
 *
 * The one check of the data offset, then xfrm_mss_opt_walk() over the
 * header it gives. Reads only.
 *
 * Return: %XFRM_MSS_STAT_bad_truncated for fewer than 20 bytes,
 * %XFRM_MSS_STAT_bad_doff for a data offset below 5 words or past @len,
 * else what xfrm_mss_opt_walk() returns.
 */
enum xfrm_mss_stat xfrm_mss_opt_decide(const __u8 *th, unsigned int len,
				       __u16 mss, unsigned int *off,
				       __u16 *old);

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

#endif /* _XFRM_MSS_TCPOPT_H */
