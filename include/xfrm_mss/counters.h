/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every counter, once: name and one-line description. Expanded into the
 * module's enum and sysfs files (/sys/kernel/xfrm_mss/stats/<name>) and
 * into the tool's descriptions. Prefixes: seen_ and sa_ say what was
 * looked at, clamped and unchanged what was done, skip_ why a packet was
 * passed as it was, bad_ that it was malformed (also passed unmodified).
 */
#ifndef _XFRM_MSS_COUNTERS_H
#define _XFRM_MSS_COUNTERS_H

#define XFRM_MSS_COUNTERS(C)						\
	C(seen_syn, "TCP SYN and SYN/ACK packets examined")		\
	C(sa_out, "SYNs leaving through an XFRM bundle")		\
	C(sa_in, "SYNs that arrived through an SA (decapsulated)")	\
	C(clamped, "MSS lowered to fit the SA and path MTU")		\
	C(clamped_floor, "MSS lowered, but only to min_mss: the fitting value was below it") \
	C(unchanged, "MSS already small enough, left as it was")	\
	C(skip_no_sa, "SYN of a flow that uses no SA, left as it was")	\
	C(skip_no_mss, "SYN without an MSS option, left as it was")	\
	C(skip_fragment, "non-first IP fragment of a TCP segment, passed") \
	C(skip_sa_unsupported, "SA the arithmetic does not cover exactly, passed") \
	C(skip_no_mtu, "no usable MTU toward the peer, passed")		\
	C(bad_truncated, "TCP header cut short, passed unmodified")	\
	C(bad_doff, "TCP data offset below 5 or past the packet, passed unmodified") \
	C(bad_option, "TCP option of length below 2 or running past the header, passed unmodified") \
	C(bad_mss_len, "MSS option of length other than 4, passed unmodified") \
	C(bad_mss_dup, "more than one MSS option, passed unmodified")	\
	C(err_nomem, "header could not be made writable, passed unmodified")

#endif /* _XFRM_MSS_COUNTERS_H */
