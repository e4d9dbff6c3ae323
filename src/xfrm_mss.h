/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations shared between the module's files. */
#ifndef _XFRM_MSS_H
#define _XFRM_MSS_H

#include <linux/moduleparam.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <xfrm_mss/overhead.h>
#include <xfrm_mss/stat.h>

struct dst_entry;
struct xfrm_state;

/*
 * stats.c: per-CPU counters of each namespace and of all of them;
 * xfrm_mss_stat_read() with a NULL @net reads the totals.
 */
struct seq_file;
void xfrm_mss_stat_inc(struct net *net, enum xfrm_mss_stat id);
unsigned long xfrm_mss_stat_read(const struct net *net, enum xfrm_mss_stat id);
int xfrm_mss_stats_seq_show(struct seq_file *seq, void *v);
int xfrm_mss_stats_init(void);
void xfrm_mss_stats_exit(void);
extern const char *const xfrm_mss_stat_names[XFRM_MSS_STAT_MAX];

/* The effective settings of one network namespace. */
struct xfrm_mss_cfg {
	bool enable;
	u32 min_mss;
	u32 path_mtu;
	u32 df_policy;
};

/* A namespace's own values; -1 follows the module parameter. */
struct xfrm_mss_net_cfg {
	int enable;
	int path_mtu;
	int min_mss;
	int df_policy;
};

/* df.c: the outer DF policy (enum xfrm_mss_df_policy). */
struct iphdr;

/* What df_policy=set needs to know of the SA that built a header. */
struct xfrm_mss_df_sa {
	bool nopmtudisc;	/* XFRM_STATE_NOPMTUDISC */
	u32 small_v6_max;	/* outer packets up to this may carry IPv6 <= 1280 */
};

/* Finds the SA of an outer header: false if there is none. */
typedef bool (*xfrm_mss_df_sa_fn)(struct net *net, const struct sk_buff *skb,
				  const struct iphdr *iph,
				  struct xfrm_mss_df_sa *sa);
void xfrm_mss_df_sa_info(const struct xfrm_state *x, struct xfrm_mss_df_sa *sa);
bool xfrm_mss_df_sa_lookup(struct net *net, const struct sk_buff *skb,
			   const struct iphdr *iph, struct xfrm_mss_df_sa *sa);
/* @mtu: what ip_finish_output() will allow the packet. */
void xfrm_mss_df_apply(struct net *net, struct sk_buff *skb,
		       unsigned int policy, u32 mtu, xfrm_mss_df_sa_fn sa_fn);

/* config.c: the policy words. */
extern const char *const xfrm_mss_df_names[];
int xfrm_mss_df_parse(const char *s);

/*
 * The MTU available to the packets of a flow: 0 and *mtu set, -ENOENT when
 * the flow uses no SA, -EOPNOTSUPP for an SA the arithmetic does not
 * cover, -EACCES for a decapsulated packet outside its SA's selector,
 * -EINVAL for a truncated header, -EINPROGRESS for a packet that will
 * pass the hook again with its SA (not counted), another error when no
 * MTU can be found. @ceiling caps the outer path MTU.
 */
typedef int (*xfrm_mss_mtu_fn)(struct sk_buff *skb, struct net *net,
			       unsigned int family, unsigned int thoff,
			       u32 ceiling, u32 *mtu);

/*
 * mss.c: the packet side. What it asks of the rest of the module: the
 * settings of a namespace (read only for a SYN) and the MTU of a flow.
 * The hooks pass xfrm_mss_cfg_get() and xfrm_mss_flow_mtu(); the KUnit
 * suites pass fixed answers.
 */
struct xfrm_mss_ops {
	void (*cfg_get)(const struct net *net, struct xfrm_mss_cfg *cfg);
	xfrm_mss_mtu_fn flow_mtu;
};
/* The one entry: clamp the MSS of a SYN or SYN/ACK, count what was done. */
void xfrm_mss_process(struct sk_buff *skb, struct net *net,
		      unsigned int family, const struct xfrm_mss_ops *ops);

/* sa.c: from the kernel's SAs to an MTU. Callers hold rcu_read_lock(). */
int xfrm_mss_sa_from_state(const struct xfrm_state *x, struct xfrm_mss_sa *sa);
int xfrm_mss_bundle_dst_mtu(const struct dst_entry *dst, u32 ceiling,
			    u32 *mtu);
int xfrm_mss_flow_mtu(struct sk_buff *skb, struct net *net,
		      unsigned int family, unsigned int thoff, u32 ceiling,
		      u32 *mtu);

/*
 * route.c: the route lookups sa.c needs, none of which looks up a
 * policy. Callers hold rcu_read_lock().
 */
int xfrm_mss_peer_route_mtu(struct xfrm_state *x, bool rev, u32 mark,
			    u32 *mtu);
u32 xfrm_mss_reply_route_mtu(struct net *net, struct sk_buff *skb,
			     unsigned int family, unsigned int thoff);

/* config.c: module parameters, sysctl tables, resolution. */
extern bool xfrm_mss_param_enable;
extern unsigned int xfrm_mss_param_min_mss;
extern unsigned int xfrm_mss_param_path_mtu;
extern unsigned int xfrm_mss_param_df_policy;
extern const unsigned int xfrm_mss_sysctl_count;
void xfrm_mss_net_cfg_init(struct xfrm_mss_net_cfg *ns);
struct ctl_table *xfrm_mss_sysctl_alloc(struct xfrm_mss_net_cfg *ns,
					proc_handler *df_handler);
int xfrm_mss_sysctl_df(XFRM_MSS_CTL_CONST struct ctl_table *ctl, int write,
		       void *buffer, size_t *lenp, loff_t *ppos);
int xfrm_mss_df_param_set(const char *val, const struct kernel_param *kp);
int xfrm_mss_df_param_get(char *buf, const struct kernel_param *kp);
void xfrm_mss_cfg_resolve(const struct xfrm_mss_net_cfg *ns,
			  struct xfrm_mss_cfg *cfg);

/* netns.c: per-namespace sysctls and hooks. */
void xfrm_mss_cfg_get(const struct net *net, struct xfrm_mss_cfg *cfg);
int xfrm_mss_netns_init(void);
void xfrm_mss_netns_exit(void);

/* hook.c: the MSS hooks, and the DF hooks that netns.c registers. */
extern const struct nf_hook_ops xfrm_mss_nf_ops[];
extern const unsigned int xfrm_mss_nf_ops_count;
extern const struct nf_hook_ops xfrm_mss_df_ops[];
extern const unsigned int xfrm_mss_df_ops_count;

/* sysfs.c */
int xfrm_mss_sysfs_init(void);
void xfrm_mss_sysfs_exit(void);

#endif /* _XFRM_MSS_H */
