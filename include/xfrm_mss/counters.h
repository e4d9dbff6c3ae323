/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every counter, once: XFRM_MSS_COUNTER(name, one-line description).
 * Define XFRM_MSS_COUNTER, include this file, undefine it: the module
 * expands it into its enum and sysfs files
 * (/sys/kernel/xfrm_mss/stats/<name>), the tool into its descriptions.
 * No include guard, by design. Prefixes: seen_ and sa_ say what was
 * looked at, clamped and unchanged what was done, skip_ why a packet was
 * passed as it was, bad_ that it was malformed (also passed unmodified).
 */
XFRM_MSS_COUNTER(seen_syn, "TCP SYN and SYN/ACK packets examined")
XFRM_MSS_COUNTER(sa_out, "SYNs leaving through an XFRM bundle")
XFRM_MSS_COUNTER(sa_in, "SYNs that arrived through an SA (decapsulated)")
XFRM_MSS_COUNTER(clamped, "MSS lowered to fit the SA and the path MTU")
XFRM_MSS_COUNTER(clamped_floor, "of those, lowered only to min_mss: the fitting MSS was below it")
XFRM_MSS_COUNTER(unchanged, "MSS already small enough, left as it was")
XFRM_MSS_COUNTER(skip_no_sa, "SYN of a flow that uses no SA, left as it was")
XFRM_MSS_COUNTER(skip_no_mss, "SYN without an MSS option, left as it was")
XFRM_MSS_COUNTER(skip_fragment, "non-first IP fragment of a TCP segment, passed")
XFRM_MSS_COUNTER(skip_tcp_ao, "SYN signed with TCP-AO, whose MAC may cover the MSS, passed unmodified")
XFRM_MSS_COUNTER(skip_ah, "IPv6 SYN behind an AH header, whose ICV covers it, passed unmodified")
XFRM_MSS_COUNTER(skip_sa_unsupported, "SA the arithmetic does not cover exactly, passed")
XFRM_MSS_COUNTER(skip_sel_mismatch, "decapsulated SYN outside its SA's selector, passed (the kernel drops it)")
XFRM_MSS_COUNTER(skip_no_mtu, "no usable MTU toward the peer, passed")
XFRM_MSS_COUNTER(bad_ip_header, "IPv4 header shorter than 20 bytes (ihl below 5), passed unmodified")
XFRM_MSS_COUNTER(bad_truncated, "TCP header cut short, passed unmodified")
XFRM_MSS_COUNTER(bad_doff, "TCP data offset below 5 or past the packet, passed unmodified")
XFRM_MSS_COUNTER(bad_option, "TCP option of length below 2 or past the header, passed unmodified")
XFRM_MSS_COUNTER(bad_mss_len, "MSS option of length other than 4, passed unmodified")
XFRM_MSS_COUNTER(bad_mss_dup, "more than one MSS option, passed unmodified")
XFRM_MSS_COUNTER(err_nomem, "header could not be made writable, passed unmodified")
XFRM_MSS_COUNTER(df_cleared, "ESP tunnel packets whose outer DF was cleared, with a fresh IP ID (df_policy=clear)")
XFRM_MSS_COUNTER(df_set, "ESP tunnel packets whose outer DF was set (df_policy=set)")
XFRM_MSS_COUNTER(df_unchanged, "ESP tunnel packets whose outer DF already matched df_policy")
XFRM_MSS_COUNTER(df_skip_too_big, "df_policy=set: outer packet over the route MTU, left without DF to be fragmented")
XFRM_MSS_COUNTER(df_skip_kernel_rule, "df_policy=set: left without DF by the SA's nopmtudisc or for IPv6 of up to 1280 bytes")
XFRM_MSS_COUNTER(df_skip_no_sa, "df_policy=set: no SA found for the outer header, left as built")
XFRM_MSS_COUNTER(df_skip_ipv6, "ESP packets with an IPv6 outer header (no DF bit), left alone")
XFRM_MSS_COUNTER(df_skip_not_esp, "tunnel packets of AH or IPComp, left alone")
XFRM_MSS_COUNTER(df_bad_header, "outer IPv4 header cut short or malformed, passed unmodified")
