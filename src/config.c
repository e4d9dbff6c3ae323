// SPDX-License-Identifier: GPL-2.0
/*
 * The settings. Module parameters are the global defaults, writable at
 * runtime through /sys/module/xfrm_mss/parameters/; the net.xfrm_mss.*
 * sysctls override them per network namespace, where -1 (or "default")
 * follows the parameter. Every setter parses and checks the whole value
 * before it publishes it with WRITE_ONCE(), so a refused value leaves the
 * old one in place; the packet path reads with READ_ONCE(), lock-free.
 */
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <linux/user_namespace.h>
#include <uapi/linux/xfrm_mss.h>

#include "xfrm_mss.h"

bool xfrm_mss_param_enable = true;
unsigned int xfrm_mss_param_min_mss = XFRM_MSS_MIN_MSS_DEFAULT;
unsigned int xfrm_mss_param_path_mtu;
unsigned int xfrm_mss_param_df_policy = XFRM_MSS_DF_COPY;

static int refuse(const char *val, const struct kernel_param *kp)
{
	/* The value up to a newline, at most 32 bytes of it. */
	int n = min_t(size_t, strcspn(val, "\n"), 32);

	pr_warn_ratelimited("invalid value '%.*s' for %s\n", n, val, kp->name);
	return -EINVAL;
}

/*
 * Whole words only, with the one trailing newline that echo adds:
 * kstrtobool() looks at the first characters alone and would take
 * "yes-please" or "0x" as a bool.
 */
static int parse_bool(const char *val, bool *v)
{
	static const char *const on[] = { "Y", "y", "1", "on", "yes", "true" };
	static const char *const off[] = { "N", "n", "0", "off", "no", "false" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(on); i++) {
		if (sysfs_streq(val, on[i])) {
			*v = true;
			return 0;
		}
		if (sysfs_streq(val, off[i])) {
			*v = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int enable_set(const char *val, const struct kernel_param *kp)
{
	bool v;

	if (parse_bool(val, &v))
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

/*
 * The df_policy parameter itself is registered in netns.c, whose setter
 * parses with this one into a copy and then registers or drops the DF
 * hooks of the namespaces that follow it.
 */
int xfrm_mss_df_param_set(const char *val, const struct kernel_param *kp)
{
	int v = xfrm_mss_df_parse(val);

	if (v < 0)
		return refuse(val, kp);
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

int xfrm_mss_df_param_get(char *buf, const struct kernel_param *kp)
{
	unsigned int v = READ_ONCE(*(unsigned int *)kp->arg);

	return sysfs_emit(buf, "%s\n", xfrm_mss_df_names[v]);
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

const char *const xfrm_mss_df_names[XFRM_MSS_DF_MAX] = XFRM_MSS_DF_POLICY_NAMES;

/* The policy named by @s (a trailing newline is fine), or -EINVAL. */
int xfrm_mss_df_parse(const char *s)
{
	int i = __sysfs_match_string(xfrm_mss_df_names, XFRM_MSS_DF_MAX, s);

	return i < 0 ? -EINVAL : i;
}

void xfrm_mss_cfg_resolve(const struct xfrm_mss_net_cfg *ns,
			  struct xfrm_mss_cfg *cfg)
{
	int v;

	v = READ_ONCE(ns->enable);
	cfg->enable = v < 0 ? READ_ONCE(xfrm_mss_param_enable) : v;
	v = READ_ONCE(ns->path_mtu);
	cfg->path_mtu = v < 0 ? READ_ONCE(xfrm_mss_param_path_mtu) : v;
	v = READ_ONCE(ns->min_mss);
	cfg->min_mss = v < 0 ? READ_ONCE(xfrm_mss_param_min_mss) : v;
	v = READ_ONCE(ns->df_policy);
	cfg->df_policy = v < 0 ? READ_ONCE(xfrm_mss_param_df_policy) : v;
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

/*
 * A refused sysctl write is logged only for a writer in the initial user
 * namespace: root of a container (an unprivileged user namespace owning
 * its network namespace) may write its own sysctls, and must neither
 * fill the host's log nor use up the rate limit of the host's messages.
 * It still gets -EINVAL.
 */
#define sysctl_warn(fmt, ...)						\
	do {								\
		if (current_user_ns() == &init_user_ns)			\
			pr_warn_ratelimited(fmt, ##__VA_ARGS__);	\
	} while (0)

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
		sysctl_warn("net.xfrm_mss.%s: %d is out of range\n",
			    ctl->procname, val);
		return -EINVAL;
	}
	WRITE_ONCE(*data, val);
	return 0;
}

/*
 * Words: default (follow the module parameter), copy, clear, set. netns.c
 * puts a handler around it that parses into a copy and then registers or
 * drops the namespace's DF hooks before or after it publishes the value.
 */
int xfrm_mss_sysctl_df(XFRM_MSS_CTL_CONST struct ctl_table *ctl, int write,
		       void *buffer, size_t *lenp, loff_t *ppos)
{
	int *data = ctl->data, v = READ_ONCE(*data);
	char word[16];
	struct ctl_table tmp = {
		.data = word,
		.maxlen = sizeof(word),
	};
	int ret;

	if (!write) {
		strscpy(word, v < 0 ? "default" : xfrm_mss_df_names[v],
			sizeof(word));
		return proc_dostring(&tmp, 0, buffer, lenp, ppos);
	}
	word[0] = 0;
	ret = proc_dostring(&tmp, 1, buffer, lenp, ppos);
	if (ret)
		return ret;
	if (sysfs_streq(word, "default")) {
		v = -1;
	} else {
		v = xfrm_mss_df_parse(word);
		if (v < 0) {
			sysctl_warn("net.xfrm_mss.df_policy: invalid '%s'\n", word);
			return -EINVAL;
		}
	}
	WRITE_ONCE(*data, v);
	return 0;
}

/*
 * .data holds the offset of the value in struct xfrm_mss_net_cfg; each
 * namespace adds the address of its own copy (xfrm_mss_sysctl_alloc()).
 */
#define XFRM_MSS_SYSCTL(name)					\
	{							\
		.procname = #name,				\
		.data = (void *)offsetof(struct xfrm_mss_net_cfg, name), \
		.maxlen = sizeof(int),				\
		.mode = 0644,					\
		.proc_handler = xfrm_mss_sysctl_int,		\
		.extra1 = valid_##name,				\
	}

static const struct ctl_table xfrm_mss_sysctl_template[] = {
	XFRM_MSS_SYSCTL(enable),
	XFRM_MSS_SYSCTL(path_mtu),
	XFRM_MSS_SYSCTL(min_mss),
	{
		.procname = "df_policy",
		.data = (void *)offsetof(struct xfrm_mss_net_cfg, df_policy),
		.maxlen = 16,
		.mode = 0644,
		.proc_handler = xfrm_mss_sysctl_df,
	},
	{ }
};

const unsigned int xfrm_mss_sysctl_count =
	ARRAY_SIZE(xfrm_mss_sysctl_template) - 1;

void xfrm_mss_net_cfg_init(struct xfrm_mss_net_cfg *ns)
{
	ns->enable = -1;
	ns->path_mtu = -1;
	ns->min_mss = -1;
	ns->df_policy = -1;
}

/*
 * The table for one namespace, its values in @ns, df_policy handled by
 * @df_handler if given; kfree() it after use.
 */
struct ctl_table *xfrm_mss_sysctl_alloc(struct xfrm_mss_net_cfg *ns,
					proc_handler *df_handler)
{
	struct ctl_table *tbl;
	unsigned int i;

	tbl = kmemdup(xfrm_mss_sysctl_template,
		      sizeof(xfrm_mss_sysctl_template), GFP_KERNEL);
	if (!tbl)
		return NULL;
	for (i = 0; i < xfrm_mss_sysctl_count; i++) {
		tbl[i].data = (char *)ns + (uintptr_t)tbl[i].data;
		if (df_handler && tbl[i].data == &ns->df_policy)
			tbl[i].proc_handler = df_handler;
	}
	return tbl;
}

