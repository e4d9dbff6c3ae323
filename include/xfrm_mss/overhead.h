/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPsec overhead arithmetic, free of kernel types, so that the module
 * and the userspace tool compile the same source (src/overhead.c). An SA is
 * described by a plain struct; the functions mirror what the kernel's
 * esp4/esp6/ah4/ah6/ipcomp init_state() put in x->props.header_len and what
 * xfrm_state_mtu() derives from it, so the results agree to the byte.
 */
#ifndef _XFRM_MSS_OVERHEAD_H
#define _XFRM_MSS_OVERHEAD_H

#include <linux/types.h>

#define XFRM_MSS_IPV4_HLEN	20	/* RFC 791, no options */
#define XFRM_MSS_IPV6_HLEN	40	/* RFC 8200 */
#define XFRM_MSS_TCP_HLEN	20	/* RFC 9293, no options */
#define XFRM_MSS_UDP_HLEN	8	/* RFC 768, NAT-T per RFC 3948 */
#define XFRM_MSS_ESP_HLEN	8	/* RFC 4303: SPI + sequence number */
#define XFRM_MSS_ESP_TRAILER	2	/* RFC 4303: pad length + next header */
#define XFRM_MSS_AH_HLEN	12	/* RFC 4302: fixed part before the ICV */
#define XFRM_MSS_BEET_PH	8	/* IPV4_BEET_PHMAXLEN */
#define XFRM_MSS_NON_IKE_MARKER	8	/* draft-ietf-ipsec-udp-encaps-00 */
#define XFRM_MSS_ESPINTCP_LEN	2	/* RFC 8229: length prefix */
#define XFRM_MSS_IPTFS_HLEN	4	/* RFC 9347: AGGFRAG basic header */
/* The largest IP packets: IP_MAX_MTU and IP6_MAX_MTU, header included. */
#define XFRM_MSS_IPV4_MAX_MTU	65535
#define XFRM_MSS_IPV6_MAX_MTU	(65535 + XFRM_MSS_IPV6_HLEN)
/* XFRM_MODE_IPTFS of <linux/xfrm.h> from 6.14, for older uapi headers. */
#define XFRM_MSS_XFRM_MODE_IPTFS	5

/**
 * enum xfrm_mss_proto - the IPsec protocol of one transform
 * @XFRM_MSS_PROTO_ESP: Encapsulating Security Payload (RFC 4303)
 * @XFRM_MSS_PROTO_AH: Authentication Header (RFC 4302)
 * @XFRM_MSS_PROTO_COMP: IP payload compression (RFC 3173)
 */
enum xfrm_mss_proto {
	XFRM_MSS_PROTO_ESP,
	XFRM_MSS_PROTO_AH,
	XFRM_MSS_PROTO_COMP,
};

/**
 * enum xfrm_mss_mode - the XFRM mode of one transform
 * @XFRM_MSS_MODE_TRANSPORT: transport mode, no outer IP header added
 * @XFRM_MSS_MODE_TUNNEL: tunnel mode, a new outer IP header
 * @XFRM_MSS_MODE_BEET: Bound End-to-End Tunnel (RFC 7402)
 * @XFRM_MSS_MODE_IPTFS: IP-TFS (RFC 9347, ESP only): a tunnel whose inner
 *	packets are aggregated into and, unless dont-frag is set, fragmented
 *	across outer packets
 */
enum xfrm_mss_mode {
	XFRM_MSS_MODE_TRANSPORT,
	XFRM_MSS_MODE_TUNNEL,
	XFRM_MSS_MODE_BEET,
	XFRM_MSS_MODE_IPTFS,
};

/**
 * enum xfrm_mss_encap - how ESP is carried
 * @XFRM_MSS_ENCAP_NONE: plain IP protocol 50
 * @XFRM_MSS_ENCAP_UDP: ESP in UDP (RFC 3948), ``encap espinudp``
 * @XFRM_MSS_ENCAP_UDP_NON_IKE: ESP in UDP with the 8-byte non-IKE marker
 * @XFRM_MSS_ENCAP_TCP: ESP in TCP (RFC 8229): only the length field is
 *	counted, as the kernel does; the TCP header belongs to the socket
 */
enum xfrm_mss_encap {
	XFRM_MSS_ENCAP_NONE,
	XFRM_MSS_ENCAP_UDP,
	XFRM_MSS_ENCAP_UDP_NON_IKE,
	XFRM_MSS_ENCAP_TCP,
};

/**
 * struct xfrm_mss_sa - what the overhead of one transform depends on
 * @proto: enum xfrm_mss_proto
 * @mode: enum xfrm_mss_mode
 * @family: outer address family, 4 or 6
 * @sel_family: selector (inner) family, 4, 6 or 0 when unspecified;
 *	only BEET depends on it
 * @encap: enum xfrm_mss_encap (ESP only)
 * @ah_align4: AH with the XFRM_STATE_ALIGN4 flag (IPv4 only)
 * @iv: ESP: IV bytes carried in each packet
 * @block: ESP: cipher block size in bytes (1 for counter modes)
 * @icv: ESP: ICV bytes; AH: truncated ICV bytes
 * @iptfs_dont_frag: IP-TFS: inner packets are never fragmented across
 *	outer packets (XFRMA_IPTFS_DONT_FRAG of the outbound SA)
 * @iptfs_pkt_size: IP-TFS: the outer packet size configured
 *	(XFRMA_IPTFS_PKT_SIZE), 0 to follow the path MTU
 */
struct xfrm_mss_sa {
	__u8 proto;
	__u8 mode;
	__u8 family;
	__u8 sel_family;
	__u8 encap;
	__u8 ah_align4;
	__u16 iv;
	__u16 block;
	__u16 icv;
	__u8 iptfs_dont_frag;
	__u32 iptfs_pkt_size;
};

/**
 * struct xfrm_mss_terms - an SA's overhead, term by term
 * @outer_ip: outer IP header (tunnel and IP-TFS mode)
 * @encap: UDP header, non-IKE marker or ESP-in-TCP length field
 * @esp: ESP header (SPI + sequence number)
 * @iv: ESP IV
 * @beet: BEET pseudo header allowance (inner IPv4 options)
 * @ah: AH header with its ICV, aligned
 * @iptfs: IP-TFS: the AGGFRAG header of each outer packet
 * @header_len: sum of the terms above, as in x->props.header_len
 * @pad_align: ESP: the payload plus trailer is padded to this
 * @trailer: ESP: pad length and next header bytes
 * @icv: ESP: integrity check value
 * @max_pad: ESP: worst-case padding, @pad_align - 1
 */
struct xfrm_mss_terms {
	__u32 outer_ip;
	__u32 encap;
	__u32 esp;
	__u32 iv;
	__u32 beet;
	__u32 ah;
	__u32 iptfs;
	__u32 header_len;
	__u32 pad_align;
	__u32 trailer;
	__u32 icv;
	__u32 max_pad;
};

/**
 * xfrm_mss_sa_init() - start an SA description from XFRM's own values
 * @sa: cleared, then filled with mode, protocol and families
 * @xfrm_mode: XFRM_MODE_TRANSPORT, XFRM_MODE_TUNNEL, XFRM_MODE_BEET or
 *	XFRM_MODE_IPTFS (<linux/xfrm.h>), as in x->props.mode or
 *	xfrm_usersa_info.mode
 * @ipproto: IPPROTO_ESP, IPPROTO_AH or IPPROTO_COMP, as in x->id.proto
 * @family: outer family, 4 or 6
 * @sel_family: selector family, 4, 6 or 0 when unspecified
 *
 * The one mapping from the kernel's SA to struct xfrm_mss_sa, used by the
 * module for its states and by the tool for what XFRM netlink dumps. The
 * caller adds what depends on the algorithms (@iv, @block, @icv,
 * @ah_align4), the encapsulation and, for IP-TFS, its configuration.
 *
 * Return: 0, or -1 for a mode or protocol the arithmetic does not cover.
 */
int xfrm_mss_sa_init(struct xfrm_mss_sa *sa, unsigned int xfrm_mode,
		     unsigned int ipproto, unsigned int family,
		     unsigned int sel_family);

/**
 * xfrm_mss_sa_valid() - whether the arithmetic covers this SA description
 * @sa: the transform
 *
 * Return: 1 if every field holds a value the arithmetic knows, else 0.
 */
int xfrm_mss_sa_valid(const struct xfrm_mss_sa *sa);

/**
 * xfrm_mss_sa_terms() - split an SA's overhead into its terms
 * @sa: the transform, valid per xfrm_mss_sa_valid()
 * @t: filled in
 */
void xfrm_mss_sa_terms(const struct xfrm_mss_sa *sa, struct xfrm_mss_terms *t);

/**
 * xfrm_mss_sa_header_len() - bytes the transform puts in front
 * @sa: the transform, valid per xfrm_mss_sa_valid()
 *
 * Return: the value the kernel keeps in x->props.header_len.
 */
__u32 xfrm_mss_sa_header_len(const struct xfrm_mss_sa *sa);

/**
 * xfrm_mss_sa_mtu() - largest packet that fits once transformed
 * @sa: the transform, valid per xfrm_mss_sa_valid()
 * @mtu: the MTU the transformed packet must fit
 *
 * Return: the largest IP packet (inner packet in tunnel mode, whole packet
 * in transport and BEET mode) whose transformed form is at most @mtu
 * bytes, as xfrm_state_mtu() computes it; 0 when nothing fits. IP-TFS:
 * without dont-frag, inner packets of any size are carried in pieces:
 * the largest IP packet of the outer family, as the kernel's
 * iptfs_get_inner_mtu() says; with dont-frag, what fits in one outer
 * packet, capped at @iptfs_pkt_size less the header length as
 * iptfs_get_cur_pmtu() caps it.
 */
__u32 xfrm_mss_sa_mtu(const struct xfrm_mss_sa *sa, __u32 mtu);

/**
 * xfrm_mss_bundle_mtu() - largest packet that fits through nested SAs
 * @sa: the transforms, first applied first (innermost first)
 * @n: number of transforms
 * @mtu: the path MTU of the outermost packet
 *
 * Return: the MTU seen by packets entering the bundle; 0 when nothing fits.
 */
__u32 xfrm_mss_bundle_mtu(const struct xfrm_mss_sa *sa, unsigned int n,
			  __u32 mtu);

/**
 * xfrm_mss_mtu_to_mss() - the MSS of TCP over IP packets of a given size
 * @mtu: the largest IP packet
 * @family: 4 or 6, the family of the IP header around the TCP segment
 *
 * Return: @mtu less the IP and TCP headers without options, or 0 when
 * that leaves nothing or @family is unknown.
 */
__u32 xfrm_mss_mtu_to_mss(__u32 mtu, unsigned int family);

#endif /* _XFRM_MSS_OVERHEAD_H */
