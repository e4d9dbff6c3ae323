// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace state: the net.xfrm_mss.* sysctls that override
 * the module parameters, and the netfilter hooks. Both are set up in every
 * namespace, including those created after the module is loaded.
 *
 * A sysctl of -1 follows the module parameter, so that a runtime change
 * of the parameter reaches every namespace that has not overridden it.
 */
#include <linux/netfilter.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/xfrm_mss.h>

#include "xfrm_mss.h"

struct xfrm_mss_net {
	int enable;	/* -1 follow, 0 off, 1 on */
	int path_mtu;	/* -1 follow, 0 automatic, or a ceiling */
	int min_mss;	/* -1 follow, or a floor */
	struct ctl_table_header *sysctl_hdr;
};

static unsigned int xfrm_mss_net_id __read_mostly;

void xfrm_mss_cfg_get(const struct net *net, struct xfrm_mss_cfg *cfg)
{
	const struct xfrm_mss_net *xn = net_generic(net, xfrm_mss_net_id);
	int v;

	v = READ_ONCE(xn->enable);
	cfg->enable = v < 0 ? READ_ONCE(xfrm_mss_param_enable) : v;
	v = READ_ONCE(xn->path_mtu);
	cfg->path_mtu = v < 0 ? READ_ONCE(xfrm_mss_param_path_mtu) : v;
	v = READ_ONCE(xn->min_mss);
	cfg->min_mss = v < 0 ? READ_ONCE(xfrm_mss_param_min_mss) : v;
}

static bool valid_enable(int v)
{
	return v >= -1 && v <= 1;
}

static bool valid_path_mtu(int v)
{
	return v == -1 || v == 0 ||
	       (v >= XFRM_MSS_PATH_MTU_MIN && v <= XFRM_MSS_PATH_MTU_MAX);
}

static bool valid_min_mss(int v)
{
	return v == -1 ||
	       (v >= XFRM_MSS_MIN_MSS_MIN && v <= XFRM_MSS_MIN_MSS_MAX);
}

/* Parse into a copy, check, then publish: a refused write changes nothing. */
static int xfrm_mss_sysctl_int(XFRM_MSS_CTL_CONST struct ctl_table *ctl,
			       int write, void *buffer, size_t *lenp,
			       loff_t *ppos)
{
	bool (*valid)(int) = ctl->extra1;
	int *data = ctl->data, val = READ_ONCE(*data);
	struct ctl_table tmp = *ctl;
	int ret;

	tmp.data = &val;
	ret = proc_dointvec(&tmp, write, buffer, lenp, ppos);
	if (ret || !write)
		return ret;
	if (!valid(val)) {
		pr_warn_ratelimited("net.xfrm_mss.%s: %d is out of range\n",
				    ctl->procname, val);
		return -EINVAL;
	}
	WRITE_ONCE(*data, val);
	return 0;
}

#define XFRM_MSS_SYSCTL(name)					\
	{							\
		.procname = #name,				\
		.maxlen = sizeof(int),				\
		.mode = 0644,					\
		.proc_handler = xfrm_mss_sysctl_int,		\
		.extra1 = valid_##name,				\
	}

static const struct ctl_table xfrm_mss_sysctl_template[] = {
	XFRM_MSS_SYSCTL(enable),
	XFRM_MSS_SYSCTL(path_mtu),
	XFRM_MSS_SYSCTL(min_mss),
	{ }
};

#define XFRM_MSS_SYSCTL_N (ARRAY_SIZE(xfrm_mss_sysctl_template) - 1)

static int __net_init xfrm_mss_net_init(struct net *net)
{
	struct xfrm_mss_net *xn = net_generic(net, xfrm_mss_net_id);
	struct ctl_table *tbl;
	int err;

	xn->enable = -1;
	xn->path_mtu = -1;
	xn->min_mss = -1;

	tbl = kmemdup(xfrm_mss_sysctl_template,
		      sizeof(xfrm_mss_sysctl_template), GFP_KERNEL);
	if (!tbl)
		return -ENOMEM;
	tbl[0].data = &xn->enable;
	tbl[1].data = &xn->path_mtu;
	tbl[2].data = &xn->min_mss;
	xn->sysctl_hdr = xfrm_mss_register_net_sysctl(net, "net/xfrm_mss", tbl,
						      XFRM_MSS_SYSCTL_N);
	if (!xn->sysctl_hdr) {
		err = -ENOMEM;
		goto err_sysctl;
	}

	err = nf_register_net_hooks(net, xfrm_mss_nf_ops,
				    xfrm_mss_nf_ops_count);
	if (err)
		goto err_hooks;
	return 0;

err_hooks:
	unregister_net_sysctl_table(xn->sysctl_hdr);
err_sysctl:
	kfree(tbl);
	return err;
}

static void __net_exit xfrm_mss_net_exit(struct net *net)
{
	struct xfrm_mss_net *xn = net_generic(net, xfrm_mss_net_id);
	const struct ctl_table *tbl = xn->sysctl_hdr->ctl_table_arg;

	nf_unregister_net_hooks(net, xfrm_mss_nf_ops, xfrm_mss_nf_ops_count);
	unregister_net_sysctl_table(xn->sysctl_hdr);
	kfree(tbl);
}

static struct pernet_operations xfrm_mss_net_ops = {
	.init = xfrm_mss_net_init,
	.exit = xfrm_mss_net_exit,
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
