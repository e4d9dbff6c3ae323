/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Values shared by the xfrm_mss module and its control tool, as they
 * appear in sysfs, module parameters and sysctls.
 */
#ifndef _UAPI_LINUX_XFRM_MSS_H
#define _UAPI_LINUX_XFRM_MSS_H

/** XFRM_MSS_MIN_MSS_MIN - lowest min_mss accepted (TCP_MIN_MSS) */
#define XFRM_MSS_MIN_MSS_MIN	88
/** XFRM_MSS_MIN_MSS_MAX - highest min_mss accepted (65535 - 40) */
#define XFRM_MSS_MIN_MSS_MAX	65495
/** XFRM_MSS_MIN_MSS_DEFAULT - RFC 9293's default send MSS */
#define XFRM_MSS_MIN_MSS_DEFAULT 536
/** XFRM_MSS_PATH_MTU_MIN - lowest non-zero path_mtu (IPv4 minimum, RFC 791) */
#define XFRM_MSS_PATH_MTU_MIN	576
/** XFRM_MSS_PATH_MTU_MAX - highest path_mtu */
#define XFRM_MSS_PATH_MTU_MAX	65535

/**
 * enum xfrm_mss_df_policy - what happens to the DF bit of the outer IPv4
 * header of ESP tunnel-mode packets (df_policy, net.xfrm_mss.df_policy)
 * @XFRM_MSS_DF_COPY: "copy": left as the kernel copied it from the inner
 *	header (the kernel's own behaviour)
 * @XFRM_MSS_DF_CLEAR: "clear": cleared, so that routers may fragment
 * @XFRM_MSS_DF_SET: "set": set, so that PMTU discovery covers the outer path
 * @XFRM_MSS_DF_MAX: number of policies
 */
enum xfrm_mss_df_policy {
	XFRM_MSS_DF_COPY,
	XFRM_MSS_DF_CLEAR,
	XFRM_MSS_DF_SET,
	XFRM_MSS_DF_MAX,
};

/** XFRM_MSS_DF_POLICY_NAMES - the words, indexed by enum xfrm_mss_df_policy */
#define XFRM_MSS_DF_POLICY_NAMES { "copy", "clear", "set" }

#endif /* _UAPI_LINUX_XFRM_MSS_H */
