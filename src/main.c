// SPDX-License-Identifier: GPL-2.0
/*
 * Module entry and exit. The settings are in config.c, the counters in
 * stats.c, the per-namespace state in netns.c, which registers the hooks
 * of hook.c.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <xfrm_mss/version.h>

#include "xfrm_mss.h"

static int __init xfrm_mss_init(void)
{
	int err;

	err = xfrm_mss_sysfs_init();
	if (err)
		goto err_sysfs;
	err = xfrm_mss_stats_init();
	if (err)
		goto err_stats;
	err = xfrm_mss_netns_init();
	if (err)
		goto err_netns;

	pr_info("xfrm-mss " XFRM_MSS_VERSION " loaded (ipv4%s, df_policy=%s)\n",
		IS_ENABLED(CONFIG_IPV6) ? " ipv6" : "",
		xfrm_mss_df_names[xfrm_mss_param_df_policy]);
	if (XFRM_MSS_UNTESTED_KERNEL)
		pr_notice("Linux %u.%u is newer than the newest tested, %u.%u: check the counters (xfrm-mss status)\n",
			  XFRM_MSS_KERNEL_MAJOR, XFRM_MSS_KERNEL_MINOR,
			  XFRM_MSS_NEWEST_TESTED_MAJOR, XFRM_MSS_NEWEST_TESTED_MINOR);
	return 0;

err_netns:
	xfrm_mss_stats_exit();
err_stats:
	xfrm_mss_sysfs_exit();
err_sysfs:
	pr_err("cannot load: error %d\n", err);
	return err;
}

static void __exit xfrm_mss_exit(void)
{
	xfrm_mss_netns_exit();
	xfrm_mss_stats_exit();
	xfrm_mss_sysfs_exit();
	pr_info("xfrm-mss " XFRM_MSS_VERSION " unloaded\n");
}

module_init(xfrm_mss_init);
module_exit(xfrm_mss_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Clamp TCP MSS to the real overhead of XFRM (IPsec) SAs");
MODULE_AUTHOR("The xfrm-mss developers");
MODULE_VERSION(XFRM_MSS_VERSION);
MODULE_ALIAS("xfrm-mss");
