/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place with kernel version logic. Force-included by Kbuild into
 * every file; the code elsewhere tests the XFRM_MSS_HAVE_* feature macros
 * and calls the xfrm_mss_* wrappers defined here. Keep the lower bound in
 * step with dkms.conf (BUILD_EXCLUSIVE_KERNEL) and README.md.
 */
#ifndef _XFRM_MSS_COMPAT_H
#define _XFRM_MSS_COMPAT_H

#include <linux/version.h>

/*
 * Supported: every kernel from 5.10 on. There is no upper bound: a kernel
 * whose API moved fails to build, loudly, under DKMS too, and gets a shim
 * here. XFRM_MSS_NEWEST_TESTED_* is the newest series the tests build and
 * run on (tests/packaging, tests/e2e); a newer one logs a line at load.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#error "xfrm_mss requires Linux >= 5.10"
#endif
#define XFRM_MSS_NEWEST_TESTED_MAJOR 7
#define XFRM_MSS_NEWEST_TESTED_MINOR 3
#define XFRM_MSS_KERNEL_MAJOR (LINUX_VERSION_CODE >> 16)
#define XFRM_MSS_KERNEL_MINOR ((LINUX_VERSION_CODE >> 8) & 0xff)
#define XFRM_MSS_UNTESTED_KERNEL					\
	(LINUX_VERSION_CODE >= KERNEL_VERSION(XFRM_MSS_NEWEST_TESTED_MAJOR, \
					      XFRM_MSS_NEWEST_TESTED_MINOR + 1, 0))

#ifndef __ASSEMBLY__
#include <linux/types.h>

struct net;
struct ctl_table;
struct ctl_table_header;

/*
 * proc_handler takes a const ctl_table since 6.11, "sysctl: treewide:
 * constify the ctl_table argument of proc_handlers" (78eb4ea25cd5).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define XFRM_MSS_CTL_CONST const
#else
#define XFRM_MSS_CTL_CONST
#endif /* 6.11 const ctl_table */

/*
 * register_net_sysctl() became a macro over register_net_sysctl_sz() with
 * ARRAY_SIZE() of its table in 6.6, "sysctl: Add size to
 * register_net_sysctl function" (95d4977876d6, in the sysctl pull
 * for 6.6); a kmemdup()ed table needs the _sz form and its count. Before 6.6 the
 * table ends with an empty sentinel, which ours always carries.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define xfrm_mss_register_net_sysctl(net, path, tbl, n) \
	register_net_sysctl_sz(net, path, tbl, n)
#else
#define xfrm_mss_register_net_sysctl(net, path, tbl, n) \
	register_net_sysctl(net, path, tbl)
#endif /* 6.6 register_net_sysctl_sz */

/* UDP_ENCAP_ESPINUDP_NON_IKE: present in uapi on every supported kernel. */
#define XFRM_MSS_HAVE_ESPINUDP_NON_IKE

/*
 * xfrm_decode_session() takes the netns first since 6.7, "xfrm: pass
 * struct net to xfrm_decode_session wrappers" (2b1dc6285c3f).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
#define xfrm_mss_decode_session(net, skb, fl, family) \
	xfrm_decode_session(net, skb, fl, (family) == 4 ? AF_INET : AF_INET6)
#else
#define xfrm_mss_decode_session(net, skb, fl, family) \
	xfrm_decode_session(skb, fl, (family) == 4 ? AF_INET : AF_INET6)
#endif /* 6.7 xfrm_decode_session(net, ...) */

/*
 * ip_route_output() takes the lookup scope since 6.10, "ipv4: Set scope
 * explicitly in ip_route_output()." (ec20b2830093). Before, a tos without
 * RTO_ONLINK meant RT_SCOPE_UNIVERSE, so both forms do the same lookup.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define xfrm_mss_ip_route_output(net, daddr) \
	ip_route_output(net, daddr, 0, 0, 0, RT_SCOPE_UNIVERSE)
#else
#define xfrm_mss_ip_route_output(net, daddr) \
	ip_route_output(net, daddr, 0, 0, 0)
#endif /* 6.10 ip_route_output(..., scope) */

/*
 * xfrm interfaces have a collect_md (external) mode since 6.1, "xfrm:
 * interface: support collect metadata mode" (abc340b38ba2); before it,
 * struct xfrm_if_parms has no collect_md member.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
#define XFRM_MSS_HAVE_XFRMI_COLLECT_MD
#endif /* 6.1 xfrm_if_parms.collect_md */

/*
 * <asm/unaligned.h> moved to <linux/unaligned.h> in 6.12, "move
 * asm/unaligned.h to linux/unaligned.h" (5f60d5f6bbc1); the old name is
 * gone there. Should a distro tree carry the move into an older kernel,
 * switch this to a header probe.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define XFRM_MSS_HAVE_LINUX_UNALIGNED_H
#endif /* 6.12 linux/unaligned.h */

/*
 * skb_gso_validate_network_len() moved from <linux/skbuff.h> to
 * <net/gso.h> in 6.4, "net: move gso declarations and functions to their
 * own files" (d457a0e329b0).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define XFRM_MSS_HAVE_NET_GSO_H
#endif /* 6.4 net/gso.h */

/*
 * IP-TFS (XFRM_MODE_IPTFS, RFC 9347) since 6.14: its module keeps an SA's
 * configuration behind the mode callbacks, "xfrm: add mode_cbs module
 * functionality" (7ac64f4598b4), and reports it through them as XFRM
 * netlink attributes (copy_to_user, sa_len) of an outbound SA (x->dir).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
#define XFRM_MSS_HAVE_IPTFS
#endif /* 6.14 IP-TFS */

/* For the KUnit tests (tests/kunit/), which the module does not use. */

/*
 * xfrm_init_state() takes an extack from 7.2, "xfrm: add extack to
 * xfrm_init_state" (231a1744dc43).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 2, 0)
#define xfrm_mss_init_state(x) xfrm_init_state(x, NULL)
#else
#define xfrm_mss_init_state(x) xfrm_init_state(x)
#endif /* 7.2 xfrm_init_state() extack */

/*
 * A parameter generator gets the test from 6.18, "kunit: Pass
 * parameterized test context to generate_params()" (b9a214b5f6aa).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
#define XFRM_MSS_KUNIT_GEN(name)					\
	const void *name(struct kunit *test, const void *prev, char *desc)
#else
#define XFRM_MSS_KUNIT_GEN(name)					\
	const void *name(const void *prev, char *desc)
#endif /* 6.18 generate_params(test, ...) */

#endif /* __ASSEMBLY__ */
#endif /* _XFRM_MSS_COMPAT_H */
