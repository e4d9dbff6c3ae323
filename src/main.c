// SPDX-License-Identifier: GPL-2.0
/*
 * Module entry and exit, and the module parameters: the global settings,
 * writable at runtime through /sys/module/xfrm_mss/parameters/. Each
 * setter parses and checks the whole value before it publishes it, so a
 * refused value leaves the old one in place.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <uapi/linux/xfrm_mss.h>
#include <xfrm_mss/version.h>

#include "xfrm_mss.h"

bool xfrm_mss_param_enable = true;
unsigned int xfrm_mss_param_min_mss = XFRM_MSS_MIN_MSS_DEFAULT;
unsigned int xfrm_mss_param_path_mtu;

static int refuse(const char *val, const struct kernel_param *kp)
{
	pr_warn_ratelimited("invalid value '%.32s' for %s\n", val, kp->name);
	return -EINVAL;
}

static int enable_set(const char *val, const struct kernel_param *kp)
{
	bool v;

	if (kstrtobool(val, &v))
		return refuse(val, kp);
	WRITE_ONCE(*(bool *)kp->arg, v);
	return 0;
}

static int enable_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%c\n", READ_ONCE(*(bool *)kp->arg) ? 'Y' : 'N');
}

static int uint_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(*(unsigned int *)kp->arg));
}

static int min_mss_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) ||
	    v < XFRM_MSS_MIN_MSS_MIN || v > XFRM_MSS_MIN_MSS_MAX)
		return refuse(val, kp);
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static int path_mtu_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) ||
	    (v && (v < XFRM_MSS_PATH_MTU_MIN || v > XFRM_MSS_PATH_MTU_MAX)))
		return refuse(val, kp);
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops enable_ops = {
	.set = enable_set,
	.get = enable_get,
};

static const struct kernel_param_ops min_mss_ops = {
	.set = min_mss_set,
	.get = uint_get,
};

static const struct kernel_param_ops path_mtu_ops = {
	.set = path_mtu_set,
	.get = uint_get,
};

module_param_cb(enable, &enable_ops, &xfrm_mss_param_enable, 0644);
MODULE_PARM_DESC(enable, "Clamp MSS of flows through XFRM SAs (default: Y)");
module_param_cb(min_mss, &min_mss_ops, &xfrm_mss_param_min_mss, 0644);
MODULE_PARM_DESC(min_mss, "Never clamp below this MSS, 88-65495 (default: 536)");
module_param_cb(path_mtu, &path_mtu_ops, &xfrm_mss_param_path_mtu, 0644);
MODULE_PARM_DESC(path_mtu, "Ceiling on the outer path MTU, 576-65535; 0 = automatic (default: 0)");

static int __init xfrm_mss_init(void)
{
	int err;

	err = xfrm_mss_sysfs_init();
	if (err)
		goto err_sysfs;
	err = xfrm_mss_netns_init();
	if (err)
		goto err_netns;

	pr_info("xfrm-mss " XFRM_MSS_VERSION " loaded (ipv4%s)\n",
		IS_ENABLED(CONFIG_IPV6) ? " ipv6" : "");
	return 0;

err_netns:
	xfrm_mss_sysfs_exit();
err_sysfs:
	pr_err("cannot load: error %d\n", err);
	return err;
}

static void __exit xfrm_mss_exit(void)
{
	xfrm_mss_netns_exit();
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
