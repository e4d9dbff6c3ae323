// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace state: the net.xfrm_mss.* sysctls (config.c) and
 * the netfilter hooks. Both are set up in every namespace, including
 * those created after the module is loaded.
 */
#include <linux/netfilter.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "xfrm_mss.h"

struct xfrm_mss_net {
	struct xfrm_mss_net_cfg cfg;
	struct ctl_table_header *sysctl_hdr;
};

static unsigned int xfrm_mss_net_id __read_mostly;

void xfrm_mss_cfg_get(const struct net *net, struct xfrm_mss_cfg *cfg)
{
	const struct xfrm_mss_net *xn = net_generic(net, xfrm_mss_net_id);

	xfrm_mss_cfg_resolve(&xn->cfg, cfg);
}

static int __net_init xfrm_mss_net_init(struct net *net)
{
	struct xfrm_mss_net *xn = net_generic(net, xfrm_mss_net_id);
	struct ctl_table *tbl;
	int err;

	xfrm_mss_net_cfg_init(&xn->cfg);
	tbl = xfrm_mss_sysctl_alloc(&xn->cfg);
	if (!tbl)
		return -ENOMEM;
	xn->sysctl_hdr = xfrm_mss_register_net_sysctl(net, "net/xfrm_mss", tbl,
						      xfrm_mss_sysctl_count);
	if (!xn->sysctl_hdr) {
		err = -ENOMEM;
		goto err_sysctl;
	}

	err = nf_register_net_hooks(net, xfrm_mss_nf_ops,
				    xfrm_mss_nf_ops_count);
	if (err)
		goto err_hooks;
	err = nf_register_net_hooks(net, xfrm_mss_df_ops,
				    xfrm_mss_df_ops_count);
	if (err)
		goto err_df_hooks;
	return 0;

err_df_hooks:
	nf_unregister_net_hooks(net, xfrm_mss_nf_ops, xfrm_mss_nf_ops_count);
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

	nf_unregister_net_hooks(net, xfrm_mss_df_ops, xfrm_mss_df_ops_count);
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
