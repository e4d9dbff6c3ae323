// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace state: the net.xfrm_mss.* sysctls (config.c), the
 * netfilter hooks and /proc/net/xfrm_mss_stat (stats.c). All are set up in
 * every namespace, including those created after the module is loaded.
 *
 * The MSS hooks are always registered. The DF hooks are registered in a
 * namespace only while its policy is clear or set: under copy, the
 * kernel's default, they would change nothing and still cost one more
 * hook call for every IPsec packet the gateway sends. A change of policy,
 * through the namespace's sysctl or the module parameter it follows,
 * registers the hooks before it publishes a policy that needs them, and
 * drops them after it publishes copy. xfrm_mss_df_mutex orders these
 * changes; xfrm_mss_nets lists every namespace from its init to its
 * pre_exit, including one the kernel has not yet put on its own list, so
 * that a change of the parameter reaches all of them.
 */
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/xfrm_mss.h>

#include "xfrm_mss.h"

struct xfrm_mss_net {
	struct xfrm_mss_net_cfg cfg;
	struct ctl_table_header *sysctl_hdr;
	struct net *net;
	struct list_head list;		/* on xfrm_mss_nets */
	bool df_hooked;
};

static unsigned int xfrm_mss_net_id __read_mostly;
static DEFINE_MUTEX(xfrm_mss_df_mutex);
static LIST_HEAD(xfrm_mss_nets);

void xfrm_mss_cfg_get(const struct net *net, struct xfrm_mss_cfg *cfg)
{
	const struct xfrm_mss_net *xn = net_generic(net, xfrm_mss_net_id);

	xfrm_mss_cfg_resolve(&xn->cfg, cfg);
}

/* Under xfrm_mss_df_mutex: whether policy @v (-1: the parameter's) needs hooks. */
static bool df_needs_hooks(int v)
{
	if (v < 0)
		v = xfrm_mss_param_df_policy;
	return v != XFRM_MSS_DF_COPY;
}

/* Under xfrm_mss_df_mutex: register or drop @xn's DF hooks. */
static int df_hooks_set(struct xfrm_mss_net *xn, bool on)
{
	int err;

	if (on == xn->df_hooked)
		return 0;
	if (on) {
		err = nf_register_net_hooks(xn->net, xfrm_mss_df_ops,
					    xfrm_mss_df_ops_count);
		if (err)
			return err;
	} else {
		nf_unregister_net_hooks(xn->net, xfrm_mss_df_ops,
					xfrm_mss_df_ops_count);
	}
	xn->df_hooked = on;
	return 0;
}

/*
 * net.xfrm_mss.df_policy: parsed into a copy by config.c's handler, then
 * published with the hooks it needs; a refused value, or hooks that
 * cannot be registered, leave the old policy and hooks in place.
 */
static int df_sysctl(XFRM_MSS_CTL_CONST struct ctl_table *ctl, int write,
		     void *buffer, size_t *lenp, loff_t *ppos)
{
	struct xfrm_mss_net *xn = container_of((int *)ctl->data,
					       struct xfrm_mss_net,
					       cfg.df_policy);
	struct ctl_table tmp = *ctl;
	int v, ret;

	if (!write)
		return xfrm_mss_sysctl_df(ctl, write, buffer, lenp, ppos);
	tmp.data = &v;
	mutex_lock(&xfrm_mss_df_mutex);
	v = xn->cfg.df_policy;
	ret = xfrm_mss_sysctl_df(&tmp, write, buffer, lenp, ppos);
	if (!ret && df_needs_hooks(v))
		ret = df_hooks_set(xn, true);
	if (!ret) {
		WRITE_ONCE(xn->cfg.df_policy, v);
		if (!df_needs_hooks(v))
			df_hooks_set(xn, false);
	}
	mutex_unlock(&xfrm_mss_df_mutex);
	return ret;
}

/* The df_policy parameter, and the namespaces that follow it (-1). */
static int df_param_set(const char *val, const struct kernel_param *kp)
{
	struct kernel_param tmp = *kp;
	struct xfrm_mss_net *xn;
	unsigned int v;
	int err;

	tmp.arg = &v;
	err = xfrm_mss_df_param_set(val, &tmp);
	if (err)
		return err;
	mutex_lock(&xfrm_mss_df_mutex);
	list_for_each_entry(xn, &xfrm_mss_nets, list) {
		if (xn->cfg.df_policy < 0 && v != XFRM_MSS_DF_COPY) {
			err = df_hooks_set(xn, true);
			if (err)
				break;
		}
	}
	if (err) {
		/* Back to what the old value has. */
		list_for_each_entry(xn, &xfrm_mss_nets, list)
			if (xn->cfg.df_policy < 0 && !df_needs_hooks(-1))
				df_hooks_set(xn, false);
		goto out;
	}
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	list_for_each_entry(xn, &xfrm_mss_nets, list)
		if (xn->cfg.df_policy < 0 && v == XFRM_MSS_DF_COPY)
			df_hooks_set(xn, false);
out:
	mutex_unlock(&xfrm_mss_df_mutex);
	if (err)
		pr_warn_ratelimited("df_policy: cannot register the DF hooks: error %d\n",
				    err);
	return err;
}

static const struct kernel_param_ops df_param_ops = {
	.set = df_param_set,
	.get = xfrm_mss_df_param_get,
};

module_param_cb(df_policy, &df_param_ops, &xfrm_mss_param_df_policy, 0644);
MODULE_PARM_DESC(df_policy, "Outer IPv4 DF of ESP tunnel packets: copy, clear or set (default: copy)");

static int __net_init xfrm_mss_net_init(struct net *net)
{
	struct xfrm_mss_net *xn = net_generic(net, xfrm_mss_net_id);
	struct ctl_table *tbl;
	int err;

	xfrm_mss_net_cfg_init(&xn->cfg);
	xn->net = net;
	xn->df_hooked = false;
	tbl = xfrm_mss_sysctl_alloc(&xn->cfg, df_sysctl);
	if (!tbl)
		return -ENOMEM;
	xn->sysctl_hdr = xfrm_mss_register_net_sysctl(net, "net/xfrm_mss", tbl,
						      xfrm_mss_sysctl_count);
	if (!xn->sysctl_hdr) {
		err = -ENOMEM;
		goto err_sysctl;
	}

	mutex_lock(&xfrm_mss_df_mutex);
	err = df_hooks_set(xn, df_needs_hooks(-1));
	if (!err)
		list_add(&xn->list, &xfrm_mss_nets);
	mutex_unlock(&xfrm_mss_df_mutex);
	if (err)
		goto err_df;

	/* NULL also without CONFIG_PROC_FS: then there is no file to have. */
	if (!proc_create_net_single("xfrm_mss_stat", 0444, net->proc_net,
				    xfrm_mss_stats_seq_show, NULL) &&
	    IS_ENABLED(CONFIG_PROC_FS)) {
		err = -ENOMEM;
		goto err_proc;
	}

	err = nf_register_net_hooks(net, xfrm_mss_nf_ops,
				    xfrm_mss_nf_ops_count);
	if (err)
		goto err_hooks;
	return 0;

err_hooks:
	remove_proc_entry("xfrm_mss_stat", net->proc_net);
err_proc:
	mutex_lock(&xfrm_mss_df_mutex);
	list_del(&xn->list);
	df_hooks_set(xn, false);
	mutex_unlock(&xfrm_mss_df_mutex);
	/* The DF hooks may be running: xn is freed when this returns. */
	synchronize_net();
err_df:
	unregister_net_sysctl_table(xn->sysctl_hdr);
err_sysctl:
	kfree(tbl);
	return err;
}

/*
 * Everything that reads xn goes here, before the grace period that the
 * pernet core lets pass between .pre_exit and freeing xn:
 * nf_unregister_net_hooks() does not wait for hooks still running on
 * other CPUs. The sysctl table goes first, so that no df_sysctl()
 * registers the DF hooks again, and off the list, so that no change of
 * the parameter does.
 */
static void __net_exit xfrm_mss_net_pre_exit(struct net *net)
{
	struct xfrm_mss_net *xn = net_generic(net, xfrm_mss_net_id);
	const struct ctl_table *tbl = xn->sysctl_hdr->ctl_table_arg;

	unregister_net_sysctl_table(xn->sysctl_hdr);
	kfree(tbl);
	mutex_lock(&xfrm_mss_df_mutex);
	list_del(&xn->list);
	df_hooks_set(xn, false);
	mutex_unlock(&xfrm_mss_df_mutex);
	nf_unregister_net_hooks(net, xfrm_mss_nf_ops, xfrm_mss_nf_ops_count);
	remove_proc_entry("xfrm_mss_stat", net->proc_net);
}

static struct pernet_operations xfrm_mss_net_ops = {
	.init = xfrm_mss_net_init,
	.pre_exit = xfrm_mss_net_pre_exit,
	.id = &xfrm_mss_net_id,
	.size = sizeof(struct xfrm_mss_net),
};

int xfrm_mss_netns_init(void)
{
	return register_pernet_subsys(&xfrm_mss_net_ops);
}

void xfrm_mss_netns_exit(void)
{
	unregister_pernet_subsys(&xfrm_mss_net_ops);
}
